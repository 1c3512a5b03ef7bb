import * as tf from '@tensorflow/tfjs';
import { MultiHeadSelfAttention } from './multi-head-self-attention';
import { RHYTHM_LABELS } from './rhythm-labels';

/** Architecture of the rhythm network (all sizes in samples of the model's input rate, or units). */
export interface RhythmModelConfig {
  /** input length, in samples (window length × model fsHz) */
  readonly inputSamples: number;
  /** filters of the stem convolution */
  readonly stemFilters: number;
  /** kernel size of every convolution, in samples */
  readonly kernelSize: number;
  /** filters of each residual block, in order */
  readonly blockFilters: readonly number[];
  /** whether each residual block ends with max-pooling by 2 (same length as blockFilters) */
  readonly blockPools: readonly boolean[];
  /** dropout rate inside residual blocks and before the classifier */
  readonly dropout: number;
  /** units of each direction of the BiLSTM */
  readonly lstmUnits: number;
  /** attention heads */
  readonly numHeads: number;
  /** width of each attention head */
  readonly keyDim: number;
}

/**
 * Default compact architecture for 30 s at 100 Hz: 3,000 samples → stem (pool 2) → 8 residual
 * blocks with 5 pools → 46 time steps (0.65 s each) of 64 features → BiLSTM 32+32 → 4-head
 * self-attention. (46 rather than 93 steps: the BiLSTM's step-by-step cost dominated training.)
 */
export const RHYTHM_MODEL_CONFIG: RhythmModelConfig = Object.freeze({
  inputSamples: 3000,
  stemFilters: 16,
  kernelSize: 9,
  blockFilters: Object.freeze([16, 16, 32, 32, 48, 48, 64, 64]),
  blockPools: Object.freeze([true, false, true, false, true, false, true, true]),
  dropout: 0.2,
  lstmUnits: 32,
  numHeads: 4,
  keyDim: 16,
});

/** The two views of one set of weights: `training` outputs probabilities only; `inference` also outputs attention. */
export interface RhythmModels {
  /** inputs [n, inputSamples, 1] → probabilities [n, 4] */
  readonly training: tf.LayersModel;
  /** inputs [n, inputSamples, 1] → [probabilities [n, 4], attention over time steps [n, T]] */
  readonly inference: tf.LayersModel;
  /** T: number of time steps the attention covers */
  readonly attentionSteps: number;
  /**
   * input samples per attention step, the network's total pooling factor (2 per max-pool): step k
   * sees input samples [k·s, (k+1)·s) through the convolutions; the last inputSamples − T·s samples
   * are dropped by the floor of the pools
   */
  readonly attentionStepSamples: number;
}

/**
 * Builds the compact ResNet → BiLSTM → multi-head self-attention rhythm classifier.
 *
 * Layout: conv stem (BN-ReLU, max-pool 2); residual blocks of pre-activation form
 * BN-ReLU-conv-BN-ReLU-dropout-conv, the shortcut max-pooled and 1×1-projected where the block pools
 * or changes width; BN-ReLU; BiLSTM (sequences); multi-head self-attention with a residual
 * connection and layer normalisation; global average pooling over time; dropout; dense softmax over
 * N, A, O, ~. The self-attention layer also outputs its attention averaged over heads and queries.
 *
 * Sources: A. Y. Hannun et al., "Cardiologist-level arrhythmia detection and classification in
 * ambulatory electrocardiograms using a deep neural network", Nat Med 25:65–69, 2019,
 * doi:10.1038/s41591-018-0268-3 (residual 1-D conv stack); M. Jiang, J. Gu, et al., "HADLN: Hybrid
 * attention-based deep learning network for automated arrhythmia classification", Front Physiol
 * 12:683025, 2021, doi:10.3389/fphys.2021.683025 (ResNet + BiLSTM + attention on CinC 2017).
 *
 * @param config - architecture; defaults to {@link RHYTHM_MODEL_CONFIG}
 * @param seed - seed of the weight initialisers (reproducible training)
 * @returns the training and inference models sharing their layers
 * @throws Error when `blockFilters` and `blockPools` differ in length
 */
export function buildRhythmModel(config: RhythmModelConfig = RHYTHM_MODEL_CONFIG, seed = 1): RhythmModels {
  if (config.blockFilters.length !== config.blockPools.length) {
    throw new Error('buildRhythmModel: blockFilters and blockPools must have the same length');
  }
  let nextSeed = seed;
  const init = (): ReturnType<typeof tf.initializers.heNormal> => tf.initializers.heNormal({ seed: nextSeed++ });
  const conv = (filters: number, kernelSize: number): tf.layers.Layer =>
    tf.layers.conv1d({ filters, kernelSize, padding: 'same', kernelInitializer: init(), useBias: false });
  const bnRelu = (x: tf.SymbolicTensor): tf.SymbolicTensor =>
    tf.layers.activation({ activation: 'relu' }).apply(tf.layers.batchNormalization().apply(x)) as tf.SymbolicTensor;
  const pool = (x: tf.SymbolicTensor): tf.SymbolicTensor =>
    tf.layers.maxPooling1d({ poolSize: 2, strides: 2 }).apply(x) as tf.SymbolicTensor;

  const input = tf.input({ shape: [config.inputSamples, 1], name: 'ecg' });
  let x = pool(bnRelu(conv(config.stemFilters, config.kernelSize).apply(input) as tf.SymbolicTensor));
  let width = config.stemFilters;
  config.blockFilters.forEach((filters, i) => {
    const pooled = config.blockPools[i] === true;
    let shortcut = pooled ? pool(x) : x;
    if (filters !== width) shortcut = conv(filters, 1).apply(shortcut) as tf.SymbolicTensor;
    let y = conv(filters, config.kernelSize).apply(bnRelu(x)) as tf.SymbolicTensor;
    y = tf.layers.dropout({ rate: config.dropout, seed: nextSeed++ }).apply(bnRelu(y)) as tf.SymbolicTensor;
    y = conv(filters, config.kernelSize).apply(y) as tf.SymbolicTensor;
    if (pooled) y = pool(y);
    x = tf.layers.add().apply([y, shortcut]) as tf.SymbolicTensor;
    width = filters;
  });
  x = bnRelu(x);
  const lstm = tf.layers.lstm({
    units: config.lstmUnits,
    returnSequences: true,
    kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed++ }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: nextSeed++ }),
  });
  x = tf.layers.bidirectional({ layer: lstm as tf.RNN, mergeMode: 'concat' }).apply(x) as tf.SymbolicTensor;
  const [attended, attention] = new MultiHeadSelfAttention({
    numHeads: config.numHeads,
    keyDim: config.keyDim,
    name: 'self_attention',
  }).apply(x) as tf.SymbolicTensor[];
  if (attended === undefined || attention === undefined) throw new Error('buildRhythmModel: attention layer gave no outputs');
  x = tf.layers.layerNormalization().apply(tf.layers.add().apply([x, attended])) as tf.SymbolicTensor;
  x = tf.layers.globalAveragePooling1d().apply(x) as tf.SymbolicTensor;
  x = tf.layers.dropout({ rate: config.dropout, seed: nextSeed++ }).apply(x) as tf.SymbolicTensor;
  const probabilities = tf.layers
    .dense({
      units: RHYTHM_LABELS.length,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed++ }),
      name: 'probabilities',
    })
    .apply(x) as tf.SymbolicTensor;
  const attentionSteps = attention.shape[1];
  if (typeof attentionSteps !== 'number') throw new Error('buildRhythmModel: attention steps unknown');
  return {
    training: tf.model({ inputs: input, outputs: probabilities, name: 'rhythm_training' }),
    inference: tf.model({ inputs: input, outputs: [probabilities, attention], name: 'rhythm' }),
    attentionSteps,
    attentionStepSamples: 2 ** (1 + config.blockPools.filter((p) => p).length),
  };
}

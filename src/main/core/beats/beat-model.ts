import * as tf from '@tensorflow/tfjs';
import { AAMI_CLASSES } from '../../../shared/labels';
import { SeededDropout } from '../ml/seeded-dropout';
import { AdditiveAttentionPooling } from './attention-pooling';
import { RR_FEATURE_COUNT } from './rr-features';

/**
 * Architecture and input layout of the AAMI beat classifier. The input layout fields are copied
 * into meta.json at training time; inference reads them from meta.json, not from here.
 */
export const BEAT_MODEL_CONFIG = Object.freeze({
  /** model sampling rate, Hz: the record is resampled to it before windows are cut */
  fsHz: 128,
  /** first window sample relative to the R peak, in model samples (−64 = −0.5 s) */
  windowStartOffset: -64,
  /** window length, in model samples (128 = 1 s: R − 0.5 s … R + 0.5 s − 1 sample) */
  windowSamples: 128,
  /** number of ECG leads fed to the model (lead 0 of the record, MLII in mitdb); the model input
   *  has 2 channels per lead: the normalised window and its difference to the running median beat */
  leads: 1,
  /** conv1d front end: filters and kernel sizes per block, each followed by ReLU and max-pool 2 */
  convFilters: [16, 24, 32] as readonly number[],
  convKernels: [7, 5, 3] as readonly number[],
  /** units per direction of the bidirectional LSTM */
  lstmUnits: 32,
  /** width of the additive attention's scoring layer */
  attentionUnits: 32,
  /** width of the dense layer after concatenating the attention context and the RR features */
  denseUnits: 32,
  /** dropout rate on the attention context before it joins the RR features (training only), so the
   *  classifier cannot lean on morphology alone */
  contextDropout: 0.3,
  /** dropout rate before the output layer (training only) */
  dropout: 0.3,
});

/** Default seed of {@link buildBeatModels}' initial weights and dropout masks. */
export const BEAT_MODEL_SEED = 20041196;

/** Layout type of {@link BEAT_MODEL_CONFIG}. */
export type BeatModelConfig = typeof BEAT_MODEL_CONFIG;

/** The two models built by {@link buildBeatModels}; they share every layer (and so every weight). */
export interface BeatModels {
  /** inputs [wave n×samples×(2·leads), rr n×RR_FEATURE_COUNT] → class probabilities n×5 (for training) */
  training: tf.LayersModel;
  /** same inputs → [probabilities n×5, attention n×T] (saved and used for inference) */
  inference: tf.LayersModel;
  /** number of attention time steps T (windowSamples / 2^blocks) */
  attentionSteps: number;
}

/**
 * Builds the beat classifier: conv1d blocks (ReLU, max-pool 2) → bidirectional LSTM over the T
 * remaining time steps → additive attention pooling → dropout → concatenation with the RR features
 * → dense ReLU → dropout → softmax over the AAMI classes N, S, V, F, Q.
 *
 * Source: the attention-weighted recurrent beat classifier trained inter-patient with class
 * weighting, e.g. S. Mousavi, F. Afghah, "Inter- and intra-patient ECG heartbeat classification for
 * arrhythmia detection: a sequence to sequence deep learning approach", ICASSP 2019,
 * doi:10.1109/ICASSP.2019.8683140; attention as in {@link AdditiveAttentionPooling}.
 *
 * Every random initial weight and every dropout mask comes from `seed` (layer k's initialisers from seed + 100·k,
 * SeededDropout for the masks), so two builds with the same seed start from the same weights and, fed the same
 * batches, drop the same units.
 *
 * @param config - architecture, default {@link BEAT_MODEL_CONFIG}
 * @param seed - integer seed of the initial weights and dropout masks (default {@link BEAT_MODEL_SEED})
 * @returns the training and inference models sharing their layers
 * @throws Error when the window length is not divisible by 2^(number of conv blocks)
 */
export function buildBeatModels(config: BeatModelConfig = BEAT_MODEL_CONFIG, seed: number = BEAT_MODEL_SEED): BeatModels {
  const blocks = config.convFilters.length;
  const attentionSteps = config.windowSamples / 2 ** blocks;
  if (!Number.isInteger(attentionSteps)) {
    throw new Error(`buildBeatModels: window of ${config.windowSamples} samples is not divisible by 2^${blocks}`);
  }
  let layer = 0;
  /** the next layer's seed */
  const next = (): number => seed + 100 * layer++;
  const glorot = (s: number) => tf.initializers.glorotUniform({ seed: s });
  const wave = tf.input({ shape: [config.windowSamples, 2 * config.leads], name: 'wave' });
  const rr = tf.input({ shape: [RR_FEATURE_COUNT], name: 'rr' });
  let x: tf.SymbolicTensor = wave;
  config.convFilters.forEach((filters, b) => {
    const conv = tf.layers.conv1d({
      filters,
      kernelInitializer: glorot(next()),
      kernelSize: config.convKernels[b] ?? 3,
      padding: 'same',
      activation: 'relu',
      name: `conv${b + 1}`,
    });
    x = tf.layers.maxPooling1d({ poolSize: 2, name: `pool${b + 1}` }).apply(conv.apply(x)) as tf.SymbolicTensor;
  });
  const lstmSeed = next();
  const sequence = tf.layers
    .bidirectional({
      layer: tf.layers.lstm({
        units: config.lstmUnits,
        returnSequences: true,
        kernelInitializer: glorot(lstmSeed),
        recurrentInitializer: tf.initializers.orthogonal({ seed: lstmSeed + 1 }),
      }) as tf.RNN,
      mergeMode: 'concat',
      name: 'bilstm',
    })
    .apply(x) as tf.SymbolicTensor;
  const [context, attention] = new AdditiveAttentionPooling({ units: config.attentionUnits, name: 'attention', seed: next() }).apply(
    sequence,
  ) as tf.SymbolicTensor[];
  const contextDropped = new SeededDropout({ rate: config.contextDropout, seed: next(), name: 'context_dropout' }).apply(
    context as tf.SymbolicTensor,
  );
  const joined = tf.layers.concatenate({ name: 'join' }).apply([contextDropped as tf.SymbolicTensor, rr]) as tf.SymbolicTensor;
  const dense = tf.layers
    .dense({ units: config.denseUnits, activation: 'relu', name: 'dense', kernelInitializer: glorot(next()) })
    .apply(joined);
  const dropped = new SeededDropout({ rate: config.dropout, seed: next(), name: 'dropout' }).apply(dense);
  const probabilities = tf.layers
    .dense({ units: AAMI_CLASSES.length, activation: 'softmax', name: 'probabilities', kernelInitializer: glorot(next()) })
    .apply(dropped) as tf.SymbolicTensor;
  const training = tf.model({ inputs: [wave, rr], outputs: probabilities, name: 'beat_classifier_training' });
  const inference = tf.model({
    inputs: [wave, rr],
    outputs: [probabilities, attention as tf.SymbolicTensor],
    name: 'beat_classifier',
  });
  return { training, inference, attentionSteps };
}

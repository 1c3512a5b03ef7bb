import type * as tfType from '@tensorflow/tfjs';

/** One progress reading of {@link trainBatches}, after every batch (`V`: the held-out scores' shape). */
export interface TrainBatchesProgress<V> {
  epoch: number;
  epochs: number;
  /** batch within the epoch, 1-based */
  batch: number;
  batches: number;
  /** mean training loss of the epoch so far */
  loss: number;
  /** held-out scores after the last finished epoch (before training for epoch 1), or null without held-out examples */
  validation: V | null;
  /** since `startedMs` */
  elapsedMs: number;
  /** time left by the mean batch time so far, in ms */
  etaMs: number | null;
}

/** One epoch's record. */
export interface TrainedEpoch<V> {
  epoch: number;
  loss: number;
  seconds: number;
  validation: V | null;
}

/** Input of {@link trainBatches}. */
export interface TrainBatchesInput<V> {
  /** a compiled model (optimizer and loss set) */
  model: tfType.LayersModel;
  /** number of training examples */
  count: number;
  /** the tensors of the examples at some indices (the loop disposes them) */
  batch: (indices: number[]) => { x: tfType.Tensor | tfType.Tensor[]; y: tfType.Tensor | tfType.Tensor[] };
  epochs: number;
  batchSize: number;
  /** seeded random source for the per-epoch shuffle */
  random: () => number;
  /** runs before each epoch's first batch (1-based epoch), e.g. to refresh targets computed from the model */
  beforeEpoch?: (epoch: number) => Promise<void>;
  /** scores the held-out examples with the model as it is now (null without any) */
  validate: () => Promise<V | null>;
  /** performance.now() of the run's start (elapsed time counts from it) */
  startedMs: number;
  onProgress?: (progress: TrainBatchesProgress<V>) => void;
  /** checked before every batch and at the end */
  signal?: AbortSignal;
}

/**
 * The Error a cancelled fine-tuning run rejects with.
 * @returns an Error named 'AbortError'
 */
export function fineTuneAbortError(): Error {
  return Object.assign(new Error('fine-tuning cancelled'), { name: 'AbortError' });
}

/**
 * The fine-tuning loop shared by the beat and rhythm models: scores the held-out examples, then for
 * each epoch runs `beforeEpoch`, shuffles the training examples (Fisher–Yates with `random`), takes one optimiser step per
 * batch (`trainOnBatch`; with several outputs the loss is their total), reports progress after every batch (yielding to the event loop so a cancel
 * message is seen), and scores the held-out examples again at the epoch's end.
 * @param input - model, data access, schedule, hooks
 * @returns the held-out scores before training and each epoch's record
 * @throws Error named 'AbortError' when `signal` is aborted (the model is then partly trained: the
 *   caller throws it away)
 */
export async function trainBatches<V>(input: TrainBatchesInput<V>): Promise<{ before: V | null; history: TrainedEpoch<V>[] }> {
  const { model, count, epochs, batchSize, random } = input;
  const before = await input.validate();
  const batches = Math.ceil(count / batchSize);
  const totalBatches = batches * epochs;
  const history: TrainedEpoch<V>[] = [];
  let lastValidation = before;
  let doneBatches = 0;
  const trainStarted = performance.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    await input.beforeEpoch?.(epoch);
    const epochStarted = performance.now();
    const order = Array.from({ length: count }, (_, i) => i);
    for (let k = count - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      [order[k], order[j]] = [order[j] as number, order[k] as number];
    }
    let lossSum = 0;
    for (let b = 0; b < batches; b++) {
      if (input.signal?.aborted) throw fineTuneAbortError();
      const { x, y } = input.batch(order.slice(b * batchSize, (b + 1) * batchSize));
      try {
        const loss = await model.trainOnBatch(x, y);
        lossSum += Array.isArray(loss) ? (loss[0] as number) : loss;
      } finally {
        for (const t of [...(Array.isArray(x) ? x : [x]), ...(Array.isArray(y) ? y : [y])]) t.dispose();
      }
      doneBatches++;
      const perBatch = (performance.now() - trainStarted) / doneBatches;
      input.onProgress?.({
        epoch,
        epochs,
        batch: b + 1,
        batches,
        loss: lossSum / (b + 1),
        validation: lastValidation,
        elapsedMs: performance.now() - input.startedMs,
        etaMs: perBatch * (totalBatches - doneBatches),
      });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    lastValidation = await input.validate();
    history.push({ epoch, loss: lossSum / batches, seconds: (performance.now() - epochStarted) / 1000, validation: lastValidation });
  }
  if (input.signal?.aborted) throw fineTuneAbortError();
  return { before, history };
}

/**
 * The shapes a classifier's model batches may take: at most `batchSize` rows, and a batch of fewer rows is
 * padded up to the next of a few fixed sizes (powers of two up to `quantum`, then multiples of `quantum`).
 */
export interface BatchShapeConfig {
  /** most rows per forward pass (≥ 1) */
  readonly batchSize: number;
  /** padding step, in rows (≥ 1): sizes above it are multiples of it */
  readonly quantum: number;
}

/**
 * Pads a batch of model input rows with zero rows to one of a bounded set of batch sizes, so that a
 * long analysis runs its models at a few input shapes, however many odd-sized last batches its chunks
 * have. Native TensorFlow (tfjs-node) keeps state for every input shape it has run an op at and never
 * frees it: on the committed models each new batch size cost 1-3 MB of resident memory, so the odd last
 * beat batch of each 1 h chunk grew a 7-day analysis by several hundred MB (ONEDNN_PRIMITIVE_CACHE_CAPACITY
 * did not change it; README, "How a record is analysed"). With this padding the beat and rhythm models see at most
 * log2(quantum) + batchSize / quantum shapes each. A row's output does not depend on the other rows of
 * its batch (inference: no batch statistics), so the caller reads the first `rows` output rows and
 * discards the padding's: bit for bit the same on wasm; on native TensorFlow a padded batch's rows can be
 * rounded differently, by 1–2 units in the last place, as they already were between chunk lengths.
 *
 * @param values - `rows` × `rowLength` input values, row-major (1 ≤ rows ≤ config.batchSize)
 * @param rowLength - values per row (the input's shape without its batch dimension, multiplied out)
 * @param config - batch size and padding step
 * @returns `values` itself when `rows` is already a batch size, else a copy followed by zero rows; and the
 *   number of rows it holds: the smallest power of two ≥ rows when rows ≤ quantum, else rows rounded up to
 *   a multiple of quantum, never more than batchSize
 * @throws RangeError when `values` does not hold a whole number of rows between 1 and batchSize
 */
export function padBatch(values: Float32Array, rowLength: number, config: BatchShapeConfig): { values: Float32Array; rows: number } {
  const rows = values.length / rowLength;
  if (!(Number.isInteger(rows) && rows >= 1 && rows <= config.batchSize)) {
    throw new RangeError(`padBatch: ${values.length} values are not 1…${config.batchSize} rows of ${rowLength}`);
  }
  let padded = 1;
  while (padded < Math.min(rows, config.quantum)) padded *= 2;
  if (rows > config.quantum) padded = Math.ceil(rows / config.quantum) * config.quantum;
  padded = Math.min(padded, config.batchSize);
  if (padded === rows) return { values, rows };
  const out = new Float32Array(padded * rowLength);
  out.set(values);
  return { values: out, rows: padded };
}

/** Result of {@link fitTemperature}. */
export interface TemperatureFit {
  /** the fitted temperature T (> 0; logits are divided by it) */
  readonly temperature: number;
  /** mean negative log-likelihood of the labels at T = 1, in nats per example */
  readonly nllBefore: number;
  /** mean negative log-likelihood at the fitted T, in nats per example */
  readonly nllAfter: number;
}

/** Search range and precision of {@link fitTemperature}. */
export const TEMPERATURE_FIT_CONFIG = Object.freeze({
  /** smallest temperature searched */
  minTemperature: 0.05,
  /** largest temperature searched */
  maxTemperature: 20,
  /** golden-section iterations over ln T (each shrinks the bracket by 0.618; 80 reach double precision) */
  iterations: 80,
});

/** Mean NLL of softmax(z / T) at the labels, computed stably (log-sum-exp). */
function meanNll(logits: ArrayLike<number>, labels: ArrayLike<number>, classes: number, temperature: number): number {
  const n = labels.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, (logits[i * classes + c] as number) / temperature);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp((logits[i * classes + c] as number) / temperature - max);
    total += max + Math.log(sum) - (logits[i * classes + (labels[i] as number)] as number) / temperature;
  }
  return total / n;
}

/**
 * Temperature scaling: finds the single T > 0 that minimises the mean negative log-likelihood of
 * softmax(z / T) at the true labels on held-out data. T > 1 softens over-confident probabilities,
 * T < 1 sharpens them; the most probable class never changes. The NLL is convex in 1/T, so a
 * golden-section search over ln T within [minTemperature, maxTemperature] finds its minimum.
 *
 * Source: C. Guo, G. Pleiss, Y. Sun, K. Q. Weinberger, "On calibration of modern neural networks",
 * ICML 2017, arXiv:1706.04599 (section 4.2).
 *
 * @param logits - n × classes row-major logits (any additive constant per row; log-probabilities do)
 * @param labels - n true class indices in [0, classes)
 * @param classes - number of classes (≥ 2)
 * @returns the temperature and the mean NLL (nats) before (T = 1) and after
 * @throws RangeError when there are no examples, the shapes disagree, a label is out of range or a
 *   logit is not finite
 */
export function fitTemperature(logits: ArrayLike<number>, labels: ArrayLike<number>, classes: number): TemperatureFit {
  const n = labels.length;
  if (!Number.isInteger(classes) || classes < 2) throw new RangeError(`fitTemperature: need ≥ 2 classes, got ${classes}`);
  if (n === 0) throw new RangeError('fitTemperature: no examples');
  if (logits.length !== n * classes) {
    throw new RangeError(`fitTemperature: ${logits.length} logits for ${n} labels × ${classes} classes`);
  }
  for (let i = 0; i < n; i++) {
    const label = labels[i] as number;
    if (!Number.isInteger(label) || label < 0 || label >= classes) throw new RangeError(`fitTemperature: label ${i} is ${label}`);
  }
  for (let i = 0; i < logits.length; i++) {
    if (!Number.isFinite(logits[i] as number)) throw new RangeError(`fitTemperature: logit ${i} is ${logits[i]}`);
  }
  const { minTemperature, maxTemperature, iterations } = TEMPERATURE_FIT_CONFIG;
  const cost = (lnT: number): number => meanNll(logits, labels, classes, Math.exp(lnT));
  const ratio = (Math.sqrt(5) - 1) / 2;
  let lo = Math.log(minTemperature);
  let hi = Math.log(maxTemperature);
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let costA = cost(a);
  let costB = cost(b);
  for (let k = 0; k < iterations; k++) {
    if (costA <= costB) {
      hi = b;
      b = a;
      costB = costA;
      a = hi - ratio * (hi - lo);
      costA = cost(a);
    } else {
      lo = a;
      a = b;
      costA = costB;
      b = lo + ratio * (hi - lo);
      costB = cost(b);
    }
  }
  const temperature = Math.exp((lo + hi) / 2);
  return { temperature, nllBefore: meanNll(logits, labels, classes, 1), nllAfter: meanNll(logits, labels, classes, temperature) };
}

/**
 * Temperature-scaled probabilities of one row of logits: softmax(z / T), computed stably.
 * @param logits - one row of logits (finite)
 * @param temperature - T > 0 (from fitTemperature)
 * @returns class probabilities summing to 1, with the same most probable class as the logits
 * @throws RangeError for a non-positive or non-finite temperature, an empty row or a non-finite logit
 */
export function applyTemperature(logits: ArrayLike<number>, temperature: number): Float64Array {
  if (!(temperature > 0) || !Number.isFinite(temperature)) {
    throw new RangeError(`applyTemperature: temperature must be a positive number, got ${temperature}`);
  }
  const k = logits.length;
  if (k === 0) throw new RangeError('applyTemperature: no logits');
  let max = -Infinity;
  for (let c = 0; c < k; c++) {
    const z = logits[c] as number;
    if (!Number.isFinite(z)) throw new RangeError(`applyTemperature: logit ${c} is ${z}`);
    max = Math.max(max, z / temperature);
  }
  const out = new Float64Array(k);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    out[c] = Math.exp((logits[c] as number) / temperature - max);
    sum += out[c] as number;
  }
  for (let c = 0; c < k; c++) out[c] = (out[c] as number) / sum;
  return out;
}

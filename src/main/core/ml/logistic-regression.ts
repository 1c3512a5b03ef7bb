/** A fitted binary logistic regression: P(y = 1 | x) = σ(bias + weights · x). */
export interface LogisticFit {
  weights: number[];
  bias: number;
}

/** Tunables of {@link fitLogistic}. */
export interface LogisticConfig {
  /** L2 penalty on the weights (not the bias), in units of the summed sample weight */
  l2: number;
  /** Newton steps at most */
  maxIterations: number;
  /** stop when no parameter moves more than this in a step */
  tolerance: number;
  /** start from this fit instead of zero (e.g. the fit on all data, for cross-validation folds: fewer steps) */
  initial: LogisticFit | null;
}

/** Defaults: λ = 1e-3 per unit weight, 25 Newton steps, 1e-6, start from zero. */
export const DEFAULT_LOGISTIC_CONFIG: Readonly<LogisticConfig> = Object.freeze({
  l2: 1e-3,
  maxIterations: 25,
  tolerance: 1e-6,
  initial: null,
});

/**
 * Weighted, L2-penalised logistic regression fitted by damped Newton steps (iteratively reweighted least squares, each
 * step halved until the penalised likelihood does not fall; Hastie, Tibshirani & Friedman, The Elements of Statistical
 * Learning, 2nd ed., 2009, §4.4.1). Deterministic: the same input
 * gives the same fit.
 * @param x - n × d features, row-major (standardise them first)
 * @param y - n labels, 0 or 1
 * @param sampleWeight - n non-negative weights (e.g. class balancing)
 * @param config - overrides of {@link DEFAULT_LOGISTIC_CONFIG}
 * @returns weights (d) and bias
 * @throws RangeError when the shapes disagree, there are no rows, or the initial fit has another feature count
 */
export function fitLogistic(x: Float32Array, y: Uint8Array, sampleWeight: Float32Array, config: Partial<LogisticConfig> = {}): LogisticFit {
  const n = y.length;
  if (n === 0 || x.length % n !== 0 || sampleWeight.length !== n) {
    throw new RangeError(`fitLogistic: ${x.length} features, ${n} labels, ${sampleWeight.length} weights`);
  }
  const c = { ...DEFAULT_LOGISTIC_CONFIG, ...config };
  const d = x.length / n;
  const p = d + 1;
  const beta = new Float64Array(p);
  if (c.initial !== null) {
    if (c.initial.weights.length !== d)
      throw new RangeError(`fitLogistic: initial fit has ${c.initial.weights.length} weights for ${d} features`);
    beta[0] = c.initial.bias;
    beta.set(c.initial.weights, 1);
  }
  let total = 0;
  for (const w of sampleWeight) total += w;
  const lambda = c.l2 * total;
  /** penalised weighted log-likelihood */
  const objective = (b: Float64Array): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let z = b[0] as number;
      for (let j = 0; j < d; j++) z += (b[j + 1] as number) * (x[i * d + j] as number);
      // log σ(z) and log(1 − σ(z)), stable for large |z|
      const logP = -Math.log1p(Math.exp(-Math.abs(z))) + Math.min(0, z);
      const logQ = logP - z;
      sum += (sampleWeight[i] as number) * ((y[i] as number) === 1 ? logP : logQ);
    }
    let penalty = 0;
    for (let j = 1; j < p; j++) penalty += (b[j] as number) ** 2;
    return sum - (lambda / 2) * penalty;
  };
  for (let it = 0; it < c.maxIterations; it++) {
    const gradient = new Float64Array(p);
    const hessian = new Float64Array(p * p);
    const row = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      row[0] = 1;
      for (let j = 0; j < d; j++) row[j + 1] = x[i * d + j] as number;
      let z = 0;
      for (let j = 0; j < p; j++) z += (beta[j] as number) * (row[j] as number);
      const mu = 1 / (1 + Math.exp(-z));
      const w = sampleWeight[i] as number;
      const r = w * ((y[i] as number) - mu);
      const h = w * mu * (1 - mu);
      for (let a = 0; a < p; a++) {
        const ra = row[a] as number;
        gradient[a] = (gradient[a] as number) + r * ra;
        const hr = h * ra;
        for (let b = a; b < p; b++) hessian[a * p + b] = (hessian[a * p + b] as number) + hr * (row[b] as number);
      }
    }
    for (let a = 1; a < p; a++) {
      gradient[a] = (gradient[a] as number) - lambda * (beta[a] as number);
      hessian[a * p + a] = (hessian[a * p + a] as number) + lambda;
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) hessian[a * p + b] = hessian[b * p + a] as number;
    const step = solveSymmetric(hessian, gradient, p);
    // damped Newton: halve the step until the penalised likelihood does not fall (a far start can overshoot)
    const before = objective(beta);
    const from = Float64Array.from(beta);
    let scale = 1;
    let moved = 0;
    for (let halvings = 0; halvings < 30; halvings++, scale /= 2) {
      for (let j = 0; j < p; j++) beta[j] = (from[j] as number) + scale * (step[j] as number);
      if (objective(beta) >= before - 1e-12 * Math.abs(before)) break;
    }
    for (let j = 0; j < p; j++) moved = Math.max(moved, Math.abs(scale * (step[j] as number)));
    if (moved < c.tolerance) break;
  }
  return { bias: beta[0] as number, weights: Array.from(beta.subarray(1)) };
}

/** Solves A s = g for a symmetric positive definite p × p A (Cholesky; a tiny ridge keeps it definite). */
function solveSymmetric(a: Float64Array, g: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * p + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i * p + k] as number) * (l[j * p + k] as number);
      l[i * p + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (l[j * p + j] as number);
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let sum = g[i] as number;
    for (let k = 0; k < i; k++) sum -= (l[i * p + k] as number) * (y[k] as number);
    y[i] = sum / (l[i * p + i] as number);
  }
  const s = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let sum = y[i] as number;
    for (let k = i + 1; k < p; k++) sum -= (l[k * p + i] as number) * (s[k] as number);
    s[i] = sum / (l[i * p + i] as number);
  }
  return s;
}

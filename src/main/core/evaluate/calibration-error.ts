/** One confidence bin of a reliability diagram. */
export interface ReliabilityBin {
  /** lower edge of the bin (exclusive, except 0 for the first bin) */
  readonly lower: number;
  /** upper edge of the bin (inclusive) */
  readonly upper: number;
  /** predictions whose confidence falls in the bin */
  readonly count: number;
  /** mean confidence of those predictions (NaN when empty) */
  readonly meanConfidence: number;
  /** fraction of them that are correct (NaN when empty) */
  readonly accuracy: number;
}

/** Result of {@link expectedCalibrationError}. */
export interface CalibrationError {
  /** expected calibration error, Σ_b (n_b / n) · |accuracy_b − confidence_b|, a fraction in [0, 1] */
  readonly ece: number;
  /** largest |accuracy_b − confidence_b| over non-empty bins (maximum calibration error) */
  readonly mce: number;
  /** the equal-width bins over [0, 1], in order */
  readonly bins: readonly ReliabilityBin[];
}

/**
 * Expected calibration error (ECE) of top-label confidences with M equal-width bins: bin b holds
 * confidences in ((b − 1)/M, b/M] (a confidence of 0 goes to the first bin), and ECE is the
 * count-weighted mean gap between each bin's accuracy and its mean confidence.
 *
 * Source: M. P. Naeini, G. F. Cooper, M. Hauskrecht, "Obtaining well calibrated probabilities using
 * Bayesian binning", AAAI 2015; binning and reliability diagram as in C. Guo et al., "On calibration of
 * modern neural networks", ICML 2017, arXiv:1706.04599 (section 2, M = 15 there).
 *
 * @param confidence - predicted probability of each prediction's most probable class, in [0, 1]
 * @param correct - whether each prediction's most probable class is the true one
 * @param bins - number of bins M (integer ≥ 1)
 * @returns ECE and MCE (fractions) and the bins
 * @throws RangeError when the arrays differ in length, are empty, M is invalid or a confidence is outside [0, 1]
 */
export function expectedCalibrationError(confidence: ArrayLike<number>, correct: ArrayLike<boolean>, bins: number): CalibrationError {
  const n = confidence.length;
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`expectedCalibrationError: bins must be an integer ≥ 1, got ${bins}`);
  if (n === 0 || correct.length !== n) {
    throw new RangeError(`expectedCalibrationError: ${n} confidences and ${correct.length} outcomes (need equal, > 0)`);
  }
  const count = new Float64Array(bins);
  const sumConfidence = new Float64Array(bins);
  const sumCorrect = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const p = confidence[i] as number;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`expectedCalibrationError: confidence ${i} is ${p}, outside [0, 1]`);
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(p * bins) - 1));
    count[b] = (count[b] as number) + 1;
    sumConfidence[b] = (sumConfidence[b] as number) + p;
    if (correct[i]) sumCorrect[b] = (sumCorrect[b] as number) + 1;
  }
  let ece = 0;
  let mce = 0;
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const m = count[b] as number;
    const meanConfidence = m > 0 ? (sumConfidence[b] as number) / m : Number.NaN;
    const accuracy = m > 0 ? (sumCorrect[b] as number) / m : Number.NaN;
    if (m > 0) {
      const gap = Math.abs(accuracy - meanConfidence);
      ece += (m / n) * gap;
      mce = Math.max(mce, gap);
    }
    out.push({ lower: b / bins, upper: (b + 1) / bins, count: m, meanConfidence, accuracy });
  }
  return { ece, mce, bins: out };
}

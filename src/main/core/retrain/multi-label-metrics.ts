import { classMetrics, type ClassMetrics } from '../beats/class-metrics';

/** Window-by-window scores of predicted label sets against reference ones. */
export interface MultiLabelMetrics<L extends string> {
  /** share of windows whose predicted set equals the reference set exactly (subset accuracy) */
  subsetAccuracy: number;
  /** per label: se, ppv, F1 over the windows and its support (windows where it is present) */
  perLabel: Record<L, ClassMetrics>;
  /** mean F1 over the labels with support > 0 */
  macroF1: number;
  windows: number;
}

/**
 * Subset accuracy (exact label-set match), per-label F1 and macro F1, the figures xECGNet reports
 * (doi:10.1016/j.cmpb.2021.106281). Each label is scored as a two-class problem, window by window
 * (classMetrics on its column).
 * @param reference - n × labels.length, 0/1 row-major
 * @param predicted - same shape
 * @param labels - label names in column order
 * @returns the scores
 * @throws RangeError when the shapes differ or do not fit the labels
 */
export function multiLabelMetrics<L extends string>(
  reference: Uint8Array,
  predicted: Uint8Array,
  labels: readonly L[],
): MultiLabelMetrics<L> {
  const k = labels.length;
  if (reference.length !== predicted.length || k === 0 || reference.length % k !== 0)
    throw new RangeError(`multiLabelMetrics: ${reference.length} reference vs ${predicted.length} predicted values for ${k} labels`);
  const n = reference.length / k;
  let exact = 0;
  for (let i = 0; i < n; i++) {
    let same = true;
    for (let j = 0; j < k; j++) same &&= reference[i * k + j] === predicted[i * k + j];
    if (same) exact++;
  }
  const column = (values: Uint8Array, j: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => values[i * k + j] as number);
  const perLabel = {} as Record<L, ClassMetrics>;
  labels.forEach((label, j) => {
    perLabel[label] = classMetrics(column(reference, j), column(predicted, j), ['absent', 'present']).present;
  });
  const supported = labels.filter((label) => perLabel[label].support > 0);
  return {
    subsetAccuracy: n > 0 ? exact / n : 0,
    perLabel,
    macroF1: supported.length > 0 ? supported.reduce((sum, label) => sum + perLabel[label].f1, 0) / supported.length : 0,
    windows: n,
  };
}

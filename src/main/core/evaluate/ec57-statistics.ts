import type { AamiClass } from '../../../shared/labels';

/** Row labels of a confusion matrix: the reference class, or `none` for a test beat matching no reference beat. */
export const REFERENCE_ROWS = Object.freeze(['N', 'S', 'V', 'F', 'Q', 'none'] as const);
/** Column labels of a confusion matrix: the test class, or `missed` for a reference beat the test did not detect. */
export const TEST_COLUMNS = Object.freeze(['N', 'S', 'V', 'F', 'Q', 'missed'] as const);
/** Index of the `none` row and of the `missed` column. */
export const UNMATCHED = 5;

/**
 * EC57 beat confusion matrix, `counts[referenceRow][testColumn]` (6 × 6, rows `REFERENCE_ROWS`, columns
 * `TEST_COLUMNS`). `counts[5][5]` is always 0.
 */
export type ConfusionMatrix = number[][];

/** Detection statistics of one event class; percentages are null when their denominator is 0 (bxb prints `-`). */
export interface DetectionStats {
  /** true positives */
  tp: number;
  /** false negatives */
  fn: number;
  /** false positives */
  fp: number;
  /** sensitivity tp / (tp + fn), in % */
  sePct: number | null;
  /** positive predictivity tp / (tp + fp), in % */
  ppvPct: number | null;
  /** F1 score 2 tp / (2 tp + fp + fn), in % */
  f1Pct: number | null;
}

/** Statistics of ANSI/AAMI EC57 computed from a confusion matrix. */
export interface Ec57Statistics {
  /** QRS detection: any matched beat is a true positive. */
  qrs: DetectionStats;
  /** Ventricular ectopic beats (= `byClass.V`), with bxb's false-positive rule and the VEB false positive rate. */
  veb: DetectionStats & { fprPct: number | null };
  /** Supraventricular ectopic beats (= `byClass.S`), with bxb's false-positive rule. */
  sveb: DetectionStats;
  /** Per-class statistics for N, S, V, F, Q. */
  byClass: Record<AamiClass, DetectionStats>;
}

const CLASS_INDEX: Readonly<Record<AamiClass, number>> = Object.freeze({ N: 0, S: 1, V: 2, F: 3, Q: 4 });

/** A new all-zero 6 × 6 confusion matrix. */
export function emptyConfusionMatrix(): ConfusionMatrix {
  return REFERENCE_ROWS.map(() => TEST_COLUMNS.map(() => 0));
}

function percent(numerator: number, denominator: number): number | null {
  return denominator > 0 ? (100 * numerator) / denominator : null;
}

function detectionStats(tp: number, fn: number, fp: number): DetectionStats {
  return { tp, fn, fp, sePct: percent(tp, tp + fn), ppvPct: percent(tp, tp + fp), f1Pct: percent(2 * tp, 2 * tp + fp + fn) };
}

function cell(m: ConfusionMatrix, row: number, col: number): number {
  return m[row]?.[col] ?? 0;
}

function sumCells(m: ConfusionMatrix, rows: readonly number[], cols: readonly number[]): number {
  let total = 0;
  for (const r of rows) for (const c of cols) total += cell(m, r, c);
  return total;
}

const BEAT_INDICES = [0, 1, 2, 3, 4] as const;
const ALL_ROWS = [0, 1, 2, 3, 4, UNMATCHED] as const;

/**
 * Computes EC57 statistics from a confusion matrix with the rules of WFDB `bxb` (app/bxb.c, `print_results`):
 * - QRS: TP = matched beats, FN = missed reference beats, FP = test beats matching no reference beat.
 * - VEB: FP = test V on reference N, S or no beat (reference F or Q labelled V are not VEB false positives);
 *   FPR = FP / (FP + TN), TN = test non-V on non-V reference rows (including the `none` row).
 * - SVEB: FP = test S on reference N, V, F or no beat (reference Q labelled S is not an SVEB false positive).
 * - N, F, Q: FP = every other test beat labelled with the class.
 *
 * Source: ANSI/AAMI EC57:1998/(R)2008, section 3.5 and Tables A.2–A.3; WFDB bxb
 * (https://physionet.org/physiotools/wag/bxb-1.htm).
 *
 * @param m - confusion matrix as returned in a `RecordComparison` (or a sum of them)
 * @returns the statistics, percentages null where undefined
 */
export function ec57Statistics(m: ConfusionMatrix): Ec57Statistics {
  const qrs = detectionStats(
    sumCells(m, BEAT_INDICES, BEAT_INDICES),
    sumCells(m, BEAT_INDICES, [UNMATCHED]),
    sumCells(m, [UNMATCHED], BEAT_INDICES),
  );
  const V = CLASS_INDEX.V;
  const S = CLASS_INDEX.S;
  const rowTotal = (r: number): number => sumCells(m, [r], [0, 1, 2, 3, 4, UNMATCHED]);
  const vTp = cell(m, V, V);
  const vFp = sumCells(m, [CLASS_INDEX.N, S, UNMATCHED], [V]);
  const nonVRows = ALL_ROWS.filter((r) => r !== V);
  const nonVCols = BEAT_INDICES.filter((c) => c !== V);
  const vTn = sumCells(m, nonVRows, nonVCols);
  const veb = { ...detectionStats(vTp, rowTotal(V) - vTp, vFp), fprPct: percent(vFp, vTn + vFp) };
  const sTp = cell(m, S, S);
  const sveb = detectionStats(sTp, rowTotal(S) - sTp, sumCells(m, [CLASS_INDEX.N, V, CLASS_INDEX.F, UNMATCHED], [S]));
  const plain = (c: number): DetectionStats => {
    const tp = cell(m, c, c);
    return detectionStats(tp, rowTotal(c) - tp, sumCells(m, ALL_ROWS, [c]) - tp);
  };
  return {
    qrs,
    veb,
    sveb,
    byClass: { N: plain(CLASS_INDEX.N), S: sveb, V: veb, F: plain(CLASS_INDEX.F), Q: plain(CLASS_INDEX.Q) },
  };
}

import { AAMI_CLASSES, type AamiClass } from '../../../shared/labels';
import type { ClassMapping } from './beat-class-mapping';
import type { RecordComparison } from './compare-beats';
import { ec57Statistics, emptyConfusionMatrix, type ConfusionMatrix, type DetectionStats, type Ec57Statistics } from './ec57-statistics';

/** Mean of per-record percentages, each over the records where it is defined (bxb printed a number, not `-`). */
export interface AverageStats {
  sePct: number | null;
  ppvPct: number | null;
  f1Pct: number | null;
  /** number of records averaged for sePct, ppvPct, f1Pct */
  nSe: number;
  nPpv: number;
  nF1: number;
}

/** Aggregate EC57 statistics over several records. */
export interface Ec57Summary {
  nRecords: number;
  /** AAMI grouping used by every comparison. */
  mapping: ClassMapping;
  /** Sum of the per-record confusion matrices. */
  matrix: ConfusionMatrix;
  /** Gross statistics: computed from the pooled matrix (every beat weighs the same). */
  gross: Ec57Statistics;
  /** Average statistics: mean of the per-record statistics (every record weighs the same). */
  average: { qrs: AverageStats; veb: AverageStats; sveb: AverageStats; byClass: Record<AamiClass, AverageStats> };
}

function meanOf(values: readonly (number | null)[]): { mean: number | null; n: number } {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v === null) continue;
    sum += v;
    n++;
  }
  return { mean: n > 0 ? sum / n : null, n };
}

function averageOf(stats: readonly DetectionStats[]): AverageStats {
  const se = meanOf(stats.map((s) => s.sePct));
  const ppv = meanOf(stats.map((s) => s.ppvPct));
  const f1 = meanOf(stats.map((s) => s.f1Pct));
  return { sePct: se.mean, ppvPct: ppv.mean, f1Pct: f1.mean, nSe: se.n, nPpv: ppv.n, nF1: f1.n };
}

/**
 * Gross and average EC57 statistics over records, as WFDB `sumstats` aggregates `bxb` line reports: gross figures
 * pool the beats of all records, average figures are the mean of each record's figure over the records where it
 * is defined. (For SVEB +P the pooled figure keeps bxb's per-record rule, which counts reference F labelled S
 * as a false positive; sumstats, working from bxb's merged columns, cannot.)
 *
 * Source: ANSI/AAMI EC57:1998/(R)2008 section 3.5.2–3.5.3 (gross and average statistics); WFDB sumstats.
 *
 * @param comparisons - per-record results of `compareBeats`, all with the same class mapping
 * @returns the summary; with no records, all statistics are null
 * @throws Error when the comparisons use different class mappings
 */
export function summarize(comparisons: readonly RecordComparison[]): Ec57Summary {
  const mapping = comparisons[0]?.mapping ?? 'de-chazal';
  const mixed = comparisons.find((c) => c.mapping !== mapping);
  if (mixed) throw new Error(`summarize: record ${mixed.recordName} uses class mapping ${mixed.mapping}, others ${mapping}`);
  const matrix = emptyConfusionMatrix();
  for (const c of comparisons) {
    c.matrix.forEach((row, r) => row.forEach((count, col) => ((matrix[r] as number[])[col]! += count)));
  }
  const byClass = Object.fromEntries(AAMI_CLASSES.map((cls) => [cls, averageOf(comparisons.map((c) => c.stats.byClass[cls]))])) as Record<
    AamiClass,
    AverageStats
  >;
  return {
    nRecords: comparisons.length,
    mapping,
    matrix,
    gross: ec57Statistics(matrix),
    average: {
      qrs: averageOf(comparisons.map((c) => c.stats.qrs)),
      veb: byClass.V,
      sveb: byClass.S,
      byClass,
    },
  };
}

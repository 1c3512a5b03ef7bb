import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import {
  holterReport,
  HOLTER_REPORT_CONFIG,
  type HolterReport,
  type HolterReportConfig,
} from '../../../../../src/main/core/report/holter-report';
import type { ReportBeat } from '../../../../../src/main/core/report/report-input';
import { readAnnotations } from '../../../../../src/main/core/wfdb/annotations';
import { aamiClassOfSymbol, isBeatSymbol } from '../../../../../src/shared/labels';

/**
 * Helpers comparing our report with `../shared/reference/hrv/mitdb-report-reference.csv`, written by the independent
 * `hrv_reference.py` from the reference annotations. Definitions there (its docstring) and how we meet them:
 * - beats: every QRS annotation except `!` (its QRS set is WFDB's `isqrs` without code 31), classed by de Chazal's
 *   table with B ? n r as Q — our input adapter below does the same (`aamiClassOfSymbol(symbol) ?? 'Q'`).
 * - RR, mean/min/max HR, pauses, longest RR, runs: no editing and nothing excluded, which is our definition with
 *   no excluded beats or spans.
 * - NN: both beats carry MIT code `N`, no further editing. Ours deliberately differs: both beats AAMI N (N L R e j,
 *   so bundle-branch-block beats are NN) and range/20 % editing by default. The HRV part defined the same way is
 *   tested with editing off and only MIT `N` beats labelled N (`nnReferenceLabels`).
 * - longest run: the reference's is over all sequence lengths (1 = only isolated beats, 0 = none); ours is over runs
 *   of ≥ 3, null without one, so below 3 we compare the shorter sequences our isolated/couplet counts imply.
 */

/** Our configuration with NN editing off (the reference's "no further editing"). */
export const NO_NN_EDITING: HolterReportConfig = Object.freeze({
  ...HOLTER_REPORT_CONFIG,
  nnEditing: Object.freeze({ minNnMs: 0, maxNnMs: Number.POSITIVE_INFINITY, maxChangeFraction: null }),
});

/** The mitdb sampling rate (every record's header: 360 Hz). */
export const MITDB_FS_HZ = 360;

/** Columns that are counts (compared exactly); the others are printed with 3 decimals. */
const COUNT_COLUMNS = new Set(['beats', 'N', 'S', 'V', 'F', 'Q', 'nn', 'pauses_over_2s']);
/** Half a unit of the CSV's last decimal, plus floating-point slack. */
const HALF_LAST_DECIMAL = 0.0005 + 1e-9;

/** Reference rows by record name; `nan` cells become NaN. */
export function readReferenceCsv(path: string): Map<string, Record<string, number>> {
  const [head = '', ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const keys = head.split(',');
  return new Map(
    lines.map((line) => {
      const cells = line.split(',');
      return [cells[0] as string, Object.fromEntries(keys.slice(1).map((k, i) => [k, Number(cells[i + 1])]))];
    }),
  );
}

/** Beats and symbols of an annotation file, as the reference script selects them. */
export function referenceBeats(atrPath: string): { beats: ReportBeat[]; symbols: string[] } {
  const annotations = readAnnotations(atrPath).filter((a) => isBeatSymbol(a.symbol) && a.symbol !== '!');
  return {
    beats: annotations.map((a) => ({ sample: a.sample, label: aamiClassOfSymbol(a.symbol) ?? 'Q', excluded: false })),
    symbols: annotations.map((a) => a.symbol),
  };
}

/** Our figures under the reference's column names. */
function ourFigures(report: HolterReport, nnReport: HolterReport): Record<string, number | null> {
  const { ectopy, heartRate, pauses } = report;
  const figures: Record<string, number | null> = {
    beats: ectopy.analysedBeats,
    ...ectopy.byClass,
    mean_hr: heartRate.meanBpm,
    min_hr_10beat: heartRate.min?.bpm ?? null,
    max_hr_10beat: heartRate.max?.bpm ?? null,
    pauses_over_2s: pauses.pauses.length,
    longest_rr_ms: pauses.longestRr?.rrMs ?? null,
  };
  for (const c of ['S', 'V'] as const) {
    const e = ectopy[c];
    figures[`${c}_isolated`] = e.isolated;
    figures[`${c}_couplets`] = e.couplets;
    figures[`${c}_runs3`] = e.runs.length;
    figures[`${c}_longest_run`] = e.longestRun?.beats ?? (e.couplets > 0 ? 2 : e.isolated > 0 ? 1 : 0);
  }
  return { ...figures, ...hrvFigures(nnReport) };
}

/** HRV figures under the reference's column names. */
function hrvFigures(report: HolterReport): Record<string, number | null> {
  const { hrv } = report;
  return {
    nn: hrv.nnCount,
    sdnn: hrv.sdnnMs,
    sdann: hrv.sdannMs,
    sdnn_index: hrv.sdnnIndexMs,
    rmssd: hrv.rmssdMs,
    pnn50: hrv.pnn50Percent,
  };
}

/** One figure of one record: ours, the reference's and their absolute difference (0 when both undefined). */
export interface FigureComparison {
  record: string;
  figure: string;
  ours: number | null;
  reference: number;
  difference: number;
}

function compare(record: string, ours: Record<string, number | null>, row: Record<string, number>): FigureComparison[] {
  return Object.entries(ours).map(([figure, value]) => {
    const reference = row[figure];
    if (reference === undefined) throw new Error(`reference has no column ${figure}`);
    const bothUndefined = value === null && Number.isNaN(reference);
    const difference = bothUndefined ? 0 : value === null ? Number.POSITIVE_INFINITY : Math.abs(value - reference);
    return { record, figure, ours: value, reference, difference };
  });
}

/**
 * Computes our report of one mitdb record from its reference annotations and compares every figure of its reference
 * row: counts exactly, the rest to half a unit of the CSV's third decimal; `nan` must be our null.
 *
 * @returns every comparison (for the maximum differences), after asserting each one.
 */
export function checkRecordAgainstReference(
  record: string,
  atrPath: string,
  nSamples: number,
  row: Record<string, number>,
): FigureComparison[] {
  const { beats, symbols } = referenceBeats(atrPath);
  const input = {
    recordName: record,
    fsHz: MITDB_FS_HZ,
    nSamples,
    baseTime: null,
    baseDate: null,
    beats,
    excludedSpans: [],
    rhythmEpisodes: [],
  };
  const report = holterReport(input, NO_NN_EDITING);
  const nnReferenceLabels = beats.map((b, i) => (b.label === 'N' && symbols[i] !== 'N' ? { ...b, label: 'Q' as const } : b));
  const nnReport = holterReport({ ...input, beats: nnReferenceLabels }, NO_NN_EDITING);
  const comparisons = compare(record, ourFigures(report, nnReport), row);
  for (const c of comparisons) {
    const tolerance = COUNT_COLUMNS.has(c.figure) || /^[SV]_/.test(c.figure) ? 0 : HALF_LAST_DECIMAL;
    expect(c.difference, `${record} ${c.figure}: ours ${c.ours}, reference ${c.reference}`).toBeLessThanOrEqual(tolerance);
  }
  return comparisons;
}

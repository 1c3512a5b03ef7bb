/**
 * Test helper: the columns of a WFDB `bxb -L` line-format report (app/bxb.c, `print_results`, format 5),
 * rebuilt from a RecordComparison, and a parser for the report files in ../shared/reference and the fixtures.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecordComparison } from '../../../../../src/main/core/evaluate/compare-beats';

/** Repository root (this file is test/unit/main/core/evaluate/). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
/** Shared PhysioNet data beside the repository (tests using it skip when absent). */
export const SHARED_DATA = join(REPO_ROOT, '../shared/data');
/** Shared WFDB 10.7.0 reference outputs beside the repository. */
export const SHARED_REFERENCE = join(REPO_ROOT, '../shared/reference');
export const hasMitdb = existsSync(join(SHARED_DATA, 'mitdb/RECORDS'));
export const hasBxbReference = existsSync(join(SHARED_REFERENCE, 'mitdb-gqrs/bxb-gqrs-ec57-L.txt'));

/** One line of a bxb -L report: the 19 counts, the 6 percentages and the RR error, as printed. */
export interface BxbLine {
  record: string;
  counts: number[];
  percentages: string[];
  rrError: string;
}

/** Parses a bxb -L report (header line first) into lines keyed by record name. */
export function readBxbReport(path: string): Map<string, BxbLine> {
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1);
  return new Map(
    lines.map((line) => {
      const f = line.trim().split(/\s+/);
      return [
        f[0] as string,
        { record: f[0] as string, counts: f.slice(1, 20).map(Number), percentages: f.slice(20, 26), rrError: f[26] as string },
      ];
    }),
  );
}

const pct = (v: number | null): string => (v === null ? '-' : v.toFixed(2));

/** The bxb -L line of a comparison made with the 'bxb' class mapping. */
export function bxbLineOf(c: RecordComparison): BxbLine {
  const m = (r: number, col: number): number => c.matrix[r]?.[col] ?? 0;
  // rows N S V F Q none; columns n s v f q missed (bxb's O and X rows/columns are merged into none/missed)
  const nfq = (r: number): number => m(r, 0) + m(r, 3) + m(r, 4);
  const counts = [
    nfq(0),
    nfq(1),
    nfq(2),
    nfq(3) + nfq(4),
    nfq(5),
    m(0, 1),
    m(1, 1),
    m(2, 1),
    m(3, 1) + m(4, 1),
    m(5, 1),
    m(0, 2),
    m(1, 2),
    m(2, 2),
    m(3, 2) + m(4, 2),
    m(5, 2),
    m(0, 5),
    m(1, 5),
    m(2, 5),
    m(3, 5) + m(4, 5),
  ];
  const s = c.stats;
  return {
    record: c.recordName,
    counts,
    percentages: [s.qrs.sePct, s.qrs.ppvPct, s.veb.sePct, s.veb.ppvPct, s.sveb.sePct, s.sveb.ppvPct].map(pct),
    rrError: pct(c.rmsRrErrorMs),
  };
}

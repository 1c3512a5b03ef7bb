import { HOLTER_RHYTHM_AUX } from '../../../shared/holter-rhythms';
import type { CaseExportSource } from './case-export-source';
import { provenanceLines } from './export-provenance';

const quote = (cell: string): string => (/[",\n\r#]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

/**
 * A CSV document (RFC 4180 cells, `\n` line ends) headed by `# ` comment lines with the export's provenance (model
 * versions, review status, sign-off), then one header row and the data rows.
 * @param source - the case (only its provenance is used here).
 * @param columns - column names.
 * @param rows - data rows, each as many cells as columns.
 * @returns the CSV text.
 */
function csvDocument(source: CaseExportSource, columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [...provenanceLines(source.provenance).map((l) => `# ${l}`), columns.join(',')];
  for (const row of rows) lines.push(row.map(quote).join(','));
  return `${lines.join('\n')}\n`;
}

const seconds = (sample: number, fsHz: number): string => (sample / fsHz).toFixed(3);

/**
 * CSV of the case's beats: `sample` (0-based), `time_s` (sample / fsHz, 3 decimals), `label` (AAMI class), `source`
 * (model or human) and `artefact` (1 when the reviewer marked the beat artefact, else 0), after the provenance comment
 * lines. Deleted beats are not in the source.
 * @param source - the case.
 * @returns the CSV text.
 */
export function beatsCsv(source: CaseExportSource): string {
  return csvDocument(
    source,
    ['sample', 'time_s', 'label', 'source', 'artefact'],
    source.beats.map((b) => [String(b.sample), seconds(b.sample, source.fsHz), b.label, b.source, b.artefact ? '1' : '0']),
  );
}

/**
 * CSV of the case's rhythm episodes: `label` (Holter rhythm type: N, AFIB, AFL, SVTA, VT, VFL, VF, B, T, OTHER,
 * NOISE), `wfdb_aux` (its WFDB rhythm string, `(AFIB` …), `onset_sample`, `end_sample` (exclusive), `onset_s`,
 * `duration_s` and `mean_probability` (0..1, 4 decimals), after the provenance comment lines.
 * @param source - the case.
 * @returns the CSV text.
 */
export function episodesCsv(source: CaseExportSource): string {
  return csvDocument(
    source,
    ['label', 'wfdb_aux', 'onset_sample', 'end_sample', 'onset_s', 'duration_s', 'mean_probability'],
    source.episodes.map((e) => [
      e.label,
      HOLTER_RHYTHM_AUX[e.label],
      String(e.onsetSample),
      String(e.endSample),
      seconds(e.onsetSample, source.fsHz),
      seconds(e.endSample - e.onsetSample, source.fsHz),
      e.meanProbability.toFixed(4),
    ]),
  );
}

import type { ExportFormat } from '../../../shared/api';
import { reportDocument } from '../report-document/report-document';
import { reportPdf } from '../report-document/report-pdf';
import { encodeAnnotations } from '../wfdb/annotations';
import type { CaseExportSource } from './case-export-source';
import { beatsCsv, episodesCsv } from './csv-export';
import { caseAnnotations } from './wfdb-annotation-export';

/** WFDB annotator name (file extension) of the exported annotations. */
export const EXPORT_ANNOTATOR = 'hws';

/** One export file. */
export interface ExportFile {
  /** Suggested file name: `RECORD-report.pdf`, `RECORD.hws`, `RECORD-beats.csv`, `RECORD-episodes.csv`. */
  readonly fileName: string;
  readonly mimeType: string;
  readonly bytes: Uint8Array;
}

/** A Buffer's bytes as a plain Uint8Array (the WebSocket codec carries typed arrays by constructor name). */
const plainBytes = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

/**
 * Makes one export of a case: the report PDF, the WFDB annotation file (annotator `hws`, beats and rhythm with the
 * provenance as NOTE annotations; read with `rdann -r RECORD -a hws`), or the beats or episodes CSV. Each carries the
 * model versions and the review status.
 * @param format - which export.
 * @param source - the case.
 * @returns the file.
 * @throws what `reportDocument` throws for the PDF; WfdbError for annotations the MIT format cannot hold.
 */
export async function exportFile(format: ExportFormat, source: CaseExportSource): Promise<ExportFile> {
  const name = source.recordName;
  const text = (fileName: string, content: string): ExportFile => ({
    fileName,
    mimeType: 'text/csv',
    bytes: new TextEncoder().encode(content),
  });
  switch (format) {
    case 'report-pdf':
      return { fileName: `${name}-report.pdf`, mimeType: 'application/pdf', bytes: plainBytes(await reportPdf(reportDocument(source))) };
    case 'wfdb-annotations': {
      const fileName = `${name}.${EXPORT_ANNOTATOR}`;
      return { fileName, mimeType: 'application/octet-stream', bytes: plainBytes(encodeAnnotations(fileName, caseAnnotations(source))) };
    }
    case 'beats-csv':
      return text(`${name}-beats.csv`, beatsCsv(source));
    case 'episodes-csv':
      return text(`${name}-episodes.csv`, episodesCsv(source));
  }
}

import { createHash } from 'node:crypto';
import type { ExportEvent, ExportFormat } from '../../../shared/api';
import type { ReviewStore } from './review-store';

/** What an export audit row records beyond the record. */
export interface ExportLogEntry {
  readonly recordId: number;
  readonly format: ExportFormat;
  /** Who made the export. */
  readonly reviewer: string;
  readonly fileName: string;
  /** The exported file's bytes (their length and sha256 are logged, not the bytes). */
  readonly bytes: Uint8Array;
  readonly details: Pick<ExportEvent['details'], 'analysisId' | 'models' | 'reviewStatus'>;
}

/**
 * Writes the audit row of one export (`export_events`, migration 3) in one immediate transaction.
 * @param store - the review store.
 * @param entry - the export.
 * @returns the audit row as the API returns it.
 * @throws NotFoundError when the record does not exist.
 */
export function logExport(store: ReviewStore, entry: ExportLogEntry): ExportEvent {
  return store.db
    .transaction(() => {
      const record = store.getRecord(entry.recordId);
      const at = new Date().toISOString();
      const details: ExportEvent['details'] = {
        fileName: entry.fileName,
        bytes: entry.bytes.byteLength,
        sha256: createHash('sha256').update(entry.bytes).digest('hex'),
        ...entry.details,
      };
      const info = store.db
        .prepare(
          `INSERT INTO export_events (record_id, content_sha256, record_name, format, reviewer, at, details)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(entry.recordId, record.contentSha256, record.name, entry.format, entry.reviewer, at, JSON.stringify(details));
      return {
        eventId: Number(info.lastInsertRowid),
        recordId: entry.recordId,
        contentSha256: record.contentSha256,
        name: record.name,
        kind: 'export' as const,
        format: entry.format,
        reviewer: entry.reviewer,
        at,
        details,
      };
    })
    .immediate();
}

/**
 * The export audit rows of a record (matched by id and content hash, so a later case reusing the id is not confused
 * with a removed one), oldest first.
 * @param store - the review store.
 * @param recordId - the record.
 * @returns its export rows.
 * @throws NotFoundError when the record does not exist.
 */
export function exportEvents(store: ReviewStore, recordId: number): ExportEvent[] {
  const record = store.getRecord(recordId);
  const rows = store.db
    .prepare('SELECT * FROM export_events WHERE record_id = ? AND content_sha256 = ? ORDER BY id')
    .all(recordId, record.contentSha256) as Record<string, unknown>[];
  return rows.map((row) => ({
    eventId: row.id as number,
    recordId: row.record_id as number,
    contentSha256: row.content_sha256 as string,
    name: row.record_name as string,
    kind: 'export',
    format: row.format as ExportFormat,
    reviewer: row.reviewer as string,
    at: row.at as string,
    details: JSON.parse(row.details as string) as ExportEvent['details'],
  }));
}

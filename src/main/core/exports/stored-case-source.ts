import type { AamiClass } from '../../../shared/labels';
import type { LabelSource } from '../../../shared/api';
import { NotFoundError, type ReviewStore } from '../store/review-store';
import { probeSignalRecord } from '../formats/probe-signal-record';
import type { CaseExportSource } from './case-export-source';
import type { ReviewSignOff } from './export-provenance';

/**
 * The review sign-off of a stored case: status and reviewer from `reviews`, the time it was last marked reviewed from
 * the audit trail. Signing fields stay absent until the store records signatures.
 * @param store - the review store.
 * @param recordId - the record.
 * @returns the sign-off.
 * @throws NotFoundError when the record does not exist.
 */
export function storedSignOff(store: ReviewStore, recordId: number): ReviewSignOff {
  const { status, reviewer } = store.review(recordId);
  const reviewed = store.db
    .prepare(
      `SELECT at FROM label_events WHERE record_id = ? AND kind = 'review-status' AND new_value = 'reviewed' ORDER BY id DESC LIMIT 1`,
    )
    .get(recordId) as { at: string } | undefined;
  return { status, reviewer, reviewedAt: status === 'reviewed' ? (reviewed?.at ?? null) : null };
}

/**
 * Everything the exports of a stored case need: the record's facts and header clock, the shown (latest finished)
 * analysis's beats with their current labels (human relabels included) and rhythm episodes, and the provenance.
 * @param store - the review store.
 * @param recordId - the record.
 * @param appVersion - the app version writing the export.
 * @returns the source and the analysis id it came from.
 * @throws NotFoundError when the record does not exist or has no finished analysis; WfdbError naming the file when its
 *   header can no longer be read.
 */
export function storedCaseSource(
  store: ReviewStore,
  recordId: number,
  appVersion: string,
): { source: CaseExportSource; analysisId: number } {
  const record = store.getRecord(recordId);
  const analysis = store.latestAnalysis(recordId, 'done');
  if (analysis === null) throw new NotFoundError(`record ${record.name} has no finished analysis to export`);
  const { header } = probeSignalRecord(record.path);
  const beats = (
    store.db.prepare('SELECT sample, label, source FROM beats WHERE analysis_id = ? ORDER BY sample').all(analysis.analysisId) as {
      sample: number;
      label: AamiClass;
      source: LabelSource;
    }[]
  ).map((b) => ({ sample: b.sample, label: b.label, source: b.source }));
  return {
    analysisId: analysis.analysisId,
    source: {
      headerPath: record.path,
      recordName: record.name,
      fsHz: record.fsHz,
      nSamples: record.nSamples,
      baseTime: header.baseTime,
      baseDate: header.baseDate,
      beats,
      episodes: store.episodes(analysis.analysisId),
      provenance: {
        recordName: record.name,
        analysis: { createdAt: analysis.createdAt, backend: analysis.backend, detector: analysis.detector },
        models: analysis.models,
        review: storedSignOff(store, recordId),
        appVersion,
        exportedAt: new Date().toISOString(),
      },
    },
  };
}

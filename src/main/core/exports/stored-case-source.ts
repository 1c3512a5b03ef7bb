import type { AamiClass } from '../../../shared/labels';
import type { LabelSource, ReviewerProfile } from '../../../shared/api';
import { NotFoundError, type ReviewStore } from '../store/review-store';
import { ReviewEditor } from '../store/review-editor';
import { probeSignalRecord } from '../formats/probe-signal-record';
import { markedSpans } from '../report/marked-spans';
import type { SampleSpan } from '../report/report-input';
import type { CaseExportSource } from './case-export-source';
import type { ReviewSignOff } from './export-provenance';

/** The role of a reviewer profile by name, or null when the name is not a profile. */
function roleOf(store: ReviewStore, name: string | null): ReviewerProfile['role'] | null {
  if (name === null) return null;
  const role = store.db.prepare('SELECT role FROM reviewers WHERE name = ?').pluck().get(name) as ReviewerProfile['role'] | undefined;
  return role ?? null;
}

/**
 * The review sign-off of a stored case: its status (`reviews`); while it is reviewed or signed, who marked it reviewed
 * and when (the latest such status change in the audit trail); while it is signed, the signer and the signing time
 * (`reviews.signed_by`, `signed_at`); each person's role from their reviewer profile.
 * @param store - the review store.
 * @param recordId - the record.
 * @returns the sign-off.
 * @throws NotFoundError when the record does not exist.
 */
export function storedSignOff(store: ReviewStore, recordId: number): ReviewSignOff {
  store.getRecord(recordId);
  const { status, signedBy, signedAt } = store.reviewRow(recordId);
  const reviewed =
    status === 'reviewed' || status === 'signed'
      ? (store.db
          .prepare(
            `SELECT reviewer, at FROM label_events WHERE record_id = ? AND kind = 'review-status' AND new_value = 'reviewed' ORDER BY id DESC LIMIT 1`,
          )
          .get(recordId) as { reviewer: string; at: string } | undefined)
      : undefined;
  const signed = status === 'signed' && signedBy !== null && signedAt !== null;
  return {
    status,
    reviewer: reviewed?.reviewer ?? null,
    reviewerRole: roleOf(store, reviewed?.reviewer ?? null),
    reviewedAt: reviewed?.at ?? null,
    signedBy: signed ? signedBy : null,
    signerRole: signed ? roleOf(store, signedBy) : null,
    signedAt: signed ? signedAt : null,
  };
}

/**
 * The artefact stretches the reviewer marked on an analysis: its artefact actions in force (done, not undone), marks
 * and clears applied in order (`markedSpans`). Actions stored before the span was kept mark only their beats.
 * @param store - the review store.
 * @param analysisId - the analysis.
 * @returns the marked stretches, sorted and disjoint.
 */
export function storedArtefactStretches(store: ReviewStore, analysisId: number): SampleSpan[] {
  const rows = store.db
    .prepare(
      `SELECT onset_sample AS onsetSample, end_sample AS endSample, new_value AS value FROM review_actions
       WHERE analysis_id = ? AND kind = 'artefact' AND state = 'done' AND onset_sample IS NOT NULL ORDER BY id`,
    )
    .all(analysisId) as { onsetSample: number; endSample: number; value: string }[];
  return markedSpans(rows.map((r) => ({ onsetSample: r.onsetSample, endSample: r.endSample, marked: r.value === '1' })));
}

/**
 * Everything the exports of a stored case need: the record's facts and header clock, the shown (latest finished)
 * analysis as reviewed (beats not deleted, with their current labels and artefact flags; episodes not deleted, with
 * their reviewed labels), the artefact stretches, the strips added to the report, and the provenance with the
 * sign-off.
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
  // One read transaction: every part comes from the same state of the case, whatever another process writes meanwhile.
  return store.db.transaction(() => readCaseSource(store, recordId, appVersion))();
}

function readCaseSource(store: ReviewStore, recordId: number, appVersion: string): { source: CaseExportSource; analysisId: number } {
  const record = store.getRecord(recordId);
  const analysis = store.latestAnalysis(recordId, 'done');
  if (analysis === null) throw new NotFoundError(`record ${record.name} has no finished analysis to export`);
  const { header } = probeSignalRecord(record.path);
  const beats = (
    store.db
      .prepare('SELECT sample, label, source, artefact FROM beats WHERE analysis_id = ? AND deleted = 0 ORDER BY sample')
      .all(analysis.analysisId) as { sample: number; label: AamiClass; source: LabelSource; artefact: number }[]
  ).map((b) => ({ sample: b.sample, label: b.label, source: b.source, artefact: b.artefact === 1 }));
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
      artefactSpans: storedArtefactStretches(store, analysis.analysisId),
      addedStrips: new ReviewEditor(store).listStrips(recordId),
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

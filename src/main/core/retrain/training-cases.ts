import type { ReviewStatus } from '../../../shared/api';
import type { AnalysisRow, RecordRow, ReviewRow, ReviewStore } from '../store/review-store';

/** Review statuses whose cases feed retraining: a human went through the whole case. */
const TRAINING_STATUSES: readonly ReviewStatus[] = Object.freeze(['reviewed', 'signed']);

/** A reviewed or signed case with its latest finished analysis and the case-level provenance. */
export interface TrainingCase {
  recordId: number;
  record: RecordRow;
  analysis: AnalysisRow;
  review: ReviewRow;
  /** the case's signer, else its last reviewer: the provenance of labels no audit row names */
  caseReviewer: string | null;
  /** when it was signed, else when its review row last changed (ISO 8601) */
  caseAt: string;
}

/**
 * The cases retraining may learn from (review status in TRAINING_STATUSES), in record-id order,
 * each with its latest finished analysis, shared by the beat (collectReviewDataset) and rhythm
 * (collectRhythmDataset) training sets. Read-only.
 * @param store - the review database
 * @param recordIds - only these cases (default: every reviewed or signed case)
 * @returns the cases with an analysis, and the names of those without one
 */
export function trainingCases(
  store: ReviewStore,
  recordIds?: readonly number[],
): { cases: TrainingCase[]; casesWithoutAnalysis: string[] } {
  const statuses = TRAINING_STATUSES.map((s) => `'${s}'`).join(',');
  const ids = store.db.prepare(`SELECT record_id FROM reviews WHERE status IN (${statuses}) ORDER BY record_id`).pluck().all() as number[];
  const wanted = recordIds ? new Set(recordIds) : null;
  const cases: TrainingCase[] = [];
  const casesWithoutAnalysis: string[] = [];
  for (const recordId of ids) {
    if (wanted && !wanted.has(recordId)) continue;
    const record = store.getRecord(recordId);
    const analysis = store.latestAnalysis(recordId, 'done');
    if (!analysis) {
      casesWithoutAnalysis.push(record.name);
      continue;
    }
    const review = store.reviewRow(recordId);
    const caseAt =
      review.signedAt ?? (store.db.prepare('SELECT updated_at FROM reviews WHERE record_id = ?').pluck().get(recordId) as string);
    cases.push({ recordId, record, analysis, review, caseReviewer: review.signedBy ?? review.reviewer, caseAt });
  }
  return { cases, casesWithoutAnalysis };
}

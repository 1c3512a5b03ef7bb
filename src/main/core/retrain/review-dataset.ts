import type { ClassCounts, ReviewStatus } from '../../../shared/api';
import { AAMI_CLASSES, type AamiClass } from '../../../shared/labels';
import type { ReviewStore } from '../store/review-store';
import { trainingCases } from './training-cases';

/** Where a training beat's provenance (reviewer, time) was found. */
export type ProvenanceSource =
  /** the last audit row (relabel, confirmation, insertion) of this very beat */
  | 'beat-event'
  /** the last audit row at this beat's sample (a label carried over from an earlier analysis) */
  | 'sample-event'
  /** no audit row names the beat: the case's sign-off, else its last status change */
  | 'case-review';

/** One beat of the training set with where its label came from. */
export interface TrainingBeat {
  beatId: number;
  /** R position, record samples (0-based) */
  sample: number;
  label: AamiClass;
  /** 'human': confirmed or corrected by a reviewer; 'model': unreviewed output (only with `includeModelLabels`) */
  source: 'human' | 'model';
  /** who labelled it (null for a model label) */
  reviewer: string | null;
  /** when, ISO 8601 UTC (null for a model label) */
  at: string | null;
  provenance: ProvenanceSource | null;
}

/** One reviewed case's share of the training set. */
export interface TrainingCase {
  recordId: number;
  recordName: string;
  /** the record's header path (what the analysis read) */
  headerPath: string;
  fsHz: number;
  nSamples: number;
  /** the analysis whose beats the labels belong to (the case's latest finished one) */
  analysisId: number;
  reviewStatus: ReviewStatus;
  signedBy: string | null;
  /** every beat of the analysis that is not deleted (artefact ones included), record samples, ascending:
   *  the beat list the RR features and the running normalisation are computed from, as in the analysis */
  contextSamples: Int32Array;
  /** the training beats (artefact and deleted beats left out), ascending by sample */
  beats: TrainingBeat[];
  /** training beats per class */
  classCounts: ClassCounts;
  /** of them, labelled by a human */
  humanBeats: number;
}

/** The training set drawn from the review database. */
export interface ReviewDataset {
  cases: TrainingCase[];
  /** training beats per class over every case */
  classCounts: ClassCounts;
  /** whether unreviewed model labels were let in */
  includeModelLabels: boolean;
  /** reviewed or signed cases left out because they have no finished analysis */
  casesWithoutAnalysis: string[];
}

/** Options of {@link collectReviewDataset}. */
export interface ReviewDatasetOptions {
  /** also take the model's labels of the beats no reviewer touched (default false: human labels only) */
  includeModelLabels?: boolean;
  /** only these records (default: every reviewed or signed case) */
  recordIds?: readonly number[];
}

const HUMAN_EVENT_KINDS = "('beat-label','beat-confirmed','beat-inserted')";

/** The newest audit row (reviewer, time) among those of actions still in effect, matched by `where`. */
function lastEventSql(where: string): string {
  return `(SELECT json_array(e.reviewer, e.at) FROM label_events e LEFT JOIN review_actions a ON a.id = e.action_id
     WHERE ${where} AND e.kind IN ${HUMAN_EVENT_KINDS} AND (a.id IS NULL OR a.state = 'done') ORDER BY e.id DESC LIMIT 1)`;
}

function emptyCounts(): ClassCounts {
  return { N: 0, S: 0, V: 0, F: 0, Q: 0 };
}

/**
 * Gathers the beat-label training set from the review database: only cases whose review status is
 * 'reviewed' or 'signed', and from each its latest finished analysis's beats that are neither deleted
 * nor marked artefact and whose label a reviewer confirmed or corrected (source 'human'); with
 * `includeModelLabels`, the other beats of those cases too, with their model labels. Every human beat
 * carries its provenance: the reviewer and time of the last relabel, confirmation or insertion of the
 * beat still in effect (undone actions ignored); for a label carried over from an earlier analysis
 * the last such row at its sample; failing both, the case's signer (or last reviewer) and time.
 * Read-only.
 * @param store - the review database
 * @param options - model labels in or out, record filter
 * @returns the cases with their beats and class counts (cases with no training beat are kept, with
 *   zero counts, so the UI can show them)
 */
export function collectReviewDataset(store: ReviewStore, options: ReviewDatasetOptions = {}): ReviewDataset {
  const includeModelLabels = options.includeModelLabels ?? false;
  const beatQuery = store.db.prepare(
    `SELECT b.id, b.sample, b.label, b.source,
       ${lastEventSql('e.beat_id = b.id')} AS beat_event,
       ${lastEventSql('e.record_id = @recordId AND e.sample = b.sample')} AS sample_event
     FROM beats b WHERE b.analysis_id = @analysisId AND b.deleted = 0 AND b.artefact = 0
       AND (@all = 1 OR b.source = 'human') ORDER BY b.sample, b.id`,
  );
  const { cases, casesWithoutAnalysis } = trainingCases(store, options.recordIds);
  const dataset: ReviewDataset = { cases: [], classCounts: emptyCounts(), includeModelLabels, casesWithoutAnalysis };
  for (const { recordId, record, analysis, review, caseReviewer, caseAt } of cases) {
    const beatRows = beatQuery.all({ recordId, analysisId: analysis.analysisId, all: includeModelLabels ? 1 : 0 }) as {
      id: number;
      sample: number;
      label: AamiClass;
      source: 'human' | 'model';
      beat_event: string | null;
      sample_event: string | null;
    }[];
    const counts = emptyCounts();
    let humanBeats = 0;
    const beats = beatRows.map((row): TrainingBeat => {
      counts[row.label]++;
      if (row.source === 'model')
        return { beatId: row.id, sample: row.sample, label: row.label, source: 'model', reviewer: null, at: null, provenance: null };
      humanBeats++;
      const event = row.beat_event ?? row.sample_event;
      const provenance: ProvenanceSource = row.beat_event ? 'beat-event' : row.sample_event ? 'sample-event' : 'case-review';
      const [reviewer, at] = event ? (JSON.parse(event) as [string, string]) : [caseReviewer, caseAt];
      return { beatId: row.id, sample: row.sample, label: row.label, source: 'human', reviewer, at, provenance };
    });
    for (const c of AAMI_CLASSES) dataset.classCounts[c] += counts[c];
    dataset.cases.push({
      recordId,
      recordName: record.name,
      headerPath: record.path,
      fsHz: record.fsHz,
      nSamples: record.nSamples,
      analysisId: analysis.analysisId,
      reviewStatus: review.status,
      signedBy: review.signedBy,
      contextSamples: store.beatList(analysis.analysisId).samples,
      beats,
      classCounts: counts,
      humanBeats,
    });
  }
  return dataset;
}

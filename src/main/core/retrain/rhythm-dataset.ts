import type { ReviewStatus } from '../../../shared/api';
import { RHYTHM_LABELS, type RhythmLabel } from '../rhythm/rhythm-labels';
import type { ReviewStore } from '../store/review-store';
import { trainingCases } from './training-cases';
import { rhythmTrainingLabel } from './rhythm-training-label';

/** Windows per CinC 2017 strip class (N, A, O, ~). */
export type RhythmCounts = Record<RhythmLabel, number>;

/** Tunables of the rhythm training set. */
export const RHYTHM_DATASET_CONFIG = Object.freeze({
  /**
   * most windows taken from one case (evenly spread over its windows when it has more): 1,000 windows
   * of 30 s are 8.3 h; it bounds a run's memory (12 kB per window at 100 Hz) and time, and keeps a
   * 7-day recording from outweighing every other case
   */
  maxWindowsPerCase: 1000,
});

/** One reviewed rhythm episode of the training set with where its label came from. */
export interface TrainingEpisode {
  episodeId: number;
  /** Holter rhythm code as stored (N, AFIB, …) */
  code: string;
  /** its CinC 2017 training class (rhythmTrainingLabel), null when unmapped (left out) */
  label: RhythmLabel | null;
  /** record samples, [onsetSample, endSample) */
  onsetSample: number;
  endSample: number;
  /** 'human': added or relabelled by a reviewer, or the model's episode a reviewer accepted; 'model': unreviewed (only with `includeModelLabels`) */
  source: 'human' | 'model';
  reviewer: string | null;
  /** ISO 8601 UTC, null for a model label */
  at: string | null;
  /** 'episode-event': the episode's last audit row still in effect; 'case-review': none names it (the case's sign-off or last status change) */
  provenance: 'episode-event' | 'case-review' | null;
  /** 30 s windows it gave */
  windows: number;
}

/** One 30 s training window: where it starts and its class. */
export interface RhythmTrainingWindow {
  /** first sample, record samples */
  startSample: number;
  label: RhythmLabel;
  /** the episode it lies in */
  episodeId: number;
}

/** One reviewed case's share of the rhythm training set. */
export interface RhythmTrainingCase {
  recordId: number;
  recordName: string;
  headerPath: string;
  fsHz: number;
  nSamples: number;
  analysisId: number;
  reviewStatus: ReviewStatus;
  signedBy: string | null;
  episodes: TrainingEpisode[];
  /** ascending by start */
  windows: RhythmTrainingWindow[];
  classCounts: RhythmCounts;
  /** of the episodes, those a human confirmed or corrected */
  humanEpisodes: number;
  /** episodes shorter than one window (no window fits inside) */
  shortEpisodes: number;
  /** windows dropped by RHYTHM_DATASET_CONFIG.maxWindowsPerCase */
  thinnedWindows: number;
}

/** The rhythm training set drawn from the review database. */
export interface RhythmDataset {
  cases: RhythmTrainingCase[];
  classCounts: RhythmCounts;
  includeModelLabels: boolean;
  windowS: number;
  casesWithoutAnalysis: string[];
}

/** Options of {@link collectRhythmDataset}. */
export interface RhythmDatasetOptions {
  /** the rhythm model's window length, in s (its meta.json `windowS`) */
  windowS: number;
  /** also take the unreviewed model episodes of those cases (default false) */
  includeModelLabels?: boolean;
  recordIds?: readonly number[];
}

/** Zero windows per class. */
export function emptyRhythmCounts(): RhythmCounts {
  return { N: 0, A: 0, O: 0, '~': 0 };
}

const EPISODE_EVENT_SQL = `(SELECT json_array(e.reviewer, e.at) FROM label_events e LEFT JOIN review_actions a ON a.id = e.action_id
  WHERE e.episode_id = r.id AND e.kind IN ('episode-label','episode-accepted','episode-added')
    AND (a.id IS NULL OR a.state = 'done') ORDER BY e.id DESC LIMIT 1)`;

/** `take` of `n` indices spread evenly (all when n ≤ take). */
function evenlySpread(n: number, take: number): number[] {
  if (n <= take) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: take }, (_, k) => Math.floor((k * n) / take));
}

/**
 * Gathers the rhythm training set from the review database: of the cases whose review status is
 * 'reviewed' or 'signed', the latest finished analysis's rhythm episodes (not deleted) that a human
 * confirmed (accepted) or corrected (relabelled or added; source 'human'), and with
 * `includeModelLabels` the other episodes too. Each episode's Holter code is mapped to its CinC 2017
 * class (rhythmTrainingLabel) and the episode is cut into consecutive non-overlapping windows of
 * `windowS` from its onset (floor(duration / windowS) windows; shorter episodes give none, and a
 * window never straddles two episodes, so its label is the episode's); a case with more than
 * RHYTHM_DATASET_CONFIG.maxWindowsPerCase windows keeps that many, evenly spread. Provenance: the
 * reviewer and time of the last label, acceptance or insertion audit row of the episode still in
 * effect, else the case's signer (or last reviewer) and time. Read-only.
 * @param store - the review database
 * @param options - window length, model labels in or out, record filter
 * @returns the cases (those without windows kept, with zero counts) and the class counts
 * @throws RangeError for a non-positive window length
 */
export function collectRhythmDataset(store: ReviewStore, options: RhythmDatasetOptions): RhythmDataset {
  if (!(options.windowS > 0)) throw new RangeError(`collectRhythmDataset: window length must be positive, got ${options.windowS} s`);
  const includeModelLabels = options.includeModelLabels ?? false;
  const episodeQuery = store.db.prepare(
    `SELECT r.id, r.label, r.onset_sample, r.end_sample, r.source, r.accepted, ${EPISODE_EVENT_SQL} AS event
     FROM rhythm_episodes r WHERE r.analysis_id = @analysisId AND r.deleted = 0
       AND (@all = 1 OR r.source = 'human' OR r.accepted = 1) ORDER BY r.onset_sample, r.id`,
  );
  const { cases, casesWithoutAnalysis } = trainingCases(store, options.recordIds);
  const dataset: RhythmDataset = {
    cases: [],
    classCounts: emptyRhythmCounts(),
    includeModelLabels,
    windowS: options.windowS,
    casesWithoutAnalysis,
  };
  for (const { recordId, record, analysis, review, caseReviewer, caseAt } of cases) {
    const rows = episodeQuery.all({ analysisId: analysis.analysisId, all: includeModelLabels ? 1 : 0 }) as {
      id: number;
      label: string;
      onset_sample: number;
      end_sample: number;
      source: 'human' | 'model';
      accepted: number;
      event: string | null;
    }[];
    const windowSamples = Math.round(options.windowS * record.fsHz);
    const all: RhythmTrainingWindow[] = [];
    let shortEpisodes = 0;
    let humanEpisodes = 0;
    const episodes = rows.map((row): TrainingEpisode => {
      const label = rhythmTrainingLabel(row.label);
      const n = Math.floor((row.end_sample - row.onset_sample) / windowSamples);
      if (n === 0) shortEpisodes++;
      if (label !== null)
        for (let k = 0; k < n; k++) all.push({ startSample: row.onset_sample + k * windowSamples, label, episodeId: row.id });
      const human = row.source === 'human' || row.accepted === 1;
      const base = {
        episodeId: row.id,
        code: row.label,
        label,
        onsetSample: row.onset_sample,
        endSample: row.end_sample,
        windows: label ? n : 0,
      };
      if (!human) return { ...base, source: 'model', reviewer: null, at: null, provenance: null };
      humanEpisodes++;
      const [reviewer, at] = row.event ? (JSON.parse(row.event) as [string, string]) : [caseReviewer, caseAt];
      return { ...base, source: 'human', reviewer, at, provenance: row.event ? 'episode-event' : 'case-review' };
    });
    const kept = evenlySpread(all.length, RHYTHM_DATASET_CONFIG.maxWindowsPerCase).map((i) => all[i] as RhythmTrainingWindow);
    const counts = emptyRhythmCounts();
    for (const w of kept) counts[w.label]++;
    for (const c of RHYTHM_LABELS) dataset.classCounts[c] += counts[c];
    dataset.cases.push({
      recordId,
      recordName: record.name,
      headerPath: record.path,
      fsHz: record.fsHz,
      nSamples: record.nSamples,
      analysisId: analysis.analysisId,
      reviewStatus: review.status,
      signedBy: review.signedBy,
      episodes,
      windows: kept,
      classCounts: counts,
      humanEpisodes,
      shortEpisodes,
      thinnedWindows: all.length - kept.length,
    });
  }
  return dataset;
}

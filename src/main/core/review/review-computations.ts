import type { ReportEventView } from '../../../shared/api';
import { NotFoundError, type BeatList, type ReviewStore } from '../store/review-store';
import { ReviewEditor } from '../store/review-editor';
import type { BeatListFollower } from './beat-list-follower';
import { buildBeatTemplates } from './build-beat-templates';
import { reviewEvents } from './review-events';
import type { TemplateSet } from './template-set';

/**
 * The state of a record's review that a computation read: its shown analysis and its latest review action. Every
 * edit, undo and redo writes an action and a re-analysis a new analysis, so an equal key means equal beats.
 */
export interface ReviewStateKey {
  analysisId: number;
  /** the analysis's `created_at` (a re-analysis into the same id cannot look unchanged) */
  createdAt: string;
  /** the record's latest review action id, 0 when none */
  lastActionId: number;
}

/** A record's templates built from its stored beats at one {@link ReviewStateKey}. */
export interface StoredTemplates {
  key: ReviewStateKey;
  /** the beats the set was built from (index i of the set = beat i here) */
  beats: BeatList;
  set: TemplateSet;
}

/** A record's events list at one {@link ReviewStateKey}. */
export interface StoredEvents {
  key: ReviewStateKey;
  events: ReportEventView[];
}

/**
 * The review screen's two whole-record computations, from the stored beats: morphology templates (about 6 s CPU for
 * a 24 h record) and the events list (about 0.5 s). The server runs them on a worker thread
 * (`ReviewWorkerPool`) so that its serving loop never waits for them; {@link inProcessReviewComputations} runs them
 * here (an in-memory database, which a worker cannot open).
 */
export interface ReviewComputations {
  /** @throws NotFoundError when the record or a finished analysis of it does not exist; the record reader's errors */
  templates(recordId: number): Promise<StoredTemplates>;
  /** @throws NotFoundError when the record or a finished analysis of it does not exist */
  events(recordId: number): Promise<StoredEvents>;
}

/**
 * The current {@link ReviewStateKey} of a record.
 * @throws NotFoundError when the record has no finished analysis
 */
export function reviewStateKey(store: ReviewStore, recordId: number): ReviewStateKey {
  const analysis = store.latestAnalysis(recordId, 'done');
  if (!analysis) throw new NotFoundError(`record ${recordId} has no finished analysis yet`);
  return { analysisId: analysis.analysisId, createdAt: analysis.createdAt, lastActionId: new ReviewEditor(store).lastActionId(recordId) };
}

/** @returns whether two keys name the same review state */
export function sameReviewState(a: ReviewStateKey, b: ReviewStateKey): boolean {
  return a.analysisId === b.analysisId && a.createdAt === b.createdAt && a.lastActionId === b.lastActionId;
}

/**
 * Builds a record's templates from the beats its shown analysis has now (one read transaction: the key and the
 * beats are of one state).
 * @throws as {@link ReviewComputations.templates}
 */
export function buildStoredTemplates(store: ReviewStore, recordId: number): StoredTemplates {
  const { path } = store.getRecord(recordId);
  const { key, beats } = store.db.transaction(() => {
    const at = reviewStateKey(store, recordId);
    return { key: at, beats: store.beatList(at.analysisId) };
  })();
  return { key, beats, set: buildBeatTemplates(path, { samples: beats.samples, labels: beats.labels }) };
}

/**
 * Computes a record's events list from the beats and episodes its shown analysis has now (one read transaction).
 * @param follower - keeps the record's beat list across calls (patched after label and artefact edits, see
 *   `BeatListFollower`); without it every beat is read
 * @throws as {@link ReviewComputations.events}
 */
export function computeStoredEvents(store: ReviewStore, recordId: number, follower?: BeatListFollower): StoredEvents {
  const record = store.getRecord(recordId);
  const { key, beats, episodes } = store.db.transaction(() => {
    const at = reviewStateKey(store, recordId);
    const current = follower ? follower.beatsAt(recordId, at) : store.beatList(at.analysisId);
    return { key: at, beats: current, episodes: store.episodes(at.analysisId) };
  })();
  return { key, events: reviewEvents({ recordName: record.name, fsHz: record.fsHz, nSamples: record.nSamples, beats, episodes }) };
}

/** {@link ReviewComputations} on this thread. */
export function inProcessReviewComputations(store: ReviewStore): ReviewComputations {
  return {
    templates: async (recordId) => buildStoredTemplates(store, recordId),
    events: async (recordId) => computeStoredEvents(store, recordId),
  };
}

/**
 * The review worker (a piscina task module on one `worker_threads` worker): computes a record's morphology templates
 * or its events list from the stored beats through its own connection to the review database, so that the serving
 * process's event loop never spends seconds on them (see `ReviewWorkerPool`). Errors go back as plain objects that
 * keep their name (`NotFoundError` stays a not-found reply).
 */
import { BeatListFollower } from '../review/beat-list-follower';
import { ReviewStore } from '../store/review-store';
import { buildStoredTemplates, computeStoredEvents, type StoredEvents, type StoredTemplates } from '../review/review-computations';

/** One computation for one record of a database file. */
export interface ReviewWorkerTask {
  kind: 'templates' | 'events';
  databasePath: string;
  recordId: number;
}

/** The computation's result, or its error as a plain object. */
export type ReviewWorkerResult =
  { ok: true; templates: StoredTemplates } | { ok: true; events: StoredEvents } | { ok: false; error: { name: string; message: string } };

/** Per database file: the worker's connection and the beat lists it follows for the events lists. */
const stores = new Map<string, { store: ReviewStore; follower: BeatListFollower }>();

/** Runs one {@link ReviewWorkerTask} (piscina's default export). */
export default function runReviewTask(task: ReviewWorkerTask): ReviewWorkerResult {
  try {
    let opened = stores.get(task.databasePath);
    if (!opened) {
      const store = new ReviewStore(task.databasePath);
      opened = { store, follower: new BeatListFollower(store) };
      stores.set(task.databasePath, opened);
    }
    return task.kind === 'templates'
      ? { ok: true, templates: buildStoredTemplates(opened.store, task.recordId) }
      : { ok: true, events: computeStoredEvents(opened.store, task.recordId, opened.follower) };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    return { ok: false, error: { name, message } };
  }
}

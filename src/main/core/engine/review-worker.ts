/**
 * The review worker (a piscina task module on one `worker_threads` worker): computes a record's morphology templates
 * or its events list from the stored beats through its own connection to the review database, so that the serving
 * process's event loop never spends seconds on them (see `ReviewWorkerPool`). Errors go back as plain objects that
 * keep their name (`NotFoundError` stays a not-found reply).
 */
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

const stores = new Map<string, ReviewStore>();

/** Runs one {@link ReviewWorkerTask} (piscina's default export). */
export default function runReviewTask(task: ReviewWorkerTask): ReviewWorkerResult {
  try {
    let store = stores.get(task.databasePath);
    if (!store) {
      store = new ReviewStore(task.databasePath);
      stores.set(task.databasePath, store);
    }
    return task.kind === 'templates'
      ? { ok: true, templates: buildStoredTemplates(store, task.recordId) }
      : { ok: true, events: computeStoredEvents(store, task.recordId) };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    return { ok: false, error: { name, message } };
  }
}

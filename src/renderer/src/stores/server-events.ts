import type { Pinia } from 'pinia';
import { api } from '../api';
import { useCasesStore } from './cases';
import { useJobsStore } from './jobs';
import { useRetrainStore } from './retrain';
import { useRecordStore } from './record';
import { useReviewStore } from './review';
import { useRouteStore } from './route';

/**
 * Subscribes the stores to the server's pushes: job progress feeds the jobs indicator, fine-tuning progress and
 * ends the retraining panel; a finished job or a changed
 * case refreshes the case list and, when it concerns the open record, its overview and strip (or, when the open case
 * was removed, goes back to the case list); a change this window's review action made is left to that action's
 * reload.
 * @param pinia - the app's Pinia instance
 */
export function wireServerEvents(pinia: Pinia): void {
  const jobs = useJobsStore(pinia);
  const cases = useCasesStore(pinia);
  const record = useRecordStore(pinia);
  const route = useRouteStore(pinia);
  const retrain = useRetrainStore(pinia);
  const review = useReviewStore(pinia);

  api.on('job:progress', (payload) => jobs.onProgress(payload));
  api.on('retrain:progress', (payload) => retrain.onProgress(payload));
  api.on('retrain:done', (payload) => retrain.onDone(payload));
  api.on('job:done', (payload) => {
    jobs.onDone(payload);
    void cases.refresh();
    if (record.recordId === payload.recordId) void record.refreshOverview().then(() => record.loadStrip());
  });
  api.on('cases:changed', (payload) => {
    // the retraining panel is on the case list, which refreshes it when shown
    if (retrain.dataset !== null && route.current.name === 'cases') void retrain.refresh();
    const open = record.recordId;
    if (open === null || !payload.recordIds.includes(open)) {
      void cases.refresh();
      return;
    }
    // this window's own edit: it reloads what the edit changed once the reply is in (and the case list refreshes
    // when shown), so the push would only put a case list and a second overview in the server's queue before it
    if (review.busy) return;
    void cases.refresh().then(() => {
      if (record.recordId !== open) return;
      if (cases.byId(open)) void record.refreshOverview();
      else route.go({ name: 'cases' });
    });
  });
}

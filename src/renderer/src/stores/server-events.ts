import type { Pinia } from 'pinia';
import { api } from '../api';
import { useCasesStore } from './cases';
import { useJobsStore } from './jobs';
import { useRecordStore } from './record';

/**
 * Subscribes the stores to the server's pushes: job progress feeds the jobs indicator; a finished job or a changed
 * case refreshes the case list and, when it concerns the open record, its overview and strip.
 * @param pinia - the app's Pinia instance
 */
export function wireServerEvents(pinia: Pinia): void {
  const jobs = useJobsStore(pinia);
  const cases = useCasesStore(pinia);
  const record = useRecordStore(pinia);

  api.on('job:progress', (payload) => jobs.onProgress(payload));
  api.on('job:done', (payload) => {
    jobs.onDone(payload);
    void cases.refresh();
    if (record.recordId === payload.recordId) void record.refreshOverview().then(() => record.loadStrip());
  });
  api.on('cases:changed', (payload) => {
    void cases.refresh();
    if (record.recordId !== null && payload.recordIds.includes(record.recordId)) void record.refreshOverview();
  });
}

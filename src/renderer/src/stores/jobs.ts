import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Events } from '../../../shared/api';
import { api } from '../api';
import { useErrorsStore } from './errors';

/** A running analysis job as the last `job:progress` event described it. */
export type RunningJob = Events['job:progress'];

/** Analysis jobs in progress, fed by `job:progress` / `job:done` pushes. */
export const useJobsStore = defineStore('jobs', () => {
  const errors = useErrorsStore();
  const byId = ref<Record<string, RunningJob>>({});

  const running = computed(() => Object.values(byId.value));

  /** Records a progress event. */
  function onProgress(payload: Events['job:progress']): void {
    byId.value = { ...byId.value, [payload.jobId]: payload };
  }

  /** Forgets a finished job; a failed job's error goes to the banner. */
  function onDone(payload: Events['job:done']): void {
    const rest = { ...byId.value };
    delete rest[payload.jobId];
    byId.value = rest;
    if (payload.state === 'failed') {
      errors.report(`Analysis of record ${payload.recordId}`, new Error(payload.error ?? 'analysis failed'));
    }
  }

  /** The running job of a record, if any. */
  function forRecord(recordId: number): RunningJob | undefined {
    return running.value.find((job) => job.recordId === recordId);
  }

  /** Asks the server to cancel a job (`analysis:cancel`). */
  async function cancel(jobId: string): Promise<void> {
    await errors.guard('Cancel analysis', () => api.invoke('analysis:cancel', { jobId }));
  }

  return { byId, running, onProgress, onDone, forRecord, cancel };
});

import { defineStore } from 'pinia';
import { ref } from 'vue';
import { describeError, type ShownError } from '../lib/api-error';

/** One banner entry: what failed (`context`) and the error's code and message. */
export interface BannerError extends ShownError {
  id: number;
  context: string;
}

/** Errors shown in the dismissible banner; every failed API call ends up here. */
export const useErrorsStore = defineStore('errors', () => {
  const items = ref<BannerError[]>([]);
  let nextId = 1;

  /**
   * Shows an error in the banner.
   * @param context - what the user was doing, e.g. `Relabel beat`
   * @param error - the rejection value
   */
  function report(context: string, error: unknown): void {
    const shown = describeError(error);
    items.value.push({ id: nextId++, context, ...shown });
  }

  /** Removes one banner entry. */
  function dismiss(id: number): void {
    items.value = items.value.filter((e) => e.id !== id);
  }

  /** Removes all banner entries. */
  function dismissAll(): void {
    items.value = [];
  }

  /**
   * Runs an API call and reports its failure.
   * @param context - what the call does, shown with the error
   * @param work - the call
   * @returns the call's result, or undefined when it failed (the failure is in the banner)
   */
  async function guard<T>(context: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      report(context, error);
      return undefined;
    }
  }

  return { items, report, dismiss, dismissAll, guard };
});

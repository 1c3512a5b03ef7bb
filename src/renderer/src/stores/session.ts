import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { AppInfo } from '../../../shared/api';
import { api } from '../api';
import { useErrorsStore } from './errors';

const REVIEWER_KEY = 'holter.reviewer';
/** Reviewer name used until the user types one. */
export const DEFAULT_REVIEWER = 'technician';

function storedReviewer(): string {
  try {
    return localStorage.getItem(REVIEWER_KEY) ?? DEFAULT_REVIEWER;
  } catch {
    return DEFAULT_REVIEWER;
  }
}

/** The app's identity (`app:info`: backend, model versions) and the reviewer name, persisted in localStorage. */
export const useSessionStore = defineStore('session', () => {
  const errors = useErrorsStore();
  const info = ref<AppInfo | null>(null);
  const reviewer = ref(storedReviewer());

  watch(reviewer, (name) => {
    try {
      localStorage.setItem(REVIEWER_KEY, name);
    } catch (error) {
      errors.report('Save reviewer name', error);
    }
  });

  /** Loads `app:info` (errors go to the banner). */
  async function loadInfo(): Promise<void> {
    const result = await errors.guard('Load app info', () => api.invoke('app:info', {}));
    if (result) info.value = result;
  }

  /**
   * The reviewer name for a write, trimmed.
   * @returns the name, or null after reporting that it is missing
   */
  function reviewerForWrite(): string | null {
    const name = reviewer.value.trim();
    if (name !== '') return name;
    errors.report('Reviewer', new Error('Enter a reviewer name in the header before changing labels or status.'));
    return null;
  }

  return { info, reviewer, loadInfo, reviewerForWrite };
});

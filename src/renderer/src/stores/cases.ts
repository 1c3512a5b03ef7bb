import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CaseSummary, ImportResult } from '../../../shared/api';
import { api } from '../api';
import { useErrorsStore } from './errors';
import { useSessionStore } from './session';

/** The case list (`cases:list`), imports (`cases:import`), analysis starts and case removal (`cases:remove`). */
export const useCasesStore = defineStore('cases', () => {
  const errors = useErrorsStore();
  const session = useSessionStore();
  const list = ref<CaseSummary[]>([]);
  const loaded = ref(false);
  const importing = ref(false);
  const lastImport = ref<ImportResult | null>(null);
  let refreshSeq = 0;

  /** Reloads the list; an older reply arriving after a newer one is dropped. */
  async function refresh(): Promise<void> {
    const seq = ++refreshSeq;
    const result = await errors.guard('Load case list', () => api.invoke('cases:list', {}));
    if (result && seq === refreshSeq) {
      list.value = result;
      loaded.value = true;
    }
  }

  /**
   * Imports a record file or a folder of records, then reloads the list.
   * @param path - file or folder path on the machine running the server
   */
  async function importPath(path: string): Promise<void> {
    importing.value = true;
    try {
      const result = await errors.guard('Import', () => api.invoke('cases:import', { path }));
      lastImport.value = result ?? null;
      await refresh();
    } finally {
      importing.value = false;
    }
  }

  /** Starts (or restarts) the analysis of a record. */
  async function startAnalysis(recordId: number): Promise<void> {
    await errors.guard('Start analysis', () => api.invoke('analysis:start', { recordId }));
    await refresh();
  }

  /**
   * Removes a case with everything it owns (audited under the reviewer's name), then reloads the list. The caller
   * has asked the user to confirm.
   */
  async function removeCase(recordId: number): Promise<void> {
    const reviewer = session.reviewerForWrite();
    if (reviewer === null) return;
    await errors.guard('Remove case', () => api.invoke('cases:remove', { recordId, reviewer }));
    await refresh();
  }

  /** The summary of one record, when the list has it. */
  function byId(recordId: number): CaseSummary | undefined {
    return list.value.find((c) => c.recordId === recordId);
  }

  return { list, loaded, importing, lastImport, refresh, importPath, startAnalysis, removeCase, byId };
});

import { defineStore } from 'pinia';
import { ref } from 'vue';
import type {
  Events,
  LabelDiff,
  ModelVersions,
  ParamsIn,
  RetrainDataset,
  RhythmDatasetView,
  RhythmHead,
  RhythmVersionComparisonView,
  VersionComparisonView,
} from '../../../shared/api';
import { api } from '../api';
import { useCasesStore } from './cases';
import { useErrorsStore } from './errors';
import { useSessionStore } from './session';

/** Hyper-parameters the panel lets the user set (unset: the core's defaults). */
export type RetrainSettings = Pick<ParamsIn<'retrain:start'>, 'epochs' | 'batchSize' | 'learningRate' | 'replayRatio'>;

/** The last progress reading of the running fine-tuning job. */
export type RetrainProgress = Events['retrain:progress'];

/**
 * Retraining from reviewed labels (beat model, and rhythm model from reviewed episodes): the training sets' class counts per case, the running
 * fine-tuning job and its progress (`retrain:progress` / `retrain:done` pushes), and the model
 * versions with activation and rollback, re-analysis of a case with the active model and the label diff
 * of its last two analyses, and versions compared side by side (reviewed cases, DS2).
 */
export const useRetrainStore = defineStore('retrain', () => {
  const errors = useErrorsStore();
  const session = useSessionStore();
  const cases = useCasesStore();
  const dataset = ref<RetrainDataset | null>(null);
  const versions = ref<ModelVersions | null>(null);
  const includeModelLabels = ref(false);
  const jobId = ref<string | null>(null);
  const progress = ref<RetrainProgress | null>(null);
  const lastOutcome = ref<Events['retrain:done'] | null>(null);
  /** the last progress reading of the job that ended (a short run can end between two looks) */
  const lastProgress = ref<RetrainProgress | null>(null);
  const settings = ref<RetrainSettings>({});
  const diff = ref<LabelDiff | null>(null);
  /** versions ticked for comparison */
  const compareIds = ref<number[]>([]);
  const compareDs2 = ref(false);
  const comparing = ref(false);
  const comparison = ref<VersionComparisonView | null>(null);
  const rhythmDataset = ref<RhythmDatasetView | null>(null);
  /** rhythm versions ticked for comparison */
  const rhythmCompareIds = ref<number[]>([]);
  const rhythmComparison = ref<RhythmVersionComparisonView | null>(null);
  /** the rhythm run's head: the CinC 2017 softmax, or the multi-label (xECGNet) option */
  const rhythmHead = ref<RhythmHead>('single-label');
  /** λ of the multi-label run's attention regulariser (null: the core's default) */
  const attentionWeight = ref<number | null>(null);

  /** Reloads the training set and the versions. */
  async function refresh(): Promise<void> {
    await errors.guard('Load the training set', async () => {
      dataset.value = await api.invoke('retrain:dataset', { includeModelLabels: includeModelLabels.value });
      rhythmDataset.value = await api.invoke('retrain:rhythm-dataset', { includeModelLabels: includeModelLabels.value });
      versions.value = await api.invoke('retrain:versions', {});
    });
  }

  /**
   * Starts fine-tuning the beat (default) or rhythm model with the panel's hyper-parameters (the unset ones take the core's
   * defaults); a rhythm run with the multi-label head chosen trains the xECGNet option with its λ.
   */
  async function start(model: 'beats' | 'rhythm' = 'beats'): Promise<void> {
    const reviewer = session.reviewerForWrite();
    if (reviewer === null) return;
    const given = Object.fromEntries(Object.entries(settings.value).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)));
    const multiLabel = model === 'rhythm' && rhythmHead.value === 'multi-label';
    const lambda = attentionWeight.value;
    const head = multiLabel
      ? {
          rhythmHead: 'multi-label' as const,
          ...(typeof lambda === 'number' && Number.isFinite(lambda) ? { attentionWeight: lambda } : {}),
        }
      : {};
    const started = await errors.guard('Start fine-tuning', () =>
      api.invoke('retrain:start', { reviewer, model, includeModelLabels: includeModelLabels.value, ...given, ...head }),
    );
    // the job's own pushes may arrive before this reply (a short run can even have ended): keep them
    if (started && lastOutcome.value?.jobId !== started.jobId) {
      if (progress.value?.jobId !== started.jobId) progress.value = null;
      jobId.value = started.jobId;
      lastOutcome.value = null;
      lastProgress.value = null;
    }
  }

  /** Cancels the running job. */
  async function cancel(): Promise<void> {
    const id = jobId.value;
    if (id !== null) await errors.guard('Cancel fine-tuning', () => api.invoke('retrain:cancel', { jobId: id }));
  }

  /** Makes a version the active beat model. */
  async function activate(versionId: number): Promise<void> {
    const reviewer = session.reviewerForWrite();
    if (reviewer === null) return;
    const result = await errors.guard('Activate model version', () => api.invoke('retrain:activate', { versionId, reviewer }));
    if (result) versions.value = result;
  }

  /** Goes back to the shipped beat (default) or rhythm model. */
  async function rollback(model: 'beats' | 'rhythm' = 'beats'): Promise<void> {
    const reviewer = session.reviewerForWrite();
    if (reviewer === null) return;
    const result = await errors.guard('Roll back to the shipped model', () => api.invoke('retrain:rollback', { reviewer, model }));
    if (result) versions.value = result;
  }

  /** Analyses a case again with the active beat model (human labels are carried over); its diff is cleared meanwhile. */
  async function reanalyse(recordId: number): Promise<void> {
    if (diff.value?.recordId === recordId) diff.value = null;
    await cases.startAnalysis(recordId);
  }

  /** Loads the label changes between a case's last two finished analyses. */
  async function loadDiff(recordId: number): Promise<void> {
    diff.value = (await errors.guard('Compare the last two analyses', () => api.invoke('retrain:diff', { recordId }))) ?? null;
  }

  /** Scores the shipped model and the ticked versions side by side (on DS2 too when ticked). */
  async function compare(): Promise<void> {
    comparing.value = true;
    try {
      const result = await errors.guard('Compare model versions', () =>
        api.invoke('retrain:compare', { versionIds: compareIds.value, shipped: true, ds2: compareDs2.value }),
      );
      if (result) comparison.value = result;
    } finally {
      comparing.value = false;
    }
  }

  /** Scores the shipped rhythm model and the ticked rhythm versions side by side on the reviewed windows (and the PhysioNet 2017 validation split when ticked). */
  async function compareRhythm(physionet2017: boolean): Promise<void> {
    comparing.value = true;
    try {
      const result = await errors.guard('Compare rhythm model versions', () =>
        api.invoke('retrain:compare-rhythm', { versionIds: rhythmCompareIds.value, shipped: true, physionet2017 }),
      );
      if (result) rhythmComparison.value = result;
    } finally {
      comparing.value = false;
    }
  }

  /** Records a progress push. */
  function onProgress(payload: RetrainProgress): void {
    jobId.value = payload.jobId;
    progress.value = payload;
  }

  /** Records the end of a job and reloads the versions; a failure goes to the banner. */
  function onDone(payload: Events['retrain:done']): void {
    if (jobId.value === payload.jobId) jobId.value = null;
    lastProgress.value = progress.value?.jobId === payload.jobId ? progress.value : null;
    progress.value = null;
    lastOutcome.value = payload;
    if (payload.state === 'failed') errors.report('Fine-tuning', new Error(payload.error ?? 'fine-tuning failed'));
    void refresh();
  }

  return {
    dataset,
    versions,
    includeModelLabels,
    jobId,
    progress,
    lastOutcome,
    lastProgress,
    settings,
    diff,
    compareIds,
    compareDs2,
    comparing,
    comparison,
    rhythmDataset,
    rhythmCompareIds,
    rhythmComparison,
    rhythmHead,
    attentionWeight,
    compareRhythm,
    refresh,
    start,
    cancel,
    activate,
    rollback,
    reanalyse,
    loadDiff,
    compare,
    onProgress,
    onDone,
  };
});

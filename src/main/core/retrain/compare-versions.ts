import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AamiClass } from '../../../shared/labels';
import { parseBeatModelMeta, type BeatModelMeta } from '../beats/beat-model-meta';
import { classMetrics, type ClassMetrics } from '../beats/class-metrics';
import { readReferenceBeats } from '../beats/reference-beats';
import { DS2_RECORDS } from '../evaluate/de-chazal-split';
import { getTf } from '../ml/backend';
import { loadLayersModel } from '../ml/load-model';
import type { ReviewStore } from '../store/review-store';
import { caseExamples, concatExamples, exampleCount, type BeatExamples } from './beat-examples';
import { referenceExamples } from './patient-adaptation';
import { collectReviewDataset } from './review-dataset';
import { predictExamples } from './score-examples';

/** One model to compare: the shipped one (versionId null) or a stored version. */
export interface ComparedModel {
  versionId: number | null;
  version: string;
  dir: string;
  /** the cases its training used (a case in this list is not held out for it) */
  trainedOn: number[];
}

/** A comparison as the engine receives it (plain data). */
export interface CompareTask {
  kind: 'compare';
  /** SQLite file of the review database */
  databasePath: string;
  models: ComparedModel[];
  /** the reviewed cases to score on (their human labels only); default every reviewed or signed case */
  recordIds?: number[];
  /** folder of MIT-BIH (its DS2 records are scored on their reference beats), or null to skip DS2 */
  ds2Dir: string | null;
}

/** Scores of one model on one set. */
export interface SetScores {
  beats: number;
  /** beats whose class the model got right, / beats */
  accuracy: number;
  byClass: Record<AamiClass, ClassMetrics>;
}

/** What a comparison returns. */
export interface VersionComparison {
  /** the reviewed cases scored: id, name, human-labelled beats */
  cases: { recordId: number; recordName: string; beats: number }[];
  /** DS2 records scored, or why none */
  ds2: { records: string[] } | { reason: string };
  models: {
    versionId: number | null;
    version: string;
    /** scores on the reviewed cases (null without a human-labelled beat) */
    reviewed: SetScores | null;
    /** of those cases, the ones this model was trained on (not held out for it) */
    seenCases: number[];
    /** scores on DS2 reference beats (null when DS2 is skipped) */
    ds2: SetScores | null;
  }[];
  seconds: number;
}

/** Hooks of a comparison. */
export interface CompareHooks {
  signal?: AbortSignal;
}

/** What decides a model's inputs: examples built for one meta serve every model with the same. */
function inputLayoutKey(meta: BeatModelMeta): string {
  return JSON.stringify([meta.fsHz, meta.window, meta.leads, meta.normalisation, meta.rrFeatures]);
}

function setScores(examples: BeatExamples, predicted: Uint8Array): SetScores | null {
  const n = exampleCount(examples);
  if (n === 0) return null;
  let right = 0;
  for (let i = 0; i < n; i++) if (examples.labels[i] === predicted[i]) right++;
  return { beats: n, accuracy: right / n, byClass: classMetrics(examples.labels, predicted) };
}

/**
 * Scores several beat model versions side by side, beat by beat (each set's own beat positions, no
 * detection step): on the human labels of a set of reviewed cases (inputs built as the analysis
 * builds them, caseExamples), marking for each model the cases it was trained on, and on the
 * reference beats of the MIT-BIH DS2 records (de Chazal et al. 2004, doi:10.1109/TBME.2004.827359;
 * every reference beat with an AAMI class, inputs over the record's reference beat list). Inputs are
 * built once per input layout, so versions of one model share them.
 * @param task - the models and sets
 * @param store - an open connection to `task.databasePath`
 * @param hooks - cancellation, checked between models and records
 * @returns per model, the scores on each set
 * @throws Error naming the folder when a model cannot be loaded; WfdbError naming a record that
 *   cannot be read; Error named 'AbortError' when cancelled
 */
export async function compareVersions(task: CompareTask, store: ReviewStore, hooks: CompareHooks = {}): Promise<VersionComparison> {
  const started = performance.now();
  const tf = getTf();
  const check = (): void => {
    if (hooks.signal?.aborted) throw Object.assign(new Error('comparison cancelled'), { name: 'AbortError' });
  };
  const dataset = collectReviewDataset(store, { includeModelLabels: false, recordIds: task.recordIds });
  const cases = dataset.cases.filter((c) => c.beats.length > 0);
  const ds2Records = task.ds2Dir === null ? [] : DS2_RECORDS.filter((r) => existsSync(join(task.ds2Dir as string, `${r}.hea`)));
  const ds2 =
    task.ds2Dir === null
      ? { reason: 'DS2 not asked for' }
      : ds2Records.length === 0
        ? { reason: `${task.ds2Dir} holds no DS2 record` }
        : { records: ds2Records };
  const built = new Map<string, { reviewed: BeatExamples; ds2: BeatExamples }>();
  const models: VersionComparison['models'] = [];
  for (const compared of task.models) {
    check();
    const metaPath = join(compared.dir, 'meta.json');
    const meta = parseBeatModelMeta(JSON.parse(readFileSync(metaPath, 'utf8')), metaPath);
    const key = inputLayoutKey(meta);
    if (!built.has(key)) {
      const reviewed = concatExamples(cases.map((c) => caseExamples(c, meta)));
      const parts: BeatExamples[] = [];
      for (const name of ds2Records) {
        check();
        parts.push(referenceExamples(readReferenceBeats(join(task.ds2Dir as string, `${name}.hea`)), meta, Number.POSITIVE_INFINITY));
      }
      built.set(key, { reviewed, ds2: concatExamples(parts) });
    }
    const sets = built.get(key) as { reviewed: BeatExamples; ds2: BeatExamples };
    const model = await loadLayersModel(compared.dir);
    try {
      const reviewed = setScores(sets.reviewed, await predictExamples(tf, model, sets.reviewed, meta));
      check();
      const ds2Scores = ds2Records.length === 0 ? null : setScores(sets.ds2, await predictExamples(tf, model, sets.ds2, meta));
      const seen = new Set(compared.trainedOn);
      models.push({
        versionId: compared.versionId,
        version: compared.version,
        reviewed,
        seenCases: cases.filter((c) => seen.has(c.recordId)).map((c) => c.recordId),
        ds2: ds2Scores,
      });
    } finally {
      model.dispose();
    }
  }
  return {
    cases: cases.map((c) => ({ recordId: c.recordId, recordName: c.recordName, beats: c.beats.length })),
    ds2,
    models,
    seconds: (performance.now() - started) / 1000,
  };
}

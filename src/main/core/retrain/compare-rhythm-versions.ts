import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { classMetrics } from '../beats/class-metrics';
import { getTf } from '../ml/backend';
import { loadLayersModel } from '../ml/load-model';
import { challengeScores, type ChallengeScores } from '../rhythm/challenge-score';
import { readChallengeSplit, type ChallengeSplitRecord } from '../rhythm/challenge-split-records';
import { RhythmClassifier } from '../rhythm/classifier';
import { classifyRecords } from '../rhythm/record-call';
import { mostProbableLabel, RHYTHM_LABELS } from '../rhythm/rhythm-labels';
import { stripClassesOfLabelSets } from '../rhythm/strip-classes-of-label-sets';
import type { RhythmModelMeta } from '../rhythm/rhythm-model-meta';
import type { ReviewStore } from '../store/review-store';
import type { ComparedModel } from './compare-versions';
import type { RhythmValidation } from './fine-tune-rhythm';
import { multiLabelMetrics, type MultiLabelMetrics } from './multi-label-metrics';
import { predictRhythmClasses } from './predict-rhythm-classes';
import { reviewedLabelSets } from './reviewed-label-sets';
import { MULTI_LABELS, type MultiLabel } from './window-label-set';
import { collectRhythmDataset } from './rhythm-dataset';
import { caseRhythmExamples, concatRhythmExamples, rhythmExampleCount, rhythmWindowSamples, type RhythmExamples } from './rhythm-examples';

/** A comparison of rhythm versions as the engine receives it (plain data). */
export interface CompareRhythmTask {
  kind: 'compare-rhythm';
  databasePath: string;
  /** the models, the shipped one first when asked (each with the cases its training used) */
  models: ComparedModel[];
  /** the reviewed cases to score (their confirmed or corrected episodes' windows); default every reviewed or signed case */
  recordIds?: number[];
  /** the unpacked PhysioNet/CinC 2017 set: its records in the first model's meta.json `split.validation` are scored too (null: skipped) */
  challengeDir: string | null;
}

/** One model's window-by-window scores on the reviewed windows. */
export interface RhythmWindowScores {
  windows: number;
  accuracy: number;
  byClass: RhythmValidation;
}

/** What a rhythm comparison returns. */
export interface RhythmVersionComparison {
  cases: { recordId: number; recordName: string; windows: number }[];
  /** the Challenge validation records scored, or why none */
  challenge: { split: 'validation'; records: number } | { reason: string };
  models: {
    versionId: number | null;
    version: string;
    reviewed: RhythmWindowScores | null;
    seenCases: number[];
    /** record calls on the Challenge validation split (CinC 2017 F1), null when skipped */
    challenge: ChallengeScores | null;
    /**
     * multi-label models: subset accuracy, per-label and macro F1 on the reviewed windows' label sets from the
     * review (reviewedLabelSets; NOISE windows out); null for a single-label model or without such a window
     */
    labels: MultiLabelMetrics<MultiLabel> | null;
  }[];
  seconds: number;
}

function readMeta(dir: string): RhythmModelMeta {
  return JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as RhythmModelMeta;
}

/**
 * Scores rhythm model versions side by side: window by window (argmax; a multi-label model's sigmoid
 * outputs as strip classes, stripClassesOfLabelSets, and its label sets at the meta.json threshold
 * against the review's, multiLabelMetrics) on the 30 s windows of the reviewed cases' confirmed or
 * corrected episodes (inputs built once, as the analysis builds them;
 * each model's result marks the cases it was trained on), and, with `challengeDir`, by the CinC 2017
 * record call (classifyRecords, Challenge F1) on the held-out validation split the shipped model's
 * meta.json names (Clifford et al., Computing in Cardiology 44, 2017, doi:10.22489/CinC.2017.065-469).
 * @param task - the models and sets
 * @param store - an open connection to `task.databasePath`
 * @param hooks - cancellation, checked between models
 * @returns per model, the scores on each set
 * @throws RangeError when the models differ in input layout; Error naming a folder or record that
 *   cannot be read; Error named 'AbortError' when cancelled
 */
export async function compareRhythmVersions(
  task: CompareRhythmTask,
  store: ReviewStore,
  hooks: { signal?: AbortSignal } = {},
): Promise<RhythmVersionComparison> {
  const started = performance.now();
  const tf = getTf();
  const check = (): void => {
    if (hooks.signal?.aborted) throw Object.assign(new Error('comparison cancelled'), { name: 'AbortError' });
  };
  const first = task.models[0];
  if (!first) throw new RangeError('rhythm comparison: no model to score');
  const meta = readMeta(first.dir);
  const layout = JSON.stringify([meta.fsHz, meta.windowS, meta.normalisation]);
  const dataset = collectRhythmDataset(store, { windowS: meta.windowS, recordIds: task.recordIds });
  const cases = dataset.cases.filter((c) => c.windows.length > 0);
  const reviewed: RhythmExamples = concatRhythmExamples(cases.map((c) => caseRhythmExamples(c, meta)));
  // the label sets of the non-noise windows, and their indices into `reviewed`
  const k = MULTI_LABELS.length;
  const labelled: number[] = [];
  const referenceSets: number[] = [];
  let offset = 0;
  for (const c of cases) {
    const sets = reviewedLabelSets(store, c, Math.round(meta.windowS * c.fsHz));
    let row = 0;
    c.windows.forEach((w, i) => {
      if (w.label === '~') return;
      labelled.push(offset + i);
      referenceSets.push(...sets.labelSets.subarray(row * k, ++row * k));
    });
    offset += c.windows.length;
  }
  const validationNames = meta.split?.validation ?? [];
  const challengeReason =
    task.challengeDir === null
      ? 'PhysioNet 2017 not asked for'
      : !existsSync(join(task.challengeDir, 'REFERENCE.csv'))
        ? `${task.challengeDir} holds no PhysioNet 2017 set`
        : validationNames.length === 0
          ? 'the model meta.json names no validation split'
          : null;
  const challengeRecords: ChallengeSplitRecord[] =
    challengeReason === null ? readChallengeSplit(task.challengeDir as string, validationNames) : [];
  const n = rhythmExampleCount(reviewed);
  const models: RhythmVersionComparison['models'] = [];
  for (const compared of task.models) {
    check();
    const modelMeta = readMeta(compared.dir);
    if (JSON.stringify([modelMeta.fsHz, modelMeta.windowS, modelMeta.normalisation]) !== layout)
      throw new RangeError(`rhythm comparison: ${compared.version} takes other inputs than ${first.version}`);
    const model = await loadLayersModel(compared.dir);
    let reviewedScores: RhythmWindowScores | null = null;
    let challenge: ChallengeScores | null = null;
    let labels: MultiLabelMetrics<MultiLabel> | null = null;
    const multiLabel = modelMeta.output?.activation === 'sigmoid';
    try {
      if (n > 0) {
        const x = tf.tensor3d(reviewed.windows, [n, rhythmWindowSamples(meta), 1]);
        let predicted: Uint8Array;
        if (multiLabel) {
          const outputs = model.predict(x, { batchSize: 64 }) as tfType.Tensor[];
          const p = (await (outputs[0] as tfType.Tensor).data()) as Float32Array;
          tf.dispose([x, ...outputs]);
          const strip = stripClassesOfLabelSets(p);
          predicted = Uint8Array.from({ length: n }, (_, i) => RHYTHM_LABELS.indexOf(mostProbableLabel(strip, i)));
          const threshold = modelMeta.output?.decision?.threshold ?? 0.5;
          const sets = Uint8Array.from(
            labelled.flatMap((i) => Array.from(p.subarray(i * k, (i + 1) * k), (v) => (v >= threshold ? 1 : 0))),
          );
          if (labelled.length > 0) labels = multiLabelMetrics(Uint8Array.from(referenceSets), sets, MULTI_LABELS);
        } else predicted = await predictRhythmClasses(tf, model, x).finally(() => x.dispose());
        const right = predicted.filter((p, i) => p === reviewed.labels[i]).length;
        reviewedScores = { windows: n, accuracy: right / n, byClass: classMetrics(reviewed.labels, predicted, RHYTHM_LABELS) };
      }
      check();
      if (challengeRecords.length > 0) {
        const calls = await classifyRecords(new RhythmClassifier(model, modelMeta), challengeRecords, { signal: hooks.signal });
        challenge = challengeScores(
          challengeRecords.map((r) => r.label),
          calls.map((c) => c.label),
        );
      }
    } finally {
      model.dispose();
    }
    const seen = new Set(compared.trainedOn);
    models.push({
      versionId: compared.versionId,
      version: compared.version,
      reviewed: reviewedScores,
      seenCases: cases.filter((c) => seen.has(c.recordId)).map((c) => c.recordId),
      challenge,
      labels,
    });
  }
  return {
    cases: cases.map((c) => ({ recordId: c.recordId, recordName: c.recordName, windows: c.windows.length })),
    challenge: challengeReason === null ? { split: 'validation', records: challengeRecords.length } : { reason: challengeReason },
    models,
    seconds: (performance.now() - started) / 1000,
  };
}

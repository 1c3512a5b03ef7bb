import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AAMI_CLASSES } from '../../../shared/labels';
import { prepareBeatRecord } from '../beats/beat-inputs';
import type { BeatModelMeta } from '../beats/beat-model-meta';
import { readReferenceBeats } from '../beats/reference-beats';
import { computeRrFeatures } from '../beats/rr-features';
import { seededRandom } from '../ml/seeded-random';
import { concatExamples, preparedExamples, type BeatExamples } from './beat-examples';

/** A replay sample of the base model's training data, or why there is none. */
export type ReplaySample = { examples: BeatExamples; records: string[]; dataDir: string } | { examples: null; reason: string };

/** Tunables of the replay sample. */
export const REPLAY_CONFIG = Object.freeze({
  /** share of non-N beats in the sample when meta.json does not give the training epoch's N count */
  fallbackNonNShare: 0.5,
});

interface ModelTrainingRecord {
  records: string[];
  nBeatsPerEpoch: number | null;
}

/** The training records and per-epoch N count meta.json lists (loose fields written by train-beats). */
function trainingRecord(meta: BeatModelMeta): ModelTrainingRecord | null {
  const training = meta.training as { records?: unknown } | undefined;
  const hyper = meta.hyperParameters as { nBeatsPerEpoch?: unknown } | undefined;
  const records = training?.records;
  if (!Array.isArray(records) || !records.every((r) => typeof r === 'string')) return null;
  return { records: records as string[], nBeatsPerEpoch: typeof hyper?.nBeatsPerEpoch === 'number' ? hyper.nBeatsPerEpoch : null };
}

/** `take` indices of `pool` drawn without replacement (partial Fisher–Yates), ascending. */
function drawWithout(pool: number[], take: number, random: () => number): number[] {
  const n = Math.min(take, pool.length);
  for (let k = 0; k < n; k++) {
    const j = k + Math.floor(random() * (pool.length - k));
    const picked = pool[j] as number;
    pool[j] = pool[k] as number;
    pool[k] = picked;
  }
  return pool.slice(0, n);
}

/**
 * A replay sample of the beat model's original training data, mixed into fine-tuning so the model
 * keeps what it learnt from other patients (rehearsal against catastrophic forgetting; e.g. A.
 * Robins, "Catastrophic forgetting, rehearsal and pseudorehearsal", Connection Science 7(2), 1995,
 * doi:10.1080/09540099550039318). The records are those meta.json's `training.records` names (DS1 of
 * de Chazal et al. 2004 for the committed model), read from `dataDir` with their reference labels;
 * the sample has the class make-up of one original training epoch (every non-N beat and
 * `hyperParameters.nBeatsPerEpoch` N beats), scaled to `count` beats and drawn at random without
 * replacement (seeded). Inputs are built by the same beat-input code as the reviewed beats.
 * @param dataDir - folder of the training records' `.hea`/`.dat`/`.atr` (e.g. ../shared/data/mitdb)
 * @param meta - the base model's meta.json
 * @param count - beats wanted (≥ 0)
 * @param seed - sampling seed
 * @returns the sample, or the reason there is none (folder absent, records missing, meta without records)
 * @throws WfdbError naming the file when a present record is malformed
 */
export function replaySample(dataDir: string, meta: BeatModelMeta, count: number, seed: number): ReplaySample {
  const training = trainingRecord(meta);
  if (training === null) return { examples: null, reason: 'the base model meta.json lists no training records' };
  if (!existsSync(dataDir)) return { examples: null, reason: `training data folder ${dataDir} is absent` };
  const missing = training.records.filter((r) => !existsSync(join(dataDir, `${r}.hea`)));
  if (missing.length > 0) return { examples: null, reason: `${dataDir} lacks training record(s) ${missing.join(', ')}` };
  if (count <= 0) return { examples: null, reason: 'replay ratio 0' };
  const refs = training.records.map((name) => readReferenceBeats(join(dataDir, `${name}.hea`)));
  const nonN: number[] = [];
  const nBeats: number[] = [];
  const owner: Array<[number, number]> = [];
  refs.forEach((ref, r) =>
    ref.beatClasses.forEach((c, i) => {
      (c === 'N' ? nBeats : nonN).push(owner.length);
      owner.push([r, i]);
    }),
  );
  const nonNShare =
    training.nBeatsPerEpoch !== null
      ? nonN.length / (nonN.length + Math.min(training.nBeatsPerEpoch, nBeats.length))
      : REPLAY_CONFIG.fallbackNonNShare;
  const random = seededRandom(seed);
  const wantNonN = Math.min(nonN.length, Math.round(count * nonNShare));
  const picked = [...drawWithout(nonN, wantNonN, random), ...drawWithout(nBeats, count - wantNonN, random)];
  const perRecord = refs.map((): number[] => []);
  for (const k of picked) {
    const [r, i] = owner[k] as [number, number];
    (perRecord[r] as number[]).push(i);
  }
  const parts = refs.flatMap((ref, r) => {
    const indices = Int32Array.from((perRecord[r] as number[]).sort((a, b) => a - b));
    if (indices.length === 0) return [];
    const prepared = prepareBeatRecord([ref.leadMv], ref.fsHz, ref.beatSamples, meta, ref.recordName);
    const rr = computeRrFeatures(ref.beatSamples, ref.fsHz, meta.rrFeatures.config);
    const labels = Uint8Array.from(indices, (i) => AAMI_CLASSES.indexOf(ref.beatClasses[i] ?? 'Q'));
    return [preparedExamples(prepared, rr, indices, labels, meta)];
  });
  return { examples: concatExamples(parts), records: training.records, dataDir };
}

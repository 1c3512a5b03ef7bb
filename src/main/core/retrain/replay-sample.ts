import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AAMI_CLASSES, type AamiClass } from '../../../shared/labels';
import { prepareBeatRecord, type PreparedBeatRecord } from '../beats/beat-inputs';
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

/** One training record ready for drawing: its beats' classes, the record at the model rate and its RR features. */
interface LoadedRecord {
  recordName: string;
  classes: readonly AamiClass[];
  prepared: PreparedBeatRecord;
  rr: Float32Array;
}

/**
 * The last loaded training records, keyed by folder, record names, their files' sizes and modification
 * times and the model's input layout: a worker that runs several fine-tunings (or eval-adapt, one per
 * record) reads and prepares the 22 DS1 records once (about 2 s) instead of every run.
 */
let cached: { key: string; records: LoadedRecord[] } | null = null;

function cacheKey(dataDir: string, names: readonly string[], meta: BeatModelMeta): string {
  const files = names.flatMap((name) =>
    ['hea', 'dat', 'atr'].map((ext) => {
      const path = join(dataDir, `${name}.${ext}`);
      if (!existsSync(path)) return `${name}.${ext}:-`;
      const stat = statSync(path);
      return `${name}.${ext}:${stat.size}:${stat.mtimeMs}`;
    }),
  );
  const layout = {
    fsHz: meta.fsHz,
    window: meta.window,
    leads: meta.leads.count,
    normalisation: meta.normalisation,
    rr: meta.rrFeatures.config,
  };
  return JSON.stringify([dataDir, files, layout]);
}

function loadRecords(dataDir: string, names: readonly string[], meta: BeatModelMeta): LoadedRecord[] {
  const key = cacheKey(dataDir, names, meta);
  if (cached?.key === key) return cached.records;
  const records = names.map((name) => {
    const ref = readReferenceBeats(join(dataDir, `${name}.hea`));
    return {
      recordName: ref.recordName,
      classes: ref.beatClasses,
      prepared: prepareBeatRecord([ref.leadMv], ref.fsHz, ref.beatSamples, meta, ref.recordName),
      rr: computeRrFeatures(ref.beatSamples, ref.fsHz, meta.rrFeatures.config),
    };
  });
  cached = { key, records };
  return records;
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
 * replacement (seeded). Inputs are built by the same beat-input code as the reviewed beats. The
 * records, once read and prepared, are kept for the next call with the same folder, files and input
 * layout (one set; about 20 MB for DS1).
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
  const refs = loadRecords(dataDir, training.records, meta);
  const nonN: number[] = [];
  const nBeats: number[] = [];
  const owner: Array<[number, number]> = [];
  refs.forEach((ref, r) =>
    ref.classes.forEach((c, i) => {
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
    const labels = Uint8Array.from(indices, (i) => AAMI_CLASSES.indexOf(ref.classes[i] ?? 'Q'));
    return [preparedExamples(ref.prepared, ref.rr, indices, labels, meta)];
  });
  return { examples: concatExamples(parts), records: training.records, dataDir };
}

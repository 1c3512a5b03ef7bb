import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readChallenge2017Labels } from '../formats/physionet2017';
import { seededRandom } from '../ml/seeded-random';
import { readChallengeSplit } from '../rhythm/challenge-split-records';
import { RHYTHM_LABELS } from '../rhythm/rhythm-labels';
import type { RhythmModelMeta } from '../rhythm/rhythm-model-meta';
import { concatRhythmExamples, rhythmModelRate, rhythmWindowSamples, signalRhythmExamples, type RhythmExamples } from './rhythm-examples';

/** A replay sample of the rhythm model's training split, or why there is none. */
export type RhythmReplaySample = { examples: RhythmExamples; records: string[]; dataDir: string } | { examples: null; reason: string };

/**
 * The PhysioNet/CinC 2017 records the rhythm model was trained on: every record of REFERENCE.csv
 * that meta.json's `split` lists neither in `tune` nor in `validation` (its `trainIs` rule).
 * @param dataDir - the unpacked Challenge set (REFERENCE.csv, .hea/.mat)
 * @param meta - the rhythm model's meta.json
 * @returns the train record names in REFERENCE.csv order, or why there are none
 * @throws WfdbError naming REFERENCE.csv when it is malformed
 */
export function rhythmTrainRecords(dataDir: string, meta: RhythmModelMeta): { names: string[] } | { reason: string } {
  const { tune, validation } = meta.split ?? {};
  if (!tune || !validation) return { reason: 'the base model meta.json lists no tune/validation split' };
  const csv = join(dataDir, 'REFERENCE.csv');
  if (!existsSync(csv)) return { reason: `training data folder ${dataDir} has no REFERENCE.csv` };
  const held = new Set([...tune, ...validation]);
  return { names: [...readChallenge2017Labels(csv).keys()].filter((name) => !held.has(name)) };
}

/**
 * A replay sample of the rhythm model's original training data, mixed into fine-tuning so the model
 * keeps what it learnt from the Challenge's patients (rehearsal; A. Robins, Connection Science 7(2),
 * 1995, doi:10.1080/09540099550039318): `count` records of its train split (rhythmTrainRecords) drawn
 * at random without replacement (seeded), so with the split's class make-up as the base training
 * drew them, and one random window of each as `scripts/train-rhythm.ts` cuts them (start uniform
 * over the record, a record shorter than the window zero-padded after its end), resampled and
 * normalised as the classifier does; no augmentation.
 * @param dataDir - the unpacked Challenge set (e.g. data/physionet2017)
 * @param meta - the base model's meta.json
 * @param count - windows wanted (≥ 0; at most the split's size are drawn)
 * @param seed - sampling seed
 * @returns the sample, or the reason there is none
 * @throws Error naming a drawn record that cannot be read
 */
export function rhythmReplaySample(dataDir: string, meta: RhythmModelMeta, count: number, seed: number): RhythmReplaySample {
  if (!existsSync(dataDir)) return { examples: null, reason: `training data folder ${dataDir} is absent` };
  const train = rhythmTrainRecords(dataDir, meta);
  if ('reason' in train) return { examples: null, reason: train.reason };
  if (count <= 0) return { examples: null, reason: 'replay ratio 0' };
  const random = seededRandom(seed);
  const pool = [...train.names];
  const n = Math.min(count, pool.length);
  for (let k = 0; k < n; k++) {
    const j = k + Math.floor(random() * (pool.length - k));
    [pool[k], pool[j]] = [pool[j] as string, pool[k] as string];
  }
  const drawn = pool.slice(0, n);
  const size = rhythmWindowSamples(meta);
  const parts = readChallengeSplit(dataDir, drawn).map((record) => {
    const signal = rhythmModelRate(record.signalMv, record.fsHz, meta.fsHz);
    const start = Math.floor(random() * Math.max(0, signal.length - size + 1));
    return signalRhythmExamples(signal, [start], [RHYTHM_LABELS.indexOf(record.label)], meta);
  });
  return { examples: concatRhythmExamples(parts), records: drawn, dataDir };
}

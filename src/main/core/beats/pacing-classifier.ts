import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PACING_FEATURE_COUNT } from './pacing-features';

/**
 * The fitted pacing model as meta.json stores it: a logistic regression over the standardised pacing features
 * (pacing-features.ts) and the decision rule's thresholds (recordPacing, pacedBeats).
 */
export const PacingModelSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** per feature: mean and standard deviation of the training beats (standardisation) */
  mean: z.array(z.number()).length(PACING_FEATURE_COUNT),
  std: z.array(z.number().positive()).length(PACING_FEATURE_COUNT),
  /** logistic weights of the standardised features, and the bias */
  weights: z.array(z.number()).length(PACING_FEATURE_COUNT),
  bias: z.number(),
  /** a beat of a paced record is paced when its probability reaches this */
  beatThreshold: z.number().min(0).max(1),
  /** a beat is a sure stimulus when its probability reaches this */
  sureThreshold: z.number().min(0).max(1),
  /** a beat is surely unpaced when its probability is below this */
  unpacedThreshold: z.number().min(0).max(1),
  /** a record is paced when at least this share of its beats are sure stimuli … */
  recordShare: z.number().min(0).max(1),
  /** … and their spread (mean squared standardised distance to their centroid, per feature) is at most this */
  maxSpread: z.number().positive(),
});

/** The fitted pacing model ({@link PacingModelSchema}). */
export type PacingModel = z.infer<typeof PacingModelSchema>;

/**
 * What the record call needs from a stretch of beats: their count and, in standardised feature space, the sum and count
 * of the sure stimuli (P ≥ sureThreshold) and of the surely unpaced beats (P < unpacedThreshold). Sums of stretches add
 * up to the record's, so a chunked analysis calls the record as the whole-record run does.
 */
export interface PacingSums {
  beats: number;
  sureCount: number;
  /** PACING_FEATURE_COUNT sums of the sure stimuli's standardised features, and the sum of their squared norms */
  sureSum: number[];
  sureSquares: number;
  unpacedCount: number;
  /** PACING_FEATURE_COUNT sums of the surely unpaced beats' standardised features */
  unpacedSum: number[];
}

/** The record's pacing call ({@link recordPacing}). */
export interface RecordPacing {
  /** whether the record is paced (sureShare ≥ recordShare and sureSpread ≤ maxSpread) */
  recordPaced: boolean;
  /** share of the beats that are sure stimuli (0 for no beats) */
  sureShare: number;
  /** mean squared standardised distance of the sure stimuli to their centroid, per feature (null: none) */
  sureSpread: number | null;
  /** mean standardised features of the sure stimuli and of the surely unpaced beats (null: none) */
  pacedCentroid: number[] | null;
  unpacedCentroid: number[] | null;
}

/** A whole record's pacing call and its paced beats ({@link callPacing}). */
export interface PacingCall extends RecordPacing {
  /** 1 where the beat is labelled paced, else 0 */
  paced: Uint8Array;
}

function standardised(model: PacingModel, features: Float32Array, i: number, j: number): number {
  return ((features[i * PACING_FEATURE_COUNT + j] as number) - (model.mean[j] as number)) / (model.std[j] as number);
}

function checkRows(features: Float32Array, n: number, what: string): void {
  if (features.length !== n * PACING_FEATURE_COUNT) throw new RangeError(`${what}: ${features.length} features for ${n} beats`);
}

/**
 * P(paced) of beats from their features.
 * @param model - the fitted model
 * @param features - n × PACING_FEATURE_COUNT (pacingFeatures)
 * @returns n probabilities
 * @throws RangeError when features is not a whole number of rows
 */
export function pacingProbability(model: PacingModel, features: Float32Array): Float32Array {
  if (features.length % PACING_FEATURE_COUNT !== 0) throw new RangeError(`pacingProbability: ${features.length} features`);
  const n = features.length / PACING_FEATURE_COUNT;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let z = model.bias;
    for (let j = 0; j < PACING_FEATURE_COUNT; j++) z += (model.weights[j] as number) * standardised(model, features, i, j);
    out[i] = 1 / (1 + Math.exp(-z));
  }
  return out;
}

/**
 * The {@link PacingSums} of a stretch of beats.
 * @param model - the fitted model
 * @param features - n × PACING_FEATURE_COUNT
 * @param probability - their P(paced)
 * @returns the sums
 * @throws RangeError when the shapes disagree
 */
export function pacingSums(model: PacingModel, features: Float32Array, probability: Float32Array): PacingSums {
  checkRows(features, probability.length, 'pacingSums');
  const sums: PacingSums = {
    beats: probability.length,
    sureCount: 0,
    sureSum: new Array<number>(PACING_FEATURE_COUNT).fill(0),
    sureSquares: 0,
    unpacedCount: 0,
    unpacedSum: new Array<number>(PACING_FEATURE_COUNT).fill(0),
  };
  probability.forEach((p, i) => {
    const sure = p >= model.sureThreshold;
    if (!sure && !(p < model.unpacedThreshold)) return;
    const into = sure ? sums.sureSum : sums.unpacedSum;
    if (sure) sums.sureCount++;
    else sums.unpacedCount++;
    for (let j = 0; j < PACING_FEATURE_COUNT; j++) {
      const z = standardised(model, features, i, j);
      into[j] = (into[j] as number) + z;
      if (sure) sums.sureSquares += z * z;
    }
  });
  return sums;
}

/**
 * The record's call from the sums of all its beats: the record is paced when at least `recordShare` of its beats are
 * sure stimuli and these are alike (spread at most `maxSpread`): a pacemaker paces many beats of a record with one
 * stimulus through the same electrodes; a few stimulus-like QRS complexes, or noise spikes of every shape, do not
 * make it paced.
 * @param model - the fitted model
 * @param parts - {@link pacingSums} of the record's stretches (any split)
 * @returns the call with the two centroids
 */
export function recordPacing(model: PacingModel, parts: readonly PacingSums[]): RecordPacing {
  const total = (pick: (p: PacingSums) => number): number => parts.reduce((sum, p) => sum + pick(p), 0);
  const beats = total((p) => p.beats);
  const sureCount = total((p) => p.sureCount);
  const unpacedCount = total((p) => p.unpacedCount);
  const centroid = (count: number, pick: (p: PacingSums) => number[]): number[] | null =>
    count === 0 ? null : Array.from({ length: PACING_FEATURE_COUNT }, (_, j) => total((p) => pick(p)[j] ?? 0) / count);
  const sureShare = beats > 0 ? sureCount / beats : 0;
  const pacedCentroid = centroid(sureCount, (p) => p.sureSum);
  const norm = pacedCentroid?.reduce((sum, v) => sum + v * v, 0) ?? 0;
  const sureSpread = sureCount > 0 ? Math.max(0, total((p) => p.sureSquares) / sureCount - norm) / PACING_FEATURE_COUNT : null;
  return {
    recordPaced: beats > 0 && sureShare >= model.recordShare && sureSpread !== null && sureSpread <= model.maxSpread,
    sureShare,
    sureSpread,
    pacedCentroid,
    unpacedCentroid: centroid(unpacedCount, (p) => p.unpacedSum),
  };
}

/**
 * The paced beats of a stretch of a record: none unless the record is paced; in a paced record a beat is paced when its
 * P(paced) reaches `beatThreshold` or its standardised features are nearer the record's sure stimuli than its surely
 * unpaced beats (the record's own paced morphology, which a stimulus blunted at this record's rate and filtering may
 * not show on every beat).
 * @param model - the fitted model
 * @param record - the record's call ({@link recordPacing})
 * @param features - n × PACING_FEATURE_COUNT of the stretch's beats
 * @param probability - their P(paced)
 * @returns 1 for a paced beat, else 0
 * @throws RangeError when the shapes disagree
 */
export function pacedBeats(model: PacingModel, record: RecordPacing, features: Float32Array, probability: Float32Array): Uint8Array {
  checkRows(features, probability.length, 'pacedBeats');
  const paced = new Uint8Array(probability.length);
  if (!record.recordPaced) return paced;
  const { pacedCentroid: cp, unpacedCentroid: cn } = record;
  probability.forEach((p, i) => {
    let nearer = false;
    if (cp !== null && cn !== null) {
      let dp = 0;
      let dn = 0;
      for (let j = 0; j < PACING_FEATURE_COUNT; j++) {
        const z = standardised(model, features, i, j);
        dp += (z - (cp[j] as number)) ** 2;
        dn += (z - (cn[j] as number)) ** 2;
      }
      nearer = dp < dn;
    }
    paced[i] = p >= model.beatThreshold || nearer ? 1 : 0;
  });
  return paced;
}

/**
 * A whole record's pacing call: {@link recordPacing} over all its beats, then {@link pacedBeats}.
 * @param model - the fitted model
 * @param features - n × PACING_FEATURE_COUNT of every beat of the record
 * @returns the call and the paced beats
 * @throws RangeError when features is not a whole number of rows
 */
export function callPacing(model: PacingModel, features: Float32Array): PacingCall {
  const probability = pacingProbability(model, features);
  const record = recordPacing(model, [pacingSums(model, features, probability)]);
  return { ...record, paced: pacedBeats(model, record, features, probability) };
}

/**
 * Reads a pacing model folder's meta.json.
 * @param dir - e.g. resources/models/pacing
 * @returns the model
 * @throws Error naming the file when it is missing, not JSON or not a pacing model
 */
export function loadPacingModel(dir: string): PacingModel {
  const path = join(dir, 'meta.json');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: cannot read pacing model: ${(error as Error).message}`, { cause: error });
  }
  const parsed = PacingModelSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${path}: not a pacing model: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/**
 * predictExamples decides like the analysis (BeatClassifier): by the probabilities weighted with the
 * model meta's decisionWeights, so a version comparison scores the labels an analysis would store. A stub
 * model returns fixed probabilities; the meta is the committed model's with chosen weights.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBeatModelMeta, type BeatModelMeta } from '../../../../../src/main/core/beats/beat-model-meta';
import { RR_FEATURE_COUNT } from '../../../../../src/main/core/beats/rr-features';
import { getTf, initBackend } from '../../../../../src/main/core/ml/backend';
import { predictExamples } from '../../../../../src/main/core/retrain/score-examples';

const META_PATH = resolve('resources/models/beats/meta.json');

describe('predictExamples', () => {
  let tf: typeof tfType;
  let shipped: BeatModelMeta;
  beforeAll(async () => {
    await initBackend({ prefer: 'cpu' });
    tf = getTf();
    shipped = parseBeatModelMeta(JSON.parse(readFileSync(META_PATH, 'utf8')) as unknown, META_PATH);
  });

  // two beats: N 0.5 / S 0.3 (S wins once S weighs 2), and N 0.2 / V 0.7 (V wins either way)
  const probabilities = [0.5, 0.3, 0.1, 0.05, 0.05, 0.2, 0.05, 0.7, 0.03, 0.02];
  const stub = (): tfType.LayersModel => ({ predict: () => tf.tensor2d(probabilities, [2, 5]) }) as unknown as tfType.LayersModel;
  const examples = (meta: BeatModelMeta) => ({
    wave: new Float32Array(2 * meta.window.samples * 2 * meta.leads.count),
    rr: new Float32Array(2 * RR_FEATURE_COUNT),
    labels: new Uint8Array([0, 2]),
  });

  it('takes the plain argmax without decision weights', async () => {
    const meta = { ...shipped, decisionWeights: undefined };
    expect([...(await predictExamples(tf, stub(), examples(meta), meta))]).toEqual([0, 2]);
  });

  it("applies the meta's decision weights", async () => {
    const meta = { ...shipped, decisionWeights: [1, 2, 1, 1, 1] };
    expect([...(await predictExamples(tf, stub(), examples(meta), meta))]).toEqual([1, 2]);
  });
});

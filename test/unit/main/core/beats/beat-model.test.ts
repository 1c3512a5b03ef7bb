import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../../../src/main/core/ml/backend';
import { AdditiveAttentionPooling } from '../../../../../src/main/core/beats/attention-pooling';
import { BEAT_MODEL_CONFIG, buildBeatModels, type BeatModels } from '../../../../../src/main/core/beats/beat-model';
import { RR_FEATURE_COUNT } from '../../../../../src/main/core/beats/rr-features';

let models: BeatModels;

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => undefined });
  models = buildBeatModels();
});

function randomInputs(n: number): tf.Tensor[] {
  return [
    tf.randomNormal([n, BEAT_MODEL_CONFIG.windowSamples, 2 * BEAT_MODEL_CONFIG.leads], 0, 1, 'float32', 7),
    tf.randomUniform([n, RR_FEATURE_COUNT], 0.5, 1.5, 'float32', 8),
  ];
}

describe('buildBeatModels', () => {
  const steps = BEAT_MODEL_CONFIG.windowSamples / 2 ** BEAT_MODEL_CONFIG.convFilters.length;

  it('has a compact parameter count (~30 k, PLATFORM-NOTES §3 c)', () => {
    expect(models.attentionSteps).toBe(steps);
    expect(models.inference.countParams()).toBe(models.training.countParams());
    expect(models.inference.countParams()).toBeGreaterThan(15_000);
    expect(models.inference.countParams()).toBeLessThan(40_000);
  });

  it('outputs n×5 probabilities and n×T attention rows that each sum to 1', async () => {
    const [probabilities, attention] = models.inference.predict(randomInputs(6)) as tf.Tensor[];
    expect(probabilities?.shape).toEqual([6, 5]);
    expect(attention?.shape).toEqual([6, steps]);
    for (const t of [probabilities, attention] as tf.Tensor[]) {
      const sums = await tf.sum(t, 1).data();
      for (const s of sums) expect(s).toBeCloseTo(1, 5);
      expect(Math.min(...(await t.data()))).toBeGreaterThanOrEqual(0);
    }
  });

  it('round-trips through model.json with the custom attention layer', async () => {
    let artifacts: tf.io.ModelArtifacts | undefined;
    await models.inference.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    expect(JSON.stringify(artifacts?.modelTopology)).toContain(AdditiveAttentionPooling.className);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts as tf.io.ModelArtifacts));
    const inputs = randomInputs(3);
    const before = models.inference.predict(inputs) as tf.Tensor[];
    const after = loaded.predict(inputs) as tf.Tensor[];
    for (let k = 0; k < 2; k++) {
      const diff = await tf.max(tf.abs(tf.sub(before[k] as tf.Tensor, after[k] as tf.Tensor))).data();
      expect(diff[0]).toBeLessThan(1e-6);
    }
  });

  it('starts from the same weights for the same seed, and from others for another seed', () => {
    const values = (m: BeatModels) => m.training.getWeights().map((w) => Array.from(w.dataSync()));
    const again = buildBeatModels();
    const other = buildBeatModels(BEAT_MODEL_CONFIG, 1);
    expect(values(again)).toEqual(values(models));
    const kernels = (m: BeatModels) => values(m).filter((w) => w.some((v) => v !== 0));
    kernels(other).forEach((w, i) => expect(w).not.toEqual(kernels(models)[i]));
  });

  it('rejects a non-positive attention width', () => {
    expect(() => new AdditiveAttentionPooling({ units: 0 })).toThrow(RangeError);
  });
});

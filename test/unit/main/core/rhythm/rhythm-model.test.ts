import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/core/ml/backend';
import { buildRhythmModel, RHYTHM_MODEL_CONFIG } from '../../../../../src/main/core/rhythm/rhythm-model';

const SMALL = {
  ...RHYTHM_MODEL_CONFIG,
  inputSamples: 512,
  blockFilters: [8, 16],
  blockPools: [true, true],
  lstmUnits: 8,
  numHeads: 2,
  keyDim: 4,
};

beforeAll(async () => {
  await initBackend({ log: () => undefined });
});

describe('buildRhythmModel', () => {
  it('maps [n, samples, 1] to probabilities [n, 4] and attention [n, T] whose rows sum to 1', async () => {
    const { inference, attentionSteps, attentionStepSamples } = buildRhythmModel(SMALL, 3);
    expect(attentionSteps).toBe(512 / 8); // stem pool and two block pools
    expect(attentionStepSamples).toBe(8);
    const [probabilities, attention] = inference.predict(tf.randomNormal([3, 512, 1], 0, 1, 'float32', 7)) as tf.Tensor[];
    expect(probabilities!.shape).toEqual([3, 4]);
    expect(attention!.shape).toEqual([3, attentionSteps]);
    for (const rowSum of await tf.sum(probabilities!, 1).data()) expect(rowSum).toBeCloseTo(1, 5);
    for (const rowSum of await tf.sum(attention!, 1).data()) expect(rowSum).toBeCloseTo(1, 5);
  });

  it('has the documented default size (100–400 k parameters, 46 steps for 30 s at 100 Hz)', () => {
    const { inference, attentionSteps, attentionStepSamples } = buildRhythmModel();
    expect(attentionSteps).toBe(46);
    // 3000 → 1500 → 750 → 375 → 187 → 93 → 46 (floors): 64 samples per step, the last 56 samples unseen
    expect(attentionStepSamples).toBe(64);
    expect(inference.countParams()).toBeGreaterThan(100_000);
    expect(inference.countParams()).toBeLessThan(400_000);
  });

  it('survives a save/load round trip with its custom attention layer', async () => {
    const { inference } = buildRhythmModel(SMALL, 5);
    let saved: tf.io.ModelArtifacts | undefined;
    await inference.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const x = tf.randomNormal([2, 512, 1], 0, 1, 'float32', 11);
    const a = inference.predict(x) as tf.Tensor[];
    const b = loaded.predict(x) as tf.Tensor[];
    expect(b).toHaveLength(2);
    for (let k = 0; k < 2; k++) {
      const diff = await tf.max(tf.abs(tf.sub(a[k]!, b[k]!))).data();
      expect(diff[0]).toBeLessThan(1e-5);
    }
  });
});

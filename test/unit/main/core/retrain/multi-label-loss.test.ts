/**
 * The xECGNet loss (multiLabelLosses) against values computed by hand, the attention regulariser at
 * zero when every map equals its combination's mean (combinationMeanMaps), and its gradient reaching
 * the self-attention weights of a small rhythm network but not the label head.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/core/ml/backend';
import { buildRhythmModel, RHYTHM_MODEL_CONFIG } from '../../../../../src/main/core/rhythm/rhythm-model';
import {
  combinationMeanMaps,
  combinationTargets,
  labelCombinationKeys,
} from '../../../../../src/main/core/retrain/attention-reference-maps';
import { withLabelHead } from '../../../../../src/main/core/retrain/label-head-model';
import { multiLabelLosses } from '../../../../../src/main/core/retrain/multi-label-loss';

beforeAll(async () => {
  await initBackend({ log: () => undefined });
});

async function values(t: tf.Tensor): Promise<number[]> {
  const v = Array.from(await t.data());
  t.dispose();
  return v;
}

describe('multiLabelLosses', () => {
  it('gives −(1/K) Σ (w y ln p + (1 − y) ln(1 − p)) and λ · mean((T·(a − ā))²) per row', async () => {
    const [bce, reg] = multiLabelLosses(tf, { positiveWeights: [2, 1], lambda: 0.5, attentionSteps: 2 });
    const y = tf.tensor2d([
      [1, 0],
      [0, 1],
    ]);
    const p = tf.tensor2d([
      [0.8, 0.3],
      [0.4, 0.9],
    ]);
    // row 0: −(2 ln 0.8 + ln 0.7) / 2; row 1: −(ln 0.6 + 1 · ln 0.9) / 2
    const [r0, r1] = await values(bce(y, p));
    expect(r0).toBeCloseTo((0.4462871 + 0.3566749) / 2, 5);
    expect(r1).toBeCloseTo((0.5108256 + 0.1053605) / 2, 5);
    // T = 2: (2 · 0.1)² and (2 · −0.1)² → mean 0.04, × λ = 0.02; identical maps → 0
    const [a0, a1] = await values(
      reg(
        tf.tensor2d([
          [0.5, 0.5],
          [0.3, 0.7],
        ]),
        tf.tensor2d([
          [0.6, 0.4],
          [0.3, 0.7],
        ]),
      ),
    );
    expect(a0).toBeCloseTo(0.02, 6);
    expect(a1).toBeCloseTo(0, 7);
  });

  it('leaves an unknown label out of the cross-entropy and averages over the known ones', async () => {
    const [bce] = multiLabelLosses(tf, { positiveWeights: [2, 1, 1], lambda: 0, attentionSteps: 2, knownLabels: [true, false, true] });
    // label 1 is unknown: whatever its p, row 0 is −(2 ln 0.8 + ln 0.7) / 2, as with two labels
    const y = tf.tensor2d([[1, 0, 0]]);
    const [r0] = await values(bce(y, tf.tensor2d([[0.8, 0.999, 0.3]])));
    expect(r0).toBeCloseTo((0.4462871 + 0.3566749) / 2, 5);
    expect(() => multiLabelLosses(tf, { positiveWeights: [1, 1], lambda: 0, attentionSteps: 2, knownLabels: [false, false] })).toThrow(
      /at least one known/,
    );
    expect(() => multiLabelLosses(tf, { positiveWeights: [1, 1], lambda: 0, attentionSteps: 2, knownLabels: [true] })).toThrow(RangeError);
  });

  it('refuses a negative λ and an empty label set', () => {
    expect(() => multiLabelLosses(tf, { positiveWeights: [1], lambda: -1, attentionSteps: 4 })).toThrow(RangeError);
    expect(() => multiLabelLosses(tf, { positiveWeights: [], lambda: 1, attentionSteps: 4 })).toThrow(RangeError);
  });
});

describe('combinationMeanMaps', () => {
  const sets = Uint8Array.from([1, 0, 1, 0, 0, 1, 1, 0]); // rows: 10, 10, 01, 10
  const keys = labelCombinationKeys(sets, 2);

  it('keys rows by their label set', () => {
    expect(keys).toEqual(['10', '10', '01', '10']);
  });

  it('makes the regulariser zero when every map equals its combination mean, and not otherwise', async () => {
    const [, reg] = multiLabelLosses(tf, { positiveWeights: [1, 1], lambda: 1, attentionSteps: 3 });
    const same = Float32Array.from([0.2, 0.3, 0.5, 0.2, 0.3, 0.5, 0.6, 0.2, 0.2, 0.2, 0.3, 0.5]);
    const targets = combinationTargets(combinationMeanMaps(keys, same, 3), keys, 3);
    for (const v of await values(reg(tf.tensor2d(targets, [4, 3]), tf.tensor2d(same, [4, 3])))) expect(v).toBeCloseTo(0, 7);

    const differing = same.slice();
    differing.set([0.5, 0.3, 0.2], 0); // row 0 differs from rows 1 and 3 of its combination
    const means = combinationMeanMaps(keys, differing, 3);
    // mean of '10': ((0.5, 0.3, 0.2) + 2 · (0.2, 0.3, 0.5)) / 3 = (0.3, 0.3, 0.4)
    expect(Array.from(means.get('10') ?? [])).toEqual([expect.closeTo(0.3, 6), expect.closeTo(0.3, 6), expect.closeTo(0.4, 6)]);
    const losses = await values(reg(tf.tensor2d(combinationTargets(means, keys, 3), [4, 3]), tf.tensor2d(differing, [4, 3])));
    // row 0: 9 · (0.2² + 0 + 0.2²) / 3 = 0.24; rows 1, 3: 9 · (0.1² + 0 + 0.1²) / 3 = 0.06; row 2 alone in '01' → 0
    expect(losses[0]).toBeCloseTo(0.24, 5);
    expect(losses[1]).toBeCloseTo(0.06, 5);
    expect(losses[2]).toBeCloseTo(0, 7);
    expect(losses[3]).toBeCloseTo(0.06, 5);
  });

  it('refuses a combination without a map', () => {
    expect(() => combinationTargets(new Map(), ['11'], 3)).toThrow(/combination 11/);
  });
});

describe('attention regulariser gradient', () => {
  it('reaches the self-attention weights and not the label head', () => {
    const small = {
      ...RHYTHM_MODEL_CONFIG,
      inputSamples: 256,
      blockFilters: [8],
      blockPools: [true],
      lstmUnits: 4,
      numHeads: 2,
      keyDim: 4,
    };
    const { inference } = buildRhythmModel(small, 5);
    const model = withLabelHead(tf, inference, 3, 'sigmoid', 9);
    const steps = model.outputs[1]?.shape[1] as number;
    const [, reg] = multiLabelLosses(tf, { positiveWeights: [1, 1, 1], lambda: 1, attentionSteps: steps });
    const x = tf.randomNormal([2, 256, 1], 0, 1, 'float32', 3);
    const target = tf.softmax(tf.tile(tf.expandDims(tf.linspace(0, 2, steps), 0), [2, 1])); // a non-uniform map
    const recurrent = model.layers.find((layer) => layer.getClassName() === 'Bidirectional')?.name as string;
    // the gradient asked of the layers after the convolutions only: wasm (CI) has no Conv2DBackpropFilter
    const checked = ['self_attention', recurrent, 'probabilities'].flatMap((layer) =>
      model.getLayer(layer).trainableWeights.map((w) => w.read() as tf.Variable),
    );
    const { grads } = tf.variableGrads(() => {
      const [, attention] = model.apply(x, { training: true }) as tf.Tensor[];
      return tf.mean(reg(target, attention as tf.Tensor));
    }, checked);
    /** squared norm of the gradient on a layer's weights (the layer must have some; a weight the loss does not reach has none) */
    const norm = (layer: string): number => {
      const names = model.getLayer(layer).trainableWeights.map((w) => (w.read() as tf.Variable).name);
      expect(names.length).toBeGreaterThan(0);
      return names.reduce((sum, name) => sum + (tf.sum(tf.square(grads[name] ?? tf.scalar(0))).dataSync()[0] as number), 0);
    };
    expect(norm('self_attention')).toBeGreaterThan(0);
    expect(norm(recurrent)).toBeGreaterThan(0);
    expect(norm('probabilities')).toBe(0);
    tf.dispose([x, target, ...Object.values(grads)]);
  });
});

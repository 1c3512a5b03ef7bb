import { describe, expect, it } from 'vitest';
import { leaderClustering, type FeatureMatrix } from '../../../../../src/main/core/review/leader-clustering';
import { BEAT_TEMPLATE_CONFIG } from '../../../../../src/main/core/review/template-config';
import { seededRandom } from '../../../../../src/main/core/ml/seeded-random';

const SAMPLES = 40;
const PARAMS = {
  joinDissimilarity: BEAT_TEMPLATE_CONFIG.joinDissimilarity,
  mergeDissimilarity: BEAT_TEMPLATE_CONFIG.mergeDissimilarity,
  refinePasses: 1,
  maxClusters: 50,
};

/** Narrow upright beat, wide inverted beat, biphasic beat (one lead, 40 samples at 100 Hz, R at 12). */
const SHAPES: ((k: number) => number)[] = [
  (k) => Math.exp(-(((k - 12) / 1.5) ** 2)) + 0.3 * Math.exp(-(((k - 32) / 4) ** 2)),
  (k) => -1.5 * Math.exp(-(((k - 14) / 4) ** 2)),
  (k) => Math.exp(-(((k - 10) / 1.5) ** 2)) - Math.exp(-(((k - 15) / 1.5) ** 2)),
];

function features(shapeOfBeat: number[], noise: number, seed = 1): FeatureMatrix {
  const random = seededRandom(seed);
  const data = new Float32Array(shapeOfBeat.length * SAMPLES);
  shapeOfBeat.forEach((shape, i) => {
    const f = SHAPES[shape] as (k: number) => number;
    for (let k = 0; k < SAMPLES; k++) data[i * SAMPLES + k] = f(k) + noise * (random() - 0.5);
  });
  return { data, leads: 1, samplesPerLead: SAMPLES, shift: 0 };
}

const all = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

/** The partition as a set of sorted member strings (order-free comparison). */
const partition = (clusters: Int32Array[]): string[] => clusters.map((c) => [...c].join(',')).sort();

describe('leaderClustering', () => {
  it('separates distinct morphologies and keeps a rare one of three beats apart', () => {
    const shapes: number[] = Array.from({ length: 300 }, (_, i) => (i % 4 === 3 ? 1 : 0));
    shapes[50] = shapes[150] = shapes[250] = 2;
    const clusters = leaderClustering(features(shapes, 0.05), all(shapes.length), PARAMS);
    expect(clusters).toHaveLength(3);
    expect(clusters.map((c) => c.length)).toEqual([222, 75, 3]);
    for (const c of clusters) expect(new Set([...c].map((b) => shapes[b])).size).toBe(1);
    expect([...(clusters[2] as Int32Array)]).toEqual([50, 150, 250]);
  });

  it('does not depend on the order the beats come in', () => {
    const shapes = Array.from({ length: 200 }, (_, i) => i % 3);
    const f = features(shapes, 0.1, 7);
    const forward = leaderClustering(f, all(200), PARAMS);
    const backward = leaderClustering(f, all(200).reverse(), PARAMS);
    expect(partition(backward)).toEqual(partition(forward));
  });

  it('tells amplitude apart: the same shape at half size is another template', () => {
    const f = features([0, 0, 0, 0], 0);
    for (let k = 2 * SAMPLES; k < 4 * SAMPLES; k++) f.data[k] = (f.data[k] as number) * 0.5;
    // dissimilarity of x and x/2 is (1 − 0.5)²/(1 + 0.25) = 0.2, above the join threshold
    expect(partition(leaderClustering(f, all(4), PARAMS))).toEqual(['0,1', '2,3']);
  });

  it('puts flat (all-zero) beats together, away from real beats', () => {
    const f = features([0, 0, 0, 0, 0], 0.02);
    f.data.fill(0, SAMPLES, 3 * SAMPLES);
    expect(partition(leaderClustering(f, all(5), PARAMS))).toEqual(['0,3,4', '1,2']);
  });

  it('keeps to the cluster budget on noise, and every beat lands in exactly one cluster', () => {
    const random = seededRandom(3);
    const n = 500;
    const f: FeatureMatrix = {
      data: Float32Array.from({ length: n * SAMPLES }, () => random() - 0.5),
      leads: 1,
      samplesPerLead: SAMPLES,
      shift: 0,
    };
    const clusters = leaderClustering(f, all(n), { ...PARAMS, maxClusters: 20 });
    expect(clusters.length).toBeLessThanOrEqual(20);
    const seen = clusters.flatMap((c) => [...c]).sort((a, b) => a - b);
    expect(seen).toEqual([...all(n)]);
    for (let i = 1; i < clusters.length; i++)
      expect((clusters[i] as Int32Array).length).toBeLessThanOrEqual((clusters[i - 1] as Int32Array).length);
  });

  it('aligns a beat shifted by a sample when shifts are allowed', () => {
    const stored = SAMPLES + 4;
    const data = new Float32Array(6 * stored);
    for (let i = 0; i < 6; i++) {
      const offset = i % 2 === 0 ? 0 : 2; // odd beats lag by 2 samples
      for (let k = 0; k < stored; k++) data[i * stored + k] = (SHAPES[0] as (k: number) => number)(k - 2 - offset);
    }
    const aligned: FeatureMatrix = { data, leads: 1, samplesPerLead: SAMPLES, shift: 2 };
    expect(leaderClustering(aligned, all(6), PARAMS)).toHaveLength(1);
    expect(leaderClustering({ ...aligned, shift: 0, samplesPerLead: stored }, all(6), PARAMS)).toHaveLength(2);
  });

  it('returns no clusters for no beats and one for one beat', () => {
    expect(leaderClustering(features([], 0), new Int32Array(0), PARAMS)).toEqual([]);
    expect(partition(leaderClustering(features([1], 0), all(1), PARAMS))).toEqual(['0']);
  });
});

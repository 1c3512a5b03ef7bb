import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  callPacing,
  loadPacingModel,
  pacedBeats,
  pacingProbability,
  pacingSums,
  recordPacing,
  type PacingModel,
} from '../../../../../src/main/core/beats/pacing-classifier';
import { PACING_FEATURE_COUNT } from '../../../../../src/main/core/beats/pacing-features';

const F = PACING_FEATURE_COUNT;

/** A model that reads feature 0 (standardised by mean 1 and sd 2, weight 3, bias −1); features 1 and 2 only move beats
 *  towards or away from the record's centroids. */
function model(): PacingModel {
  const zeros = new Array<number>(F).fill(0);
  return {
    name: 'pacing',
    version: 'test',
    mean: [1, ...zeros.slice(1)],
    std: [2, ...zeros.slice(1).map(() => 1)],
    weights: [3, ...zeros.slice(1)],
    bias: -1,
    beatThreshold: 0.5,
    sureThreshold: 0.9,
    unpacedThreshold: 0.1,
    recordShare: 0.3,
    maxSpread: 1,
  };
}

/** Feature rows with the given feature 0 and feature 1 values. */
function rows(values: ReadonlyArray<[number, number]>): Float32Array {
  const out = new Float32Array(values.length * F);
  values.forEach(([a, b], i) => {
    out[i * F] = a;
    out[i * F + 1] = b;
  });
  return out;
}

// feature 0 → P: 3 → σ(2) = 0.88, 5 → σ(5) = 0.99 (sure), 1 → σ(−1) = 0.27, −3 → σ(−7) < 0.1 (surely unpaced)
const P_SURE = 5;
const P_MID = 1;
const P_NONE = -3;

describe('pacingProbability', () => {
  it('is σ(bias + w · standardised features)', () => {
    const p = pacingProbability(
      model(),
      rows([
        [5, 100],
        [-1, 0],
      ]),
    );
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-(-1 + 3 * 2))), 6);
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(-(-1 - 3))), 6);
  });

  it('rejects features that are not whole rows', () => {
    expect(() => pacingProbability(model(), new Float32Array(F + 1))).toThrow(RangeError);
  });
});

describe('callPacing', () => {
  it('labels paced the beats at the beat threshold and those nearer the sure stimuli than the surely unpaced beats', () => {
    // 4 sure stimuli with feature 1 = 10, 4 surely unpaced with feature 1 = −10; two undecided beats (P 0.27), one
    // looking like the stimuli (feature 1 = 9), one like the others (−9)
    const features = rows([
      ...Array.from({ length: 4 }, () => [P_SURE, 10] as [number, number]),
      ...Array.from({ length: 4 }, () => [P_NONE, -10] as [number, number]),
      [P_MID, 9],
      [P_MID, -9],
    ]);
    const call = callPacing(model(), features);
    expect(call.sureShare).toBeCloseTo(0.4, 6);
    expect(call.recordPaced).toBe(true);
    expect(Array.from(call.paced)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 1, 0]);
  });

  it('labels no beat paced in a record whose sure stimuli are not alike (noise spikes of every shape)', () => {
    // 4 sure stimuli with feature 1 at ±12: spread (12² summed over one feature) / F per feature, above 1
    const features = rows([
      [P_SURE, 12],
      [P_SURE, -12],
      [P_SURE, 12],
      [P_SURE, -12],
      ...Array.from({ length: 4 }, () => [P_NONE, 0] as [number, number]),
    ]);
    const call = callPacing(model(), features);
    expect(call.sureShare).toBeCloseTo(0.5, 6);
    expect(call.sureSpread).toBeCloseTo(144 / F, 4);
    expect(call.recordPaced).toBe(false);
  });

  it('labels no beat paced in a record with too few sure stimuli', () => {
    const call = callPacing(
      model(),
      rows([
        [P_SURE, 10],
        [P_MID, 9],
        [P_MID, 9],
        [P_NONE, 0],
        [P_NONE, 0],
      ]),
    );
    expect(call.sureShare).toBeCloseTo(0.2, 6);
    expect(call.recordPaced).toBe(false);
    expect(call.paced.every((v) => v === 0)).toBe(true);
  });

  it('uses the beat threshold alone when the record has no surely unpaced beat', () => {
    const call = callPacing(
      model(),
      rows([
        [P_SURE, 0],
        [P_MID, 0],
        [3, 0],
      ]),
    );
    expect(call.unpacedCentroid).toBeNull();
    expect(Array.from(call.paced)).toEqual([1, 0, 1]);
  });

  it('calls a record without beats not paced', () => {
    expect(callPacing(model(), new Float32Array(0))).toMatchObject({ recordPaced: false, sureShare: 0 });
  });
});

describe('pacing sums of stretches', () => {
  it('give the record call and paced beats of the whole record however the record is split', () => {
    const values: Array<[number, number]> = [];
    for (let i = 0; i < 30; i++) values.push([[P_SURE, P_NONE, P_MID][i % 3] as number, (i % 3 === 0 ? 5 : -5) + (i % 7)]);
    const features = rows(values);
    const m = model();
    const whole = callPacing(m, features);
    for (const cut of [1, 7, 13, 29]) {
      const parts = [features.subarray(0, cut * F), features.subarray(cut * F)];
      const probabilities = parts.map((f) => pacingProbability(m, f));
      const record = recordPacing(
        m,
        parts.map((f, k) => pacingSums(m, f, probabilities[k] as Float32Array)),
      );
      expect(record.recordPaced).toBe(whole.recordPaced);
      expect(record.sureShare).toBeCloseTo(whole.sureShare, 12);
      expect(record.sureSpread).toBeCloseTo(whole.sureSpread as number, 9);
      record.pacedCentroid?.forEach((v, j) => expect(v).toBeCloseTo(whole.pacedCentroid?.[j] as number, 9));
      const paced = parts.flatMap((f, k) => Array.from(pacedBeats(m, record, f, probabilities[k] as Float32Array)));
      expect(paced).toEqual(Array.from(whole.paced));
    }
  });

  it('reject features and probabilities of different beat counts', () => {
    const m = model();
    expect(() => pacingSums(m, new Float32Array(F), new Float32Array(2))).toThrow(RangeError);
    const record = recordPacing(m, []);
    expect(record.recordPaced).toBe(false);
    expect(() => pacedBeats(m, record, new Float32Array(2 * F), new Float32Array(1))).toThrow(RangeError);
  });
});

describe('loadPacingModel', () => {
  it('reads a model folder and names the file when meta.json is missing or not a pacing model', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pacing-'));
    expect(() => loadPacingModel(dir)).toThrow(join(dir, 'meta.json'));
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ ...model(), weights: [1] }));
    expect(() => loadPacingModel(dir)).toThrow(/not a pacing model/);
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ ...model(), created: 'now' }));
    expect(loadPacingModel(dir).weights[0]).toBe(3);
  });
});

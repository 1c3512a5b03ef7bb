import { describe, expect, it } from 'vitest';
import {
  computeRrFeatures,
  RR_FEATURE_COUNT,
  RR_FEATURE_NAMES,
  rrFeatureRows,
  rrPrefixSums,
} from '../../../../../src/main/core/beats/rr-features';

const FS_HZ = 100;

function row(features: Float32Array, i: number): Record<string, number> {
  return Object.fromEntries(RR_FEATURE_NAMES.map((name, c) => [name, features[i * RR_FEATURE_COUNT + c] as number]));
}

describe('computeRrFeatures', () => {
  // 20 beats 1 s apart, except beat 4 which comes 0.4 s early (0.6 s after beat 3, 1.4 s before beat 5)
  const peaks = Int32Array.from({ length: 20 }, (_, i) => (i === 4 ? 360 : i * 100));
  const features = computeRrFeatures(peaks, FS_HZ);

  it('gives pre, post, local and long RR and their ratios for a premature beat', () => {
    const f = row(features, 4);
    expect(f.preRrS).toBeCloseTo(0.6, 6);
    expect(f.postRrS).toBeCloseTo(1.4, 6);
    // intervals RR_1..RR_9 (RR_0 does not exist): 1+1+1+0.6+1.4+1+1+1+1 = 9 over 9 intervals
    expect(f.localRrS).toBeCloseTo(1, 6);
    // all 19 intervals lie within ±150 s: 19 s / 19
    expect(f.longRrS).toBeCloseTo(1, 6);
    expect(f.preOverLocal).toBeCloseTo(0.6, 6);
    expect(f.postOverPre).toBeCloseTo(1.4 / 0.6, 5);
    expect(f.preOverLong).toBeCloseTo(0.6, 6);
    expect(f.localOverLong).toBeCloseTo(1, 6);
  });

  it('relates the pre-RR to the median of the intervals before it, robust to the ectopic beat among them', () => {
    // beat 4: intervals RR_1..RR_3 are all 1 s
    expect(row(features, 4).preOverRecentMedian).toBeCloseTo(0.6, 6);
    expect(row(features, 4).recentMadOverMedian).toBeCloseTo(0, 6);
    // beat 5: RR_1..RR_4 = 1, 1, 1, 0.6: median 1 (the premature interval does not move it), deviations 0, 0, 0, 0.4
    expect(row(features, 5).preOverRecentMedian).toBeCloseTo(1.4, 6);
    expect(row(features, 5).recentMadOverMedian).toBeCloseTo(0, 6);
    // beats 0 and 1 have no interval before their pre-RR
    expect(row(features, 0).preOverRecentMedian).toBe(1);
    expect(row(features, 1).recentMadOverMedian).toBe(0);
  });

  it('measures the irregularity of the recent rhythm', () => {
    // intervals RR_1..RR_5 = 0.8, 1.2, 0.8, 1.2, 1.0 s, then beat 6 after 0.7 s
    const irregular = computeRrFeatures(Int32Array.from([0, 80, 200, 280, 400, 500, 570]), FS_HZ);
    // median of 0.8, 0.8, 1.0, 1.2, 1.2 is 1.0; deviations 0.2, 0.2, 0.2, 0.2, 0 have median 0.2
    expect(row(irregular, 6).preOverRecentMedian).toBeCloseTo(0.7, 5);
    expect(row(irregular, 6).recentMadOverMedian).toBeCloseTo(0.2, 5);
  });

  it('keeps the recent-rhythm features of earlier beats when beats are appended (causal)', () => {
    const longer = computeRrFeatures(Int32Array.from([...peaks, 1950, 2010]), FS_HZ);
    const recent = [RR_FEATURE_NAMES.indexOf('preOverRecentMedian'), RR_FEATURE_NAMES.indexOf('recentMadOverMedian')];
    for (let i = 0; i < peaks.length; i++) {
      for (const c of recent) expect(longer[i * RR_FEATURE_COUNT + c]).toBe(features[i * RR_FEATURE_COUNT + c]);
    }
  });

  it('uses the neighbouring interval at the ends of the train', () => {
    const first = row(features, 0);
    expect(first.preRrS).toBeCloseTo(1, 6);
    expect(first.postRrS).toBeCloseTo(1, 6);
    const last = row(features, 19);
    expect(last.preRrS).toBeCloseTo(1, 6);
    expect(last.postRrS).toBeCloseTo(1, 6);
    expect(last.postOverPre).toBeCloseTo(1, 6);
    // beat 19: intervals RR_15..RR_19, all 1 s
    expect(last.localRrS).toBeCloseTo(1, 6);
  });

  it('averages the long-term RR over a centred 5-minute window', () => {
    // 1 s intervals up to t = 300 s (beats 0..300), then 0.5 s intervals up to t = 600 s (beats 301..900)
    const times = Array.from({ length: 901 }, (_, i) => (i <= 300 ? i : 300 + (i - 300) * 0.5));
    const train = Int32Array.from(times, (t) => Math.round(t * FS_HZ));
    const f = computeRrFeatures(train, FS_HZ);
    // beat 300 (t = 300 s): intervals ending at beats in [150 s, 450 s]: 151 of 1 s (beats 150..300), 300 of 0.5 s
    expect(row(f, 300).longRrS).toBeCloseTo((151 + 150) / 451, 5);
    // beat 0: beats 1..150 (150 intervals of 1 s)
    expect(row(f, 0).longRrS).toBeCloseTo(1, 6);
  });

  it('clamps intervals and ratios', () => {
    const f = computeRrFeatures(Int32Array.from([0, 1000, 1010, 1110]), FS_HZ);
    expect(row(f, 1).preRrS).toBeCloseTo(3, 6); // 10 s → maxRrS
    expect(row(f, 2).preRrS).toBeCloseTo(0.15, 6); // 0.1 s → minRrS
    expect(row(f, 2).postOverPre).toBeCloseTo(4, 6); // 1 / 0.15 → maxRatio
  });

  it('handles no beat and a lone beat', () => {
    expect(computeRrFeatures(new Int32Array(0), FS_HZ)).toHaveLength(0);
    expect(Array.from(computeRrFeatures(Int32Array.from([42]), FS_HZ))).toEqual(new Array(RR_FEATURE_COUNT).fill(1));
  });

  it('rejects a bad sampling rate', () => {
    expect(() => computeRrFeatures(peaks, 0)).toThrow(RangeError);
  });
});

describe('rrFeatureRows', () => {
  // 30 min of beats with varying intervals (a fixed pseudo-random sequence: 0.45–1.65 s, some clamped),
  // at a rate whose 150 s half-window is a whole number of samples (beats fall on its edge) and at one
  // where it is not
  const trainAt = (fsHz: number): Int32Array => {
    const peaks = new Int32Array(2400);
    peaks[0] = 50;
    for (let i = 1, x = 12345; i < peaks.length; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      peaks[i] = (peaks[i - 1] as number) + Math.round(fsHz * (0.45 + 1.2 * (x / 2147483648)));
    }
    return peaks;
  };

  it.each([100, 1000 / 7])('gives any run of beats the rows the whole train gives them, bit for bit (%d Hz)', (fsHz) => {
    const peaks = trainAt(fsHz);
    const n = peaks.length;
    const whole = computeRrFeatures(peaks, fsHz);
    const prefix = rrPrefixSums(peaks, fsHz);
    const rowsOf = (first: number, end: number): Float32Array => whole.subarray(first * RR_FEATURE_COUNT, end * RR_FEATURE_COUNT);
    for (const [first, end] of [
      [0, n],
      [700, 1900],
      [500, 500],
    ] as const) {
      expect(rrFeatureRows(peaks, prefix, fsHz, first, end)).toEqual(rowsOf(first, end));
    }
    // every beat as the first of a run (the long window's edges found from scratch there)
    for (let first = 0; first < n; first++) expect(rrFeatureRows(peaks, prefix, fsHz, first, first + 1)).toEqual(rowsOf(first, first + 1));
  });

  it('rejects a run outside the train and running sums of another train', () => {
    const peaks = trainAt(100);
    const prefix = rrPrefixSums(peaks, 100);
    expect(() => rrFeatureRows(peaks, prefix, 100, 10, 5)).toThrow(RangeError);
    expect(() => rrFeatureRows(peaks, prefix, 100, 0, peaks.length + 1)).toThrow(RangeError);
    expect(() => rrFeatureRows(peaks, prefix.subarray(1), 100, 0, 10)).toThrow(RangeError);
    expect(() => rrPrefixSums(peaks, Number.NaN)).toThrow(RangeError);
  });
});

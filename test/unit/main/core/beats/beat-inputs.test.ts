import { describe, expect, it } from 'vitest';
import { beatInputWindows, prepareBeatRecord, type BeatInputLayout } from '../../../../../src/main/core/beats/beat-inputs';
import { seededRandom } from '../../../../../src/main/core/ml/seeded-random';

const spikeLayout: BeatInputLayout = {
  fsHz: 128,
  leads: { count: 1 },
  normalisation: { qrsHalfWidthS: 1 / 128, fallbackAmplitudeMv: 1, clamp: 100, halfBeats: 1 },
  window: { samples: 3, startOffsetSamples: -1 },
};

describe('prepareBeatRecord and beatInputWindows: time-local normalisation', () => {
  // at the model rate, spikes of 1, 2, 4, 8, 16 mV at samples 10, 20, …, 50 on a zero baseline
  const signal = new Float32Array(64);
  const peaks = Int32Array.from([10, 20, 30, 40, 50]);
  peaks.forEach((r, i) => (signal[r] = 2 ** i));

  it('gives each beat the running median QRS range of beats i − 1 … i + 1', () => {
    const prepared = prepareBeatRecord([signal], 128, peaks, spikeLayout, 'spikes');
    // ranges 1 2 4 8 16 → upper medians of [1,2] [1,2,4] [2,4,8] [4,8,16] [8,16]
    expect(Array.from(prepared.amplitudesMv[0] as Float32Array)).toEqual([2, 2, 4, 8, 16]);
  });

  it('pairs each window with its difference to the running median beat', () => {
    const prepared = prepareBeatRecord([signal], 128, peaks, spikeLayout, 'spikes');
    const inputs = beatInputWindows(prepared, Int32Array.from([0, 1, 2, 3, 4]), spikeLayout);
    // windows [0, 2^i / a_i, 0] = [0, .5, 0], [0, 1, 0] ×4; running median of the centres [.5,1]→1, then 1
    // channels per sample: [window, window − template]
    const centre = (i: number): number[] => [inputs[i * 6 + 2] as number, inputs[i * 6 + 3] as number];
    expect([0, 1, 2, 3, 4].map(centre)).toEqual([
      [0.5, -0.5],
      [1, 0],
      [1, 0],
      [1, 0],
      [1, 0],
    ]);
    // a subset gives the rows of the full list (its neighbours still count), and a shift moves only the beat's own window
    const subset = beatInputWindows(prepared, Int32Array.from([0, 4]), spikeLayout, Int32Array.from([0, 1]));
    expect(Array.from(subset.subarray(0, 6))).toEqual(Array.from(inputs.subarray(0, 6)));
    // beat 4 shifted by one sample: window samples 50..52 = [16, 0, 0] − median 0 over a = 16 → [1, 0, 0]; template [0, 1, 0]
    expect(Array.from(subset.subarray(6, 12))).toEqual([1, 1, 0, -1, 0, 0]);
    expect(() => beatInputWindows(prepared, Int32Array.from([3, 2]), spikeLayout)).toThrow(RangeError);
    expect(() => beatInputWindows(prepared, Int32Array.from([5]), spikeLayout)).toThrow(RangeError);
  });

  it('lays out two leads as [beat][sample][window of each lead, then its difference to the median beat]', () => {
    // lead 1 is lead 0 negated and tripled: its normalised windows are lead 0's negated (amplitudes 3× as large), and
    // so are the median beats of beats 1…3, each the median of three windows
    const other = signal.map((v) => -3 * v);
    const layout = { ...spikeLayout, leads: { count: 2 } };
    const one = beatInputWindows(prepareBeatRecord([signal], 128, peaks, spikeLayout, 'spikes'), Int32Array.from([1, 2, 3]), spikeLayout);
    const two = beatInputWindows(prepareBeatRecord([signal, other], 128, peaks, layout, 'spikes'), Int32Array.from([1, 2, 3]), layout);
    expect(two.length).toBe(2 * one.length);
    for (let row = 0; row < one.length / 2; row++) {
      const [window, difference] = [one[2 * row] as number, one[2 * row + 1] as number];
      expect(Array.from(two.subarray(4 * row, 4 * row + 4))).toEqual([window, -window, difference, -difference].map((v) => v + 0));
    }
  });
});

/** A synthetic ECG at 360 Hz: `n` beats, RR 0.6–1.0 s, narrow bumps of `heightMv` and every 4th beat wide and negative. */
function synthetic(n: number, heightMv: number, seed: number): { signal: Float32Array; peaks: Int32Array } {
  const random = seededRandom(seed);
  const peaks = new Int32Array(n);
  let at = 360;
  for (let i = 0; i < n; i++) {
    peaks[i] = at;
    at += Math.round(360 * (0.6 + 0.4 * random()));
  }
  const length = Math.ceil((at + 360) / 45) * 45; // a whole number of 360 → 128 Hz resampling cycles
  const signal = new Float32Array(length);
  peaks.forEach((r, i) => {
    const wide = i % 4 === 3;
    const width = wide ? 14 : 4;
    const height = (wide ? -0.8 : 1) * heightMv * (0.9 + 0.2 * random());
    for (let j = Math.max(0, r - 60); j < Math.min(length, r + 60); j++)
      signal[j] = (signal[j] as number) + height * Math.exp(-(((j - r) / width) ** 2));
  });
  return { signal, peaks };
}

/** Largest absolute difference between two equally long arrays. */
function maxDifference(x: Float32Array, y: Float32Array): number {
  expect(x.length).toBe(y.length);
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs((x[i] as number) - (y[i] as number)));
  return worst;
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

describe('append invariance', () => {
  const layout: BeatInputLayout = {
    fsHz: 128,
    leads: { count: 1 },
    normalisation: { qrsHalfWidthS: 0.1, fallbackAmplitudeMv: 1, clamp: 10, halfBeats: 16 },
    window: { samples: 128, startOffsetSamples: -64 },
  };
  const a = synthetic(120, 1, 1);
  const b = synthetic(90, 3, 2);
  const alone = (() => {
    const prepared = prepareBeatRecord([a.signal], 360, a.peaks, layout, 'a');
    return beatInputWindows(prepared, Int32Array.from(a.peaks.keys()), layout);
  })();
  const perBeat = 128 * 2;

  it("keeps every beat's inputs when another record is appended, except the last halfBeats beats", () => {
    const peaks = Int32Array.from([...a.peaks, ...Array.from(b.peaks, (r) => r + a.signal.length)]);
    const prepared = prepareBeatRecord([concat(a.signal, b.signal)], 360, peaks, layout, 'a+b');
    const inside = beatInputWindows(prepared, Int32Array.from(a.peaks.keys()), layout);
    const kept = (120 - 16) * perBeat;
    // equal up to float rounding of the resampling (the record's samples are the same; sums run in another order at most)
    expect(maxDifference(inside.subarray(0, kept), alone.subarray(0, kept))).toBeLessThan(1e-5);
    // the last beats see b's three-times-larger beats: their amplitude and median beat change
    expect(maxDifference(inside.subarray(kept), alone.subarray(kept))).toBeGreaterThan(0.1);
  });

  it("keeps every beat's inputs when another record comes before, except the first halfBeats beats", () => {
    const peaks = Int32Array.from([...b.peaks, ...Array.from(a.peaks, (r) => r + b.signal.length)]);
    const prepared = prepareBeatRecord([concat(b.signal, a.signal)], 360, peaks, layout, 'b+a');
    const inside = beatInputWindows(
      prepared,
      Int32Array.from(a.peaks, (_, i) => 90 + i),
      layout,
    );
    const skipped = 16 * perBeat;
    expect(maxDifference(inside.subarray(skipped), alone.subarray(skipped))).toBeLessThan(1e-5);
    expect(maxDifference(inside.subarray(0, skipped), alone.subarray(0, skipped))).toBeGreaterThan(0.1);
  });
});

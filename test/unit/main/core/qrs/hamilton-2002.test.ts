import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resample } from '../../../../../src/main/core/dsp/resample';
import { compareBeats, type BeatMark } from '../../../../../src/main/core/evaluate/compare-beats';
import { summarize } from '../../../../../src/main/core/evaluate/summarize';
import { DEFAULT_QRS_CONFIG, detectQrs } from '../../../../../src/main/core/qrs/hamilton-2002';
import { readAnnotations, type Annotation } from '../../../../../src/main/core/wfdb/annotations';
import { readRecord, toPhysical } from '../../../../../src/main/core/wfdb/record';
import { hasMitdb, REPO_ROOT, SHARED_DATA } from '../evaluate/bxb-report';
import { syntheticEcg } from './synthetic-ecg';

/** Pairs marks with true R peaks at most `tolerance` samples apart (both sorted). */
function matchWithin(
  marks: Int32Array,
  truth: readonly number[],
  tolerance: number,
): { matched: number; missed: number[]; extra: number[] } {
  const used = new Uint8Array(marks.length);
  const missed: number[] = [];
  let j = 0;
  for (const r of truth) {
    while (j < marks.length && (marks[j] as number) < r - tolerance) j++;
    if (j < marks.length && Math.abs((marks[j] as number) - r) <= tolerance) used[j++] = 1;
    else missed.push(r);
  }
  const extra = Array.from(marks).filter((_, i) => used[i] === 0);
  return { matched: truth.length - missed.length, missed, extra };
}

const toMarks = (samples: Int32Array): BeatMark[] => Array.from(samples, (sample) => ({ sample, cls: 'N' }));

describe('detectQrs on synthetic ECG', () => {
  for (const fsHz of [128, 250, 300, 360, 500, 1000]) {
    it(`finds every R peak within 10 ms and nothing else at ${fsHz} Hz`, () => {
      const { signalMv, rSamples } = syntheticEcg(fsHz, 60);
      const marks = detectQrs(signalMv, fsHz);
      const m = matchWithin(marks, rSamples, Math.ceil(0.01 * fsHz));
      expect(m.missed).toEqual([]);
      expect(m.extra).toEqual([]);
    });
  }

  it('follows a fast rate (150 bpm) and a slow one (40 bpm)', () => {
    for (const hrBpm of [150, 40]) {
      const { signalMv, rSamples } = syntheticEcg(360, 60, { hrBpm });
      const m = matchWithin(detectQrs(signalMv, 360), rSamples, 4);
      expect(m.missed, `${hrBpm} bpm`).toEqual([]);
      expect(m.extra, `${hrBpm} bpm`).toEqual([]);
    }
  });

  it('adapts to a 4-fold amplitude drop', () => {
    const { signalMv, rSamples } = syntheticEcg(360, 60, { noiseMv: 0.005 });
    const scaled = signalMv.map((v, i) => (i >= 30 * 360 ? v / 4 : v));
    const m = matchWithin(detectQrs(scaled, 360), rSamples, 4);
    expect(m.missed).toEqual([]);
    expect(m.extra).toEqual([]);
  });

  it('puts no mark in a 10 s asystole (baseline wander and noise only)', () => {
    const fsHz = 360;
    const { signalMv, rSamples } = syntheticEcg(fsHz, 50, { noiseMv: 0.01 });
    const baseline = syntheticEcg(fsHz, 50, { noiseMv: 0.01, firstBeatS: 60 }).signalMv;
    signalMv.set(baseline.subarray(20 * fsHz, 30 * fsHz), 20 * fsHz);
    const beats = rSamples.filter((r) => r <= 20 * fsHz - 0.05 * fsHz || r >= 30 * fsHz + 0.05 * fsHz); // QRS wholly outside the pause
    const m = matchWithin(detectQrs(signalMv, fsHz), beats, 4);
    expect(m.missed).toEqual([]);
    expect(m.extra).toEqual([]);
  });

  it('recovers the beats after a large artefact', () => {
    const fsHz = 300;
    const { signalMv, rSamples } = syntheticEcg(fsHz, 40, { noiseMv: 0.005 });
    // 6 s of a 4 mV burst, then beats at a tenth of the artefact's size
    for (let i = 0; i < signalMv.length; i++) {
      const t = i / fsHz;
      signalMv[i] = 0.3 * (signalMv[i] as number) + (t < 6 ? 4 * Math.sin(2 * Math.PI * 1.7 * t) * Math.sin(2 * Math.PI * 9 * t) : 0);
    }
    const m = matchWithin(
      detectQrs(signalMv, fsHz),
      rSamples.filter((r) => r >= 7 * fsHz),
      3,
    );
    expect(m.missed).toEqual([]);
    expect(m.extra.filter((s) => s >= 7 * fsHz)).toEqual([]);
  });

  it('returns sorted, unique 0-based indices in an Int32Array', () => {
    const { signalMv } = syntheticEcg(250, 20);
    const marks = detectQrs(signalMv, 250);
    expect(marks).toBeInstanceOf(Int32Array);
    for (let i = 1; i < marks.length; i++) expect(marks[i] as number).toBeGreaterThan(marks[i - 1] as number);
    expect(marks[0] as number).toBeGreaterThanOrEqual(0);
    expect(marks[marks.length - 1] as number).toBeLessThan(signalMv.length);
  });
});

describe('detectQrs on degenerate input', () => {
  it('returns nothing for an empty signal', () => {
    expect(detectQrs(new Float32Array(0), 360)).toEqual(new Int32Array(0));
  });

  it('returns nothing for a flat line, at zero or at an offset', () => {
    expect(detectQrs(new Float32Array(10 * 360), 360).length).toBe(0);
    expect(detectQrs(new Float32Array(10 * 360).fill(1.5), 360).length).toBe(0);
  });

  it('returns nothing for an all-NaN signal, nor for an ECG scaled below the minimum QRS amplitude', () => {
    expect(detectQrs(new Float32Array(10 * 360).fill(NaN), 360).length).toBe(0);
    const tiny = syntheticEcg(360, 10, { noiseMv: 0, wanderMv: 0 }).signalMv.map((v) => v * (DEFAULT_QRS_CONFIG.minQrsAmplitudeMv / 4));
    expect(detectQrs(tiny, 360).length).toBe(0);
  });

  it('puts no mark inside a NaN gap and still finds the beats around it', () => {
    const fsHz = 360;
    const { signalMv, rSamples } = syntheticEcg(fsHz, 40);
    const gapFrom = 10 * fsHz;
    const gapTo = 16 * fsHz;
    signalMv.fill(NaN, gapFrom, gapTo);
    const marks = detectQrs(signalMv, fsHz);
    expect(Array.from(marks).filter((s) => s >= gapFrom && s < gapTo)).toEqual([]);
    const outside = rSamples.filter((r) => r < gapFrom - fsHz / 2 || r >= gapTo + fsHz / 2);
    const m = matchWithin(marks, outside, 4);
    expect(m.missed).toEqual([]);
    expect(m.extra.filter((s) => s < gapFrom - fsHz / 2 || s >= gapTo + fsHz / 2)).toEqual([]);
  });

  it('finds both beats of a 1.5 s signal', () => {
    const { signalMv, rSamples } = syntheticEcg(300, 1.5, { hrBpm: 75, firstBeatS: 0.5 });
    expect(rSamples.length).toBe(2);
    const m = matchWithin(detectQrs(signalMv, 300), rSamples, 3);
    expect(m.missed).toEqual([]);
    expect(m.extra).toEqual([]);
  });

  it('finds a single beat', () => {
    const { signalMv, rSamples } = syntheticEcg(360, 3, { hrBpm: 20, firstBeatS: 1.4 });
    expect(rSamples.length).toBe(1);
    const marks = detectQrs(signalMv, 360);
    expect(marks.length).toBe(1);
    expect(Math.abs((marks[0] as number) - (rSamples[0] as number))).toBeLessThanOrEqual(4);
  });

  it('handles signals shorter than the filters', () => {
    expect(detectQrs(new Float32Array([0.1, 0.5, -0.2]), 360).length).toBe(0);
  });

  it('rejects a bad sampling frequency and a non-Float32Array signal', () => {
    expect(() => detectQrs(new Float32Array(10), 0)).toThrow(RangeError);
    expect(() => detectQrs(new Float32Array(10), Number.NaN)).toThrow(RangeError);
    expect(() => detectQrs([0, 1, 2] as unknown as Float32Array, 360)).toThrow(TypeError);
  });
});

const FIXTURES = join(REPO_ROOT, 'test/fixtures/qrs');

function excerpt(name: string): { signalMv: Float32Array; fsHz: number; annotations: Annotation[] } {
  const record = readRecord(join(FIXTURES, `${name}.hea`));
  return { signalMv: toPhysical(record, 0), fsHz: record.fsHz, annotations: readAnnotations(join(FIXTURES, `${name}.atr`)) };
}

describe('detectQrs on committed one-minute mitdb excerpts, scored beat by beat against the reference annotations', () => {
  // Bounds on Se and +P, in %, for each excerpt (see test/fixtures/qrs/README.md).
  const cases = [
    { name: '100_0', what: 'clean sinus rhythm', se: 98.5, ppv: 98.5 },
    { name: '203_600', what: 'multiform PVCs', se: 98.5, ppv: 98.5 },
    { name: '207_170', what: 'bigeminy with small wide PVCs', se: 98, ppv: 98 },
    { name: '105_1200', what: 'heavy noise', se: 95, ppv: 85 },
  ];
  for (const { name, what, se, ppv } of cases) {
    for (const fsHz of [360, 250, 500]) {
      it(`${name} (${what}) at ${fsHz} Hz: Se ≥ ${se} %, +P ≥ ${ppv} %`, () => {
        const x = excerpt(name);
        const signal = resample(x.signalMv, x.fsHz, fsHz);
        const reference = x.annotations.map((a) => ({ ...a, sample: Math.round((a.sample * fsHz) / x.fsHz) }));
        const c = compareBeats(reference, toMarks(detectQrs(signal, fsHz)), fsHz, {
          recordName: name,
          startSec: 0,
          endSample: signal.length,
        });
        expect(c.stats.qrs.sePct).toBeGreaterThanOrEqual(se);
        expect(c.stats.qrs.ppvPct).toBeGreaterThanOrEqual(ppv);
      });
    }
  }

  it('places the marks on the annotated R peaks (median offset 0, 95 % within 25 ms) on 100_0', () => {
    const x = excerpt('100_0');
    const marks = detectQrs(x.signalMv, x.fsHz);
    const beats = x.annotations.filter((a) => a.symbol === 'N' || a.symbol === 'A' || a.symbol === 'V').map((a) => a.sample);
    const offsets = beats.map((r) => Math.min(...Array.from(marks, (m) => Math.abs(m - r)))).sort((a, b) => a - b);
    expect(offsets[Math.floor(offsets.length / 2)]).toBe(0);
    expect(offsets[Math.floor(offsets.length * 0.95)] as number).toBeLessThanOrEqual(Math.round(0.025 * x.fsHz));
  });
});

describe.skipIf(!hasMitdb)('detectQrs on all 48 mitdb records, signal 0 (skipped without ../shared/data)', () => {
  it('gross QRS Se and +P ≥ 99.5 % in the EC57 window and from 0', () => {
    const records = readFileSync(join(SHARED_DATA, 'mitdb/RECORDS'), 'utf8').trim().split(/\s+/);
    const ec57 = [];
    const from0 = [];
    for (const r of records) {
      const record = readRecord(join(SHARED_DATA, `mitdb/${r}.hea`));
      const marks = toMarks(detectQrs(toPhysical(record, 0), record.fsHz));
      const reference = readAnnotations(join(SHARED_DATA, `mitdb/${r}.atr`));
      ec57.push(compareBeats(reference, marks, record.fsHz, { recordName: r, endSample: record.nSamples }));
      from0.push(compareBeats(reference, marks, record.fsHz, { recordName: r, startSec: 0, endSample: record.nSamples }));
    }
    for (const s of [summarize(ec57), summarize(from0)]) {
      expect(s.nRecords).toBe(48);
      expect(s.gross.qrs.sePct).toBeGreaterThanOrEqual(99.5);
      expect(s.gross.qrs.ppvPct).toBeGreaterThanOrEqual(99.5);
    }
  });
});

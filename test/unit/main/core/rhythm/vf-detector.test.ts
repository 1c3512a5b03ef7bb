import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReferenceRhythmSpans } from '../../../../../src/main/core/evaluate/reference-rhythm-spans';
import { compareRhythmEpisodes } from '../../../../../src/main/core/evaluate/rhythm-episode-compare';
import {
  detectVfSpans,
  VF_DETECTOR_CONFIG,
  vfContextS,
  vfFeatures,
  vfSpansFromFeatures,
} from '../../../../../src/main/core/rhythm/vf-detector';
import { zeroPhaseBandPass } from '../../../../../src/main/core/dsp/zero-phase-band-pass';
import { readRecord, toPhysical } from '../../../../../src/main/core/wfdb/record';
import { SHARED_DATA } from '../evaluate/bxb-report';
import { seededRandom } from '../../../../../src/main/core/ml/seeded-random';

const FS = 250;

/** Sinus-like lead: a 1 mV, 30 ms Gaussian R wave every rrS seconds. */
function sinus(seconds: number, rrS = 0.8): Float32Array {
  const x = new Float32Array(seconds * FS);
  for (let beat = 0.4; beat < seconds; beat += rrS) {
    for (let i = Math.max(0, Math.round((beat - 0.1) * FS)); i < Math.min(x.length, Math.round((beat + 0.1) * FS)); i++) {
      x[i] = (x[i] as number) + Math.exp(-(((i / FS - beat) / 0.012) ** 2) / 2);
    }
  }
  return x;
}

/** VF-like lead: an oscillation whose frequency wanders between 4 and 6 Hz and peak-to-peak amplitude between 0.5 and 1.5 mV. */
function fibrillation(seconds: number, random: () => number): Float32Array {
  const x = new Float32Array(seconds * FS);
  let phase = 0;
  let f = 5;
  let a = 1;
  for (let i = 0; i < x.length; i++) {
    f = Math.min(6, Math.max(4, f + 0.3 * (random() - 0.5)));
    a = Math.min(1.5, Math.max(0.5, a + 0.05 * (random() - 0.5)));
    phase += (2 * Math.PI * f) / FS;
    x[i] = (a / 2) * Math.sin(phase);
  }
  return x;
}

/** Monomorphic VT-like lead: one identical wide sinusoidal complex repeated at 3 Hz (180 bpm). */
function monomorphicVt(seconds: number): Float32Array {
  return Float32Array.from(
    { length: seconds * FS },
    (_, i) => Math.sin((2 * Math.PI * 3 * i) / FS) + 0.3 * Math.sin((2 * Math.PI * 6 * i) / FS),
  );
}

describe('detectVfSpans on synthetic leads', () => {
  it('finds the fibrillation between two stretches of sinus rhythm, within the window length at each edge', () => {
    const lead = new Float32Array(180 * FS);
    lead.set(sinus(60), 0);
    lead.set(fibrillation(60, seededRandom(1)), 60 * FS);
    lead.set(sinus(60), 120 * FS);
    const spans = detectVfSpans(lead, FS);
    expect(spans).toHaveLength(1);
    const window = VF_DETECTOR_CONFIG.windowS * FS;
    expect(Math.abs(spans[0]!.onsetSample - 60 * FS)).toBeLessThanOrEqual(window);
    expect(Math.abs(spans[0]!.endSample - 120 * FS)).toBeLessThanOrEqual(window);
    expect(spans[0]!.confidence).toBeGreaterThan(0.5);
    expect(spans[0]!.confidence).toBeLessThanOrEqual(1);
  });

  it('calls neither sinus rhythm, monomorphic VT, a flat lead nor a NaN gap VF', () => {
    expect(detectVfSpans(sinus(120), FS)).toEqual([]);
    expect(detectVfSpans(monomorphicVt(60), FS)).toEqual([]);
    expect(detectVfSpans(new Float32Array(60 * FS), FS)).toEqual([]);
    expect(detectVfSpans(new Float32Array(60 * FS).fill(NaN), FS)).toEqual([]);
  });

  it('returns nothing for an empty or too short lead', () => {
    expect(detectVfSpans(new Float32Array(0), FS)).toEqual([]);
    expect(detectVfSpans(fibrillation(2, seededRandom(2)), FS)).toEqual([]);
  });

  it('gives the same features on a chunk with vfContextS of context on each side as on the whole lead', () => {
    const random = seededRandom(3);
    const lead = new Float32Array(400 * FS);
    lead.set(sinus(130), 0);
    lead.set(fibrillation(140, random), 130 * FS);
    lead.set(sinus(130), 270 * FS);
    const whole = vfFeatures(lead, FS);
    const ctx = vfContextS();
    const coreFrom = 200;
    const coreTo = 300;
    const chunk = vfFeatures(lead.subarray((coreFrom - ctx) * FS, (coreTo + ctx) * FS), FS);
    for (let k = coreFrom; k < coreTo; k++) {
      expect(chunk.tcscPercent[k - coreFrom + ctx]).toBeCloseTo(whole.tcscPercent[k] as number, 3);
      expect(chunk.leakage[k - coreFrom + ctx]).toBeCloseTo(whole.leakage[k] as number, 3);
      expect(chunk.acfPeak[k - coreFrom + ctx]).toBeCloseTo(whole.acfPeak[k] as number, 3);
      expect(chunk.peakToPeakMv[k - coreFrom + ctx]).toBeCloseTo(whole.peakToPeakMv[k] as number, 3);
      // a box is 1/1600: a filter rounding difference may move a point across a box edge
      expect(chunk.timeDelayFraction[k - coreFrom + ctx]).toBeCloseTo(whole.timeDelayFraction[k] as number, 2);
    }
  });

  it('computes the time-delay feature as the share of a 40 × 40 grid visited by x(t) against x(t − 0.5 s), higher in VF than in sinus rhythm', () => {
    // one 120 s filter block and its margins (the whole lead filtered at once), decimated 250 → 50 Hz by
    // means of 5 samples; the grid spans each window's range (Amann et al. 2007's construction)
    const lead = new Float32Array(100 * FS);
    lead.set(sinus(50), 0);
    lead.set(fibrillation(50, seededRandom(7)), 50 * FS);
    const { windowS, segmentS } = VF_DETECTOR_CONFIG;
    const features = vfFeatures(lead, FS);
    const y = zeroPhaseBandPass(lead.slice(), FS, VF_DETECTOR_CONFIG.highPassHz, VF_DETECTOR_CONFIG.lowPassHz);
    const z = Float32Array.from({ length: Math.floor(y.length / 5) }, (_, j) => {
      let sum = 0;
      for (let i = 0; i < 5; i++) sum += y[5 * j + i] as number;
      return sum / 5;
    });
    const lag = 25;
    const before = Math.floor((windowS - 1) / 2);
    const mean = { sinus: 0, vf: 0 };
    for (let k = 0; k < features.steps; k++) {
      const from = Math.max(0, (k - before) * FS);
      const to = Math.min(lead.length, (k - before + windowS) * FS);
      if (to - from < segmentS * FS) continue;
      const w = z.subarray(Math.ceil(from / 5), Math.floor(to / 5));
      const min = Math.min(...w);
      const box = (v: number): number => Math.min(39, Math.floor(((v - min) * 40) / (Math.max(...w) - min)));
      const visited = new Set<number>();
      for (let i = lag; i < w.length; i++) visited.add(box(w[i] as number) * 40 + box(w[i - lag] as number));
      expect(features.timeDelayFraction[k]).toBeCloseTo(visited.size / 1600, 2);
      if (k >= 10 && k < 40) mean.sinus += (features.timeDelayFraction[k] as number) / 30;
      if (k >= 60 && k < 90) mean.vf += (features.timeDelayFraction[k] as number) / 30;
    }
    expect(mean.vf).toBeGreaterThan(1.5 * mean.sinus);
    expect(vfFeatures(new Float32Array(60 * FS), FS).timeDelayFraction.every((v) => v === 0)).toBe(true);
  });

  it("measures each window's peak-to-peak amplitude as the band-passed lead's max − min over the window", () => {
    // one 120 s filter block and its margins: the whole lead is filtered at once, as here
    const random = seededRandom(5);
    const lead = new Float32Array(100 * FS);
    lead.set(sinus(50), 0);
    lead.set(fibrillation(50, random), 50 * FS);
    const features = vfFeatures(lead, FS);
    const y = zeroPhaseBandPass(lead.slice(), FS, VF_DETECTOR_CONFIG.highPassHz, VF_DETECTOR_CONFIG.lowPassHz);
    const before = Math.floor((VF_DETECTOR_CONFIG.windowS - 1) / 2);
    for (let k = 0; k < features.steps; k++) {
      const from = Math.max(0, (k - before) * FS);
      const to = Math.min(lead.length, (k - before + VF_DETECTOR_CONFIG.windowS) * FS);
      const window = y.subarray(from, to);
      const expected = to - from < VF_DETECTOR_CONFIG.segmentS * FS ? 0 : Math.fround(Math.max(...window) - Math.min(...window));
      expect(features.peakToPeakMv[k]).toBe(expected);
    }
  });

  it('detects the spans its features give, also when every threshold passes and gaps are joined', () => {
    const random = seededRandom(6);
    const lead = new Float32Array(300 * FS);
    lead.set(sinus(100), 0);
    lead.set(fibrillation(40, random), 100 * FS);
    lead.set(sinus(30), 140 * FS);
    lead.set(fibrillation(30, random), 170 * FS);
    lead.set(sinus(100), 200 * FS);
    const loose = {
      ...VF_DETECTOR_CONFIG,
      tcscMinPercent: 20,
      leakageMax: 0.9,
      acfMax: 0.99,
      tdMinFraction: 0.05,
      mergeGapS: 3,
      minEpisodeS: 2,
    };
    for (const config of [VF_DETECTOR_CONFIG, loose]) {
      const expected = vfSpansFromFeatures(vfFeatures(lead, FS, config), lead.length, FS, config);
      expect(expected.length).toBeGreaterThan(0);
      expect(detectVfSpans(lead, FS, config)).toEqual(expected);
    }
    // thresholds every step passes, a lead without windows: every step is VF, as its default features say
    const all = {
      ...VF_DETECTOR_CONFIG,
      tcscMinPercent: 0,
      leakageMax: 1,
      acfMax: 1,
      tdMinFraction: 0,
      minPeakToPeakMv: 0,
      maxPeakToPeakMv: Infinity,
      minEpisodeS: 0,
    };
    const short = fibrillation(2, random);
    expect(detectVfSpans(short, FS, all)).toEqual(vfSpansFromFeatures(vfFeatures(short, FS, all), short.length, FS, all));
    expect(detectVfSpans(short, FS, all)).toHaveLength(1);
  });

  it('rejects rates and configs out of range', () => {
    expect(() => detectVfSpans(new Float32Array(100), 10)).toThrow(/sampling rate 10 Hz/);
    expect(() => detectVfSpans(new Float32Array(100), FS, { ...VF_DETECTOR_CONFIG, windowS: 2.5 })).toThrow(/windowS/);
    expect(() => detectVfSpans(new Float32Array(100), FS, { ...VF_DETECTOR_CONFIG, tdGridBoxes: 1 })).toThrow(/tdGridBoxes/);
    expect(() => detectVfSpans(new Float32Array(100), FS, { ...VF_DETECTOR_CONFIG, tdDelayS: 0 })).toThrow(/tdDelayS/);
  });
});

const hasVfdb = existsSync(join(SHARED_DATA, 'vfdb/418.hea'));
if (!hasVfdb) console.warn('skipping the vfdb 418 VF check: ../shared/data/vfdb is absent');

describe.skipIf(!hasVfdb)('detectVfSpans on vfdb 418 (a tuning-fold record, 60 VFL episodes)', () => {
  it('detects at least 90 % of the VFL episodes and 70 % of their time', () => {
    const record = readRecord(join(SHARED_DATA, 'vfdb/418.hea'));
    const reference = readReferenceRhythmSpans(join(SHARED_DATA, 'vfdb/418.atr'), record.nSamples, 'VF');
    const c = compareRhythmEpisodes(reference, detectVfSpans(toPhysical(record, 0), record.fsHz));
    expect(c.referenceEpisodes).toBe(60);
    expect(c.episodeSensitivity).toBeGreaterThanOrEqual(0.9);
    expect(c.durationSensitivity).toBeGreaterThanOrEqual(0.7);
  });

  it('detects the spans its features give (the detector stops at the first failed threshold)', () => {
    const record = readRecord(join(SHARED_DATA, 'vfdb/418.hea'));
    for (const lead of [0, 1]) {
      const x = toPhysical(record, lead);
      const spans = detectVfSpans(x, record.fsHz);
      expect(spans.length).toBeGreaterThan(0);
      expect(spans).toEqual(vfSpansFromFeatures(vfFeatures(x, record.fsHz), x.length, record.fsHz));
    }
  });
});

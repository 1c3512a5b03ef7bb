import { describe, expect, it } from 'vitest';
import type { RhythmWindows } from '../../../../../src/main/core/rhythm/classifier';
import {
  HOLTER_RHYTHM_CONFIG,
  HOLTER_RHYTHM_PRECEDENCE,
  holterRhythmEpisodes,
  type HolterRhythmInput,
} from '../../../../../src/main/core/rhythm/holter-rhythm';
import { RHYTHM_LABELS, type RhythmLabel } from '../../../../../src/main/core/rhythm/rhythm-labels';
import { HOLTER_RHYTHM_CODES } from '../../../../../src/shared/holter-rhythms';
import type { AamiClass } from '../../../../../src/shared/labels';

const FS_HZ = 100;

/** Non-overlapping 30 s windows, one per label, each with probability 0.8 for its label. */
function windows(labels: RhythmLabel[]): RhythmWindows {
  const probabilities = new Float32Array(labels.length * 4);
  labels.forEach((label, i) => RHYTHM_LABELS.forEach((l, c) => (probabilities[i * 4 + c] = l === label ? 0.8 : 0.2 / 3)));
  return {
    windowS: 30,
    strideS: 30,
    startSample: Int32Array.from(labels, (_, i) => i * 30 * FS_HZ),
    probabilities,
    labels,
    attention: new Float32Array(0),
    attentionSteps: 0,
  };
}

/** Beats from a label string and one RR interval (ms) per beat after the first, starting at `startS`. */
function beatTrain(
  labels: string,
  rrMs: (i: number) => number,
  startS = 1,
): Pick<HolterRhythmInput, 'beatSamples' | 'beatLabels' | 'beatConfidence'> {
  const samples: number[] = [];
  let t = startS * FS_HZ;
  for (let i = 0; i < labels.length; i++) {
    if (i > 0) t += (rrMs(i) * FS_HZ) / 1000;
    samples.push(Math.round(t));
  }
  return {
    beatSamples: Int32Array.from(samples),
    beatLabels: [...labels] as AamiClass[],
    beatConfidence: new Float32Array(labels.length).fill(0.9),
  };
}

const spans = (input: HolterRhythmInput) => holterRhythmEpisodes(input).map((e) => [e.label, e.onsetSample, e.endSample]);

describe('holterRhythmEpisodes', () => {
  it('maps CNN-only stretches to (N, (AFIB, (OTHER and (NOISE and covers the record without gaps', () => {
    const nSamples = 120 * FS_HZ;
    const input = { fsHz: FS_HZ, nSamples, windows: windows(['N', 'A', 'O', '~']), ...beatTrain('', () => 0) };
    expect(spans(input)).toEqual([
      ['N', 0, 3000],
      ['AFIB', 3000, 6000],
      ['OTHER', 6000, 9000],
      ['NOISE', 9000, 12000],
    ]);
    holterRhythmEpisodes(input).forEach((e) => expect(e.meanProbability).toBeCloseTo(0.8, 6));
  });

  it('finds a VT run of 4 V beats at 150 bpm from its first beat to the beat after it, and no VT at 90 bpm', () => {
    // N at 800 ms, then 4 V at 400 ms (150 bpm), then N again: beats 10..13 are V.
    const labels = 'NNNNNNNNNNVVVVNNNNNNNN';
    const fast = beatTrain(labels, (i) => (i >= 11 && i <= 13 ? 400 : 800));
    const input = { fsHz: FS_HZ, nSamples: 60 * FS_HZ, windows: windows(['N', 'N']), ...fast };
    const s = fast.beatSamples;
    expect(spans(input)).toEqual([
      ['N', 0, s[10]],
      ['VT', s[10], s[14]],
      ['N', s[14], 6000],
    ]);
    const slow = beatTrain(labels, (i) => (i >= 11 && i <= 13 ? 660 : 800)); // 90.9 bpm
    expect(spans({ ...input, ...slow })).toEqual([['N', 0, 6000]]);
    // two V beats are a couplet, not VT, however fast
    const couplet = beatTrain('NNNNNVVNNNN', (i) => (i === 6 ? 300 : 800));
    expect(spans({ ...input, ...couplet })).toEqual([['N', 0, 6000]]);
  });

  it('finds SVTA from S runs and honours a configured minimum length', () => {
    const labels = 'NNNNNSSSSSNNNN';
    const train = beatTrain(labels, (i) => (i >= 6 && i <= 9 ? 450 : 800));
    const input = { fsHz: FS_HZ, nSamples: 60 * FS_HZ, windows: windows(['N', 'N']), ...train };
    expect(spans(input).map((e) => e[0])).toEqual(['N', 'SVTA', 'N']);
    expect(holterRhythmEpisodes(input, { ...HOLTER_RHYTHM_CONFIG, svtaMinBeats: 6 }).map((e) => e.label)).toEqual(['N']);
  });

  it('turns the CNN\'s "other" over ventricular trigeminy into (T and the explained remnant into (N', () => {
    // 20 beats N, then 8 N–N–V cycles, then N; RR 800 ms everywhere; the CNN calls the second window "other".
    const labels = 'N'.repeat(40) + 'NNV'.repeat(8) + 'N'.repeat(20);
    const train = beatTrain(labels, () => 800);
    const s = train.beatSamples;
    const input = { fsHz: FS_HZ, nSamples: 90 * FS_HZ, windows: windows(['N', 'O', 'N']), ...train };
    const first = s[40] as number;
    const afterLast = s[40 + 24] as number;
    expect(first).toBeGreaterThan(3000);
    expect(afterLast).toBeLessThan(6000);
    expect(spans(input)).toEqual([
      ['N', 0, first],
      ['T', first, afterLast],
      ['N', afterLast, 9000],
    ]);
  });

  it('finds bigeminy of at least 3 N–V cycles and not 2', () => {
    const three = beatTrain('NNNNN' + 'NV'.repeat(3) + 'NNNN', () => 800);
    const input = { fsHz: FS_HZ, nSamples: 30 * FS_HZ, windows: windows(['N']), ...three };
    expect(spans(input).map((e) => e[0])).toEqual(['N', 'B', 'N']);
    const two = beatTrain('NNNNN' + 'NV'.repeat(2) + 'NNNNNN', () => 800);
    expect(spans({ ...input, ...two }).map((e) => e[0])).toEqual(['N']);
  });

  it('gives VT precedence over CNN noise and noise precedence over bigeminy', () => {
    const vt = beatTrain('NNNN' + 'VVVVV' + 'NNNN', (i) => (i >= 5 && i <= 8 ? 400 : 800), 35);
    const input = { fsHz: FS_HZ, nSamples: 60 * FS_HZ, windows: windows(['N', '~']), ...vt };
    expect(spans(input).map((e) => e[0])).toEqual(['N', 'NOISE', 'VT', 'NOISE']);
    const bigeminy = beatTrain('NNNN' + 'NV'.repeat(5) + 'NNNN', () => 800, 35);
    expect(spans({ ...input, ...bigeminy }).map((e) => e[0])).toEqual(['N', 'NOISE']);
    expect(HOLTER_RHYTHM_PRECEDENCE.indexOf('VT')).toBeLessThan(HOLTER_RHYTHM_PRECEDENCE.indexOf('NOISE'));
  });

  it('lists every automatic type in the precedence and only known types', () => {
    for (const type of HOLTER_RHYTHM_PRECEDENCE) expect(HOLTER_RHYTHM_CODES).toContain(type);
  });

  it('handles degenerate input: no windows, no beats, one beat, a VT run at the record end', () => {
    expect(holterRhythmEpisodes({ fsHz: FS_HZ, nSamples: 1000, windows: windows([]), ...beatTrain('', () => 0) })).toEqual([]);
    const one = beatTrain('V', () => 0);
    expect(spans({ fsHz: FS_HZ, nSamples: 3000, windows: windows(['N']), ...one })).toEqual([['N', 0, 3000]]);
    // the record ends 100 ms after the last V of a run: the VT episode ends at the record end
    const tail = beatTrain('NNNNVVVV', (i) => (i >= 5 ? 400 : 800));
    const last = tail.beatSamples[7] as number;
    const nSamples = last + 10;
    expect(spans({ fsHz: FS_HZ, nSamples, windows: windows(['N']), ...tail }).at(-1)).toEqual(['VT', tail.beatSamples[4], nSamples]);
  });

  it('refuses beats out of order or arrays of different lengths', () => {
    const base = { fsHz: FS_HZ, nSamples: 3000, windows: windows(['N']) };
    expect(() => holterRhythmEpisodes({ ...base, beatSamples: [200, 100], beatLabels: ['N', 'N'], beatConfidence: [1, 1] })).toThrow(
      /beat 1 at sample 100/,
    );
    expect(() => holterRhythmEpisodes({ ...base, beatSamples: [100], beatLabels: [], beatConfidence: [1] })).toThrow(RangeError);
  });
});

describe('holterRhythmEpisodes with AF and VF detector spans', () => {
  it("takes AFIB only from the AF spans (the CNN's A becomes OTHER) and lets VF/VFL win over VT", () => {
    const vt = beatTrain('NNNN' + 'VVVVVVVV' + 'NNNN', (i) => (i >= 5 && i <= 11 ? 350 : 800), 65);
    const input = {
      fsHz: FS_HZ,
      nSamples: 120 * FS_HZ,
      windows: windows(['A', 'A', 'N', 'N']),
      ...vt,
      afSpans: [{ onsetSample: 1000, endSample: 4000, confidence: 0.7 }],
      vfSpans: [{ onsetSample: vt.beatSamples[6] as number, endSample: 8000, confidence: 0.6 }],
    };
    const episodes = holterRhythmEpisodes(input);
    expect(episodes.map((e) => [e.label, e.onsetSample, e.endSample])).toEqual([
      ['OTHER', 0, 1000],
      ['AFIB', 1000, 4000],
      ['OTHER', 4000, 6000],
      ['N', 6000, vt.beatSamples[4]],
      ['VT', vt.beatSamples[4], vt.beatSamples[6]],
      ['VFL', vt.beatSamples[6], 8000],
      ['N', 8000, 12000],
    ]);
    expect(episodes[1]?.meanProbability).toBeCloseTo(0.7, 6);
    expect(episodes[5]?.meanProbability).toBeCloseTo(0.6, 6);
  });
});

describe('holterRhythmEpisodes with unreadable stretches of the signal-quality stage', () => {
  it('paints the noise spans as (NOISE over AF and the CNN windows, with their confidence', () => {
    const input = {
      fsHz: FS_HZ,
      nSamples: 60 * FS_HZ,
      windows: windows(['N', 'N']),
      ...beatTrain('', () => 0),
      afSpans: [{ onsetSample: 1000, endSample: 3000, confidence: 0.7 }],
      noiseSpans: [{ onsetSample: 2000, endSample: 4000, confidence: 0.8 }],
    };
    const episodes = holterRhythmEpisodes(input);
    expect(episodes.map((e) => [e.label, e.onsetSample, e.endSample])).toEqual([
      ['N', 0, 1000],
      ['AFIB', 1000, 2000],
      ['NOISE', 2000, 4000],
      ['N', 4000, 6000],
    ]);
    expect(episodes[2]?.meanProbability).toBeCloseTo(0.8, 6);
  });
});

describe('holterRhythmEpisodes precedence of patterns over AF', () => {
  it('keeps ventricular bigeminy inside an AF span as (B', () => {
    const bigeminy = beatTrain('NNNN' + 'NV'.repeat(5) + 'NNNN', () => 800, 5);
    const s = bigeminy.beatSamples;
    const input = {
      fsHz: FS_HZ,
      nSamples: 30 * FS_HZ,
      windows: windows(['N']),
      ...bigeminy,
      afSpans: [{ onsetSample: 0, endSample: 3000, confidence: 0.9 }],
    };
    expect(spans(input)).toEqual([
      ['AFIB', 0, s[4]],
      ['B', s[4], s[14]],
      ['AFIB', s[14], 3000],
    ]);
  });
});

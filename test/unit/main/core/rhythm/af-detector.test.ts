import { describe, expect, it } from 'vitest';
import { AF_DETECTOR_CONFIG, afEvidence, detectAfSpans } from '../../../../../src/main/core/rhythm/af-detector';
import { seededRandom } from '../../../../../src/main/core/ml/seeded-random';

const FS = 250;

/** Beat samples from RR intervals in seconds, the first beat at 1 s. */
function beatsOf(rrS: readonly number[]): Int32Array {
  const out = new Int32Array(rrS.length + 1);
  out[0] = FS;
  rrS.forEach((rr, i) => (out[i + 1] = (out[i] as number) + Math.round(rr * FS)));
  return out;
}

const regular = (count: number, rrS = 0.8): number[] => Array.from({ length: count }, () => rrS);
/** AF-like RR: independent, uniform in [0.45, 1.15] s. */
const irregular = (count: number, random: () => number): number[] => Array.from({ length: count }, () => 0.45 + 0.7 * random());

describe('detectAfSpans on synthetic RR series', () => {
  it('finds one span over an irregular stretch between regular ones, with edges within 5 beats', () => {
    const rr = [...regular(200), ...irregular(300, seededRandom(1)), ...regular(200)];
    const beats = beatsOf(rr);
    const spans = detectAfSpans({ beatSamples: beats, fsHz: FS, nSamples: (beats[beats.length - 1] as number) + FS });
    expect(spans).toHaveLength(1);
    const [span] = spans;
    // the irregular intervals join beats 200 … 500
    expect(Math.abs(span!.onsetSample - beats[200]!)).toBeLessThanOrEqual(5 * 0.8 * FS);
    expect(Math.abs(span!.endSample - beats[500]!)).toBeLessThanOrEqual(5 * 1.15 * FS);
    expect(span!.confidence).toBeGreaterThan(0);
    expect(span!.confidence).toBeLessThan(1);
    // a CNN that also says AF raises the confidence
    const windows = { startSample: [0], windowS: 1000, afProbability: [0.95] };
    const confident = detectAfSpans({ beatSamples: beats, fsHz: FS, nSamples: (beats[beats.length - 1] as number) + FS, windows });
    expect(confident[0]!.confidence).toBeGreaterThan(span!.confidence);
  });

  it('drops spans shorter than minEpisodeS and keeps longer ones', () => {
    // 70 irregular intervals (about 56 s) between regular stretches: one span of about that length
    const beats = beatsOf([...regular(200), ...irregular(70, seededRandom(1)), ...regular(200)]);
    const input = { beatSamples: beats, fsHz: FS, nSamples: (beats[beats.length - 1] as number) + FS };
    const all = detectAfSpans(input, { ...AF_DETECTOR_CONFIG, minEpisodeS: 0 });
    expect(all).toHaveLength(1);
    const durationS = (all[0]!.endSample - all[0]!.onsetSample) / FS;
    expect(durationS).toBeGreaterThan(30);
    expect(detectAfSpans(input, { ...AF_DETECTOR_CONFIG, minEpisodeS: durationS - 1 })).toEqual(all);
    expect(detectAfSpans(input, { ...AF_DETECTOR_CONFIG, minEpisodeS: durationS + 1 })).toEqual([]);
  });

  it('calls neither sinus rhythm with slow heart-rate variability nor bigeminy AF', () => {
    const sinus = Array.from({ length: 600 }, (_, i) => 0.8 + 0.05 * Math.sin((2 * Math.PI * i) / 40));
    const bigeminy = Array.from({ length: 600 }, (_, i) => (i % 2 === 0 ? 0.55 : 1.05));
    for (const rr of [sinus, bigeminy]) {
      const beats = beatsOf(rr);
      expect(detectAfSpans({ beatSamples: beats, fsHz: FS, nSamples: (beats[beats.length - 1] as number) + 1 })).toEqual([]);
    }
  });

  it('leaves out the intervals around beats labelled V: a long ventricular run inside an irregular rhythm is not AF', () => {
    const rr = irregular(600, seededRandom(7));
    const beats = beatsOf(rr);
    const labels = Array.from(beats, (_, i) => (i >= 200 && i <= 400 ? 'V' : 'N'));
    const input = { beatSamples: beats, fsHz: FS, nSamples: (beats[beats.length - 1] as number) + 1 };
    const unlabelled = detectAfSpans(input);
    expect(unlabelled).toHaveLength(1);
    expect(unlabelled[0]!.onsetSample).toBeLessThan(beats[200]!);
    expect(unlabelled[0]!.endSample).toBeGreaterThan(beats[400]!);
    const spans = detectAfSpans({ ...input, beatLabels: labels });
    expect(spans).toHaveLength(2);
    // intervals 199 … 400 touch a V beat; at most N = 8 of them inherit the AF call of the interval before
    expect(spans[0]!.endSample).toBeLessThanOrEqual(beats[199 + 8 + 1]!);
    expect(spans[1]!.onsetSample).toBeGreaterThanOrEqual(beats[401 - 8 - 1]!);
    // an isolated V beat inside AF leaves the episode whole
    const one = Array.from(beats, (_, i) => (i === 300 ? 'V' : 'N'));
    expect(detectAfSpans({ ...input, beatLabels: one })).toHaveLength(1);
  });

  it('adds cnnWeight · logit(P(A)) of the window nearest each interval to the RR evidence', () => {
    const rr = [...regular(50), ...irregular(100, seededRandom(3)), ...regular(50)];
    const beats = beatsOf(rr);
    const nSamples = (beats[beats.length - 1] as number) + 1;
    const windowS = 30;
    const starts = Array.from({ length: Math.ceil(nSamples / (windowS * FS)) }, (_, w) => w * windowS * FS);
    const p = starts.map((_, w) => (w % 2 === 0 ? 0.9 : 0.2));
    const config = { ...AF_DETECTOR_CONFIG, cnnWeight: 0.5 };
    const without = afEvidence({ beatSamples: beats, fsHz: FS, nSamples }, config).evidence;
    const withCnn = afEvidence(
      { beatSamples: beats, fsHz: FS, nSamples, windows: { startSample: starts, windowS, afProbability: p } },
      config,
    ).evidence;
    for (const k of [10, 75, 120, 190]) {
      // interval k closes at beat k + 1; its window is the one whose span holds that beat
      const w = Math.floor((beats[k + 1] as number) / (windowS * FS));
      const pw = p[w]!;
      expect((withCnn[k] as number) - (without[k] as number)).toBeCloseTo(0.5 * Math.log(pw / (1 - pw)), 9);
    }
  });

  it('returns no spans for empty, single-beat and too-short inputs', () => {
    expect(detectAfSpans({ beatSamples: new Int32Array(0), fsHz: FS, nSamples: 0 })).toEqual([]);
    expect(detectAfSpans({ beatSamples: [100], fsHz: FS, nSamples: 1000 })).toEqual([]);
    const short = beatsOf(irregular(5, seededRandom(2)));
    expect(detectAfSpans({ beatSamples: short, fsHz: FS, nSamples: (short[5] as number) + 1 })).toEqual([]);
  });

  it('never calls AF across a pause longer than maxRrS', () => {
    const random = seededRandom(5);
    const rr = [...irregular(200, random), 4, ...irregular(200, random)];
    const beats = beatsOf(rr);
    const spans = detectAfSpans({ beatSamples: beats, fsHz: FS, nSamples: (beats[beats.length - 1] as number) + 1 });
    expect(spans.length).toBe(2);
    expect(spans[0]!.endSample).toBeLessThanOrEqual(beats[200]!);
    expect(spans[1]!.onsetSample).toBeGreaterThanOrEqual(beats[201]!);
  });

  it('rejects malformed input with a message naming the problem', () => {
    expect(() => detectAfSpans({ beatSamples: [10, 5], fsHz: FS, nSamples: 100 })).toThrow(/beat 1 at sample 5/);
    expect(() => detectAfSpans({ beatSamples: [10, 500], fsHz: FS, nSamples: 100 })).toThrow(/beat 1 at sample 500/);
    expect(() => detectAfSpans({ beatSamples: [10], fsHz: 0, nSamples: 100 })).toThrow(/sampling rate/);
    expect(() => detectAfSpans({ beatSamples: [10, 20], beatLabels: ['N'], fsHz: FS, nSamples: 100 })).toThrow(/1 beat labels for 2 beats/);
    expect(() =>
      detectAfSpans({ beatSamples: [10], fsHz: FS, nSamples: 100, windows: { startSample: [0], windowS: 30, afProbability: [] } }),
    ).toThrow(/0 window probabilities for 1 windows/);
    expect(() => detectAfSpans({ beatSamples: [10], fsHz: FS, nSamples: 100 }, { ...AF_DETECTOR_CONFIG, alpha: 1 })).toThrow(/alpha/);
  });
});

import type { HolterRhythm, RhythmEpisode } from '../../../shared/api';
import { CINC_TO_HOLTER_RHYTHM } from '../../../shared/holter-rhythms';
import type { AamiClass } from '../../../shared/labels';
import { lowerBound } from '../analysis/lower-bound';
import type { AnalysedBeats } from '../report/analysed-beats';
import { ARRHYTHMIA_THRESHOLDS } from '../report/arrhythmia-thresholds';
import { ectopicPatterns, type EctopicPatternKind } from '../report/ectopic-patterns';
import { ectopicRuns, type EctopicClass } from '../report/ectopic-runs';
import type { RhythmWindows } from './classifier';
import { EPISODE_CONFIG, mergeEpisodes } from './episodes';

/**
 * Thresholds of the Holter rhythm stage, in one frozen object (defaults in {@link HOLTER_RHYTHM_CONFIG}).
 *
 * Rules and sources:
 * - VT (`(VT`): ≥ `vtMinBeats` consecutive V beats whose rate is strictly above `vtMinRateBpm`; SVTA
 *   (`(SVTA`) likewise for S beats (2017 AHA/ACC/HRS ventricular arrhythmia guideline, Al-Khatib SM et
 *   al., Circulation 138(13):e272–e391, 2018, doi:10.1161/CIR.0000000000000549, definitions table:
 *   "≥ 3 consecutive beats at > 100 bpm"; the 2015 ACC/AHA/HRS SVT guideline, Page RL et al.,
 *   doi:10.1161/CIR.0000000000000311, uses the same rate). The run's rate is 60 000 · (beats − 1) /
 *   (first-to-last beat time, ms), as in the report (`ectopicRuns`).
 * - Ventricular bigeminy (`(B`) and trigeminy (`(T`): the MIT-BIH rhythm labels ("ventricular bigeminy",
 *   "ventricular trigeminy": every 2nd, every 3rd beat a PVC; MIT-BIH Arrhythmia Database Directory,
 *   https://physionet.org/physiobank/database/html/mitdbdir/intro.htm). A cycle is one (bigeminy) or
 *   two (trigeminy) N beats followed by one V beat; an episode is a chain of at least
 *   `bigeminyMinCycles` (`trigeminyMinCycles`) consecutive cycles (`ectopicPatterns`); the minimum of
 *   3 cycles is this project's convention, shared with the report.
 * - Stretches only the CNN windows describe: the windows' strip classes merged into runs of at least
 *   `cnnMinEpisodeS` (`mergeEpisodes`), N → `(N`, A → `(AFIB`, O → `(OTHER`, ~ → `(NOISE`.
 * - An `(OTHER` stretch that the beat rules cut to less than `explainedOtherMaxS` and that borders a
 *   beat-rule episode is taken as explained by it (the CNN called the ectopy "other") and becomes `(N`.
 * The beat-rule defaults are the report's (`ARRHYTHMIA_THRESHOLDS`), so the report's VT/SVT and
 * bigeminy/trigeminy counts and the episodes agree.
 */
export interface HolterRhythmConfig {
  /** Fewest consecutive V beats of a VT run (≥ 3). */
  readonly vtMinBeats: number;
  /** A V run is VT when its rate is strictly above this, in bpm. */
  readonly vtMinRateBpm: number;
  /** Fewest consecutive S beats of an SVTA run (≥ 3). */
  readonly svtaMinBeats: number;
  /** An S run is SVTA when its rate is strictly above this, in bpm. */
  readonly svtaMinRateBpm: number;
  /** Fewest consecutive N–V cycles of a bigeminy episode (≥ 2). */
  readonly bigeminyMinCycles: number;
  /** Fewest consecutive N–N–V cycles of a trigeminy episode (≥ 2). */
  readonly trigeminyMinCycles: number;
  /** Shortest run of one CNN strip class kept, in s (shorter runs join their longer neighbour). */
  readonly cnnMinEpisodeS: number;
  /** Longest `(OTHER` remnant next to a beat-rule episode that becomes `(N`, in s. */
  readonly explainedOtherMaxS: number;
}

/** Default thresholds: VT/SVTA ≥ 3 beats above 100 bpm, bigeminy/trigeminy ≥ 3 cycles, CNN runs ≥ 30 s. */
export const HOLTER_RHYTHM_CONFIG: HolterRhythmConfig = Object.freeze({
  vtMinBeats: ARRHYTHMIA_THRESHOLDS.minRunBeats,
  vtMinRateBpm: ARRHYTHMIA_THRESHOLDS.vtMinRateBpm,
  svtaMinBeats: ARRHYTHMIA_THRESHOLDS.minRunBeats,
  svtaMinRateBpm: ARRHYTHMIA_THRESHOLDS.svtMinRateBpm,
  bigeminyMinCycles: ARRHYTHMIA_THRESHOLDS.patternMinCycles,
  trigeminyMinCycles: ARRHYTHMIA_THRESHOLDS.patternMinCycles,
  cnnMinEpisodeS: EPISODE_CONFIG.minEpisodeS,
  explainedOtherMaxS: EPISODE_CONFIG.minEpisodeS,
});

/**
 * Which source wins where several describe the same samples, highest first. VF/VFL first (no beat
 * can be trusted in it; with VT above it, vfdb's VF duration Se fell from 94 % to 28 %, as fast VT
 * beats are detected in VF); VT next (a CNN trained on strips often calls VT noisy); then noise, so
 * no pattern, AF or SVTA is read off beats in a stretch too noisy to read; ventricular bigeminy and
 * trigeminy above AF, since the RR-based AF detector reads their regular coupling as irregularity
 * (with B/T below AF, mitdb's bigeminy episode Se was 48 % instead of 72 % and record 200's AF burden
 * error +75 pp instead of +37 pp); AF above SVTA, since in AF the beat classifier calls fast irregular
 * beats S; the CNN's other and normal rhythm last. (Figures: `npm run eval:rhythm` with the detector settings of commit d61cac9.)
 */
export const HOLTER_RHYTHM_PRECEDENCE: readonly HolterRhythm[] = Object.freeze([
  'VFL',
  'VT',
  'NOISE',
  'B',
  'T',
  'AFIB',
  'SVTA',
  'OTHER',
  'N',
] as const);

/** A span one detector found (AF: `detectAfSpans`, VF/VFL: `detectVfSpans`), in record samples, with its confidence (0..1). */
export interface DetectedSpan {
  readonly onsetSample: number;
  /** Sample after the span (exclusive). */
  readonly endSample: number;
  readonly confidence: number;
}

/** What the Holter rhythm stage reads, for the whole record. */
export interface HolterRhythmInput {
  /** Sampling rate of the record, in Hz. */
  readonly fsHz: number;
  /** Record length, in samples. */
  readonly nSamples: number;
  /** The CNN's windows over the record (start samples in record samples). */
  readonly windows: RhythmWindows;
  /** R-peak sample of each beat, increasing. */
  readonly beatSamples: ArrayLike<number>;
  /** AAMI class of each beat. */
  readonly beatLabels: readonly AamiClass[];
  /** Classifier confidence of each beat (0..1). */
  readonly beatConfidence: ArrayLike<number>;
  /**
   * AF spans of the AF detector (RR irregularity fused with the CNN), disjoint, in time order. When given they
   * are the only source of `(AFIB`, and the CNN's A windows outside them count as `(OTHER`; when absent the
   * CNN's A windows are `(AFIB`.
   */
  readonly afSpans?: readonly DetectedSpan[];
  /** VF/VFL spans of the VF detector, disjoint, in time order (none when absent). */
  readonly vfSpans?: readonly DetectedSpan[];
  /** Stretches the signal-quality stage found unreadable on every lead (`unreadableSpans`), as `(NOISE` (none when absent). */
  readonly noiseSpans?: readonly DetectedSpan[];
}

interface Layer {
  type: HolterRhythm;
  onset: number;
  end: number;
  confidence: number;
}

/**
 * Holter rhythm episodes of a record: a gap-free partition of [0, nSamples) into stretches of one
 * Holter rhythm type ({@link HolterRhythm}), assembled from
 * 1. the CNN windows merged into strip-class runs (`mergeEpisodes`, minimum `cnnMinEpisodeS`) and mapped
 *    to `(N`, `(AFIB`, `(OTHER`, `(NOISE` (`CINC_TO_HOLTER_RHYTHM`; A becomes `(OTHER` when AF spans are given);
 * 2. VT and SVTA runs and ventricular bigeminy/trigeminy episodes from the beat labels, each from its
 *    first beat (bigeminy/trigeminy: the first N of the first cycle) to the beat after its last beat
 *    (or one RR interval after it at the record end);
 * 3. the AF detector's spans as `(AFIB`, the VF detector's as `(VFL` and the signal-quality stage's unreadable
 *    stretches as `(NOISE`, when given;
 * where sources overlap, the type higher in {@link HOLTER_RHYTHM_PRECEDENCE} wins; then an `(OTHER`
 * remnant shorter than `explainedOtherMaxS` next to a beat-rule episode becomes `(N`, and neighbours
 * of one type join (confidence: duration-weighted mean). See {@link HolterRhythmConfig} for the rules
 * and their sources.
 * @param input - the record's windows and beats
 * @param config - thresholds (default {@link HOLTER_RHYTHM_CONFIG})
 * @returns episodes in time order covering [0, nSamples) without gaps or overlaps; [] without windows
 *   or samples. Confidence: the CNN windows' mean probability of their class, the beats' mean
 *   confidence for a beat-rule episode, the detector's for an AF or VF span
 * @throws RangeError for a non-positive rate, a negative length, beat arrays of different lengths or
 *   beats out of order
 */
export function holterRhythmEpisodes(input: HolterRhythmInput, config: HolterRhythmConfig = HOLTER_RHYTHM_CONFIG): RhythmEpisode[] {
  const { fsHz, nSamples, beatSamples, beatLabels, beatConfidence } = input;
  if (beatSamples.length !== beatLabels.length || beatSamples.length !== beatConfidence.length) {
    throw new RangeError(
      `holterRhythmEpisodes: ${beatSamples.length} beat samples, ${beatLabels.length} labels, ${beatConfidence.length} confidences`,
    );
  }
  for (let i = 1; i < beatSamples.length; i++) {
    if (!((beatSamples[i] as number) > (beatSamples[i - 1] as number))) {
      throw new RangeError(`holterRhythmEpisodes: beat ${i} at sample ${beatSamples[i]} does not follow beat ${i - 1}`);
    }
  }
  const base = mergeEpisodes(input.windows, fsHz, nSamples, { minEpisodeS: config.cnnMinEpisodeS });
  if (base.length === 0) return [];
  const layers: Layer[] = base.map((e) => ({
    type: input.afSpans !== undefined && e.label === 'A' ? 'OTHER' : CINC_TO_HOLTER_RHYTHM[e.label],
    onset: e.onsetSample,
    end: e.endSample,
    confidence: e.meanProbability,
  }));
  const detected = (type: HolterRhythm, spans: readonly DetectedSpan[] = []): Layer[] =>
    spans
      .map((s) => ({ type, onset: Math.max(0, s.onsetSample), end: Math.min(nSamples, s.endSample), confidence: s.confidence }))
      .filter((l) => l.end > l.onset);
  layers.push(
    ...beatRuleLayers(input, config),
    ...detected('AFIB', input.afSpans),
    ...detected('VFL', input.vfSpans),
    ...detected('NOISE', input.noiseSpans),
  );
  const painted = paint(layers, nSamples);
  return coalesce(explainOther(painted, config.explainedOtherMaxS * fsHz)).map((l) => ({
    label: l.type,
    onsetSample: l.onset,
    endSample: l.end,
    meanProbability: Math.min(1, Math.max(0, l.confidence)),
  }));
}

const BEAT_RULE_TYPES: ReadonlySet<HolterRhythm> = new Set<HolterRhythm>(['VT', 'SVTA', 'B', 'T']);

/** VT/SVTA runs and bigeminy/trigeminy episodes as layers over [first beat, beat after the last). */
function beatRuleLayers(input: HolterRhythmInput, config: HolterRhythmConfig): Layer[] {
  const { fsHz, nSamples, beatSamples, beatLabels, beatConfidence } = input;
  const n = beatSamples.length;
  // every beat follows the one before it (a flag per beat; the samples as they are)
  const contiguous = new Uint8Array(n).fill(1, 1);
  const beats: AnalysedBeats = { fsHz, samples: beatSamples, labels: beatLabels, contiguous, excludedBeats: 0 };
  const span = (type: HolterRhythm, first: number, last: number): Layer => {
    const lastSample = beatSamples[last] as number;
    const lastRr = last > 0 ? lastSample - (beatSamples[last - 1] as number) : 1;
    const end = last + 1 < n ? (beatSamples[last + 1] as number) : lastSample + lastRr;
    let sum = 0;
    for (let i = first; i <= last; i++) sum += beatConfidence[i] as number;
    return { type, onset: beatSamples[first] as number, end: Math.min(nSamples, end), confidence: sum / (last - first + 1) };
  };
  const runs = (type: HolterRhythm, beatClass: EctopicClass, minBeats: number, minRateBpm: number): Layer[] =>
    ectopicRuns(beats, beatClass)
      .filter((r) => r.beats >= minBeats && (r.rateBpm as number) > minRateBpm)
      .map((r) => span(type, r.firstBeat, r.firstBeat + r.beats - 1));
  // a pattern's onset and last samples are beat samples: their indices by binary search (a Map of
  // every beat cost about 60 MB of heap on a 7-day record)
  const patterns = (type: HolterRhythm, kind: EctopicPatternKind, minCycles: number): Layer[] =>
    ectopicPatterns(beats, kind, 'V', minCycles).map((p) =>
      span(type, lowerBound(beatSamples, p.onsetSample), lowerBound(beatSamples, p.lastSample)),
    );
  return [
    ...runs('VT', 'V', config.vtMinBeats, config.vtMinRateBpm),
    ...runs('SVTA', 'S', config.svtaMinBeats, config.svtaMinRateBpm),
    ...patterns('B', 'bigeminy', config.bigeminyMinCycles),
    ...patterns('T', 'trigeminy', config.trigeminyMinCycles),
  ].filter((l) => l.end > l.onset);
}

/** Elementary segments between all layer boundaries, each given the covering layer of highest precedence. */
function paint(layers: readonly Layer[], nSamples: number): Layer[] {
  const rank = (type: HolterRhythm): number => HOLTER_RHYTHM_PRECEDENCE.indexOf(type);
  const cuts = [...new Set([0, nSamples, ...layers.flatMap((l) => [l.onset, l.end])])]
    .filter((c) => c >= 0 && c <= nSamples)
    .sort((a, b) => a - b);
  const byOnset = [...layers].sort((a, b) => a.onset - b.onset);
  const active: Layer[] = [];
  const out: Layer[] = [];
  let next = 0;
  for (let k = 0; k + 1 < cuts.length; k++) {
    const from = cuts[k] as number;
    const to = cuts[k + 1] as number;
    while (next < byOnset.length && (byOnset[next] as Layer).onset <= from) active.push(byOnset[next++] as Layer);
    for (let a = active.length - 1; a >= 0; a--) if ((active[a] as Layer).end <= from) active.splice(a, 1);
    const top = active.reduce<Layer | null>((best, l) => (best === null || rank(l.type) < rank(best.type) ? l : best), null);
    if (top !== null) out.push({ type: top.type, onset: from, end: to, confidence: top.confidence });
  }
  return coalesce(out);
}

/** An OTHER remnant shorter than `maxSamples` bordering a beat-rule episode becomes N. */
function explainOther(segments: Layer[], maxSamples: number): Layer[] {
  return segments.map((s, k) => {
    if (s.type !== 'OTHER' || s.end - s.onset >= maxSamples) return s;
    const before = segments[k - 1];
    const after = segments[k + 1];
    const bordersRule =
      (before !== undefined && BEAT_RULE_TYPES.has(before.type)) || (after !== undefined && BEAT_RULE_TYPES.has(after.type));
    return bordersRule ? { ...s, type: 'N' } : s;
  });
}

/** Joins neighbours of one type; the confidence becomes their duration-weighted mean. */
function coalesce(segments: readonly Layer[]): Layer[] {
  const out: Layer[] = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    if (last !== undefined && last.type === s.type && last.end === s.onset) {
      const a = last.end - last.onset;
      const b = s.end - s.onset;
      last.confidence = (last.confidence * a + s.confidence * b) / (a + b);
      last.end = s.end;
    } else {
      out.push({ ...s });
    }
  }
  return out;
}

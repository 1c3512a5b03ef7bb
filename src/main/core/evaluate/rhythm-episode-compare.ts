/** A rhythm span: samples [onsetSample, endSample) of one record, 0-based. */
export interface RhythmSpan {
  /** first sample of the span */
  readonly onsetSample: number;
  /** first sample after the span (> onsetSample) */
  readonly endSample: number;
}

/** Episode and duration statistics of one rhythm, one record or pooled over records (gross). */
export interface RhythmEpisodeComparison {
  /** reference episodes (after merging touching or overlapping spans) */
  readonly referenceEpisodes: number;
  /** reference episodes overlapped by at least one sample of a detected episode (episode TP for Se) */
  readonly referenceDetected: number;
  /** detected episodes (after merging touching or overlapping spans) */
  readonly detectedEpisodes: number;
  /** detected episodes overlapping at least one sample of a reference episode (episode TP for +P) */
  readonly detectedTrue: number;
  /** samples inside reference episodes */
  readonly referenceSamples: number;
  /** samples inside detected episodes */
  readonly detectedSamples: number;
  /** samples inside both */
  readonly overlapSamples: number;
  /** referenceDetected / referenceEpisodes, 0..1; NaN without reference episodes */
  readonly episodeSensitivity: number;
  /** detectedTrue / detectedEpisodes, 0..1; NaN without detected episodes */
  readonly episodePositivePredictivity: number;
  /** overlapSamples / referenceSamples, 0..1; NaN without reference samples */
  readonly durationSensitivity: number;
  /** overlapSamples / detectedSamples, 0..1; NaN without detected samples */
  readonly durationPositivePredictivity: number;
}

type Counts = Omit<
  RhythmEpisodeComparison,
  'episodeSensitivity' | 'episodePositivePredictivity' | 'durationSensitivity' | 'durationPositivePredictivity'
>;

/**
 * Sorts spans and merges those that overlap or touch (end of one = onset of the next), so that a
 * `(VF` run followed at once by `(VFL` counts as one episode.
 * @param spans - spans of one record, any order
 * @param what - 'reference' or 'detected', named in errors
 * @returns disjoint, non-touching spans in time order
 * @throws RangeError for a span whose bounds are not integers with 0 ≤ onsetSample < endSample
 */
export function mergeRhythmSpans(spans: readonly RhythmSpan[], what = 'span'): RhythmSpan[] {
  for (const s of spans) {
    if (!Number.isInteger(s.onsetSample) || !Number.isInteger(s.endSample) || s.onsetSample < 0 || s.endSample <= s.onsetSample) {
      throw new RangeError(
        `rhythm episode comparison: ${what} [${s.onsetSample}, ${s.endSample}) is not a span of whole samples with 0 ≤ onset < end`,
      );
    }
  }
  const sorted = [...spans].sort((a, b) => a.onsetSample - b.onsetSample);
  const out: { onsetSample: number; endSample: number }[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s.onsetSample <= last.endSample) last.endSample = Math.max(last.endSample, s.endSample);
    else out.push({ onsetSample: s.onsetSample, endSample: s.endSample });
  }
  return out;
}

const length = (spans: readonly RhythmSpan[]): number => spans.reduce((acc, s) => acc + s.endSample - s.onsetSample, 0);

/** Number of spans of `a` that share at least one sample with some span of `b` (both merged, sorted). */
function overlapping(a: readonly RhythmSpan[], b: readonly RhythmSpan[]): number {
  let count = 0;
  let j = 0;
  for (const s of a) {
    while (j < b.length && (b[j] as RhythmSpan).endSample <= s.onsetSample) j++;
    const t = b[j];
    if (t !== undefined && t.onsetSample < s.endSample) count++;
  }
  return count;
}

function overlapLength(a: readonly RhythmSpan[], b: readonly RhythmSpan[]): number {
  let total = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const s = a[i] as RhythmSpan;
    const t = b[j] as RhythmSpan;
    total += Math.max(0, Math.min(s.endSample, t.endSample) - Math.max(s.onsetSample, t.onsetSample));
    if (s.endSample < t.endSample) i++;
    else j++;
  }
  return total;
}

const ratio = (num: number, den: number): number => (den > 0 ? num / den : NaN);

function withRatios(c: Counts): RhythmEpisodeComparison {
  return {
    ...c,
    episodeSensitivity: ratio(c.referenceDetected, c.referenceEpisodes),
    episodePositivePredictivity: ratio(c.detectedTrue, c.detectedEpisodes),
    durationSensitivity: ratio(c.overlapSamples, c.referenceSamples),
    durationPositivePredictivity: ratio(c.overlapSamples, c.detectedSamples),
  };
}

/**
 * Compares detected rhythm episodes with reference ones in the manner of WFDB `epicmp` (and ANSI/AAMI
 * EC57:2012 §4.5, AF and VF episode measures): an episode counts as matched when it overlaps an episode
 * of the other set by any amount (so episode Se and +P are computed separately, each from its own
 * side); duration Se and +P are the overlap time over the reference time and over the detected time.
 * Touching or overlapping spans of one side are merged first. No learning period is excluded; callers
 * that score a period pass spans already cut to it.
 * @param reference - reference spans of one rhythm in one record, in samples
 * @param detected - detected spans of the same rhythm, in samples
 * @returns counts and the four ratios (NaN where the denominator is 0)
 * @throws RangeError for a span that is not [onset, end) of whole samples with 0 ≤ onset < end
 */
export function compareRhythmEpisodes(reference: readonly RhythmSpan[], detected: readonly RhythmSpan[]): RhythmEpisodeComparison {
  const ref = mergeRhythmSpans(reference, 'reference span');
  const det = mergeRhythmSpans(detected, 'detected span');
  return withRatios({
    referenceEpisodes: ref.length,
    referenceDetected: overlapping(ref, det),
    detectedEpisodes: det.length,
    detectedTrue: overlapping(det, ref),
    referenceSamples: length(ref),
    detectedSamples: length(det),
    overlapSamples: overlapLength(ref, det),
  });
}

/**
 * Gross statistics over records: sums the counts of per-record comparisons and recomputes the ratios
 * (EC57's gross figures; records with more episodes or time weigh more).
 * @param comparisons - per-record results of {@link compareRhythmEpisodes}
 * @returns pooled counts and ratios (NaN ratios when a denominator sums to 0)
 */
export function poolRhythmEpisodeComparisons(comparisons: readonly RhythmEpisodeComparison[]): RhythmEpisodeComparison {
  const sum = (key: keyof Counts): number => comparisons.reduce((acc, c) => acc + c[key], 0);
  return withRatios({
    referenceEpisodes: sum('referenceEpisodes'),
    referenceDetected: sum('referenceDetected'),
    detectedEpisodes: sum('detectedEpisodes'),
    detectedTrue: sum('detectedTrue'),
    referenceSamples: sum('referenceSamples'),
    detectedSamples: sum('detectedSamples'),
    overlapSamples: sum('overlapSamples'),
  });
}

import { rrMsBefore, type AnalysedBeats } from './analysed-beats';

/**
 * NN editing rule: which RR intervals count as normal-to-normal (NN).
 *
 * An RR interval is an NN candidate when both its beats are AAMI class N (N, L, R, e, j: sinus-conducted beats,
 * bundle branch block included) and contiguous (no excluded beat or span between them), so intervals next to an
 * ectopic, fusion, paced or unclassified beat are never NN. A candidate is then accepted when it passes both filters
 * below. Task Force of the ESC and NASPE, Circulation 93(5):1043–1065, 1996, doi:10.1161/01.CIR.93.5.1043, defines NN
 * as intervals between adjacent QRS complexes resulting from sinus node depolarisations and asks that editing be
 * stated; the 20 % filter is the one of Malik M, Farrell T, Cripps T, Camm AJ, Eur Heart J 10(12):1060–1074, 1989.
 */
export interface NnEditingConfig {
  /** Shortest accepted NN interval, in ms (inclusive). */
  readonly minNnMs: number;
  /** Longest accepted NN interval, in ms (inclusive). */
  readonly maxNnMs: number;
  /**
   * Largest accepted relative change from the directly preceding NN candidate (|NN − previous| / previous), or null
   * for no such filter. Only applied when the preceding interval is itself an NN candidate, so one long interval
   * removes at most two, and the rule never locks out after an abrupt change.
   */
  readonly maxChangeFraction: number | null;
}

/** Default NN editing: both beats N, 300–2000 ms, at most 20 % change from the preceding NN candidate. */
export const NN_EDITING_CONFIG: NnEditingConfig = Object.freeze({ minNnMs: 300, maxNnMs: 2000, maxChangeFraction: 0.2 });

/** NN intervals after editing, in time order. */
export interface NnIntervals {
  /** Sample of the first beat of each accepted NN interval. */
  readonly onsetSample: readonly number[];
  /** Each accepted NN interval, in ms. */
  readonly nnMs: readonly number[];
  /** `followsPrevious[k]`: NN k starts at the beat where accepted NN k − 1 ends (the two share a beat). */
  readonly followsPrevious: readonly boolean[];
  /** NN candidates before editing (both beats N, contiguous). */
  readonly candidates: number;
  /** Candidates rejected by the range filter. */
  readonly rejectedByRange: number;
  /** Candidates (within range) rejected by the relative-change filter. */
  readonly rejectedByChange: number;
}

/**
 * Extracts the NN intervals of the analysed beats under an editing rule ({@link NnEditingConfig}).
 *
 * @param beats - analysed beats.
 * @param config - editing rule; defaults to {@link NN_EDITING_CONFIG}.
 * @returns the accepted NN intervals and how many candidates each filter rejected.
 * @throws RangeError for a range that is not 0 ≤ min ≤ max or a negative or non-finite change fraction.
 */
export function nnIntervals(beats: AnalysedBeats, config: NnEditingConfig = NN_EDITING_CONFIG): NnIntervals {
  const { minNnMs, maxNnMs, maxChangeFraction } = config;
  if (
    !(minNnMs >= 0 && maxNnMs >= minNnMs) ||
    (maxChangeFraction !== null && !(maxChangeFraction >= 0 && Number.isFinite(maxChangeFraction)))
  )
    throw new RangeError(`nnIntervals: invalid editing rule ${JSON.stringify(config)}`);
  const { samples, labels } = beats;
  const candidateAt = (i: number): number | null => (labels[i] === 'N' && labels[i - 1] === 'N' ? rrMsBefore(beats, i) : null);
  const onsetSample: number[] = [];
  const nnMs: number[] = [];
  const followsPrevious: boolean[] = [];
  let candidates = 0;
  let rejectedByRange = 0;
  let rejectedByChange = 0;
  let lastAcceptedEnd = -1;
  for (let i = 1; i < samples.length; i++) {
    const nn = candidateAt(i);
    if (nn === null) continue;
    candidates++;
    if (nn < minNnMs || nn > maxNnMs) {
      rejectedByRange++;
      continue;
    }
    const previous = i >= 2 ? candidateAt(i - 1) : null;
    if (maxChangeFraction !== null && previous !== null && Math.abs(nn - previous) > maxChangeFraction * previous) {
      rejectedByChange++;
      continue;
    }
    onsetSample.push(samples[i - 1] as number);
    nnMs.push(nn);
    followsPrevious.push(lastAcceptedEnd === i - 1);
    lastAcceptedEnd = i;
  }
  return Object.freeze({ onsetSample, nnMs, followsPrevious, candidates, rejectedByRange, rejectedByChange });
}

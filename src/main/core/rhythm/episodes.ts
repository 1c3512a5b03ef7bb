import type { RhythmWindows } from './classifier';
import type { RhythmEpisode } from '../../../shared/api';
import { RHYTHM_LABELS, type RhythmLabel } from './rhythm-labels';

/** Tunables of episode merging. */
export interface EpisodeConfig {
  /**
   * Shortest episode kept, in seconds. Shorter runs are relabelled as their longer neighbour.
   * Default 30 s: the conventional minimum duration of an AF episode (ESC 2020 AF guidelines,
   * Hindricks et al., Eur Heart J 42:373–498, 2021, doi:10.1093/eurheartj/ehaa612).
   */
  readonly minEpisodeS: number;
}

/** Default episode rule: runs shorter than 30 s are absorbed by their longer neighbour. */
export const EPISODE_CONFIG: EpisodeConfig = Object.freeze({ minEpisodeS: 30 });

/** A run of one CNN strip class over [onsetSample, endSample) (the raw material of the Holter rhythm episodes). */
export interface WindowEpisode {
  readonly label: RhythmLabel;
  /** First sample, in samples of the record's fsHz. */
  readonly onsetSample: number;
  /** Sample after the last one (exclusive). */
  readonly endSample: number;
  /** Mean, over the windows assigned to the run, of their probability of `label` (0..1). */
  readonly meanProbability: number;
}

interface Run {
  label: RhythmLabel;
  onset: number;
  end: number;
  windows: number[];
}

/**
 * Merges window labels into runs of one strip class (the CNN's part of `holterRhythmEpisodes`).
 *
 * 1. Each sample goes to the window whose centre is nearest (so overlapping windows split their
 *    overlap at the midpoint between centres; without overlap each window keeps its own span). The
 *    centre of a window that runs past the record end is the centre of its part inside the record.
 * 2. Consecutive segments with the same argmax label form a run.
 * 3. While a run is shorter than `minEpisodeS` and there is more than one run, the shortest such run
 *    (the first of equals) takes the label of its longer neighbour (the earlier one on ties) and
 *    merges with it.
 *
 * @param windows - output of RhythmClassifier.classifyWindows for this record
 * @param fsHz - sampling rate of the record (the unit of `windows.startSample`), in Hz
 * @param nSamples - record length, in samples
 * @param config - minimum episode duration; defaults to {@link EPISODE_CONFIG}
 * @returns runs in time order, covering [0, nSamples) without gaps; [] when there are no windows
 * @throws RangeError for a non-positive rate or a negative length
 */
export function mergeEpisodes(
  windows: RhythmWindows,
  fsHz: number,
  nSamples: number,
  config: EpisodeConfig = EPISODE_CONFIG,
): WindowEpisode[] {
  if (!(fsHz > 0) || !(nSamples >= 0)) throw new RangeError(`mergeEpisodes: invalid rate ${fsHz} Hz or length ${nSamples}`);
  const n = windows.labels.length;
  if (n === 0 || nSamples === 0) return [];
  const windowSamples = Math.round(windows.windowS * fsHz);
  const centres = Array.from(windows.startSample, (s) => s + Math.min(windowSamples, nSamples - s) / 2);
  const runs: Run[] = [];
  for (let i = 0; i < n; i++) {
    const onset = i === 0 ? 0 : Math.round(((centres[i - 1] as number) + (centres[i] as number)) / 2);
    const end = i === n - 1 ? nSamples : Math.round(((centres[i] as number) + (centres[i + 1] as number)) / 2);
    if (end <= onset) continue;
    const label = windows.labels[i] as RhythmLabel;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.label === label) {
      last.end = end;
      last.windows.push(i);
    } else {
      runs.push({ label, onset, end, windows: [i] });
    }
  }
  const minSamples = config.minEpisodeS * fsHz;
  for (;;) {
    let shortest = -1;
    runs.forEach((run, k) => {
      const duration = run.end - run.onset;
      if (duration < minSamples && (shortest < 0 || duration < runs[shortest]!.end - runs[shortest]!.onset)) shortest = k;
    });
    if (shortest < 0 || runs.length < 2) break;
    const before = runs[shortest - 1];
    const after = runs[shortest + 1];
    const target = after === undefined || (before !== undefined && before.end - before.onset >= after.end - after.onset) ? before! : after;
    const run = runs[shortest] as Run;
    run.label = target.label;
    coalesce(runs);
  }
  const classes = RHYTHM_LABELS.length;
  return runs.map((run) => {
    const c = RHYTHM_LABELS.indexOf(run.label);
    const sum = run.windows.reduce((acc, i) => acc + (windows.probabilities[i * classes + c] as number), 0);
    return { label: run.label, onsetSample: run.onset, endSample: run.end, meanProbability: sum / run.windows.length };
  });
}

function coalesce(runs: Run[]): void {
  for (let k = runs.length - 1; k > 0; k--) {
    const run = runs[k] as Run;
    const previous = runs[k - 1] as Run;
    if (previous.label === run.label) {
      previous.end = run.end;
      previous.windows.push(...run.windows);
      runs.splice(k, 1);
    }
  }
}

/**
 * AF burden: the fraction of the readable time spent in atrial fibrillation.
 * @param episodes - Holter rhythm episodes of one record (non-overlapping), e.g. from holterRhythmEpisodes
 * @param nSamples - analysed length, in samples (> 0)
 * @returns Σ (endSample − onsetSample) over `AFIB` episodes divided by the analysed length less the `NOISE`
 *   episodes (noise is neither AF nor non-AF), in 0..1; 0 when everything is noise
 * @throws RangeError when nSamples is not positive
 */
export function afBurden(episodes: readonly RhythmEpisode[], nSamples: number): number {
  if (!(nSamples > 0)) throw new RangeError(`afBurden: analysed length must be positive, got ${nSamples}`);
  const total = (label: RhythmEpisode['label']): number =>
    episodes.reduce((acc, e) => acc + (e.label === label ? e.endSample - e.onsetSample : 0), 0);
  const readable = nSamples - total('NOISE');
  return readable > 0 ? Math.min(1, total('AFIB') / readable) : 0;
}

import { AAMI_TO_MIT_SYMBOL, type AamiClass } from '../../../shared/labels';
import type { ReviewStore } from '../store/review-store';
import { annotationAt } from '../wfdb/annotations';
import type { RhythmTrainingCase, RhythmTrainingWindow } from './rhythm-dataset';
import { MULTI_LABELS, windowLabelSet, type MultiLabel } from './window-label-set';

/**
 * Which labels of MULTI_LABELS a review can tell: the review stores rhythm episodes (Holter codes) and
 * AAMI beat classes (N, S, V, F, Q), so AF, PVC and PAC (and Normal, their absence) follow from it, but
 * not the bundle branch blocks, which need the MIT `L`/`R` beat symbols. Those two are left out of the
 * loss of a run on reviewed windows (multiLabelLosses `knownLabels`), not taught as absent.
 */
export const REVIEW_KNOWN_LABELS: readonly boolean[] = Object.freeze(
  MULTI_LABELS.map((label: MultiLabel) => label !== 'LBBB' && label !== 'RBBB'),
);

/** Windows per label of MULTI_LABELS (a window with two labels counts for both). */
export type LabelCounts = Record<MultiLabel, number>;

/** The label sets of a case's reviewed windows. */
export interface ReviewedLabelSets {
  /** the windows kept, in the case's order: those of NOISE episodes are left out (no label of the set means noise) */
  windows: RhythmTrainingWindow[];
  /** windows.length × MULTI_LABELS.length, 0/1 row-major */
  labelSets: Uint8Array;
  counts: LabelCounts;
}

/** Zero windows per label. */
export function emptyLabelCounts(): LabelCounts {
  return Object.fromEntries(MULTI_LABELS.map((label) => [label, 0])) as LabelCounts;
}

/**
 * The multi-label sets of a reviewed case's rhythm training windows (collectRhythmDataset), by the
 * fixed rules of the multi-label option (windowLabelSet, WINDOW_LABEL_RULES) applied to the review
 * instead of reference annotation files: each window's episode becomes a rhythm change `+` with aux
 * `(<Holter code>` at the episode's onset (so a window inside an AFIB or AFL episode is AF), and
 * each beat of the case's analysis inside the window that is neither deleted nor an artefact becomes
 * a beat annotation with the MIT symbol of its current AAMI label (AAMI_TO_MIT_SYMBOL: S → A, V → V;
 * so ≥ 1 V beat gives PVC, ≥ 1 S beat PAC). In a reviewed or signed case every beat label stands as
 * the reviewer left it (confirmed, corrected, or the model's label the reviewer let stand). The
 * bundle branch blocks stay 0 (see {@link REVIEW_KNOWN_LABELS}). Windows of NOISE episodes are left
 * out. Read-only.
 * @param store - the review database
 * @param trainingCase - the case, from collectRhythmDataset
 * @param windowSamples - window length, in record samples (round(windowS · fsHz))
 * @returns the kept windows, their label sets and the counts per label
 * @throws RangeError for a non-positive window length
 */
export function reviewedLabelSets(store: ReviewStore, trainingCase: RhythmTrainingCase, windowSamples: number): ReviewedLabelSets {
  if (!(windowSamples > 0)) throw new RangeError(`reviewedLabelSets: window length must be positive, got ${windowSamples} samples`);
  const beatQuery = store.db.prepare(
    `SELECT sample, label FROM beats WHERE analysis_id = @analysisId AND deleted = 0 AND artefact = 0
       AND sample >= @start AND sample < @end ORDER BY sample`,
  );
  const episodes = new Map(trainingCase.episodes.map((e) => [e.episodeId, e]));
  const windows = trainingCase.windows.filter((w) => w.label !== '~');
  const k = MULTI_LABELS.length;
  const labelSets = new Uint8Array(windows.length * k);
  const counts = emptyLabelCounts();
  windows.forEach((w, i) => {
    const end = w.startSample + windowSamples;
    const episode = episodes.get(w.episodeId);
    if (!episode) throw new Error(`reviewedLabelSets: window at ${w.startSample} names episode ${w.episodeId}, not one of the case's`);
    const beats = beatQuery.all({ analysisId: trainingCase.analysisId, start: w.startSample, end }) as {
      sample: number;
      label: AamiClass;
    }[];
    const annotations = [
      annotationAt(Math.min(episode.onsetSample, w.startSample), '+', `(${episode.code}`),
      ...beats.map((b) => annotationAt(b.sample, AAMI_TO_MIT_SYMBOL[b.label], null)),
    ];
    const set = windowLabelSet(annotations, w.startSample, end, Math.max(trainingCase.nSamples, end));
    labelSets.set(set, i * k);
    MULTI_LABELS.forEach((label, j) => (counts[label] += set[j] as number));
  });
  return { windows, labelSets, counts };
}

import type { RhythmEpisode } from '../../../shared/api';
import { HOLTER_RHYTHM_AUX } from '../../../shared/holter-rhythms';
import { annotationAt, type Annotation } from '../wfdb/annotations';

/**
 * Rhythm episodes as WFDB rhythm-change annotations: a `+` at each episode's onset with the type's aux
 * string (`HOLTER_RHYTHM_AUX`: `(N`, `(AFIB`, `(VT`, …), as in the `.atr` files of mitdb and vfdb, so
 * WFDB `epicmp` and `rdann` read them. An episode that directly continues one of the same type
 * (adjacent after a reviewer's relabelling) gets no annotation of its own: in WFDB a rhythm lasts
 * until the next `+`.
 * Source: WFDB Applications Guide, "Annotation codes" (https://physionet.org/physiotools/wag/annot-5.htm).
 * @param episodes - episodes in time order, not overlapping
 * @returns annotations sorted by sample, subtype 0, chan 0, num 0
 */
export function rhythmAnnotations(episodes: readonly RhythmEpisode[]): Annotation[] {
  return episodes
    .filter((e, i) => {
      const previous = episodes[i - 1];
      return previous === undefined || previous.label !== e.label || previous.endSample !== e.onsetSample;
    })
    .map((e) => annotationAt(e.onsetSample, '+', HOLTER_RHYTHM_AUX[e.label]));
}

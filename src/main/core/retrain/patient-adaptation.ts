import { AAMI_CLASSES } from '../../../shared/labels';
import { prepareBeatRecord } from '../beats/beat-inputs';
import type { BeatModelMeta } from '../beats/beat-model-meta';
import type { ReferenceBeatRecord } from '../beats/reference-beats';
import { computeRrFeatures } from '../beats/rr-features';
import { preparedExamples, type BeatExamples } from './beat-examples';

/** The patient-adaptation protocol of `npm run eval:adapt` and its bench figure. */
export const PATIENT_ADAPTATION_CONFIG = Object.freeze({
  /** the annotator's share of each record: its first 5 minutes, in s (Kiranyaz 2016; EC57's learning period) */
  adaptS: 300,
  /** fine-tuning settings of the adaptation (the others: FINE_TUNE_CONFIG's); chosen on DS1, see eval-adapt.ts */
  hyperParameters: Object.freeze({
    /** passes over the adaptation beats (and their replay sample) */
    epochs: 10,
    /**
     * beats per Adam step and step size, chosen by simulating the protocol on 16 DS1 records, each
     * adapted from train-beats' validation-fold model that never saw it (folds 1, 2, 4), gross from
     * 5:00: batch 128 at 1e-3 gave S F1 51.8 / V F1 84.2 without replay (49.6 / 82.3 with), against
     * 48.7 / 83.6 (47.3 / 82.0) for batch 64 at 5e-4, in half the steps
     */
    batchSize: 128,
    learningRate: 1e-3,
    /** no held-out share: every corrected beat of the 5 min trains */
    validationFraction: 0,
    /** the replay beats' targets: their labels (FINE_TUNE_CONFIG.replayDistillation's meaning) */
    replayDistillation: 0,
  }),
  /**
   * decision weights of the adapted model: 'plain' (argmax, every weight 1) or 'parent' (the base model's
   * meta.json weights, S×0.7 and V×0.5 for 1.1.0, chosen for patients the model never saw). Chosen on all
   * 22 DS1 records, each adapted from `train:beats --fold-models`' fold model that never saw it, gross
   * from 5:00: plain S F1 60.4 / V F1 85.7 without replay (46.7 / 82.5 with) against parent 60.0 / 83.2
   * (45.6 / 81.9); the adapted model is calibrated on the patient, so the inter-patient weights no longer fit
   */
  decisionWeights: 'plain' as 'plain' | 'parent',
});

/**
 * A record's reference beats of its first `untilS` seconds as beat-model inputs with their reference
 * labels: what an annotator's corrections of the first minutes would give (patient adaptation), or,
 * with `untilS` infinite, every reference beat (scoring on a reference set). The inputs (windows, median
 * beat, QRS amplitude, RR features) are computed over the record's whole reference beat list, as the
 * analysis computes them over its detected beats; labels are not used for the inputs.
 * @param ref - the record's beat lead and reference beats (readReferenceBeats)
 * @param meta - the model's meta.json (window, leads, RR features: its input layout)
 * @param untilS - the labelled span from the record's start, in s (> 0; Infinity: the whole record)
 * @returns the labelled inputs of the beats before `untilS` s
 * @throws RangeError when untilS is not positive
 */
export function referenceExamples(ref: ReferenceBeatRecord, meta: BeatModelMeta, untilS: number): BeatExamples {
  if (!(untilS > 0)) throw new RangeError(`${ref.recordName}: labelled span must be > 0 s, got ${untilS}`);
  const prepared = prepareBeatRecord([ref.leadMv], ref.fsHz, ref.beatSamples, meta, ref.recordName);
  const rr = computeRrFeatures(ref.beatSamples, ref.fsHz, meta.rrFeatures.config);
  const end = untilS * ref.fsHz;
  const indices = Int32Array.from(Array.from(ref.beatSamples.keys()).filter((i) => (ref.beatSamples[i] as number) < end));
  const labels = Uint8Array.from(indices, (i) => AAMI_CLASSES.indexOf(ref.beatClasses[i] ?? 'Q'));
  return preparedExamples(prepared, rr, indices, labels, meta);
}

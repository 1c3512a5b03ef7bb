import { expectedCalibrationError, type CalibrationError } from '../evaluate/calibration-error';
import { fitTemperature } from '../ml/temperature-scaling';
import { RHYTHM_LABELS, type RhythmLabel } from './rhythm-labels';

/**
 * Calibration of the record call, stored as `calibration` in the rhythm model's meta.json: the
 * record's window-averaged probabilities p̄ become softmax(ln max(p̄, probabilityFloor) / temperature).
 */
export interface RecordCallCalibration {
  /** always 'temperature' (Guo et al. 2017, arXiv:1706.04599) */
  readonly method: 'temperature';
  /** the temperature T (> 0): > 1 softens the averaged probabilities, < 1 sharpens them */
  readonly temperature: number;
  /** floor applied to averaged probabilities before the logarithm */
  readonly probabilityFloor: number;
  /** split the temperature was fitted on (never the validation split) */
  readonly fittedOn: string;
  /** number of records it was fitted on */
  readonly records: number;
  /** mean negative log-likelihood on those records before (T = 1) and after, in nats per record */
  readonly nllBefore: number;
  readonly nllAfter: number;
  /** how it was fitted, in words */
  readonly description: string;
}

/** Floor of averaged probabilities before their logarithm (a float32 softmax can underflow to 0). */
export const RECORD_CALL_PROBABILITY_FLOOR = 1e-7;

/** Bins of the record call's expected calibration error: 15 equal-width bins, as Guo et al. 2017 use. */
export const RECORD_CALL_ECE_BINS = 15;

/**
 * Top-label calibration error of record calls: confidence = the largest class probability, correct =
 * that class is the reference (expectedCalibrationError with RECORD_CALL_ECE_BINS bins).
 * @param probabilities - each record's class probabilities by label
 * @param reference - each record's true label, same order
 * @param bins - number of bins (default RECORD_CALL_ECE_BINS)
 * @returns ECE, MCE and bins
 * @throws RangeError when the arrays differ in length or are empty
 */
export function recordCallCalibrationError(
  probabilities: readonly Record<RhythmLabel, number>[],
  reference: readonly RhythmLabel[],
  bins = RECORD_CALL_ECE_BINS,
): CalibrationError {
  const top = probabilities.map((p) => RHYTHM_LABELS.reduce((best, l) => (p[l] > p[best] ? l : best)));
  return expectedCalibrationError(
    probabilities.map((p, i) => Math.min(1, p[top[i] as RhythmLabel])),
    top.map((label, i) => label === reference[i]),
    bins,
  );
}

/**
 * Logits of a record call: ln max(p̄_c, floor) per class, for temperature scaling.
 * @param probabilities - averaged class probabilities in the order of RHYTHM_LABELS
 * @param floor - smallest probability kept (default RECORD_CALL_PROBABILITY_FLOOR)
 * @returns one logit per class
 */
export function recordCallLogits(probabilities: ArrayLike<number>, floor = RECORD_CALL_PROBABILITY_FLOOR): Float64Array {
  return Float64Array.from({ length: probabilities.length }, (_, c) => Math.log(Math.max(probabilities[c] as number, floor)));
}

/**
 * Fits the record call's temperature on held-out records (the tune split): temperature scaling of
 * the logits of the window-averaged probabilities (recordCallLogits) by NLL minimisation (fitTemperature).
 * @param uncalibrated - each record's window-averaged probabilities by label (RecordCall.uncalibrated)
 * @param reference - each record's true label, same order
 * @param fittedOn - name of the split, e.g. 'tune'
 * @returns the calibration to store in meta.json
 * @throws RangeError when the arrays differ in length or are empty
 */
export function fitRecordCallCalibration(
  uncalibrated: readonly Record<RhythmLabel, number>[],
  reference: readonly RhythmLabel[],
  fittedOn: string,
): RecordCallCalibration {
  if (uncalibrated.length !== reference.length) {
    throw new RangeError(`fitRecordCallCalibration: ${uncalibrated.length} calls but ${reference.length} labels`);
  }
  const classes = RHYTHM_LABELS.length;
  const logits = new Float64Array(uncalibrated.length * classes);
  uncalibrated.forEach((p, i) => logits.set(recordCallLogits(RHYTHM_LABELS.map((l) => p[l])), i * classes));
  const labels = Int32Array.from(reference, (l) => RHYTHM_LABELS.indexOf(l));
  const fit = fitTemperature(logits, labels, classes);
  return {
    method: 'temperature',
    temperature: fit.temperature,
    probabilityFloor: RECORD_CALL_PROBABILITY_FLOOR,
    fittedOn,
    records: reference.length,
    nllBefore: fit.nllBefore,
    nllAfter: fit.nllAfter,
    description:
      'temperature scaling (Guo et al. 2017, arXiv:1706.04599) of ln(window-averaged probabilities), T minimising the mean NLL of the record labels',
  };
}

import type { RhythmClassifier } from './classifier';
import { windowStarts } from './window-starts';
import { applyTemperature } from '../ml/temperature-scaling';
import { recordCallLogits } from './record-call-calibration';
import { mostProbableLabel, RHYTHM_LABELS, type RhythmLabel } from './rhythm-labels';

/** Tunables of the per-record call for short records (as in the CinC 2017 Challenge). */
export const RECORD_CALL_CONFIG = Object.freeze({
  /** stride between the windows averaged over a record, in seconds */
  strideS: 15,
  /** longest record given one call, in seconds (the longest CinC 2017 record is 61 s) */
  maxDurationS: 61,
});

/** One rhythm call for a whole short record. */
export interface RecordCall {
  /** most probable class of the averaged probabilities */
  readonly label: RhythmLabel;
  /**
   * calibrated class probabilities: the window average temperature-scaled with the model's
   * meta.json `calibration` (equal to `uncalibrated` when the model has none); what the UI shows
   */
  readonly probabilities: Record<RhythmLabel, number>;
  /** class probabilities averaged over the record's windows, before calibration */
  readonly uncalibrated: Record<RhythmLabel, number>;
  /** number of windows averaged */
  readonly windows: number;
}

/** One short record to classify: one lead in mV and its rate in Hz. */
export interface ShortRecord {
  readonly signalMv: Float32Array;
  readonly fsHz: number;
}

/**
 * Classifies short records (≤ 61 s) each as a whole, as the CinC 2017 Challenge does: the class
 * probabilities of a record's windows (every RECORD_CALL_CONFIG.strideS seconds, the last one
 * aligned to the record end; one zero-padded window below 30 s) are averaged and the most probable
 * class wins. The averaged probabilities are then calibrated with the temperature of the model's
 * meta.json `calibration` when it has one (record-call-calibration.ts; the winning class does not
 * change). Windows of all records are batched together.
 *
 * @param classifier - a loaded RhythmClassifier
 * @param records - the records
 * @param options - optional AbortSignal
 * @returns one call per record, in order (label, calibrated and uncalibrated probabilities, window count)
 * @throws RangeError naming the record index when a record is empty or longer than maxDurationS
 */
export async function classifyRecords(
  classifier: RhythmClassifier,
  records: readonly ShortRecord[],
  options: { signal?: AbortSignal } = {},
): Promise<RecordCall[]> {
  const { fsHz: modelHz, windowS } = classifier.meta;
  const windows: { signal: Float32Array; startSample: number }[] = [];
  const firstWindow: number[] = [];
  records.forEach((record, r) => {
    const durationS = record.signalMv.length / record.fsHz;
    if (record.signalMv.length === 0 || durationS > RECORD_CALL_CONFIG.maxDurationS + 1e-9) {
      throw new RangeError(
        `classifyRecords: record ${r} lasts ${durationS.toFixed(1)} s; a record call needs 0 < duration ≤ ${RECORD_CALL_CONFIG.maxDurationS} s`,
      );
    }
    const signal = classifier.toModelRate(record.signalMv, record.fsHz);
    firstWindow.push(windows.length);
    for (const startSample of windowStarts(
      signal.length,
      Math.round(windowS * modelHz),
      Math.round(RECORD_CALL_CONFIG.strideS * modelHz),
    )) {
      windows.push({ signal, startSample });
    }
  });
  firstWindow.push(windows.length);
  const { probabilities } = await classifier.predictWindows(windows, options);
  const classes = RHYTHM_LABELS.length;
  const calibration = classifier.meta.calibration;
  const byLabel = (values: ArrayLike<number>): Record<RhythmLabel, number> => {
    const out = {} as Record<RhythmLabel, number>;
    RHYTHM_LABELS.forEach((label, c) => (out[label] = values[c] as number));
    return out;
  };
  return records.map((_, r) => {
    const from = firstWindow[r] as number;
    const n = (firstWindow[r + 1] as number) - from;
    const mean = new Float64Array(classes);
    for (let i = from; i < from + n; i++)
      for (let c = 0; c < classes; c++) mean[c] = (mean[c] as number) + (probabilities[i * classes + c] as number) / n;
    const calibrated = calibration ? applyTemperature(recordCallLogits(mean, calibration.probabilityFloor), calibration.temperature) : mean;
    return { label: mostProbableLabel(mean), probabilities: byLabel(calibrated), uncalibrated: byLabel(mean), windows: n };
  });
}

/**
 * Classifies one short record (≤ 61 s) as a whole; see {@link classifyRecords}.
 * @param classifier - a loaded RhythmClassifier
 * @param signalMv - one lead, in mV
 * @param fsHz - its sampling rate, in Hz
 * @param options - optional AbortSignal
 * @returns the label, averaged probabilities and window count
 * @throws RangeError when the record is empty or longer than maxDurationS (use episodes for long records)
 */
export async function classifyRecord(
  classifier: RhythmClassifier,
  signalMv: Float32Array,
  fsHz: number,
  options: { signal?: AbortSignal } = {},
): Promise<RecordCall> {
  const [call] = await classifyRecords(classifier, [{ signalMv, fsHz }], options);
  return call as RecordCall;
}

/**
 * Cuts the model's input windows around R peaks out of a signal already at the model rate, and
 * normalises them: per beat, the median of the window is subtracted (removes the baseline offset);
 * every lead is divided by a time-local QRS amplitude, the centred running median over ±`halfBeats`
 * beats of the peak-to-peak range within ±`qrsHalfWidthS` of the R peak. Each lead also gets a
 * second channel: the window minus the centred running median beat of the same ±`halfBeats` beats,
 * so that the network sees how a beat departs from the patient's current dominant morphology (the
 * patient-normalised view that inter-patient classification needs), and a record's inputs do not
 * depend on ECG far from the beat (a 24 h Holter changes through the day).
 */

import { kthSmallest } from '../dsp/kth-smallest';

/** Tunable parameters of the window normalisation. */
export const BEAT_WINDOW_CONFIG = Object.freeze({
  /** half-width of the span around R whose peak-to-peak range measures the QRS amplitude, in s */
  qrsHalfWidthS: 0.1,
  /** amplitude used when a record has no measurable QRS (no beats, flat or all-NaN signal), in mV */
  fallbackAmplitudeMv: 1,
  /** normalised samples are clamped to ±clamp (artefacts must not saturate the network) */
  clamp: 10,
  /** beats on each side of a beat whose running median QRS range and running median beat normalise it
   *  (2·16 + 1 = 33 beats, about 25 s at 80 bpm) */
  halfBeats: 16,
});

/** Placement of a window relative to the R peak, at the model rate. */
export interface WindowLayout {
  /** offset of the window's first sample from the R peak, in samples (negative: before R) */
  startOffset: number;
  /** number of samples in the window */
  samples: number;
}

/**
 * Peak-to-peak range of the finite samples within ±`halfWidth` samples of each R peak, the
 * per-beat measurement behind the running QRS amplitude (runningMedian of these ranges).
 *
 * @param signal - one lead at the model rate, mV (NaN allowed: ignored)
 * @param rPeaks - R-peak indices into `signal`, 0-based (out-of-range peaks get NaN)
 * @param halfWidth - half-width of the span around R, in samples (≥ 0)
 * @returns Float64Array with one range per beat, mV; NaN where the span has no positive range
 */
export function qrsPeakToPeak(signal: Float32Array, rPeaks: Int32Array, halfWidth: number): Float64Array {
  const ranges = new Float64Array(rPeaks.length);
  for (let i = 0; i < rPeaks.length; i++) {
    const r = rPeaks[i] as number;
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = Math.max(0, r - halfWidth); j <= Math.min(signal.length - 1, r + halfWidth); j++) {
      const v = signal[j] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    ranges[i] = hi > lo ? hi - lo : NaN;
  }
  return ranges;
}

/**
 * Extracts normalised windows around R peaks into one tensor-ready buffer.
 *
 * Window i, lead l, sample s holds `(x[r_i + startOffset + s] − m_il) / a_il`, clamped to ±clamp, where
 * m_il is the median of the finite samples of that window and a_il the beat's amplitude on that lead;
 * samples that fall outside the signal or are NaN become 0 (the baseline).
 *
 * @param leads - signals at the model rate, mV, all the same length
 * @param rPeaks - R-peak indices at the model rate, 0-based
 * @param layout - window placement relative to R
 * @param amplitudesMv - per lead, the normalising amplitude a_il of each beat of `rPeaks`, mV (> 0),
 *   e.g. the running median of {@link qrsPeakToPeak}
 * @param clamp - bound on the normalised values
 * @returns Float32Array of n × samples × leads, row-major ([beat][sample][lead], the layout of a
 *   tfjs tensor [n, samples, leads])
 * @throws Error when `amplitudesMv` does not have one entry per lead and beat
 */
export function extractBeatWindows(
  leads: Float32Array[],
  rPeaks: Int32Array,
  layout: WindowLayout,
  amplitudesMv: readonly Float32Array[],
  clamp: number = BEAT_WINDOW_CONFIG.clamp,
): Float32Array {
  const leadCount = leads.length;
  if (amplitudesMv.length !== leadCount || amplitudesMv.some((a) => a.length !== rPeaks.length)) {
    throw new Error(`extractBeatWindows: amplitudes for ${amplitudesMv.length} leads, need ${rPeaks.length} for each of ${leadCount}`);
  }
  const { startOffset, samples } = layout;
  const out = new Float32Array(rPeaks.length * samples * leadCount);
  const scratch = new Float32Array(samples);
  for (let l = 0; l < leadCount; l++) {
    const signal = leads[l] as Float32Array;
    const amplitudes = amplitudesMv[l] as Float32Array;
    for (let i = 0; i < rPeaks.length; i++) {
      const scale = 1 / (amplitudes[i] as number);
      const first = (rPeaks[i] as number) + startOffset;
      let finite = 0;
      for (let s = 0; s < samples; s++) {
        const j = first + s;
        const v = j >= 0 && j < signal.length ? (signal[j] as number) : NaN;
        if (!Number.isNaN(v)) scratch[finite++] = v;
      }
      const median = finite > 0 ? kthSmallest(scratch.subarray(0, finite), finite >> 1) : 0;
      const base = i * samples * leadCount + l;
      for (let s = 0; s < samples; s++) {
        const j = first + s;
        const v = j >= 0 && j < signal.length ? (signal[j] as number) : NaN;
        const normalised = Number.isNaN(v) ? 0 : (v - median) * scale;
        out[base + s * leadCount] = Math.max(-clamp, Math.min(clamp, normalised));
      }
    }
  }
  return out;
}

/**
 * Cuts the model's input windows around R peaks out of a signal already at the model rate, and
 * normalises them: per beat, the median of the window is subtracted (removes the baseline offset);
 * per record, every lead is divided by a robust QRS amplitude, the median over all beats of the
 * peak-to-peak range within ±`qrsHalfWidthS` of the R peak. Each lead also gets a second channel:
 * the window minus the record's median beat, so that the network sees how a beat departs from the
 * patient's own dominant morphology (the patient-normalised view that inter-patient classification
 * needs).
 */

/** Tunable parameters of the window normalisation. */
export const BEAT_WINDOW_CONFIG = Object.freeze({
  /** half-width of the span around R whose peak-to-peak range measures the QRS amplitude, in s */
  qrsHalfWidthS: 0.1,
  /** amplitude used when a record has no measurable QRS (no beats, flat or all-NaN signal), in mV */
  fallbackAmplitudeMv: 1,
  /** normalised samples are clamped to ±clamp (artefacts must not saturate the network) */
  clamp: 10,
  /** at most this many beats, evenly spaced over the record, form the record's median beat */
  templateBeats: 1000,
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
 * per-beat measurement behind {@link robustQrsAmplitude}.
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
 * Median of per-beat QRS ranges (from {@link qrsPeakToPeak}), NaN entries left out.
 *
 * @param ranges - per-beat ranges, mV, in any order (several arrays are pooled, e.g. one per chunk)
 * @param fallbackMv - value returned when there is no finite range, mV
 * @returns the upper median of the finite ranges (element ⌊m/2⌋ of the m sorted values), mV
 */
export function medianQrsAmplitude(ranges: readonly Float64Array[], fallbackMv: number): number {
  let count = 0;
  for (const part of ranges) for (const v of part) if (!Number.isNaN(v)) count++;
  if (count === 0) return fallbackMv;
  const finite = new Float64Array(count);
  let k = 0;
  for (const part of ranges) for (const v of part) if (!Number.isNaN(v)) finite[k++] = v;
  finite.sort();
  return finite[count >> 1] as number;
}

/**
 * Robust QRS amplitude of one lead: the median over beats of the peak-to-peak range of the
 * finite samples within ±`halfWidth` samples of each R peak.
 *
 * @param signal - one lead at the model rate, mV (NaN allowed: ignored)
 * @param rPeaks - R-peak indices into `signal`, 0-based (out-of-range peaks are skipped)
 * @param halfWidth - half-width of the span around R, in samples (≥ 0)
 * @param fallbackMv - value returned when no beat gives a positive range, mV
 * @returns amplitude in mV (> 0)
 */
export function robustQrsAmplitude(signal: Float32Array, rPeaks: Int32Array, halfWidth: number, fallbackMv: number): number {
  return medianQrsAmplitude([qrsPeakToPeak(signal, rPeaks, halfWidth)], fallbackMv);
}

/**
 * Extracts normalised windows around R peaks into one tensor-ready buffer.
 *
 * Window i, lead l, sample s holds `(x[r_i + startOffset + s] − m_il) / a_l`, clamped to ±clamp, where
 * m_il is the median of the finite samples of that window and a_l the lead's amplitude; samples that
 * fall outside the signal or are NaN become 0 (the baseline).
 *
 * @param leads - signals at the model rate, mV, all the same length
 * @param rPeaks - R-peak indices at the model rate, 0-based
 * @param layout - window placement relative to R
 * @param amplitudesMv - per-lead normalising amplitude a_l, mV (> 0), e.g. from {@link robustQrsAmplitude}
 * @param clamp - bound on the normalised values
 * @returns Float32Array of n × samples × leads, row-major ([beat][sample][lead], the layout of a
 *   tfjs tensor [n, samples, leads])
 * @throws Error when `amplitudesMv` does not have one entry per lead
 */
export function extractBeatWindows(
  leads: Float32Array[],
  rPeaks: Int32Array,
  layout: WindowLayout,
  amplitudesMv: number[],
  clamp: number = BEAT_WINDOW_CONFIG.clamp,
): Float32Array {
  const leadCount = leads.length;
  if (amplitudesMv.length !== leadCount) {
    throw new Error(`extractBeatWindows: ${amplitudesMv.length} amplitudes for ${leadCount} leads`);
  }
  const { startOffset, samples } = layout;
  const out = new Float32Array(rPeaks.length * samples * leadCount);
  const scratch = new Float32Array(samples);
  for (let l = 0; l < leadCount; l++) {
    const signal = leads[l] as Float32Array;
    const scale = 1 / (amplitudesMv[l] as number);
    for (let i = 0; i < rPeaks.length; i++) {
      const first = (rPeaks[i] as number) + startOffset;
      let finite = 0;
      for (let s = 0; s < samples; s++) {
        const j = first + s;
        const v = j >= 0 && j < signal.length ? (signal[j] as number) : NaN;
        if (!Number.isNaN(v)) scratch[finite++] = v;
      }
      const median = finite > 0 ? medianInPlace(scratch.subarray(0, finite)) : 0;
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

/**
 * Median beat of a record: for every sample and lead, the median over windows (as returned by
 * {@link extractBeatWindows}).
 *
 * @param windows - n × samples × leads normalised windows
 * @param samplesTimesLeads - samples × leads, the length of one window
 * @returns Float32Array of samples × leads (all 0 when there is no window)
 */
export function medianBeat(windows: Float32Array, samplesTimesLeads: number): Float32Array {
  const n = Math.floor(windows.length / samplesTimesLeads);
  const template = new Float32Array(samplesTimesLeads);
  if (n === 0) return template;
  const column = new Float32Array(n);
  for (let k = 0; k < samplesTimesLeads; k++) {
    for (let i = 0; i < n; i++) column[i] = windows[i * samplesTimesLeads + k] as number;
    template[k] = medianInPlace(column);
  }
  return template;
}

/**
 * Appends to every window, per lead, the difference between the window and a template.
 *
 * @param windows - n × samples × leads windows
 * @param template - samples × leads template (e.g. from {@link medianBeat})
 * @param leadCount - number of leads
 * @returns Float32Array of n × samples × (2·leads): channels 0…L−1 the windows, L…2L−1 window − template
 */
export function withTemplateDifference(windows: Float32Array, template: Float32Array, leadCount: number): Float32Array {
  const perWindow = template.length;
  const n = Math.floor(windows.length / perWindow);
  const out = new Float32Array(n * perWindow * 2);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < perWindow; k++) {
      const sample = Math.floor(k / leadCount);
      const lead = k % leadCount;
      const value = windows[i * perWindow + k] as number;
      const at = i * perWindow * 2 + sample * 2 * leadCount;
      out[at + lead] = value;
      out[at + leadCount + lead] = value - (template[k] as number);
    }
  }
  return out;
}

function medianInPlace(values: Float32Array): number {
  values.sort();
  return values[values.length >> 1] as number;
}

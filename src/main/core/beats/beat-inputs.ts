import { resample } from '../dsp/resample';
import { extractBeatWindows, qrsPeakToPeak } from './beat-windows';
import { runningMedian, runningMedianBeats } from './running-median';

/** The input-layout fields of a beat model's meta that {@link prepareBeatRecord} needs. */
export interface BeatInputLayout {
  /** model sampling rate, Hz */
  fsHz: number;
  /** number of leads the model takes (the first `count` leads given) */
  leads: { count: number };
  normalisation: { qrsHalfWidthS: number; fallbackAmplitudeMv: number; clamp: number; halfBeats: number };
  window: { samples: number; startOffsetSamples: number };
}

/** A record (or a stretch of one, with its context beats) brought to the model's rate, ready for window extraction. */
export interface PreparedBeatRecord {
  /** the model's leads resampled to the model rate, mV (NaN kept) */
  leadsMv: Float32Array[];
  /** R peaks of every beat of the beat list at the model rate: round(r · fsModel / fsHz) (minus the
   *  stretch's first model sample for a stretch), 0-based */
  rPeaksModel: Int32Array;
  /** per lead, each beat's normalising QRS amplitude at the model rate, mV: the running median
   *  over ±halfBeats beats of the QRS peak-to-peak ranges (runningQrsAmplitudes) */
  amplitudesMv: Float32Array[];
}

/**
 * Per lead, each beat's time-local QRS amplitude: the centred running median over ±`halfBeats`
 * beats of the peak-to-peak ranges within ±qrsHalfWidthS of R (unmeasurable beats left out).
 *
 * @param rangesMv - per lead, each beat's QRS peak-to-peak range, mV (qrsPeakToPeak; NaN where none)
 * @param layout - model input layout (halfBeats, fallbackAmplitudeMv)
 * @returns per lead, n amplitudes, mV (> 0)
 */
export function runningQrsAmplitudes(rangesMv: readonly Float64Array[], layout: BeatInputLayout): Float32Array[] {
  return rangesMv.map((ranges) => runningMedian(ranges, layout.normalisation.halfBeats, layout.normalisation.fallbackAmplitudeMv));
}

/**
 * Resamples the model's leads to the model rate (once for the whole record), maps the R peaks to
 * that rate and measures each beat's time-local QRS amplitude per lead, as both training and
 * inference do.
 *
 * @param leadsMv - record leads at `fsHz`, mV, equal lengths; the first `layout.leads.count` are used
 * @param fsHz - sampling frequency of `leadsMv` and `rPeaks`, Hz
 * @param rPeaks - R-peak sample indices at `fsHz`, 0-based, increasing
 * @param layout - model input layout (from meta.json)
 * @param recordName - name used in error messages
 * @returns the prepared record
 * @throws Error naming the record when there are fewer leads than the model needs or `fsHz` is not
 *   a positive finite number
 */
export function prepareBeatRecord(
  leadsMv: Float32Array[],
  fsHz: number,
  rPeaks: Int32Array,
  layout: BeatInputLayout,
  recordName: string,
): PreparedBeatRecord {
  if (!(fsHz > 0) || !Number.isFinite(fsHz)) throw new Error(`${recordName}: sampling frequency must be positive, got ${fsHz}`);
  if (leadsMv.length < layout.leads.count) {
    throw new Error(`${recordName}: the beat model needs ${layout.leads.count} lead(s), got ${leadsMv.length}`);
  }
  const ratio = layout.fsHz / fsHz;
  const modelLeads = leadsMv.slice(0, layout.leads.count).map((lead) => resample(lead, fsHz, layout.fsHz));
  const rPeaksModel = Int32Array.from(rPeaks, (r) => Math.round(r * ratio));
  const halfWidth = Math.round(layout.normalisation.qrsHalfWidthS * layout.fsHz);
  const amplitudesMv = runningQrsAmplitudes(
    modelLeads.map((lead) => qrsPeakToPeak(lead, rPeaksModel, halfWidth)),
    layout,
  );
  return { leadsMv: modelLeads, rPeaksModel, amplitudesMv };
}

/**
 * Model input windows of some beats of a prepared record: the normalised windows (channels
 * 0…L−1) and their differences to the beat's running median beat (channels L…2L−1): the per-sample
 * median of the windows of beats i − halfBeats … i + halfBeats (those in the beat list), each less its
 * own median, divided by beat i's amplitude and clamped like the windows. Beat i's inputs therefore
 * depend on the signal and beats within ±halfBeats beats only.
 * Beats are processed in runs of nearby indices, so a contiguous range costs one sliding median.
 *
 * @param prepared - the record from {@link prepareBeatRecord}
 * @param beats - indices into `prepared.rPeaksModel` of the beats wanted, ascending
 * @param layout - model input layout (from meta.json)
 * @param shiftSamples - optional per requested beat, a shift of its own window in model samples (the
 *   training's R jitter; its running median beat is unshifted)
 * @returns Float32Array of beats.length × samples × 2L, the layout of the model's `wave` input
 * @throws RangeError when a beat index is outside the beat list or the indices are not ascending
 */
export function beatInputWindows(
  prepared: PreparedBeatRecord,
  beats: Int32Array,
  layout: BeatInputLayout,
  shiftSamples?: Int32Array,
): Float32Array {
  const n = prepared.rPeaksModel.length;
  const half = layout.normalisation.halfBeats;
  const leadCount = prepared.leadsMv.length;
  const perWindow = layout.window.samples * leadCount;
  const windowLayout = { startOffset: layout.window.startOffsetSamples, samples: layout.window.samples };
  const clamp = layout.normalisation.clamp;
  const out = new Float32Array(beats.length * perWindow * 2);
  const scales = new Float64Array(leadCount);
  for (let k = 0; k < beats.length;) {
    let end = k + 1;
    while (end < beats.length && (beats[end] as number) - (beats[end - 1] as number) <= 2 * half + 1) end++;
    const first = beats[k] as number;
    const last = beats[end - 1] as number;
    if (!(first >= 0 && last < n && beats.subarray(k, end).every((b, j, run) => j === 0 || b > (run[j - 1] as number)))) {
      throw new RangeError(`beatInputWindows: beats ${first}…${last} not ascending inside 0…${n - 1}`);
    }
    const lo = Math.max(0, first - half);
    const hi = Math.min(n, last + half + 1);
    // unscaled, unclamped windows: the median beat of beat i is their running median over i ± h scaled by
    // beat i's own amplitude (median and clamping commute with a positive scale), so it reads beats i ± h only
    const unscaled = extractBeatWindows(
      prepared.leadsMv,
      prepared.rPeaksModel.subarray(lo, hi),
      windowLayout,
      prepared.amplitudesMv.map(() => new Float32Array(hi - lo).fill(1)),
      Infinity,
    );
    const medians = runningMedianBeats(unscaled, perWindow, half, first - lo, last + 1 - lo);
    const run = beats.subarray(k, end);
    // the training's shifted windows, scaled and clamped by extractBeatWindows; else the run's own unscaled ones
    const shifted =
      shiftSamples === undefined
        ? null
        : extractBeatWindows(
            prepared.leadsMv,
            Int32Array.from(run, (b, j) => (prepared.rPeaksModel[b] as number) + (shiftSamples[k + j] ?? 0)),
            windowLayout,
            prepared.amplitudesMv.map((a) => Float32Array.from(run, (b) => a[b] as number)),
            clamp,
          );
    for (let j = 0; j < run.length; j++) {
      const b = run[j] as number;
      for (let l = 0; l < leadCount; l++) scales[l] = 1 / ((prepared.amplitudesMv[l] as Float32Array)[b] as number);
      const median = (b - first) * perWindow;
      const own = shifted === null ? (b - lo) * perWindow : j * perWindow;
      // [beat][sample][channel]: per sample the L windows' values, then their L differences to the median beat
      let at = (k + j) * 2 * perWindow;
      for (let q = 0; q < perWindow; q += leadCount, at += 2 * leadCount) {
        for (let l = 0; l < leadCount; l++) {
          const scale = scales[l] as number;
          const value = Math.fround(
            shifted === null ? clampTo((unscaled[own + q + l] as number) * scale, clamp) : (shifted[own + q + l] as number),
          );
          out[at + l] = value;
          out[at + leadCount + l] = value - Math.fround(clampTo((medians[median + q + l] as number) * scale, clamp));
        }
      }
    }
    k = end;
  }
  return out;
}

function clampTo(value: number, clamp: number): number {
  return Math.max(-clamp, Math.min(clamp, value));
}

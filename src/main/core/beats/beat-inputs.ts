import { resample } from '../dsp/resample';
import { extractBeatWindows, medianBeat, robustQrsAmplitude, withTemplateDifference } from './beat-windows';

/** The input-layout fields of a beat model's meta that {@link prepareBeatRecord} needs. */
export interface BeatInputLayout {
  /** model sampling rate, Hz */
  fsHz: number;
  /** number of leads the model takes (the first `count` leads given) */
  leads: { count: number };
  normalisation: { qrsHalfWidthS: number; fallbackAmplitudeMv: number; clamp: number; templateBeats: number };
  window: { samples: number; startOffsetSamples: number };
}

/** A record brought to the model's rate, ready for window extraction. */
export interface PreparedBeatRecord {
  /** the model's leads resampled to the model rate, mV (NaN kept) */
  leadsMv: Float32Array[];
  /** R peaks at the model rate: round(r · fsModel / fsHz), 0-based */
  rPeaksModel: Int32Array;
  /** per-lead normalising QRS amplitude at the model rate, mV */
  amplitudesMv: number[];
  /** the record's median normalised beat, samples × leads */
  template: Float32Array;
}

/**
 * Which beats form a record's median beat: min(n, templateBeats) of them, evenly spaced over the
 * record's beat list (index ⌊k · max(1, n / templateBeats)⌋ for k = 0, 1, …). (Until the chunked
 * analysis the count was ⌈n / step⌉, which float rounding made templateBeats + 1 for some n; the
 * extra index n lay past the list and became a window at sample 0.)
 *
 * @param beatCount - number of beats n of the record (≥ 0)
 * @param templateBeats - largest number of beats to use (≥ 1)
 * @returns ascending beat indices into the record's beat list
 */
export function templateBeatIndices(beatCount: number, templateBeats: number): Int32Array {
  const step = Math.max(1, beatCount / templateBeats);
  return Int32Array.from({ length: Math.min(beatCount, Math.max(1, Math.floor(templateBeats))) }, (_, k) => Math.floor(k * step));
}

/**
 * Resamples the model's leads to the model rate (once for the whole record), maps the R peaks to
 * that rate, measures each lead's robust QRS amplitude and forms the record's median beat from at
 * most `templateBeats` evenly spaced beats, as both training and inference do.
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
  const amplitudesMv = modelLeads.map((lead) => robustQrsAmplitude(lead, rPeaksModel, halfWidth, layout.normalisation.fallbackAmplitudeMv));
  const templatePeaks = Int32Array.from(
    templateBeatIndices(rPeaksModel.length, layout.normalisation.templateBeats),
    (i) => rPeaksModel[i] as number,
  );
  const windowLayout = { startOffset: layout.window.startOffsetSamples, samples: layout.window.samples };
  const templateWindows = extractBeatWindows(modelLeads, templatePeaks, windowLayout, amplitudesMv, layout.normalisation.clamp);
  const template = medianBeat(templateWindows, layout.window.samples * modelLeads.length);
  return { leadsMv: modelLeads, rPeaksModel, amplitudesMv, template };
}

/**
 * Model input windows of some beats of a prepared record: the normalised windows (channels
 * 0…L−1) and their differences to the record's median beat (channels L…2L−1).
 *
 * @param prepared - the record from {@link prepareBeatRecord}
 * @param rPeaksModel - R peaks of the beats at the model rate (a subset of, or jittered from, `prepared.rPeaksModel`)
 * @param layout - model input layout (from meta.json)
 * @returns Float32Array of n × samples × 2L, the layout of the model's `wave` input
 */
export function beatInputWindows(prepared: PreparedBeatRecord, rPeaksModel: Int32Array, layout: BeatInputLayout): Float32Array {
  const windowLayout = { startOffset: layout.window.startOffsetSamples, samples: layout.window.samples };
  const windows = extractBeatWindows(prepared.leadsMv, rPeaksModel, windowLayout, prepared.amplitudesMv, layout.normalisation.clamp);
  return withTemplateDifference(windows, prepared.template, prepared.leadsMv.length);
}

import { templateBeatIndices } from '../beats/beat-inputs';
import { extractBeatWindows, medianBeat, medianQrsAmplitude } from '../beats/beat-windows';
import { computeRrFeatures, RR_FEATURE_COUNT } from '../beats/rr-features';
import type { RecordProbe } from '../wfdb/probe-record';
import { verifyChecksums } from '../wfdb/record';
import type { AnalysisModels } from './analyze-record';
import { concatTyped } from './concat-typed';
import { lowerBound } from './lower-bound';
import { modelAlignment, type AnalysisChunk } from './chunk-plan';
import { beatModelLeads, readChunkSignal, type ChunkDetection } from './detect-chunk';

/** Tunables of the median-beat pass. */
export const BEAT_CONTEXT_CONFIG = Object.freeze({
  /** template beats closer than this to the first beat of a read are read together, in s */
  templateReadS: 300,
  /** signal read on each side of a template beat (beat window and resampling reach), in s */
  templateMarginS: 2,
});

/**
 * The record-wide inputs of the beat model, gathered once after the first pass: every beat, their
 * RR features, and the normalisation the committed model was trained with (per lead the median QRS
 * range over all beats; the median beat of at most `templateBeats` evenly spaced beats). With these
 * a chunk's beats get exactly the inputs the whole-record run gives them.
 */
export interface BeatContext {
  /** every QRS mark of the record, record samples, ascending */
  beatSamples: Int32Array;
  /** RR features of every beat, n × RR_FEATURE_COUNT (computeRrFeatures over the whole beat list) */
  rrFeatures: Float32Array;
  /** per beat-model lead, the normalising QRS amplitude, mV */
  amplitudesMv: number[];
  /** the record's median normalised beat, samples × leads */
  template: Float32Array;
  /** wall time of this pass (median-beat reads included), in ms */
  elapsedMs: number;
}

/** A chunk's share of a {@link BeatContext}: what analyzeChunk needs (small enough to post to a worker). */
export interface ChunkBeatInputs {
  /** the beats the chunk owns, record samples, ascending */
  beatSamples: Int32Array;
  /** their RR features, rows of the record's RR features */
  rrFeatures: Float32Array;
  amplitudesMv: number[];
  template: Float32Array;
}

/**
 * Merges the first pass of every chunk into the record's beat context: concatenates the beats,
 * checks the ADC sums against the header checksums, pools the QRS ranges into each lead's median
 * amplitude, computes the RR features over the whole beat list, and reads the stretches around the
 * template beats to form the median beat (as prepareBeatRecord does on a whole record).
 * @param info - the record (probeRecord)
 * @param detections - detectChunk of every chunk, in chunk order
 * @param models - the loaded models
 * @returns the beat context
 * @throws Error when the detections do not cover the record chunk by chunk; WfdbError naming the
 *   signal file on a checksum mismatch or a read error
 */
export function prepareBeatContext(info: RecordProbe, detections: readonly ChunkDetection[], models: AnalysisModels): BeatContext {
  const started = performance.now();
  const { headerPath } = info;
  const fsHz = info.header.fsHz;
  detections.forEach((d, i) => {
    const expectedStart = i === 0 ? 0 : (detections[i - 1] as ChunkDetection).chunk.endSample;
    if (d.chunk.startSample !== expectedStart)
      throw new Error(`${headerPath}: chunk ${i} starts at ${d.chunk.startSample}, expected ${expectedStart}`);
  });
  const last = detections[detections.length - 1];
  if ((last?.chunk.endSample ?? 0) !== info.nSamples)
    throw new Error(`${headerPath}: the chunks do not cover the record's ${info.nSamples} samples`);
  const sums = info.header.signals.map((_, s) => detections.reduce((sum, d) => (sum + (d.adcSums[s] ?? 0)) | 0, 0));
  verifyChecksums(headerPath, info.header, sums);

  const meta = models.beats.meta;
  const beatSamples = concatTyped(
    detections.map((d) => d.beatSamples),
    Int32Array,
  );
  const amplitudesMv = Array.from({ length: meta.leads.count }, (_, l) =>
    medianQrsAmplitude(
      detections.map((d) => d.qrsRangesMv[l] ?? new Float64Array(0)),
      meta.normalisation.fallbackAmplitudeMv,
    ),
  );
  const rrFeatures = computeRrFeatures(beatSamples, fsHz, meta.rrFeatures.config);
  const template = medianBeat(templateWindows(info, beatSamples, amplitudesMv, models), meta.window.samples * meta.leads.count);
  return { beatSamples, rrFeatures, amplitudesMv, template, elapsedMs: performance.now() - started };
}

/** Normalised windows of the template beats, read in stretches of at most templateReadS. */
function templateWindows(info: RecordProbe, beatSamples: Int32Array, amplitudesMv: number[], models: AnalysisModels): Float32Array {
  const meta = models.beats.meta;
  const perWindow = meta.window.samples * meta.leads.count;
  const picks = Int32Array.from(templateBeatIndices(beatSamples.length, meta.normalisation.templateBeats), (i) => beatSamples[i] as number);
  const out = new Float32Array(picks.length * perWindow);
  const align = modelAlignment(info.header.fsHz, models);
  const margin = Math.ceil(BEAT_CONTEXT_CONFIG.templateMarginS * info.header.fsHz);
  const span = Math.ceil(BEAT_CONTEXT_CONFIG.templateReadS * info.header.fsHz);
  const windowLayout = { startOffset: meta.window.startOffsetSamples, samples: meta.window.samples };
  for (let first = 0; first < picks.length;) {
    let end = first + 1;
    while (end < picks.length && (picks[end] as number) - (picks[first] as number) < span) end++;
    const readStartSample = Math.max(0, Math.floor(((picks[first] as number) - margin) / align) * align);
    const readEndSample = Math.min(info.nSamples, (picks[end - 1] as number) + margin + 1);
    const { leadsMv } = readChunkSignal(info.headerPath, { readStartSample, readEndSample });
    const model = beatModelLeads(leadsMv, info.header.fsHz, readStartSample, models, info.headerPath);
    const peaks = Int32Array.from(picks.subarray(first, end), (r) => Math.round(r * model.ratio) - model.offsetModel);
    out.set(extractBeatWindows(model.leadsMv, peaks, windowLayout, amplitudesMv, meta.normalisation.clamp), first * perWindow);
    first = end;
  }
  return out;
}

/**
 * A chunk's share of the beat context.
 * @param context - from {@link prepareBeatContext}
 * @param chunk - one of the plan's chunks
 * @returns the chunk's beats and their RR rows (copies), with the record-wide normalisation
 */
export function chunkBeatInputs(context: BeatContext, chunk: AnalysisChunk): ChunkBeatInputs {
  const from = lowerBound(context.beatSamples, chunk.startSample);
  const to = lowerBound(context.beatSamples, chunk.endSample);
  return {
    beatSamples: context.beatSamples.slice(from, to),
    rrFeatures: context.rrFeatures.slice(from * RR_FEATURE_COUNT, to * RR_FEATURE_COUNT),
    amplitudesMv: context.amplitudesMv,
    template: context.template,
  };
}

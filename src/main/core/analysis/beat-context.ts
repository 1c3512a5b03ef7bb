import { runningQrsAmplitudes } from '../beats/beat-inputs';
import { recordPacing, type RecordPacing } from '../beats/pacing-classifier';
import { rrFeatureRows, rrPrefixSums, type RrFeatureConfig } from '../beats/rr-features';
import type { RecordProbe } from '../wfdb/probe-record';
import { verifyChecksums } from '../wfdb/record';
import type { AnalysisModels } from './analyze-record';
import { concatTyped } from './concat-typed';
import { lowerBound } from './lower-bound';
import { CHUNK_CONFIG, modelAlignment, type AnalysisChunk } from './chunk-plan';
import type { ChunkDetection } from './detect-chunk';

/**
 * The inputs of the beat model that reach beyond a chunk, gathered once after the first pass: every
 * beat, their RR features, and each beat's time-local QRS amplitude per lead (the running median of
 * the QRS ranges over ±halfBeats beats, as the committed model was trained with). With these, a
 * chunk that reads the signal around its beats and halfBeats beats on each side gives each of its
 * beats exactly the inputs of the whole-record run.
 */
export interface BeatContext {
  /** every QRS mark of the record, record samples, ascending */
  beatSamples: Int32Array;
  /**
   * the running sums of the beats' clamped RR intervals (rrPrefixSums over the whole beat list, n + 1):
   * a chunk's RR feature rows are computed from them (rrFeatureRows) as the whole list would give them,
   * so the record's rows (40 bytes a beat, 31 MB for a 7-day record) are never held at once
   */
  rrPrefix: Float64Array;
  /** the beat model's RR feature settings (meta.json) */
  rrConfig: RrFeatureConfig;
  /** per beat-model lead, each beat's normalising QRS amplitude, mV (runningQrsAmplitudes) */
  amplitudesMv: Float32Array[];
  /** the record's pacing call (recordPacing over every chunk's sums) and every beat's P(paced) */
  pacing: RecordPacing;
  pacedProbability: Float32Array;
  /** beats on each side of a beat that its running normalisation reads (meta.normalisation.halfBeats) */
  halfBeats: number;
  /** the record's rate, in Hz */
  fsHz: number;
  /** read starts are multiples of this many samples (modelAlignment: model-rate samples equal the whole record's) */
  alignSamples: number;
  /** the record's length, in samples */
  nSamples: number;
  /** wall time of this pass, in ms */
  elapsedMs: number;
}

/** A chunk's share of a {@link BeatContext}: what analyzeChunk needs (small enough to post to a worker). */
export interface ChunkBeatInputs {
  /** the beats the chunk owns and up to halfBeats beats on each side of them, record samples, ascending */
  beatSamples: Int32Array;
  /** the owned beats: indices from … to − 1 into beatSamples */
  owned: { from: number; to: number };
  /** RR features of the owned beats, rows of the record's RR features */
  rrFeatures: Float32Array;
  /** per lead, the amplitude of every beat of beatSamples, mV */
  amplitudesMv: Float32Array[];
  /** the record's pacing call, and P(paced) of the owned beats */
  pacing: RecordPacing;
  pacedProbability: Float32Array;
  /** the stretch the windows of beatSamples need: CHUNK_CONFIG.marginS around the first and last
   *  beat (start aligned to alignSamples, both inside the record); an empty stretch at 0 when no beat */
  readStartSample: number;
  readEndSample: number;
}

/**
 * Merges the first pass of every chunk into the record's beat context: concatenates the beats,
 * checks the ADC sums against the header checksums, turns the per-beat QRS ranges into each beat's
 * running amplitude, computes the RR features over the whole beat list (as prepareBeatRecord and
 * computeRrFeatures do on a whole record) and makes the record's pacing call from the chunks' pacing sums.
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
  const amplitudesMv = runningQrsAmplitudes(
    Array.from({ length: meta.leads.count }, (_, l) =>
      concatTyped(
        detections.map((d) => d.qrsRangesMv[l] ?? new Float64Array(d.beatSamples.length).fill(NaN)),
        Float64Array,
      ),
    ),
    meta,
  );
  const rrConfig = meta.rrFeatures.config;
  return {
    beatSamples,
    rrPrefix: rrPrefixSums(beatSamples, fsHz, rrConfig),
    rrConfig,
    amplitudesMv,
    pacing: recordPacing(
      models.pacing,
      detections.map((d) => d.pacing.sums),
    ),
    pacedProbability: concatTyped(
      detections.map((d) => d.pacing.probability),
      Float32Array,
    ),
    halfBeats: meta.normalisation.halfBeats,
    fsHz,
    alignSamples: modelAlignment(fsHz, models),
    nSamples: info.nSamples,
    elapsedMs: performance.now() - started,
  };
}

/**
 * A chunk's share of the beat context.
 * @param context - from {@link prepareBeatContext}
 * @param chunk - one of the plan's chunks
 * @returns the chunk's beats with halfBeats context beats on each side, their amplitudes, the
 *   owned beats' RR rows (computed here) and P(paced) (copies), and the record's pacing call
 */
export function chunkBeatInputs(context: BeatContext, chunk: AnalysisChunk): ChunkBeatInputs {
  const from = lowerBound(context.beatSamples, chunk.startSample);
  const to = lowerBound(context.beatSamples, chunk.endSample);
  const lo = Math.max(0, from - context.halfBeats);
  const hi = Math.min(context.beatSamples.length, to + context.halfBeats);
  const margin = Math.ceil(CHUNK_CONFIG.marginS * context.fsHz);
  const first = context.beatSamples[lo];
  const last = context.beatSamples[hi - 1];
  const readStartSample =
    first === undefined || hi === lo ? 0 : Math.max(0, Math.floor((first - margin) / context.alignSamples) * context.alignSamples);
  const readEndSample = last === undefined || hi === lo ? 0 : Math.min(context.nSamples, last + margin + 1);
  return {
    beatSamples: context.beatSamples.slice(lo, hi),
    owned: { from: from - lo, to: to - lo },
    rrFeatures: rrFeatureRows(context.beatSamples, context.rrPrefix, context.fsHz, from, to, context.rrConfig),
    amplitudesMv: context.amplitudesMv.map((a) => a.slice(lo, hi)),
    pacing: context.pacing,
    pacedProbability: context.pacedProbability.slice(from, to),
    readStartSample,
    readEndSample,
  };
}

import { qrsPeakToPeak } from '../beats/beat-windows';
import { pacingProbability, pacingSums, type PacingSums } from '../beats/pacing-classifier';
import { pacingFeatures } from '../beats/pacing-features';
import { resample, resampleAround } from '../dsp/resample';
import { detectQrsMultiLead } from '../qrs/multi-lead';
import { unreadableSpans } from '../qrs/unreadable-spans';
import { WfdbError } from '../wfdb/errors';
import { isNullSignal } from '../wfdb/open-record';
import { readSignalRange } from '../formats/read-signal-range';
import { toPhysicalFrames, type WfdbRecord } from '../wfdb/record';
import type { DetectedSpan } from '../rhythm/holter-rhythm';
import { vfBlockSpans } from '../rhythm/vf-blocks';
import type { AnalysisModels } from './analyze-record';
import type { AnalysisChunk } from './chunk-plan';
import { ENVELOPE_CONFIG } from './envelope-pyramid';
import { envelopeOfFrames, type SignalEnvelope } from './signal-envelope';

/** What the first pass finds in one chunk: its beats and what the beats' running normalisation needs. */
export interface ChunkDetection {
  chunk: AnalysisChunk;
  /** QRS marks the chunk owns, record samples, ascending */
  beatSamples: Int32Array;
  /** per lead of the beat model, per owned beat: the QRS peak-to-peak range at the model rate, mV (NaN: none) */
  qrsRangesMv: Float64Array[];
  /** per signal, the sum of the owned frames' ADC samples, wrapped to 32 bits (for the header checksums) */
  adcSums: number[];
  /** VF/VFL spans of the VF detector's blocks that start in the chunk, on the first lead (vfBlockSpans), record samples */
  vfSpans: DetectedSpan[];
  /** stretches of the owned range too noisy to read on every lead (unreadableSpans), record samples */
  noiseSpans: DetectedSpan[];
  /** per owned beat, P(paced) of the pacing model (pacingFeatures on the stored leads, pacingProbability), and the
   *  owned beats' sums for the record's pacing call (pacingSums) */
  pacing: { probability: Float32Array; sums: PacingSums };
  /** wall time of reading, of QRS detection (with the QRS ranges) and of VF detection, in ms */
  stageMs: { read: number; qrs: number; rhythm: number };
}

/**
 * A chunk's first pass with its min/max envelope, kept apart from the detection so that callers
 * join the envelopes into the record's (joinEnvelopes) and drop them before the second pass.
 */
export interface DetectedChunk {
  detection: ChunkDetection;
  /** min/max envelope of the owned frames of every stored signal, in level-0 bins of the record's pyramid */
  envelope: SignalEnvelope;
}

/** A chunk's read stretch as physical leads, with the record it came from. */
export interface ChunkSignal {
  record: WfdbRecord;
  /** every stored signal of the stretch (null signals, `~` or format 0, skipped), mV (NaN for invalid samples) */
  leadsMv: Float32Array[];
  /** the record signal index of each of leadsMv */
  signals: number[];
}

/**
 * Reads a chunk's stretch [readStartSample, readEndSample) of a record, in physical units.
 * @param headerPath - the record's `.hea`
 * @param chunk - the stretch to read (a chunk from planChunks, or any aligned range)
 * @param maxLeads - convert only the first this many stored signals to physical leads (default all)
 * @returns the stretch
 * @throws WfdbError naming the file when it cannot be read or has no stored signal
 */
export function readChunkSignal(
  headerPath: string,
  chunk: Pick<AnalysisChunk, 'readStartSample' | 'readEndSample'>,
  maxLeads = Infinity,
): ChunkSignal {
  const record = readSignalRange(headerPath, { startSample: chunk.readStartSample, endSample: chunk.readEndSample });
  const stored = record.header.signals.flatMap((spec, i) => (isNullSignal(spec) ? [] : [i]));
  if (stored.length === 0) throw new WfdbError(headerPath, 'record has no stored signal to analyse');
  const signals = stored.slice(0, Math.max(1, maxLeads));
  return { record, leadsMv: signals.map((i) => toPhysicalFrames(record, i)), signals };
}

/**
 * The beat model's leads of a chunk's stretch at the model rate, and the stretch's position there.
 * @param leadsMv - the stretch's leads at `fsHz`, mV
 * @param fsHz - the record's rate, in Hz
 * @param readStartSample - the stretch's first record sample (a multiple of the resampling cycle)
 * @param models - the beat model's meta gives its rate and lead count
 * @param headerPath - named in the error
 * @returns the model-rate leads, the stretch's first model-rate sample, and the record-to-model rate ratio
 * @throws Error naming the record when it has fewer leads than the beat model needs
 */
export function beatModelLeads(
  leadsMv: Float32Array[],
  fsHz: number,
  readStartSample: number,
  models: AnalysisModels,
  headerPath: string,
): { leadsMv: Float32Array[]; offsetModel: number; ratio: number } {
  const at = beatLeadsAt(leadsMv, fsHz, readStartSample, models, headerPath);
  return { ...at, leadsMv: at.leadsMv.map((lead) => resample(lead, fsHz, models.beats.meta.fsHz)) };
}

/** The beat model's leads of a stretch at the record's rate, its first model-rate sample, and the rate ratio. */
function beatLeadsAt(
  leadsMv: Float32Array[],
  fsHz: number,
  readStartSample: number,
  models: AnalysisModels,
  headerPath: string,
): { leadsMv: Float32Array[]; offsetModel: number; ratio: number } {
  const layout = models.beats.meta;
  if (leadsMv.length < layout.leads.count) {
    throw new Error(`${headerPath}: the beat model needs ${layout.leads.count} lead(s), got ${leadsMv.length}`);
  }
  const ratio = layout.fsHz / fsHz;
  return { leadsMv: leadsMv.slice(0, layout.leads.count), offsetModel: Math.round(readStartSample * ratio), ratio };
}

/**
 * First pass over one chunk: reads its stretch, detects QRS complexes on every lead and fuses them
 * (detectQrsMultiLead, keeping the marks the chunk owns), finds the owned stretches too noisy to read
 * on every lead (unreadableSpans), scores each owned beat's pacemaker stimulus (pacingFeatures, pacingProbability),
 * measures each owned beat's QRS range on the beat model's leads at the model
 * rate, sums the owned ADC samples for the checksums, takes the min/max envelope of the owned
 * frames (level 0 of the record's pyramid, envelope-pyramid.ts), and runs the VF detector over the first
 * lead's blocks that start in the chunk (the read's warm-up and lookahead hold their context:
 * vfBlockReach). Synchronous and transport-free: a worker
 * can run it on any chunk in any order.
 * @param headerPath - the record's `.hea`
 * @param chunk - from planChunks
 * @param models - the loaded models (the beat model's meta and the pacing model are used)
 * @returns the chunk's detection and envelope
 * @throws WfdbError naming the file when it cannot be read; Error when there are too few leads;
 *   RangeError when the chunk's read does not hold the VF blocks' context
 */
export function detectChunk(headerPath: string, chunk: AnalysisChunk, models: AnalysisModels): DetectedChunk {
  const t0 = performance.now();
  const { record, leadsMv, signals } = readChunkSignal(headerPath, chunk);
  const t1 = performance.now();
  const fsHz = record.fsHz;
  const qrs = detectQrsMultiLead(leadsMv, fsHz, chunk.readStartSample);
  const from = chunk.startSample - chunk.readStartSample;
  const to = chunk.endSample - chunk.readStartSample;
  const owned = qrs.beats.filter((s) => s >= chunk.startSample && s < chunk.endSample);
  const noiseSpans = unreadableSpans(qrs.leads, qrs.windowSamples, chunk.startSample, chunk.endSample);
  const pacingInputs = pacingFeatures(leadsMv, fsHz, owned, chunk.readStartSample);
  const pacedProbability = pacingProbability(models.pacing, pacingInputs);
  const layout = models.beats.meta;
  const at = beatLeadsAt(leadsMv, fsHz, chunk.readStartSample, models, headerPath);
  const peaksModel = Int32Array.from(owned, (r) => Math.round(r * at.ratio) - at.offsetModel);
  const halfWidth = Math.round(layout.normalisation.qrsHalfWidthS * layout.fsHz);
  // only the samples around each beat are measured: resample just those (the same values as the whole resampling)
  const qrsRangesMv = at.leadsMv.map((lead) =>
    qrsPeakToPeak(resampleAround(lead, fsHz, layout.fsHz, peaksModel, halfWidth), peaksModel, halfWidth),
  );
  const adcSums = record.adc.map((adc, s) => {
    const perFrame = record.header.signals[s]?.samplesPerFrame ?? 1;
    let sum = 0;
    for (let i = from * perFrame; i < to * perFrame; i++) sum = (sum + (adc[i] as number)) | 0;
    return sum;
  });
  const envelope = envelopeOfFrames(
    leadsMv,
    signals,
    chunk.readStartSample,
    chunk.startSample,
    chunk.endSample,
    ENVELOPE_CONFIG.baseBinSamples,
  );
  const t2 = performance.now();
  const vfSpans = vfBlockSpans(
    leadsMv[0] as Float32Array,
    chunk.readStartSample,
    fsHz,
    chunk.recordSamples,
    chunk.startSample,
    chunk.endSample,
  );
  return {
    detection: {
      chunk,
      beatSamples: owned,
      qrsRangesMv,
      adcSums,
      vfSpans,
      noiseSpans,
      pacing: { probability: pacedProbability, sums: pacingSums(models.pacing, pacingInputs, pacedProbability) },
      stageMs: { read: t1 - t0, qrs: t2 - t1, rhythm: performance.now() - t2 },
    },
    envelope,
  };
}

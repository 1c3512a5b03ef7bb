import type { BeatClassification } from '../beats/classifier';
import { pacedBeats } from '../beats/pacing-classifier';
import { pacingFeatures } from '../beats/pacing-features';
import type { RhythmWindows } from '../rhythm/classifier';
import { windowStarts } from '../rhythm/window-starts';
import { classifyRecord, RECORD_CALL_CONFIG, type RecordCall } from '../rhythm/record-call';
import type { AnalysisModels, AnalysisStage } from './analyze-record';
import type { ChunkBeatInputs } from './beat-context';
import type { AnalysisChunk } from './chunk-plan';
import { beatModelLeads, readChunkSignal } from './detect-chunk';

/** Options of {@link analyzeChunk}. */
export interface AnalyzeChunkOptions {
  signal?: AbortSignal;
  /** called after each model batch with the stage and the fraction of the chunk's beats or windows done */
  onProgress?: (stage: 'beats' | 'rhythm', fraction: number) => void;
  /** rhythm window stride, in s (default: the rhythm model's) */
  rhythmStrideS?: number;
}

/** The second pass over one chunk: its beats classified and its rhythm windows. */
export interface ChunkResult {
  chunk: AnalysisChunk;
  /** the owned beats, record samples (as given in the chunk's beat inputs) */
  beatSamples: Int32Array;
  /** labels, confidences and attention of the owned beats (their class probabilities are not kept: the store does not use them) */
  beats: Omit<BeatClassification, 'probabilities'>;
  /** 1 for each owned beat the pacing call labels paced (pacedBeats; all 0 in a record that is not paced) */
  paced: Uint8Array;
  /** rhythm windows starting in the chunk, start samples in record samples */
  windows: RhythmWindows;
  /** CinC 2017 call, only when the chunk is the whole record and the record is at most 61 s long */
  recordCall: RecordCall | null;
  /** wall time per stage, in ms */
  stageMs: Pick<Record<AnalysisStage, number>, 'read' | 'beats' | 'rhythm'>;
}

/**
 * Second pass over one chunk: reads its stretch (widened to the context beats of its beat inputs),
 * classifies the beats it owns (with the running normalisation over its context beats and the
 * record's RR features, so each beat gets exactly the inputs of the whole-record run), finds its paced beats when the
 * record is paced (pacedBeats, with the record's pacing call), and classifies the rhythm windows that start in it (each window's input
 * depends only on its own 30 s). For a record of one chunk of at most 61 s it also makes the CinC
 * 2017 record call. Transport-free: a worker can run any chunk in any order.
 * @param headerPath - the record's `.hea`
 * @param chunk - from planChunks
 * @param models - the loaded models
 * @param inputs - the chunk's share of the beat context (chunkBeatInputs)
 * @param options - abort signal, progress, rhythm stride
 * @returns the chunk's result
 * @throws WfdbError naming the file when it cannot be read; an Error named 'AbortError' (or the
 *   signal's reason) when cancelled
 */
export async function analyzeChunk(
  headerPath: string,
  chunk: AnalysisChunk,
  models: AnalysisModels,
  inputs: ChunkBeatInputs,
  options: AnalyzeChunkOptions = {},
): Promise<ChunkResult> {
  const { signal, onProgress } = options;
  const t0 = performance.now();
  const readStartSample = Math.min(chunk.classifyStartSample, inputs.readStartSample);
  // the beat model's leads (the rhythm model's is the first), and every lead for the pacing features of a paced record
  const { record, leadsMv } = readChunkSignal(
    headerPath,
    { readStartSample, readEndSample: Math.max(chunk.readEndSample, inputs.readEndSample) },
    inputs.pacing.recordPaced ? Infinity : models.beats.meta.leads.count,
  );
  const fsHz = record.fsHz;
  const t1 = performance.now();

  const model = beatModelLeads(leadsMv, fsHz, readStartSample, models, headerPath);
  const prepared = {
    leadsMv: model.leadsMv,
    rPeaksModel: Int32Array.from(inputs.beatSamples, (r) => Math.round(r * model.ratio) - model.offsetModel),
    amplitudesMv: inputs.amplitudesMv,
  };
  const { probabilities: _probabilities, ...beats } = await models.beats.classifyPrepared(prepared, inputs.rrFeatures, {
    owned: inputs.owned,
    signal,
    onProgress: (done, total) => onProgress?.('beats', total > 0 ? done / total : 1),
  });
  const ownedSamples = inputs.beatSamples.slice(inputs.owned.from, inputs.owned.to);
  const paced = inputs.pacing.recordPaced
    ? pacedBeats(models.pacing, inputs.pacing, pacingFeatures(leadsMv, fsHz, ownedSamples, readStartSample), inputs.pacedProbability)
    : new Uint8Array(ownedSamples.length);
  const t2 = performance.now();

  const rhythm = models.rhythm;
  const { fsHz: modelHz, windowS } = rhythm.meta;
  const strideS = options.rhythmStrideS ?? rhythm.meta.strideS;
  if (!(strideS > 0)) throw new RangeError(`analyzeChunk: invalid rhythm stride ${strideS} s`);
  const toModel = modelHz / fsHz;
  const recordModelSamples = Math.floor(chunk.recordSamples * toModel);
  const ownedFrom = Math.round(chunk.startSample * toModel);
  const ownedTo = chunk.index === chunk.count - 1 ? Infinity : Math.round(chunk.endSample * toModel);
  const starts = windowStarts(recordModelSamples, Math.round(windowS * modelHz), Math.max(1, Math.round(strideS * modelHz))).filter(
    (s) => s >= ownedFrom && s < ownedTo,
  );
  const rhythmSignal = rhythm.toModelRate(leadsMv[0] as Float32Array, fsHz);
  const windows = await rhythm.classifyWindowsAt(rhythmSignal, Math.round(readStartSample * toModel), starts, fsHz, {
    strideS,
    signal,
    onProgress: (done, total) => onProgress?.('rhythm', total > 0 ? done / total : 1),
  });
  const wholeRecord = chunk.count === 1;
  const durationS = chunk.endSample / fsHz;
  const recordCall =
    wholeRecord && durationS > 0 && durationS <= RECORD_CALL_CONFIG.maxDurationS
      ? await classifyRecord(rhythm, leadsMv[0] as Float32Array, fsHz, { signal })
      : null;
  return {
    chunk,
    beatSamples: ownedSamples,
    beats,
    paced,
    windows,
    recordCall,
    stageMs: { read: t1 - t0, beats: t2 - t1, rhythm: performance.now() - t2 },
  };
}

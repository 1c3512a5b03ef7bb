import type { ModelVersion } from '../../../shared/api';
import { BeatClassifier } from '../beats/classifier';
import { loadPacingModel, type PacingModel } from '../beats/pacing-classifier';
import type { BackendInfo } from '../ml/backend';
import { QRS_DETECTOR_NAME } from '../qrs/detector';
import { RhythmClassifier } from '../rhythm/classifier';
import { WfdbError } from '../wfdb/errors';
import { isNullSignal } from '../wfdb/open-record';
import { probeSignalRecord } from '../formats/probe-signal-record';
import type { RecordProbe } from '../wfdb/probe-record';
import type { AnalysisPartRows, AnalysisResultRows, RecordPacingCall } from '../store/review-store';
import type { ClassCounts } from '../../../shared/api';
import { join } from 'node:path';
import { analyzeChunk } from './analyze-chunk';
import { chunkBeatInputs, prepareBeatContext } from './beat-context';
import { modelAlignment, planChunks } from './chunk-plan';
import { detectChunk, type ChunkDetection } from './detect-chunk';
import {
  chunkRows,
  concatPartRows,
  finishChunks,
  recordNoiseSpans,
  withoutAttention,
  firstPassSummary,
  type ChunkSummary,
  type RecordAnalysisSummary,
} from './merge-chunks';
import { joinEnvelopes, type SignalEnvelope } from './signal-envelope';
import { modelsDir } from './models-dir';
import { modelVersion } from './model-version';

/** The loaded models an analysis runs with, and where they run. */
export interface AnalysisModels {
  beats: BeatClassifier;
  rhythm: RhythmClassifier;
  /** the pacemaker-stimulus model (pacing-classifier.ts) */
  pacing: PacingModel;
  backend: BackendInfo;
  versions: ModelVersion[];
  /** Name of the QRS detector, stored with each analysis. */
  detector: string;
}

/** Stages of one analysis, in order, for progress events. */
export type AnalysisStage = 'read' | 'qrs' | 'beats' | 'rhythm';

/** Options of {@link analyzeRecord}. */
export interface AnalyzeOptions {
  signal?: AbortSignal;
  onProgress?: (stage: AnalysisStage, fraction: number) => void;
  /** Rhythm window stride, in s (default: the rhythm model's). */
  rhythmStrideS?: number;
  /** Chunk length, in s (default: CHUNK_CONFIG.chunkS); the result does not depend on it. */
  chunkS?: number;
}

/** One record analysed: what the store keeps plus what the CLI prints. */
export interface RecordAnalysis extends AnalysisResultRows {
  recordName: string;
  fsHz: number;
  nSamples: number;
  beatCounts: ClassCounts;
  /** The record's pacing call (recordPacing) and how many beats it labels paced (Q). */
  pacing: RecordPacingCall;
  /** Time per stage, in ms, summed over the chunks (read: both passes; beats: with the median-beat pass). */
  stageMs: Record<AnalysisStage, number>;
}

/**
 * Loads the committed beat, rhythm and pacing models once, for many records.
 * @param backend - the backend the ladder chose (`initBackend()` first)
 * @param dir - folder holding `beats/`, `rhythm/` and `pacing/` (default: `resources/models`)
 * @throws Error naming the model folder when a model or its meta.json is missing or invalid
 */
export async function loadAnalysisModels(backend: BackendInfo, dir: string = modelsDir()): Promise<AnalysisModels> {
  const beatsDir = join(dir, 'beats');
  const rhythmDir = join(dir, 'rhythm');
  const [beats, rhythm] = [await BeatClassifier.load(beatsDir), await RhythmClassifier.load(rhythmDir)];
  return {
    beats,
    rhythm,
    pacing: loadPacingModel(join(dir, 'pacing')),
    backend,
    versions: [modelVersion(beatsDir), modelVersion(rhythmDir)],
    detector: QRS_DETECTOR_NAME,
  };
}

/**
 * The same models with another beat model (a fine-tuned version): its classifier and provenance
 * replace the loaded beat model's; the rhythm model, backend and detector stay.
 * @param models - from {@link loadAnalysisModels}
 * @param beatsDir - the other beat model's folder
 * @returns the models to analyse with
 * @throws Error naming the folder when its model or meta.json is missing or invalid
 */
export async function withBeatModel(models: AnalysisModels, beatsDir: string): Promise<AnalysisModels> {
  const beats = await BeatClassifier.load(beatsDir);
  return { ...models, beats, versions: [modelVersion(beatsDir), ...models.versions.slice(1)] };
}

/**
 * The same models with another rhythm model (a fine-tuned version): its classifier and provenance
 * replace the loaded rhythm model's; the beat model, backend and detector stay.
 * @param models - from {@link loadAnalysisModels}
 * @param rhythmDir - the other rhythm model's folder
 * @returns the models to analyse with
 * @throws Error naming the folder when its model or meta.json is missing or does not match
 */
export async function withRhythmModel(models: AnalysisModels, rhythmDir: string): Promise<AnalysisModels> {
  const rhythm = await RhythmClassifier.load(rhythmDir);
  return { ...models, rhythm, versions: [models.versions[0] as ModelVersion, modelVersion(rhythmDir), ...models.versions.slice(2)] };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw Object.assign(new Error('analysis cancelled'), { name: 'AbortError' });
}

/** Receives each chunk's rows as the chunk finishes, in record order (e.g. ReviewStore.appendAnalysisRows); the rows are its to keep. */
export type AnalysisRowsSink = (rows: AnalysisPartRows) => Promise<void>;

/**
 * Runs the whole analysis on one record, chunk by chunk so that memory does not grow with the
 * record's length (see chunk-plan.ts): a first pass over every chunk detects QRS complexes on the
 * first lead and measures the beats' QRS ranges; the record's beat context (RR features, per-lead
 * running QRS amplitude of every beat) is formed from it; a second pass classifies each chunk's beats (AAMI
 * classes, all leads the beat model uses) and its rhythm windows over the first lead, and hands
 * each chunk's rows (chunkRows: final labels, attention) to `sink` as soon as the chunk is done,
 * keeping only what the record-wide step needs (no attention); that step (finishChunks) forms the
 * episodes, AF burden and, for records of 61 s or less, the CinC 2017 record call. The result
 * equals the whole-record computation (same beats, labels, confidences, windows, episodes). Yields
 * to the event loop between model batches; honours `signal`.
 * @param headerPath - a WFDB `.hea` (a PhysioNet 2017 record's too)
 * @param models - from {@link loadAnalysisModels}
 * @param sink - receives every chunk's rows, in chunk order, awaited before the next chunk
 * @param options - cancellation, progress, rhythm stride, chunk length
 * @returns the record-wide part of the analysis (its elapsedMs without the time spent in `sink`),
 *   with the record's header and length
 * @throws WfdbError naming the file when the record cannot be read or a checksum does not match;
 *   WfdbError when the record has no stored signal; an Error named 'AbortError' when cancelled;
 *   what `sink` throws
 */
export async function streamRecordAnalysis(
  headerPath: string,
  models: AnalysisModels,
  sink: AnalysisRowsSink,
  options: AnalyzeOptions = {},
): Promise<{ record: RecordProbe; analysis: RecordAnalysisSummary }> {
  const { signal, onProgress } = options;
  const started = performance.now();
  const record = probeSignalRecord(headerPath);
  if (!record.header.signals.some((spec) => !isNullSignal(spec))) throw new WfdbError(headerPath, 'record has no stored signal to analyse');
  const fsHz = record.header.fsHz;
  const chunks = planChunks(record.nSamples, fsHz, modelAlignment(fsHz, models), { chunkS: options.chunkS });

  onProgress?.('read', 0);
  const detections: ChunkDetection[] = [];
  const envelopes: SignalEnvelope[] = [];
  for (const chunk of chunks) {
    onProgress?.('qrs', chunk.index / chunks.length);
    const { detection, envelope } = detectChunk(headerPath, chunk, models);
    detections.push(detection);
    envelopes.push(envelope);
    throwIfAborted(signal);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  onProgress?.('qrs', 1);
  // joined now, so that the chunks' envelopes are not held through the second pass
  const signalEnvelope = joinEnvelopes(envelopes.splice(0), record.nSamples);
  const context = prepareBeatContext(record, detections, models);
  const firstPass = detections.splice(0).map(firstPassSummary);
  const noiseSpans = recordNoiseSpans(firstPass);
  throwIfAborted(signal);

  const summaries: ChunkSummary[] = [];
  const kept: AnalysisPartRows[] = [];
  let sinkMs = 0;
  for (const chunk of chunks) {
    const share = 1 / chunks.length;
    const part = await analyzeChunk(headerPath, chunk, models, chunkBeatInputs(context, chunk), {
      signal,
      rhythmStrideS: options.rhythmStrideS,
      onProgress: (stage, fraction) => onProgress?.(stage, (chunk.index + fraction) * share),
    });
    throwIfAborted(signal);
    const { rows, summary } = chunkRows(part, noiseSpans, models);
    summaries.push(summary);
    kept.push(withoutAttention(rows));
    const sinkStarted = performance.now();
    await sink(rows);
    sinkMs += performance.now() - sinkStarted;
  }
  const rows = concatPartRows(kept.splice(0));
  const elapsedMs = performance.now() - started - sinkMs;
  return { record, analysis: finishChunks(record, firstPass, context, summaries, rows, models, elapsedMs, signalEnvelope) };
}

/**
 * Runs the whole analysis on one record ({@link streamRecordAnalysis}) and returns it whole, every
 * chunk's rows concatenated (for the CLI's printout and the tests; the app streams them into the store).
 * @param headerPath - a WFDB `.hea` (a PhysioNet 2017 record's too)
 * @param models - from {@link loadAnalysisModels}
 * @param options - cancellation, progress, rhythm stride, chunk length
 * @returns the analysis, with the record's header and length
 * @throws the errors of {@link streamRecordAnalysis}
 */
export async function analyzeRecord(
  headerPath: string,
  models: AnalysisModels,
  options: AnalyzeOptions = {},
): Promise<{ record: RecordProbe; analysis: RecordAnalysis }> {
  const parts: AnalysisPartRows[] = [];
  const { record, analysis } = await streamRecordAnalysis(headerPath, models, async (rows) => void parts.push(rows), options);
  return { record, analysis: { ...concatPartRows(parts), ...analysis } };
}

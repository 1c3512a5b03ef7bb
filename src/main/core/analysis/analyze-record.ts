import type { ClassCounts, ModelVersion, RhythmLabel } from '../../../shared/api';
import { AAMI_CLASSES, type AamiClass } from '../../../shared/labels';
import { BeatClassifier } from '../beats/classifier';
import type { BackendInfo } from '../ml/backend';
import { detectQrs, QRS_DETECTOR_NAME } from '../qrs/detector';
import { RhythmClassifier } from '../rhythm/classifier';
import { afBurden, mergeEpisodes } from '../rhythm/episodes';
import { classifyRecord, RECORD_CALL_CONFIG } from '../rhythm/record-call';
import { WfdbError } from '../wfdb/errors';
import { isNullSignal } from '../wfdb/open-record';
import { readRecord, toPhysical, type WfdbRecord } from '../wfdb/record';
import type { AnalysisResultRows } from '../store/review-store';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { modelsDir } from './models-dir';

/** The loaded models an analysis runs with, and where they run. */
export interface AnalysisModels {
  beats: BeatClassifier;
  rhythm: RhythmClassifier;
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
}

/** One record analysed: what the store keeps plus what the CLI prints. */
export interface RecordAnalysis extends AnalysisResultRows {
  recordName: string;
  fsHz: number;
  nSamples: number;
  beatCounts: ClassCounts;
  /** Wall time per stage, in ms. */
  stageMs: Record<AnalysisStage, number>;
}

function modelVersion(dir: string): ModelVersion {
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as {
    name?: string;
    version?: string;
    sha256?: Record<string, string>;
  };
  return { name: meta.name ?? dir, version: meta.version ?? '0', sha256: meta.sha256?.['weights.bin'] ?? '' };
}

/**
 * Loads the committed beat and rhythm models once, for many records.
 * @param backend - the backend the ladder chose (`initBackend()` first)
 * @param dir - folder holding `beats/` and `rhythm/` (default: `resources/models`)
 * @throws Error naming the model folder when a model or its meta.json is missing or invalid
 */
export async function loadAnalysisModels(backend: BackendInfo, dir: string = modelsDir()): Promise<AnalysisModels> {
  const beatsDir = join(dir, 'beats');
  const rhythmDir = join(dir, 'rhythm');
  const [beats, rhythm] = [await BeatClassifier.load(beatsDir), await RhythmClassifier.load(rhythmDir)];
  return { beats, rhythm, backend, versions: [modelVersion(beatsDir), modelVersion(rhythmDir)], detector: QRS_DETECTOR_NAME };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw Object.assign(new Error('analysis cancelled'), { name: 'AbortError' });
}

/**
 * Runs the whole analysis on one record: read, QRS detection on the first
 * stored lead (null signals, `~` or format 0, are skipped), AAMI beat
 * classification (all leads the beat model uses), rhythm windows over that
 * lead merged into episodes, AF burden, and for records of 61 s or less the
 * CinC 2017 record call. Yields to the event loop between model batches;
 * honours `signal`.
 * @param headerPath - a WFDB `.hea` (a PhysioNet 2017 record's too)
 * @param models - from {@link loadAnalysisModels}
 * @returns the analysis, with the record as read
 * @throws WfdbError naming the file when the record cannot be read; an Error
 *   named 'AbortError' when cancelled
 */
export async function analyzeRecord(
  headerPath: string,
  models: AnalysisModels,
  options: AnalyzeOptions = {},
): Promise<{ record: WfdbRecord; analysis: RecordAnalysis }> {
  const { signal, onProgress } = options;
  const stageMs: Record<AnalysisStage, number> = { read: 0, qrs: 0, beats: 0, rhythm: 0 };
  const started = performance.now();
  let mark = started;
  const lap = (stage: AnalysisStage): void => {
    const now = performance.now();
    stageMs[stage] = now - mark;
    mark = now;
  };

  onProgress?.('read', 0);
  const record = readRecord(headerPath);
  const stored = record.header.signals.flatMap((spec, i) => (isNullSignal(spec) ? [] : [i]));
  if (stored.length === 0) throw new WfdbError(headerPath, 'record has no stored signal to analyse');
  const leadsMv = stored.map((i) => toPhysical(record, i));
  const fsHz = record.fsHz;
  lap('read');
  onProgress?.('read', 1);
  throwIfAborted(signal);

  onProgress?.('qrs', 0);
  const beatSamples = detectQrs(leadsMv[0] as Float32Array, fsHz);
  lap('qrs');
  onProgress?.('qrs', 1);
  throwIfAborted(signal);

  const beats = await models.beats.classify(leadsMv, fsHz, beatSamples, {
    signal,
    onProgress: (done, total) => onProgress?.('beats', total > 0 ? done / total : 1),
  });
  lap('beats');
  throwIfAborted(signal);

  const windows = await models.rhythm.classifyWindows(leadsMv[0] as Float32Array, fsHz, {
    strideS: options.rhythmStrideS,
    signal,
    onProgress: (done, total) => onProgress?.('rhythm', total > 0 ? done / total : 1),
  });
  const episodes = mergeEpisodes(windows, fsHz, record.nSamples);
  const durationS = record.nSamples / fsHz;
  const call =
    durationS > 0 && durationS <= RECORD_CALL_CONFIG.maxDurationS
      ? await classifyRecord(models.rhythm, leadsMv[0] as Float32Array, fsHz, { signal })
      : null;
  lap('rhythm');

  const beatLabels: AamiClass[] = Array.from(beats.labels, (k) => AAMI_CLASSES[k] ?? 'Q');
  const beatCounts: ClassCounts = { N: 0, S: 0, V: 0, F: 0, Q: 0 };
  for (const label of beatLabels) beatCounts[label]++;
  const beatMeta = models.beats.meta.attention;
  const analysis: RecordAnalysis = {
    recordName: record.recordName,
    fsHz,
    nSamples: record.nSamples,
    beatCounts,
    stageMs,
    elapsedMs: performance.now() - started,
    beatSamples,
    beatLabels,
    beatConfidence: beats.confidence,
    beatAttention: beats.attention,
    beatAttentionSteps: beats.attentionSteps,
    beatAttentionStartS: beatMeta.windowStartOffsetS,
    beatAttentionEndS: beatMeta.windowEndOffsetS,
    episodes,
    rhythmWindowS: windows.windowS,
    windowStartSamples: windows.startSample,
    windowLabels: windows.labels as RhythmLabel[],
    windowProbabilities: windows.probabilities,
    windowAttention: windows.attention,
    rhythmAttentionSteps: windows.attentionSteps,
    afBurden: afBurden(episodes, record.nSamples),
    recordCall: call ? { label: call.label, probabilities: call.probabilities } : null,
  };
  return { record, analysis };
}

import type { ClassCounts } from '../../../shared/api';
import { AAMI_CLASSES, type AamiClass } from '../../../shared/labels';
import { afBurden } from '../rhythm/episodes';
import { detectAfSpans } from '../rhythm/af-detector';
import { holterRhythmEpisodes, type DetectedSpan } from '../rhythm/holter-rhythm';
import { RHYTHM_LABELS } from '../rhythm/rhythm-labels';
import { rhythmAttentionLayout } from './rhythm-attention-span';
import type { RecordProbe } from '../wfdb/probe-record';
import type { AnalysisModels, AnalysisStage, RecordAnalysis } from './analyze-record';
import type { BeatContext } from './beat-context';
import type { ChunkDetection } from './detect-chunk';
import type { ChunkResult } from './analyze-chunk';
import type { AnalysisChunk } from './chunk-plan';
import type { AnalysisPartRows, StreamedAnalysisRows } from '../store/review-store';
import { concatTyped } from './concat-typed';
import type { SignalEnvelope } from './signal-envelope';

/** The CNN's P(A) column of an n × 4 probability array (RHYTHM_LABELS order). */
function afColumn(probabilities: Float32Array): Float32Array {
  const classes = RHYTHM_LABELS.length;
  const a = RHYTHM_LABELS.indexOf('A');
  return Float32Array.from({ length: probabilities.length / classes }, (_, i) => probabilities[i * classes + a] as number);
}

/** Spans in time order with touching neighbours joined (confidence: duration-weighted mean). */
function joinSpans(spans: readonly DetectedSpan[]): DetectedSpan[] {
  const out: DetectedSpan[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last !== undefined && last.endSample === s.onsetSample) {
      const a = last.endSample - last.onsetSample;
      const b = s.endSample - s.onsetSample;
      out[out.length - 1] = {
        onsetSample: last.onsetSample,
        endSample: s.endSample,
        confidence: (last.confidence * a + s.confidence * b) / (a + b),
      };
    } else {
      out.push(s);
    }
  }
  return out;
}

/**
 * Labels Q every beat inside an unreadable stretch (in place) and returns their artefact flags (1 = inside).
 * @param beatSamples - beats, ascending
 * @param beatLabels - their labels, changed in place
 * @param spans - unreadable stretches, disjoint, in time order
 */
function markUnreadableBeats(beatSamples: Int32Array, beatLabels: AamiClass[], spans: readonly DetectedSpan[]): Uint8Array {
  const flags = new Uint8Array(beatSamples.length);
  let k = 0;
  beatSamples.forEach((sample, i) => {
    while (k < spans.length && (spans[k] as DetectedSpan).endSample <= sample) k++;
    const span = spans[k];
    if (span !== undefined && span.onsetSample <= sample) {
      flags[i] = 1;
      beatLabels[i] = 'Q';
    }
  });
  return flags;
}

/** What finishing a record's analysis needs of a chunk's first pass: its times and its VF and unreadable spans. */
export type FirstPassSummary = Pick<ChunkDetection, 'stageMs' | 'vfSpans' | 'noiseSpans'>;

/**
 * A chunk's first pass without its per-beat arrays (kept once the beat context is formed, so that
 * a long record's QRS ranges and pacing inputs are not held through the second pass).
 */
export function firstPassSummary(detection: ChunkDetection): FirstPassSummary {
  return { stageMs: detection.stageMs, vfSpans: detection.vfSpans, noiseSpans: detection.noiseSpans };
}

/** The record's unreadable stretches: the chunks' joined (first pass of every chunk, in chunk order). */
export function recordNoiseSpans(detections: readonly FirstPassSummary[]): DetectedSpan[] {
  return joinSpans(detections.flatMap((d) => d.noiseSpans));
}

/** What finishing a record's analysis needs of one chunk's second pass besides its rows. */
export interface ChunkSummary {
  chunk: AnalysisChunk;
  stageMs: ChunkResult['stageMs'];
  /** the chunk's beats labelled paced */
  pacedBeats: number;
  /** the rhythm windows' length and stride, in s */
  windowS: number;
  strideS: number;
  recordCall: ChunkResult['recordCall'];
}

/**
 * One chunk's rows as stored, and what finishing needs of it: beats with their final labels (the
 * paced beats, in a paced record, labelled Q; the beats inside an unreadable stretch labelled Q and
 * flagged artefact, so that neither the class counts nor the heart rate use them), confidences,
 * attention, and the rhythm windows. The chunk's result is not changed; its arrays are shared.
 * @param part - analyzeChunk of the chunk
 * @param noiseSpans - the record's unreadable stretches (recordNoiseSpans)
 * @param models - the loaded models (the rhythm model's attention steps)
 * @returns the chunk's rows and its summary
 */
export function chunkRows(
  part: ChunkResult,
  noiseSpans: readonly DetectedSpan[],
  models: AnalysisModels,
): { rows: AnalysisPartRows; summary: ChunkSummary } {
  const beatLabels = Array.from(part.beats.labels, (k, i): AamiClass => (part.paced[i] === 1 ? 'Q' : (AAMI_CLASSES[k] ?? 'Q')));
  const beatArtefact = markUnreadableBeats(part.beatSamples, beatLabels, noiseSpans);
  return {
    rows: {
      beatSamples: part.beatSamples,
      beatLabels,
      beatConfidence: part.beats.confidence,
      beatArtefact,
      beatAttention: part.beats.attention,
      beatAttentionSteps: part.beats.attentionSteps,
      windowStartSamples: part.windows.startSample,
      windowLabels: part.windows.labels,
      windowProbabilities: part.windows.probabilities,
      windowAttention: part.windows.attention,
      rhythmAttentionSteps: models.rhythm.meta.attention.steps,
    },
    summary: {
      chunk: part.chunk,
      stageMs: part.stageMs,
      pacedBeats: part.paced.reduce((sum, v) => sum + v, 0),
      windowS: part.windows.windowS,
      strideS: part.windows.strideS,
      recordCall: part.recordCall,
    },
  };
}

/**
 * Parts' rows joined in order (typed arrays concatenated).
 * @param parts - rows of consecutive parts, in record order
 * @returns one part holding them all, with the first part's attention steps (0 without parts)
 */
export function concatPartRows(parts: readonly AnalysisPartRows[]): AnalysisPartRows {
  const first = parts[0];
  return {
    beatSamples: concatTyped(
      parts.map((p) => p.beatSamples),
      Int32Array,
    ),
    beatLabels: parts.flatMap((p) => p.beatLabels),
    beatConfidence: concatTyped(
      parts.map((p) => p.beatConfidence),
      Float32Array,
    ),
    beatArtefact: concatTyped(
      parts.map((p) => p.beatArtefact ?? new Uint8Array(p.beatSamples.length)),
      Uint8Array,
    ),
    beatAttention: concatTyped(
      parts.map((p) => p.beatAttention),
      Float32Array,
    ),
    beatAttentionSteps: first?.beatAttentionSteps ?? 0,
    windowStartSamples: concatTyped(
      parts.map((p) => p.windowStartSamples),
      Int32Array,
    ),
    windowLabels: parts.flatMap((p) => p.windowLabels),
    windowProbabilities: concatTyped(
      parts.map((p) => p.windowProbabilities),
      Float32Array,
    ),
    windowAttention: concatTyped(
      parts.map((p) => p.windowAttention),
      Float32Array,
    ),
    rhythmAttentionSteps: first?.rhythmAttentionSteps ?? 0,
  };
}

/**
 * A part's rows without their attention (what finishing the record needs of them, kept while the
 * attention goes to the store): the other arrays copied, so that the part's own may be transferred.
 */
export function withoutAttention(rows: AnalysisPartRows): AnalysisPartRows {
  return {
    ...rows,
    beatSamples: rows.beatSamples.slice(),
    beatConfidence: rows.beatConfidence.slice(),
    beatArtefact: rows.beatArtefact?.slice(),
    beatAttention: new Float32Array(0),
    windowStartSamples: rows.windowStartSamples.slice(),
    windowProbabilities: rows.windowProbabilities.slice(),
    windowAttention: new Float32Array(0),
  };
}

/** A record's analysis without its per-beat and per-window arrays: what finishing it stores after its parts. */
export type RecordAnalysisSummary = Omit<RecordAnalysis, keyof AnalysisPartRows> &
  Pick<RecordAnalysis, 'beatAttentionSteps' | 'rhythmAttentionSteps'> & {
    /** beats of the whole record (artefact ones included) */
    nBeats: number;
  };

/**
 * Finishes a record's analysis from its chunks: AF spans detected over the whole record's beats
 * with the CNN's P(A) (detectAfSpans), the chunks' VF spans joined, Holter rhythm episodes
 * assembled over the whole record from these, the unreadable stretches, the windows and the beat
 * labels (holterRhythmEpisodes; an episode runs across chunk ends), AF burden, class counts, the
 * time per stage summed over both passes (for chunks run in parallel these are sums of worker
 * time, not wall time), and level 0 of the record's min/max pyramid when the caller gives it (the
 * chunks' envelopes joined). The rows' attention is not needed.
 * @param info - the record (probeRecord)
 * @param detections - first pass of every chunk (its times and spans: firstPassSummary)
 * @param context - the record's beat context (for its time)
 * @param summaries - chunkRows' summary of every chunk, in chunk order
 * @param rows - every chunk's rows joined in chunk order (concatPartRows, or read back from the store:
 *   ReviewStore.streamedAnalysisRows)
 * @param models - the loaded models (the beat model's attention span)
 * @param elapsedMs - wall time of the whole analysis, in ms, as the caller measured it
 * @param signalEnvelope - the record's envelope from frame 0 (joinEnvelopes of the chunks' envelopes), stored
 *   when the analysis is; absent when it was stored with the running analysis already (the engine:
 *   ReviewStore.appendAnalysisEnvelope)
 * @returns the record-wide part of its analysis
 * @throws Error when the summaries are not the record's chunks in order
 */
export function finishChunks(
  info: RecordProbe,
  detections: readonly FirstPassSummary[],
  context: Pick<BeatContext, 'elapsedMs' | 'pacing'>,
  summaries: readonly ChunkSummary[],
  rows: StreamedAnalysisRows,
  models: AnalysisModels,
  elapsedMs: number,
  signalEnvelope?: SignalEnvelope,
): RecordAnalysisSummary {
  summaries.forEach((p, i) => {
    if (p.chunk.index !== i || p.chunk.count !== summaries.length) {
      throw new Error(`${info.headerPath}: chunk result ${i} is chunk ${p.chunk.index} of ${p.chunk.count}`);
    }
  });
  const fsHz = info.header.fsHz;
  const stageMs: Record<AnalysisStage, number> = { read: 0, qrs: 0, beats: context.elapsedMs, rhythm: 0 };
  for (const d of detections) {
    stageMs.read += d.stageMs.read;
    stageMs.qrs += d.stageMs.qrs;
    stageMs.rhythm += d.stageMs.rhythm;
  }
  for (const p of summaries) {
    stageMs.read += p.stageMs.read;
    stageMs.beats += p.stageMs.beats;
    stageMs.rhythm += p.stageMs.rhythm;
  }
  const { beatSamples, beatLabels, beatConfidence } = rows;
  const beatCounts: ClassCounts = { N: 0, S: 0, V: 0, F: 0, Q: 0 };
  beatLabels.forEach((label, i) => {
    if (rows.beatArtefact?.[i] !== 1) beatCounts[label]++;
  });
  const rhythm = models.rhythm.meta;
  const first = summaries[0];
  const windows = {
    windowS: first?.windowS ?? rhythm.windowS,
    strideS: first?.strideS ?? rhythm.strideS,
    startSample: rows.windowStartSamples,
    probabilities: rows.windowProbabilities,
    labels: [...rows.windowLabels],
    attention: new Float32Array(0),
    attentionSteps: rhythm.attention.steps,
  };
  const noiseSpans = recordNoiseSpans(detections);
  const rhythmStarted = performance.now();
  const afSpans = detectAfSpans({
    beatSamples,
    beatLabels,
    fsHz,
    nSamples: info.nSamples,
    windows: { startSample: windows.startSample, windowS: windows.windowS, afProbability: afColumn(windows.probabilities) },
  });
  const vfSpans = detections.flatMap((d) => d.vfSpans);
  const episodes = holterRhythmEpisodes({
    fsHz,
    nSamples: info.nSamples,
    windows,
    beatSamples,
    beatLabels,
    beatConfidence,
    afSpans,
    vfSpans,
    noiseSpans,
  });
  stageMs.rhythm += performance.now() - rhythmStarted;
  const call = summaries.length === 1 ? (first?.recordCall ?? null) : null;
  const beatMeta = models.beats.meta.attention;
  const attentionLayout = rhythmAttentionLayout(rhythm);
  return {
    recordName: info.header.recordName,
    fsHz,
    nSamples: info.nSamples,
    beatCounts,
    nBeats: beatSamples.length,
    pacing: {
      recordPaced: context.pacing.recordPaced,
      sureShare: context.pacing.sureShare,
      pacedBeats: summaries.reduce((sum, p) => sum + p.pacedBeats, 0),
    },
    stageMs,
    elapsedMs,
    beatAttentionSteps: beatMeta.steps,
    beatAttentionStartS: beatMeta.windowStartOffsetS,
    beatAttentionEndS: beatMeta.windowEndOffsetS,
    episodes,
    rhythmWindowS: windows.windowS,
    rhythmAttentionSteps: windows.attentionSteps,
    rhythmAttentionStepS: attentionLayout.stepS,
    rhythmAttentionOffsetS: attentionLayout.offsetS,
    afBurden: afBurden(episodes, info.nSamples),
    ...(signalEnvelope ? { signalEnvelope } : {}),
    recordCall: call ? { label: call.label, probabilities: call.probabilities } : null,
  };
}

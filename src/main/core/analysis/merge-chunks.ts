import type { ClassCounts, RhythmLabel } from '../../../shared/api';
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

/**
 * Joins the chunks of a record into its analysis: beats, labels, confidences and attention
 * concatenated in chunk order, the paced beats (in a paced record, pacedBeats) labelled Q, rhythm windows concatenated, AF spans detected over the whole record's
 * beats with the CNN's P(A) (detectAfSpans), the chunks' VF spans joined, the chunks' unreadable stretches joined
 * (their beats labelled Q and flagged artefact, so that neither the class counts nor the heart rate use them), Holter rhythm episodes
 * assembled over the whole record from these, the windows and the beat labels (holterRhythmEpisodes;
 * an episode runs across chunk ends), AF burden, class counts, the time per stage summed over both
 * passes (for chunks run in parallel these are sums of worker time, not wall time), and level 0 of
 * the record's min/max pyramid (the chunks' envelopes joined by the caller).
 * @param info - the record (probeRecord)
 * @param detections - first pass of every chunk (for its read and QRS times)
 * @param context - the record's beat context (for its time)
 * @param parts - analyzeChunk of every chunk, in chunk order
 * @param models - the loaded models (the beat model's attention span)
 * @param elapsedMs - wall time of the whole analysis, in ms, as the caller measured it
 * @param signalEnvelope - the record's envelope from frame 0 (joinEnvelopes of the chunks' envelopes)
 * @returns the record's analysis
 * @throws Error when the parts are not the record's chunks in order
 */
export function mergeChunks(
  info: RecordProbe,
  detections: readonly ChunkDetection[],
  context: BeatContext,
  parts: readonly ChunkResult[],
  models: AnalysisModels,
  elapsedMs: number,
  signalEnvelope: SignalEnvelope,
): RecordAnalysis {
  parts.forEach((p, i) => {
    if (p.chunk.index !== i || p.chunk.count !== parts.length) {
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
  for (const p of parts) {
    stageMs.read += p.stageMs.read;
    stageMs.beats += p.stageMs.beats;
    stageMs.rhythm += p.stageMs.rhythm;
  }
  const beatLabels: AamiClass[] = [];
  for (const p of parts) for (const k of p.beats.labels) beatLabels.push(AAMI_CLASSES[k] ?? 'Q');
  const beatSamples = concatTyped(
    parts.map((p) => p.beatSamples),
    Int32Array,
  );
  const paced = concatTyped(
    parts.map((p) => p.paced),
    Uint8Array,
  );
  paced.forEach((v, i) => {
    if (v === 1) beatLabels[i] = 'Q';
  });
  const noiseSpans = joinSpans(detections.flatMap((d) => d.noiseSpans));
  const beatArtefact = markUnreadableBeats(beatSamples, beatLabels, noiseSpans);
  const beatCounts: ClassCounts = { N: 0, S: 0, V: 0, F: 0, Q: 0 };
  beatLabels.forEach((label, i) => {
    if (beatArtefact[i] === 0) beatCounts[label]++;
  });
  const rhythm = models.rhythm.meta;
  const first = parts[0]?.windows;
  const windows = {
    windowS: first?.windowS ?? rhythm.windowS,
    strideS: first?.strideS ?? rhythm.strideS,
    startSample: concatTyped(
      parts.map((p) => p.windows.startSample),
      Int32Array,
    ),
    probabilities: concatTyped(
      parts.map((p) => p.windows.probabilities),
      Float32Array,
    ),
    labels: parts.flatMap((p) => p.windows.labels),
    attention: concatTyped(
      parts.map((p) => p.windows.attention),
      Float32Array,
    ),
    attentionSteps: rhythm.attention.steps,
  };
  const beatConfidence = concatTyped(
    parts.map((p) => p.beats.confidence),
    Float32Array,
  );
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
  const call = parts.length === 1 ? (parts[0]?.recordCall ?? null) : null;
  const beatMeta = models.beats.meta.attention;
  const attentionLayout = rhythmAttentionLayout(rhythm);
  return {
    recordName: info.header.recordName,
    fsHz,
    nSamples: info.nSamples,
    beatCounts,
    pacing: {
      recordPaced: context.pacing.recordPaced,
      sureShare: context.pacing.sureShare,
      pacedBeats: paced.reduce((sum, v) => sum + v, 0),
    },
    stageMs,
    elapsedMs,
    beatSamples,
    beatLabels,
    beatConfidence,
    beatArtefact,
    beatAttention: concatTyped(
      parts.map((p) => p.beats.attention),
      Float32Array,
    ),
    beatAttentionSteps: parts[0]?.beats.attentionSteps ?? models.beats.meta.attention.steps,
    beatAttentionStartS: beatMeta.windowStartOffsetS,
    beatAttentionEndS: beatMeta.windowEndOffsetS,
    episodes,
    rhythmWindowS: windows.windowS,
    windowStartSamples: windows.startSample,
    windowLabels: windows.labels as RhythmLabel[],
    windowProbabilities: windows.probabilities,
    windowAttention: windows.attention,
    rhythmAttentionSteps: windows.attentionSteps,
    rhythmAttentionStepS: attentionLayout.stepS,
    rhythmAttentionOffsetS: attentionLayout.offsetS,
    afBurden: afBurden(episodes, info.nSamples),
    signalEnvelope,
    recordCall: call ? { label: call.label, probabilities: call.probabilities } : null,
  };
}

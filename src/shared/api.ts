/**
 * The one API contract of the workstation: every `domain:verb` method with its
 * request schema (zod, validated by every transport before dispatch) and its
 * response type, and every pushed event with its payload type.
 *
 * Message shapes on every transport (Electron IPC, loopback HTTP/WebSocket):
 * request `{id, method, params}`, reply `{id, result}` or
 * `{id, error: {code, message}}`, push `{event, payload}`. Typed arrays in
 * results cross IPC natively and the WebSocket as base64 (see `wire.ts`),
 * never as JSON arrays of numbers.
 */
import { z } from 'zod';
import type { AamiClass } from './labels';

/** CinC 2017 rhythm class: N normal sinus rhythm, A atrial fibrillation, O other rhythm, ~ too noisy to classify. */
export type RhythmLabel = 'N' | 'A' | 'O' | '~';

/** Review status of a case (record): open → in_review → reviewed. */
export const REVIEW_STATUSES = ['open', 'in_review', 'reviewed'] as const;
/** Review status of a case. */
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** Where a beat label came from. */
export type LabelSource = 'model' | 'human';

/** State of a record's latest analysis. */
export type AnalysisState = 'none' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

const aamiClass = z.enum(['N', 'S', 'V', 'F', 'Q']);
const id = z.number().int().positive();
const reviewer = z.string().trim().min(1).max(100);
const sampleIndex = z.number().int().nonnegative();

/** zod schemas of every method's params. */
export const requestSchemas = {
  'app:info': z.object({}).strict(),
  'cases:list': z.object({}).strict(),
  'cases:import': z.object({ path: z.string().min(1).max(4096) }).strict(),
  'analysis:start': z.object({ recordId: id }).strict(),
  'analysis:cancel': z.object({ jobId: z.string().min(1).max(64) }).strict(),
  'record:overview': z.object({ recordId: id, binS: z.number().positive().max(3600).default(10) }).strict(),
  'record:window': z
    .object({ recordId: id, startSample: sampleIndex, endSample: sampleIndex })
    .strict()
    .refine((p) => p.endSample > p.startSample, { message: 'endSample must exceed startSample' }),
  'beats:relabel': z.object({ beatId: id, label: aamiClass, reviewer }).strict(),
  'beats:find': z
    .object({ recordId: id, fromSample: sampleIndex, label: aamiClass, direction: z.union([z.literal(1), z.literal(-1)]) })
    .strict(),
  'review:setStatus': z.object({ recordId: id, status: z.enum(REVIEW_STATUSES), reviewer }).strict(),
  'review:events': z.object({ recordId: id }).strict(),
} as const;

/** Method names of the API. */
export type Method = keyof typeof requestSchemas;
/** Params of a method, after schema defaults are applied. */
export type Params<M extends Method> = z.output<(typeof requestSchemas)[M]>;
/** Params of a method as a caller writes them (defaults optional). */
export type ParamsIn<M extends Method> = z.input<(typeof requestSchemas)[M]>;

/** Which tfjs backend runs inference, as the backend ladder chose it. */
export interface BackendSummary {
  /** `tf.getBackend()`: 'tensorflow', 'wasm' or 'cpu'. */
  name: string;
  /** The npm package that provided it. */
  package: string;
  /** Native TensorFlow version, or null. */
  tfVersion: string | null;
}

/** A model as loaded: its directory name, version and weights hash. */
export interface ModelVersion {
  name: string;
  version: string;
  sha256: string;
}

/** Result of `app:info`. */
export interface AppInfo {
  appVersion: string;
  backend: BackendSummary;
  models: ModelVersion[];
  databasePath: string;
}

/** Beat counts per AAMI class. */
export type ClassCounts = Record<AamiClass, number>;

/** One row of the case list. */
export interface CaseSummary {
  recordId: number;
  name: string;
  path: string;
  fsHz: number;
  nSamples: number;
  durationS: number;
  signalNames: string[];
  importedAt: string;
  reviewStatus: ReviewStatus;
  reviewer: string | null;
  analysisState: AnalysisState;
  analysisError: string | null;
  beatCounts: ClassCounts | null;
  /** Fraction (0..1) of the analysed time in AF episodes. */
  /** Fraction (0..1) of the analysed time in AF episodes. */
  afBurden: number | null;
}

/** Result of `cases:import`. */
export interface ImportResult {
  imported: { recordId: number; name: string; jobId: string | null; alreadyKnown: boolean }[];
  failed: { path: string; message: string }[];
}

/** One rhythm episode: a maximal run of one class over a sample span of the record. */
export interface RhythmEpisode {
  readonly label: RhythmLabel;
  /** First sample, in samples of the record's fsHz. */
  readonly onsetSample: number;
  /** Sample after the last one (exclusive). */
  readonly endSample: number;
  /** Mean, over the windows assigned to the episode, of their probability of `label` (0..1). */
  readonly meanProbability: number;
}

/** Result of `record:overview`: what the whole-record trend needs. */
export interface RecordOverview {
  recordId: number;
  name: string;
  fsHz: number;
  nSamples: number;
  signalNames: string[];
  reviewStatus: ReviewStatus;
  analysisState: AnalysisState;
  analysis: {
    analysisId: number;
    createdAt: string;
    backend: string;
    models: ModelVersion[];
    detector: string;
    elapsedMs: number;
  } | null;
  beatCounts: ClassCounts | null;
  /** Fraction (0..1) of the analysed time in AF episodes. */
  /** Fraction (0..1) of the analysed time in AF episodes. */
  afBurden: number | null;
  /** CinC 2017 call over the whole record, only for records of 61 s or less. */
  recordCall: { label: RhythmLabel; probabilities: Record<RhythmLabel, number> } | null;
  /** Heart-rate trend: bin k covers [k·binS, (k+1)·binS) s; NaN where no RR interval. */
  hrTrend: { binS: number; hrBpm: Float32Array };
  episodes: RhythmEpisode[];
}

/** One beat as the strip shows it. */
export interface BeatView {
  beatId: number;
  sample: number;
  label: AamiClass;
  source: LabelSource;
  confidence: number;
}

/** Result of `record:window`: everything the 10 s strip draws. */
export interface RecordWindow {
  recordId: number;
  fsHz: number;
  startSample: number;
  endSample: number;
  leads: { name: string; units: string; samples: Float32Array }[];
  beats: BeatView[];
  episodes: RhythmEpisode[];
  /**
   * Model attention over the window, 0..1, one value per `attentionStepSamples`
   * samples from `startSample` (beat attention where beats are, rhythm
   * attention elsewhere), for the overlay.
   */
  attention: { stepSamples: number; beat: Float32Array; rhythm: Float32Array };
}

/** One row of the audit trail. */
export interface LabelEvent {
  eventId: number;
  beatId: number | null;
  recordId: number;
  reviewer: string;
  at: string;
  kind: 'beat-label' | 'review-status';
  oldValue: string | null;
  newValue: string;
  sample: number | null;
}

/** Response type of every method. */
export interface Results {
  'app:info': AppInfo;
  'cases:list': CaseSummary[];
  'cases:import': ImportResult;
  'analysis:start': { jobId: string };
  'analysis:cancel': { cancelled: boolean };
  'record:overview': RecordOverview;
  'record:window': RecordWindow;
  'beats:relabel': { beat: BeatView; event: LabelEvent };
  /** The nearest beat of the class after (direction 1) or before (−1) `fromSample`; sample null when none. */
  'beats:find': { sample: number | null };
  'review:setStatus': { recordId: number; status: ReviewStatus; event: LabelEvent };
  'review:events': LabelEvent[];
}

/** Pushed events and their payloads. */
export interface Events {
  'job:progress': { jobId: string; recordId: number; stage: 'read' | 'qrs' | 'beats' | 'rhythm' | 'store'; fraction: number };
  'job:done': { jobId: string; recordId: number; state: 'done' | 'failed' | 'cancelled'; error: string | null };
  'cases:changed': { recordIds: number[] };
}
/** Event names. */
export type EventName = keyof Events;

/** Error codes that cross transports in `{id, error: {code, message}}`. */
export type ErrorCode = 'bad_request' | 'not_found' | 'conflict' | 'internal' | 'unauthorized';

/** The typed API every transport exposes to the renderer (`window.ecg`). */
export interface EcgApi {
  invoke<M extends Method>(method: M, params: ParamsIn<M>): Promise<Results[M]>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/**
 * The one API contract of the workstation: every `domain:verb` method with its
 * request schema (zod, validated by every transport before dispatch) and its
 * response schema, and every pushed event with its payload schema. The
 * TypeScript types are inferred from the schemas. Response and event schemas
 * are strict (no field beyond the contract's) and are checked in tests, not
 * on the hot path.
 *
 * Message shapes on every transport (Electron IPC, loopback HTTP/WebSocket):
 * request `{id, method, params}`, reply `{id, result}` or
 * `{id, error: {code, message}}`, push `{event, payload}`. Typed arrays in
 * results cross IPC natively and the WebSocket as base64 (see `wire.ts`),
 * never as JSON arrays of numbers.
 *
 * Every numeric input has bounds that keep the cost of a call bounded; each
 * bound is one of the `MAX_…`/`MIN_…` constants of `api-bounds.ts`.
 */
import { z } from 'zod';
import {
  MAX_BULK_BEATS,
  MAX_ID,
  MAX_AUDIT_EVENTS_LISTED,
  MAX_TEMPLATE_BEATS_PAGE,
  MAX_TEMPLATES_LISTED,
  MAX_JOB_ID_CHARS,
  MAX_PATH_CHARS,
  MAX_REPORT_STRIPS,
  MAX_REVIEWER_CHARS,
  MAX_ENVELOPE_BINS,
  MAX_SAMPLE_INDEX,
  MAX_SIGNAL_INDEX,
  MAX_STRIP_NOTE_CHARS,
  MAX_TREND_BIN_S,
  MIN_TREND_BIN_S,
  MAX_FINE_TUNE_BATCH,
  MAX_FINE_TUNE_EPOCHS,
  MAX_FINE_TUNE_LEARNING_RATE,
  MAX_REPLAY_RATIO,
  MAX_COMPARED_CASES,
  MAX_COMPARED_VERSIONS,
  MAX_VALIDATION_FRACTION,
  MAX_ATTENTION_WEIGHT,
  MIN_FINE_TUNE_BATCH,
  MIN_FINE_TUNE_LEARNING_RATE,
} from './api-bounds';
import { HOLTER_RHYTHM_CODES, type HolterRhythm } from './holter-rhythms';
import { AAMI_CLASSES, type AamiClass } from './labels';

const rhythmLabel = z.enum(['N', 'A', 'O', '~']);
/** Which model a fine-tuning run, version or rollback concerns. */
const fineTunedModel = z.enum(['beats', 'rhythm']);
const rhythmHead = z.enum(['single-label', 'multi-label']);
/** Output head of a rhythm model version: the CinC 2017 softmax, or the xECGNet multi-label sigmoid head. */
export type RhythmHead = z.infer<typeof rhythmHead>;
/**
 * CinC 2017 strip class (the record call and each rhythm window): N normal sinus rhythm, A atrial fibrillation,
 * O other rhythm, ~ too noisy to classify.
 */
export type RhythmLabel = z.infer<typeof rhythmLabel>;

const holterRhythm = z.enum(HOLTER_RHYTHM_CODES);
/** Holter rhythm type of a rhythm episode (`holter-rhythms.ts`: N, AFIB, AFL, SVTA, VT, VFL, VF, B, T, OTHER, NOISE). */
export type { HolterRhythm };

/**
 * Review status of a case (record): open → in_review → reviewed → signed. An
 * edit on a reviewed case moves it back to in_review (audited); a signed case
 * refuses every edit until it is reopened.
 */
export const REVIEW_STATUSES = ['open', 'in_review', 'reviewed', 'signed'] as const;
/** Review status of a case. */
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
const reviewStatus = z.enum(REVIEW_STATUSES);

const labelSource = z.enum(['model', 'human']);
/** Where a beat label came from. */
export type LabelSource = z.infer<typeof labelSource>;

const analysisState = z.enum(['none', 'queued', 'running', 'done', 'failed', 'cancelled']);
/** State of a record's latest analysis. */
export type AnalysisState = z.infer<typeof analysisState>;

/** Formats of `export:create`: the report PDF, WFDB annotations (beats and rhythm), CSV of beats, CSV of rhythm episodes. */
export const EXPORT_FORMATS = ['report-pdf', 'wfdb-annotations', 'beats-csv', 'episodes-csv'] as const;
/** An export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
const exportFormat = z.enum(EXPORT_FORMATS);

const aamiClass = z.enum(AAMI_CLASSES as [AamiClass, ...AamiClass[]]);
const id = z.number().int().positive().max(MAX_ID);
const reviewer = z.string().trim().min(1).max(MAX_REVIEWER_CHARS);
const sampleIndex = z.number().int().nonnegative().max(MAX_SAMPLE_INDEX);
const jobId = z.string().min(1).max(MAX_JOB_ID_CHARS);
/** Role of a reviewer profile: only a physician may sign a case. */
export const REVIEWER_ROLES = ['technician', 'physician'] as const;
const reviewerRole = z.enum(REVIEWER_ROLES);
const beatIds = z.array(id).min(1).max(MAX_BULK_BEATS);
/** The span of samples [startSample, endSample) the client's strip shows (as its `record:window` reply gave it). */
const stripSpan = z
  .object({ startSample: sampleIndex, endSample: sampleIndex })
  .strict()
  .refine((p) => p.endSample > p.startSample, { message: 'strip.endSample must exceed strip.startSample' });

/** zod schemas of every method's params. */
export const requestSchemas = {
  'app:info': z.object({}).strict(),
  'cases:list': z.object({}).strict(),
  /** `reanalyse`: analyse again a record (or the same recording) that has a finished analysis (the CLI's behaviour). */
  'cases:import': z.object({ path: z.string().min(1).max(MAX_PATH_CHARS), reanalyse: z.boolean().default(false) }).strict(),
  'cases:remove': z.object({ recordId: id, reviewer }).strict(),
  'analysis:start': z.object({ recordId: id }).strict(),
  'analysis:cancel': z.object({ jobId }).strict(),
  /** `binS` in s, {@link MIN_TREND_BIN_S}..{@link MAX_TREND_BIN_S}, default 10; the record must fit in `MAX_TREND_BINS` bins. */
  'record:overview': z.object({ recordId: id, binS: z.number().min(MIN_TREND_BIN_S).max(MAX_TREND_BIN_S).default(10) }).strict(),
  /**
   * Samples [startSample, endSample), each ≤ {@link MAX_SAMPLE_INDEX}; the reply is clamped to `MAX_WINDOW_S` and to the record.
   * With `envelopeBins` (1..{@link MAX_ENVELOPE_BINS}) the span may be the whole record (clamped to it only) and the reply
   * carries its min/max `envelope` in about that many bins instead of the samples (see {@link RecordWindow}).
   */
  'record:window': z
    .object({
      recordId: id,
      startSample: sampleIndex,
      endSample: sampleIndex,
      envelopeBins: z.number().int().min(1).max(MAX_ENVELOPE_BINS).optional(),
    })
    .strict()
    .refine((p) => p.endSample > p.startSample, { message: 'endSample must exceed startSample' }),
  'beats:relabel': z.object({ beatId: id, label: aamiClass, reviewer }).strict(),
  'beats:find': z
    .object({ recordId: id, fromSample: sampleIndex, label: aamiClass, direction: z.union([z.literal(1), z.literal(-1)]) })
    .strict(),
  /** Any status but 'signed' (use `review:sign`); refused (`conflict`) on a signed case. */
  'review:setStatus': z.object({ recordId: id, status: reviewStatus, reviewer }).strict(),
  /** The audit trail, oldest first: all of it, or its latest `limit` rows (a bulk relabel writes a row per beat). */
  'review:events': z.object({ recordId: id, limit: z.number().int().min(1).max(MAX_AUDIT_EVENTS_LISTED).optional() }).strict(),
  'report:html': z.object({ recordId: id }).strict(),
  'export:create': z.object({ recordId: id, format: exportFormat, reviewer }).strict(),
  'export:events': z.object({ recordId: id }).strict(),
  /** Relabels up to {@link MAX_BULK_BEATS} beats of one record as one action (a template, a selection). */
  'beats:relabelMany': z.object({ recordId: id, beatIds, label: aamiClass, reviewer }).strict(),
  /** Flags (artefact true) or clears the artefact flag of every beat with startSample ≤ sample < endSample. */
  'beats:artefact': z
    .object({ recordId: id, startSample: sampleIndex, endSample: sampleIndex, artefact: z.boolean(), reviewer })
    .strict()
    .refine((p) => p.endSample > p.startSample, { message: 'endSample must exceed startSample' }),
  /** Inserts a missed beat near `sample`, snapped to the local R peak (see `snapToRPeak`). */
  'beats:insert': z.object({ recordId: id, sample: sampleIndex, label: aamiClass, reviewer }).strict(),
  /** Deletes false beats (up to {@link MAX_BULK_BEATS}) as one action. */
  'beats:delete': z.object({ recordId: id, beatIds, reviewer }).strict(),
  'episodes:list': z.object({ recordId: id }).strict(),
  /** Accepts an episode as the model found it, changes its type, or deletes it. */
  'episodes:edit': z
    .object({ recordId: id, episodeId: id, change: z.enum(['accept', 'delete', 'label']), label: holterRhythm.optional(), reviewer })
    .strict()
    .refine((p) => (p.change === 'label') === (p.label !== undefined), { message: "label is given exactly when change is 'label'" }),
  /** Adds an episode over [onsetSample, endSample); refused (`conflict`) when it overlaps a shown episode. */
  'episodes:add': z
    .object({ recordId: id, onsetSample: sampleIndex, endSample: sampleIndex, label: holterRhythm, reviewer })
    .strict()
    .refine((p) => p.endSample > p.onsetSample, { message: 'endSample must exceed onsetSample' }),
  /** Overrides the record-level rhythm call (null withdraws the override). */
  'record:setCall': z.object({ recordId: id, label: rhythmLabel.nullable(), reviewer }).strict(),
  /** Events (runs, couplets, pauses, min/max HR, AF episodes) of the shown analysis with the review's edits. */
  'record:events': z.object({ recordId: id }).strict(),
  /**
   * The same events list, as the edit of the list of version `since` the caller holds (from an earlier reply) when the
   * server still has that one, else whole.
   */
  'record:eventsSince': z.object({ recordId: id, since: z.number().int().nonnegative().max(MAX_ID).optional() }).strict(),
  /**
   * Undoes the record's latest undoable action (bulk ones as one unit); with `strip`, a reply that carries a
   * {@link ReviewViewDelta} carries that strip's beats, episodes and attention too.
   */
  'review:undo': z.object({ recordId: id, reviewer, strip: stripSpan.optional() }).strict(),
  /** Redoes the record's latest undone action (`strip` as for `review:undo`). */
  'review:redo': z.object({ recordId: id, reviewer, strip: stripSpan.optional() }).strict(),
  /** The record's action log, oldest first. */
  'review:actions': z.object({ recordId: id }).strict(),
  /** Signs a reviewed case; `reviewer` must name a physician profile. */
  'review:sign': z.object({ recordId: id, reviewer }).strict(),
  /** Reopens a signed case (back to in_review), audited. */
  'review:reopen': z.object({ recordId: id, reviewer }).strict(),
  /**
   * The record's morphology templates, in review order (class, then size; those whose beats are all marked artefact
   * after the others), at most `limit` of them; only class `label`'s when given; each with at most `representatives`
   * superimposed beats (all it keeps when absent).
   */
  'templates:list': z
    .object({
      recordId: id,
      limit: z.number().int().min(1).max(MAX_TEMPLATES_LISTED).default(200),
      label: aamiClass.optional(),
      representatives: z.number().int().nonnegative().max(MAX_TEMPLATES_LISTED).optional(),
    })
    .strict(),
  /**
   * Relabels every beat of a template as one action (a confirmation when the label is its own); `strip` as for
   * `review:undo`.
   */
  'templates:relabel': z
    .object({
      recordId: id,
      templateId: z.number().int().nonnegative().max(MAX_ID),
      label: aamiClass,
      reviewer,
      strip: stripSpan.optional(),
    })
    .strict(),
  /**
   * Flags (artefact true) or clears the artefact flag of every beat of a template, as one action (beats already so
   * are left out): a template of noise leaves the counts, the HR trend and the events at once.
   */
  'templates:artefact': z
    .object({
      recordId: id,
      templateId: z.number().int().nonnegative().max(MAX_ID),
      artefact: z.boolean(),
      reviewer,
      strip: stripSpan.optional(),
    })
    .strict(),
  /** A page of a template's beats, in time order, to open them one by one. */
  'templates:beats': z
    .object({
      recordId: id,
      templateId: z.number().int().nonnegative().max(MAX_ID),
      offset: z.number().int().nonnegative().max(MAX_SAMPLE_INDEX).default(0),
      limit: z.number().int().min(1).max(MAX_TEMPLATE_BEATS_PAGE).default(100),
    })
    .strict(),
  /** Moves beats into another template (`templateId`) or into a new template of a class (`label`), as one action. */
  'templates:moveBeats': z
    .object({
      recordId: id,
      beatIds,
      templateId: z.number().int().nonnegative().max(MAX_ID).optional(),
      label: aamiClass.optional(),
      reviewer,
    })
    .strict()
    .refine((p) => (p.templateId === undefined) !== (p.label === undefined), { message: 'give exactly one of templateId and label' }),
  'reviewers:list': z.object({}).strict(),
  'reviewers:create': z.object({ name: reviewer, role: reviewerRole }).strict(),
  /** The strips a reviewer added to the case's report, by start sample. */
  'strips:list': z.object({ recordId: id }).strict(),
  /**
   * Adds a strip of one lead over [startSample, endSample) (at most `MAX_REPORT_STRIP_S` s of `api-bounds.ts`, checked against the record's rate; at most
   * {@link MAX_REPORT_STRIPS} per case) to the case's report, as one undoable, audited action; refused on a signed case.
   */
  'strips:add': z
    .object({
      recordId: id,
      startSample: sampleIndex,
      endSample: sampleIndex,
      lead: z.number().int().nonnegative().max(MAX_SIGNAL_INDEX),
      note: z.string().trim().min(1).max(MAX_STRIP_NOTE_CHARS).optional(),
      reviewer,
    })
    .strict()
    .refine((p) => p.endSample > p.startSample, { message: 'endSample must exceed startSample' }),
  /** Removes an added strip from the case's report, as one undoable, audited action; refused on a signed case. */
  'strips:remove': z.object({ recordId: id, stripId: id, reviewer }).strict(),
  /** The beat-label training set of the reviewed and signed cases, per case (`includeModelLabels`: unreviewed model labels of those cases too). */
  'retrain:dataset': z.object({ includeModelLabels: z.boolean().default(false) }).strict(),
  /**
   * The rhythm training set of the reviewed and signed cases, per case: 30 s windows inside rhythm episodes a reviewer
   * confirmed or corrected, labelled with the CinC 2017 class of the episode's type (`includeModelLabels`: unreviewed episodes too).
   */
  'retrain:rhythm-dataset': z.object({ includeModelLabels: z.boolean().default(false) }).strict(),
  /**
   * Starts fine-tuning the active beat model (`model` 'beats', the default) or rhythm model ('rhythm') from the reviewed
   * labels (one run at a time); unset hyper-parameters take the model's defaults.
   */
  'retrain:start': z
    .object({
      reviewer,
      model: fineTunedModel.default('beats'),
      includeModelLabels: z.boolean().default(false),
      epochs: z.number().int().min(1).max(MAX_FINE_TUNE_EPOCHS).optional(),
      batchSize: z.number().int().min(MIN_FINE_TUNE_BATCH).max(MAX_FINE_TUNE_BATCH).optional(),
      learningRate: z.number().min(MIN_FINE_TUNE_LEARNING_RATE).max(MAX_FINE_TUNE_LEARNING_RATE).optional(),
      replayRatio: z.number().min(0).max(MAX_REPLAY_RATIO).optional(),
      validationFraction: z.number().min(0).max(MAX_VALIDATION_FRACTION).optional(),
      /**
       * rhythm model only: 'single-label' (default) fine-tunes the CinC 2017 softmax; 'multi-label' the xECGNet option,
       * sigmoid outputs over the label set of `window-label-set.ts` (concurrent conditions labelled together)
       */
      rhythmHead: rhythmHead.optional(),
      /** multi-label only: λ, the weight of the xECGNet attention regulariser (0: binary cross-entropy alone) */
      attentionWeight: z.number().min(0).max(MAX_ATTENTION_WEIGHT).optional(),
    })
    .strict()
    .refine((p) => p.rhythmHead === undefined || p.model === 'rhythm', { message: 'rhythmHead applies to the rhythm model only' })
    .refine((p) => p.attentionWeight === undefined || p.rhythmHead === 'multi-label', {
      message: 'attentionWeight applies to the multi-label rhythm head only',
    }),
  'retrain:cancel': z.object({ jobId }).strict(),
  'retrain:versions': z.object({}).strict(),
  /** Makes a fine-tuned version the beat model of every later analysis. */
  'retrain:activate': z.object({ versionId: id, reviewer }).strict(),
  /** Goes back to the shipped beat model (`model` 'rhythm': the shipped rhythm model). */
  'retrain:rollback': z.object({ reviewer, model: fineTunedModel.default('beats') }).strict(),
  /** The label changes between the case's last two finished analyses (e.g. before and after re-analysing with another version). */
  'retrain:diff': z.object({ recordId: id }).strict(),
  /**
   * Scores beat model versions side by side, beat by beat: on the human labels of held-out reviewed cases (`recordIds`,
   * default every reviewed or signed case; each model's result says which of them it was trained on) and, with `ds2`, on
   * the MIT-BIH DS2 reference beats; `shipped` adds the shipped model. Runs in an engine worker.
   */
  'retrain:compare': z
    .object({
      versionIds: z.array(id).max(MAX_COMPARED_VERSIONS).default([]),
      shipped: z.boolean().default(true),
      recordIds: z.array(id).min(1).max(MAX_COMPARED_CASES).optional(),
      ds2: z.boolean().default(false),
    })
    .strict()
    .refine((p) => p.shipped || p.versionIds.length > 0, { message: 'name at least one version or the shipped model' }),
  /**
   * Scores rhythm model versions side by side: window by window on the confirmed or corrected episodes of held-out
   * reviewed cases (`recordIds`, default every reviewed or signed case) and, with `physionet2017`, by the record call
   * on the PhysioNet/CinC 2017 validation split (Challenge F1); `shipped` adds the shipped rhythm model. Runs in an engine worker.
   */
  'retrain:compare-rhythm': z
    .object({
      versionIds: z.array(id).max(MAX_COMPARED_VERSIONS).default([]),
      shipped: z.boolean().default(true),
      recordIds: z.array(id).min(1).max(MAX_COMPARED_CASES).optional(),
      physionet2017: z.boolean().default(false),
    })
    .strict()
    .refine((p) => p.shipped || p.versionIds.length > 0, { message: 'name at least one version or the shipped model' }),
} as const;

/** Method names of the API. */
export type Method = keyof typeof requestSchemas;
/** Params of a method, after schema defaults are applied. */
export type Params<M extends Method> = z.output<(typeof requestSchemas)[M]>;
/** Params of a method as a caller writes them (defaults optional). */
export type ParamsIn<M extends Method> = z.input<(typeof requestSchemas)[M]>;

const count = z.number().int().nonnegative();
const fraction = z.number().min(0).max(1);
/** UTC time as `Date.toISOString()` writes it. */
const isoTime = z.iso.datetime();
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
/** A Float32Array over any buffer (`z.instanceof` would narrow the type to one over an ArrayBuffer only). */
const float32 = z.custom<Float32Array>((value) => value instanceof Float32Array, 'expected a Float32Array');
const uint16 = z.custom<Uint16Array>((value) => value instanceof Uint16Array, 'expected a Uint16Array');
const uint32 = z.custom<Uint32Array>((value) => value instanceof Uint32Array, 'expected a Uint32Array');

const backendSummary = z.strictObject({
  /** `tf.getBackend()`: 'tensorflow', 'wasm' or 'cpu'. */
  name: z.string(),
  /** The npm package that provided it. */
  package: z.string(),
  /** Native TensorFlow version, or null. */
  tfVersion: z.string().nullable(),
});
/** Which tfjs backend runs inference, as the backend ladder chose it. */
export type BackendSummary = z.infer<typeof backendSummary>;

const modelVersion = z.strictObject({ name: z.string(), version: z.string(), sha256: sha256Hex });
/** A model as loaded: its directory name, version and weights hash (sha256, hex). */
export type ModelVersion = z.infer<typeof modelVersion>;

const appInfo = z.strictObject({
  appVersion: z.string(),
  backend: backendSummary,
  models: z.array(modelVersion),
  databasePath: z.string(),
});
/** Result of `app:info`: app version, inference backend, loaded models, database file. */
export type AppInfo = z.infer<typeof appInfo>;

const classCounts = z.record(aamiClass, count);
/** Beat counts per AAMI class. */
export type ClassCounts = z.infer<typeof classCounts>;

const caseSummary = z.strictObject({
  recordId: id,
  name: z.string(),
  /** The record's `.hea` file. */
  path: z.string(),
  fsHz: z.number().positive(),
  nSamples: count,
  durationS: z.number().nonnegative(),
  signalNames: z.array(z.string()),
  importedAt: isoTime,
  reviewStatus,
  reviewer: z.string().nullable(),
  analysisState,
  analysisError: z.string().nullable(),
  beatCounts: classCounts.nullable(),
  /** AF burden: fraction (0..1) of the analysed time outside NOISE episodes that is in AFIB episodes (as the analysis found them). */
  afBurden: fraction.nullable(),
});
/** One row of the case list. */
export type CaseSummary = z.infer<typeof caseSummary>;

const importResult = z.strictObject({
  imported: z.array(
    z.strictObject({
      /**
       * The record's row, listed at once. A new record is hashed by its job: when it turns out to be a recording
       * imported before, this row is merged into that one and the job's `job:done` names the record it ended on;
       * when its job fails, the row is removed again.
       */
      recordId: id,
      name: z.string(),
      /** The job that hashes, reads and analyses the record (null: already analysed, nothing to do). */
      jobId: jobId.nullable(),
      /** Whether a record was already imported from this path. */
      alreadyKnown: z.boolean(),
      /** Unusual but allowed header values of the record, each naming the header file (usually empty). */
      warnings: z.array(z.string()),
    }),
  ),
  failed: z.array(z.strictObject({ path: z.string(), message: z.string() })),
});
/**
 * Result of `cases:import`: the records imported (with their analysis job, null when already analysed, and the
 * header's warnings) and the files that failed, each with its error.
 */
export type ImportResult = z.infer<typeof importResult>;

const rhythmEpisode = z
  .strictObject({
    label: holterRhythm,
    /** First sample, in samples of the record's fsHz. */
    onsetSample: sampleIndex,
    /** Sample after the last one (exclusive). */
    endSample: sampleIndex,
    /**
     * Confidence of the episode (0..1): for a stretch the CNN windows describe, the windows' mean probability of
     * the strip class it comes from; for a beat-rule episode (VT, SVTA, B, T), the mean confidence of its beats;
     * for a detector's span (AF, VF), the detector's confidence.
     */
    meanProbability: fraction,
  })
  .readonly();
/** One rhythm episode: a maximal stretch of one Holter rhythm type over the samples [onsetSample, endSample) of the record. */
export type RhythmEpisode = z.infer<typeof rhythmEpisode>;

const recordOverview = z.strictObject({
  recordId: id,
  name: z.string(),
  fsHz: z.number().positive(),
  nSamples: count,
  signalNames: z.array(z.string()),
  reviewStatus,
  /** Who signed the case and when, while it is signed. */
  signed: z.strictObject({ by: z.string(), at: isoTime }).nullable(),
  /** The reviewer's record-level rhythm call, overriding `recordCall`, or null. */
  recordCallOverride: rhythmLabel.nullable(),
  analysisState,
  analysis: z
    .strictObject({
      analysisId: id,
      createdAt: isoTime,
      backend: z.string(),
      models: z.array(modelVersion),
      detector: z.string(),
      elapsedMs: z.number().nonnegative(),
    })
    .nullable(),
  beatCounts: classCounts.nullable(),
  /** AF burden: fraction (0..1) of the analysed time outside NOISE episodes that is in AFIB episodes (as the analysis found them). */
  afBurden: fraction.nullable(),
  /** CinC 2017 call over the whole record, only for records of 61 s or less. */
  recordCall: z.strictObject({ label: rhythmLabel, probabilities: z.record(rhythmLabel, fraction) }).nullable(),
  /**
   * The analysis's pacing call: whether the record is paced, how many beats it labelled paced (AAMI Q), and the
   * share of beats with a sure pacemaker stimulus; null without a finished analysis or for one stored before the call existed.
   */
  pacing: z.strictObject({ recordPaced: z.boolean(), pacedBeats: count, sureShare: fraction }).nullable(),
  /** Heart-rate trend: bin k covers [k·binS, (k+1)·binS) s, at most `MAX_TREND_BINS` bins; NaN where no RR interval. */
  hrTrend: z.strictObject({ binS: z.number().min(MIN_TREND_BIN_S).max(MAX_TREND_BIN_S), hrBpm: float32 }),
  /**
   * Per-minute aggregates stored with the analysis: minute m covers [60·m, 60·(m+1)) s; heart rates in bpm from
   * the RR intervals ending in the minute (NaN where none), S and V beat counts. Null without a finished analysis
   * or for one stored before the aggregates existed.
   */
  minutes: z
    .strictObject({
      minuteS: z.literal(60),
      hrMinBpm: float32,
      hrMeanBpm: float32,
      hrMaxBpm: float32,
      sCount: uint16,
      vCount: uint16,
    })
    .nullable(),
  episodes: z.array(rhythmEpisode),
  /**
   * When the recording started, from the WFDB header's base time and date: `timeOfDayS` in s after midnight
   * (0..86400), `date` as `YYYY-MM-DD` or null when the header gives no date; null when it gives no base time.
   */
  recordingStart: z
    .strictObject({
      timeOfDayS: z.number().nonnegative().lt(86_400),
      date: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .nullable(),
    })
    .nullable(),
});
/** Result of `record:overview`: what the whole-record trend needs. */
export type RecordOverview = z.infer<typeof recordOverview>;

const beatView = z.strictObject({
  beatId: id,
  sample: sampleIndex,
  label: aamiClass,
  source: labelSource,
  confidence: fraction,
  /** Marked artefact: left out of the counts, the HR trend and the events. */
  artefact: z.boolean(),
});
/** One beat as the strip shows it: its R-mark sample, AAMI label, who set it, the model's confidence (0..1), artefact flag. */
export type BeatView = z.infer<typeof beatView>;

const recordWindow = z.strictObject({
  recordId: id,
  fsHz: z.number().positive(),
  /** First sample returned (the request's, clamped to the record). */
  startSample: sampleIndex,
  /** Sample after the last one returned, at most `MAX_WINDOW_S` s after startSample. */
  endSample: sampleIndex,
  /** One entry per signal, `samples` in physical units, endSample − startSample long. */
  leads: z.array(z.strictObject({ name: z.string(), units: z.string(), samples: float32 })),
  beats: z.array(beatView),
  episodes: z.array(rhythmEpisode),
  /**
   * Model attention over the window, 0..1, one value per `stepSamples`
   * samples from `startSample` (beat attention where beats are, rhythm
   * attention elsewhere), for the overlay.
   */
  attention: z.strictObject({ stepSamples: z.number().int().positive(), beat: float32, rhythm: float32 }),
  /**
   * Only when `envelopeBins` was asked: per lead (the order of `leads`), the smallest and largest
   * value of each bin, physical units (NaN where a bin has no valid sample); bin i covers samples
   * [startSample + i·binSamples, startSample + (i+1)·binSamples), the last clipped to the record.
   * Its startSample may lie before the request's (bins start on the stored pyramid's bin edges).
   * In that reply `leads[].samples`, `beats` and the attention arrays are empty; `episodes` are
   * those overlapping the span.
   */
  envelope: z
    .strictObject({
      startSample: sampleIndex,
      binSamples: z.number().int().positive(),
      leads: z.array(z.strictObject({ min: float32, max: float32 })),
    })
    .optional(),
});
/** Result of `record:window`: everything the 10 s strip draws, or a long span's min/max envelope. */
export type RecordWindow = z.infer<typeof recordWindow>;

/**
 * Kinds of audit rows. Values: a beat's label, 'absent' for a beat or episode
 * not there, 'clean'/'artefact'; `beat-confirmed` has old value null (a
 * confirmation, not "N → N"; its undo writes new value 'unconfirmed').
 */
export const LABEL_EVENT_KINDS = [
  'beat-label',
  'beat-confirmed',
  'beat-artefact',
  'beat-inserted',
  'beat-deleted',
  'episode-label',
  'episode-accepted',
  'episode-added',
  'episode-deleted',
  'record-call',
  'review-status',
  'strip-added',
  'strip-removed',
] as const;

const labelEvent = z.strictObject({
  eventId: id,
  beatId: id.nullable(),
  recordId: id,
  reviewer: z.string(),
  at: isoTime,
  kind: z.enum(LABEL_EVENT_KINDS),
  oldValue: z.string().nullable(),
  newValue: z.string(),
  sample: sampleIndex.nullable(),
  episodeId: id.nullable(),
  /** The review action the row belongs to; null for rows written before actions existed. */
  actionId: id.nullable(),
});
/** One row of the audit trail: who changed which beat label or review status, when, from what to what. */
export type LabelEvent = z.infer<typeof labelEvent>;

const caseEvent = z.strictObject({
  eventId: id,
  /** The id the record had; ids of removed records may be given to later imports. */
  recordId: id,
  contentSha256: sha256Hex,
  name: z.string(),
  path: z.string(),
  kind: z.literal('case-removed'),
  reviewer: z.string(),
  at: isoTime,
  /** What the removal deleted, and the case's review status at that moment. */
  details: z.strictObject({ analyses: count, beats: count, humanLabels: count, labelEvents: count, reviewStatus }),
});
/**
 * A case-level audit row (`case_events`): it names the record by content hash,
 * name, path and former id, so it outlives the record it describes.
 */
export type CaseEvent = z.infer<typeof caseEvent>;

const exportEvent = z.strictObject({
  eventId: id,
  /** The id the record had when exported. */
  recordId: id,
  contentSha256: sha256Hex,
  name: z.string(),
  kind: z.literal('export'),
  format: exportFormat,
  /** Who made the export. */
  reviewer: z.string(),
  at: isoTime,
  /** The file and what it carried: its name, size in bytes, sha256, the analysis, models and review status. */
  details: z.strictObject({
    fileName: z.string(),
    bytes: count,
    sha256: sha256Hex,
    analysisId: id,
    models: z.array(modelVersion),
    reviewStatus: z.string(),
  }),
});
/** An export's audit row (`export_events`): it names the record by content hash, name and id, so it outlives the case. */
export type ExportEvent = z.infer<typeof exportEvent>;

/** A Uint8Array over any buffer. */
const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected a Uint8Array');
/** Kinds of review actions. */
export const ACTION_KINDS = [
  'relabel',
  'artefact',
  'insert-beat',
  'delete-beats',
  'episode-accept',
  'episode-label',
  'episode-delete',
  'episode-add',
  'record-call',
  'status',
  'sign',
  'reopen',
  'undo',
  'redo',
  'strip-add',
  'strip-remove',
] as const;

const reviewAction = z.strictObject({
  actionId: id,
  recordId: id,
  kind: z.enum(ACTION_KINDS),
  reviewer: z.string(),
  at: isoTime,
  /** done; undone (on the redo stack); discarded (undone, then a new action cleared the redo stack). */
  state: z.enum(['done', 'undone', 'discarded']),
  undoable: z.boolean(),
  /** The action an undo or redo acted on. */
  targetActionId: id.nullable(),
  /** Beats, episodes or the record row the action changed. */
  changedRows: count,
});
/** One entry of a record's review action log; its audit rows carry its `actionId`. */
export type ReviewAction = z.infer<typeof reviewAction>;

const reviewerProfile = z.strictObject({ reviewerId: id, name: z.string(), role: reviewerRole, createdAt: isoTime });
/** A named reviewer profile with its role. */
export type ReviewerProfile = z.infer<typeof reviewerProfile>;

const episodeView = z.strictObject({
  episodeId: id,
  label: holterRhythm,
  onsetSample: sampleIndex,
  endSample: sampleIndex,
  durationS: z.number().nonnegative(),
  /** Model's mean probability (0..1); 1 for an episode a reviewer added. */
  meanProbability: fraction,
  source: labelSource,
  accepted: z.boolean(),
});
/** One rhythm episode as the episode list shows it. */
export type EpisodeView = z.infer<typeof episodeView>;

const reportEventView = z.strictObject({
  kind: z.enum(['run', 'couplet', 'longest-run', 'fastest-run', 'bigeminy', 'trigeminy', 'pause', 'min-hr', 'max-hr', 'af-episode']),
  onsetSample: sampleIndex,
  /** Sample after the event (exclusive). */
  endSample: sampleIndex,
  beatClass: z.enum(['S', 'V']).nullable(),
  /** Beats of a run; cycles of a bigeminy/trigeminy. */
  beats: count.nullable(),
  rateBpm: z.number().nonnegative().nullable(),
  /** The pause's RR interval, in ms. */
  rrMs: z.number().nonnegative().nullable(),
  /** Heart rate of a min/max HR window, in bpm. */
  bpm: z.number().nonnegative().nullable(),
  durationS: z.number().nonnegative(),
  /** 'VT'/'SVT' for a run at tachycardia rate. */
  tachycardia: z.enum(['VT', 'SVT']).nullable(),
});
/** One entry of the events list; `onsetSample`/`endSample` open its strip. */
export type ReportEventView = z.infer<typeof reportEventView>;

const actionReply = z.strictObject({ action: reviewAction });

const reportStripView = z.strictObject({
  stripId: id,
  recordId: id,
  /** First sample shown, 0-based. */
  startSample: sampleIndex,
  /** Sample after the last one shown. */
  endSample: sampleIndex,
  /** Index of the lead (signal) shown, as in `record:window`'s leads. */
  lead: z.number().int().nonnegative().max(MAX_SIGNAL_INDEX),
  /** The lead's name from the header. */
  leadName: z.string(),
  note: z.string().nullable(),
  addedBy: z.string(),
  addedAt: isoTime,
});
/** A strip a reviewer added to a case's report. */
export type ReportStripView = z.infer<typeof reportStripView>;

const templateView = z.strictObject({
  templateId: z.number().int().nonnegative(),
  label: aamiClass,
  count,
  /** Of its beats, those marked artefact (they leave the counts, the HR trend and the events). */
  artefactCount: count,
  /** Within-template spread, RMS over the window of the per-sample SD, in mV. */
  spreadMv: z.number().nonnegative(),
  /** Mean waveform, leads × samplesPerLead, lead-major, in mV. */
  waveformMv: float32,
  /** Superimposed beats: representatives × leads × samplesPerLead, in mV. */
  representativeWaveformsMv: float32,
  representatives: count,
  /**
   * Names the template's beat grouping as the server holds it (its members, mean and superimposed waveforms): equal
   * ids of one template in two replies mean the same waveforms, so a client may keep drawing the ones it has.
   */
  shapeId: count,
});
/** One morphology template as the templates panel draws it. */
export type TemplateView = z.infer<typeof templateView>;

/** How many of the newest audit rows a {@link ReviewViewDelta} carries. */
export const VIEW_DELTA_AUDIT_ROWS = 200;

const reviewViewDelta = z.strictObject({
  reviewStatus,
  beatCounts: classCounts.nullable(),
  /**
   * The minutes whose aggregates the edit changed (as `record:overview`'s `minutes`): `index` ascending, the k-th
   * value of each array for minute `index[k]`; `heartRateChanged` when any minute's RR intervals changed (then the
   * HR trend did too); null for an analysis stored without aggregates.
   */
  minutes: z
    .strictObject({
      index: uint32,
      hrMinBpm: float32,
      hrMeanBpm: float32,
      hrMaxBpm: float32,
      sCount: uint16,
      vCount: uint16,
      heartRateChanged: z.boolean(),
    })
    .nullable(),
  /**
   * Every template of the record in `templates:list` order with its label and counts now, or null when the edit
   * regrouped beats or the server holds no templates (list them again).
   */
  templates: z
    .array(z.strictObject({ templateId: z.number().int().nonnegative(), label: aamiClass, count, artefactCount: count, shapeId: count }))
    .nullable(),
  /** The record's newest {@link VIEW_DELTA_AUDIT_ROWS} audit rows, oldest first (as `review:events` with that limit). */
  auditEvents: z.array(labelEvent),
  /**
   * When the request named its `strip`: that span as `record:window` gives it now, without the signal (which an edit
   * does not change), so that the client redraws its strip without asking again; null when not asked.
   */
  strip: recordWindow.pick({ startSample: true, endSample: true, beats: true, episodes: true, attention: true }).nullable(),
});
/**
 * What a bulk beat edit changed in the record screen's views, read after its commit and sent in its reply, so that
 * the screen updates without reloading the overview, the audit trail and the templates.
 */
export type ReviewViewDelta = z.infer<typeof reviewViewDelta>;
const views = reviewViewDelta.optional();

const classScores = z.strictObject({ se: fraction, ppv: fraction, f1: fraction, support: count });
const scoresByClass = z.record(aamiClass, classScores);
/** Sensitivity, positive predictivity, F1 and reference count of each AAMI class, beat by beat. */
export type ScoresByClass = z.infer<typeof scoresByClass>;
const rhythmScoresByClass = z.record(rhythmLabel, classScores);
/** The same scores per CinC 2017 rhythm class, 30 s window by window. */
export type RhythmScoresByClass = z.infer<typeof rhythmScoresByClass>;
const labelScores = z.strictObject({
  /** share of windows whose predicted label set equals the reference set exactly */
  subsetAccuracy: fraction,
  /** mean F1 over the labels present in the reference */
  macroF1: fraction,
  /** per label of the multi-label set (Normal, AF, PVC, PAC, LBBB, RBBB), window by window */
  perLabel: z.record(z.string(), classScores),
  windows: count,
});
/** Scores of a multi-label rhythm model (xECGNet option) on 30 s windows: subset accuracy, per-label and macro F1. */
export type LabelScores = z.infer<typeof labelScores>;

const datasetCase = z.strictObject({
  recordId: id,
  recordName: z.string(),
  reviewStatus,
  /** training beats per class (artefact and deleted beats out) */
  classCounts,
  /** of them, confirmed or corrected by a reviewer */
  humanBeats: count,
  reviewers: z.array(z.string()),
});
const rhythmCounts = z.record(rhythmLabel, count);
const rhythmDatasetCase = z.strictObject({
  recordId: id,
  recordName: z.string(),
  reviewStatus,
  /** training windows per CinC 2017 class */
  classCounts: rhythmCounts,
  /** the same windows per label of the multi-label option (reviewed-label-sets.ts; NOISE windows out, LBBB/RBBB always 0) */
  labelCounts: z.record(z.string(), count),
  /** episodes a reviewer confirmed or corrected */
  humanEpisodes: count,
  /** episodes too short for one window */
  shortEpisodes: count,
  /** windows left out by the per-case cap */
  thinnedWindows: count,
  reviewers: z.array(z.string()),
});
const rhythmDataset = z.strictObject({
  includeModelLabels: z.boolean(),
  /** window length, s (the rhythm model's) */
  windowS: z.number().positive(),
  classCounts: rhythmCounts,
  /** windows per label of the multi-label option, over every case */
  labelCounts: z.record(z.string(), count),
  cases: z.array(rhythmDatasetCase),
  casesWithoutAnalysis: z.array(z.string()),
});
/** Result of `retrain:rhythm-dataset`. */
export type RhythmDatasetView = z.infer<typeof rhythmDataset>;

const retrainDataset = z.strictObject({
  includeModelLabels: z.boolean(),
  classCounts,
  cases: z.array(datasetCase),
  /** reviewed or signed cases with no finished analysis */
  casesWithoutAnalysis: z.array(z.string()),
});
/** Result of `retrain:dataset`. */
export type RetrainDataset = z.infer<typeof retrainDataset>;

const modelVersionView = z.strictObject({
  versionId: id,
  version: z.string(),
  parentVersion: z.string(),
  parentId: id.nullable(),
  createdAt: isoTime,
  createdBy: z.string(),
  /** the backend it was trained on */
  backend: backendSummary,
  /** which layers were adapted: all (native) or the BiLSTM, attention and dense head (wasm) */
  scope: z.enum(['whole-model', 'recurrent-and-head']),
  active: z.boolean(),
  hyperParameters: z.record(z.string(), z.number()),
  cases: count,
  reviewedBeats: classCounts,
  replayBeats: count,
  /** why no replay sample was mixed in, null when one was */
  replayNote: z.string().nullable(),
  /** held-out reviewed beats: scores before fine-tuning and after the last epoch (null without held-out beats) */
  validationBefore: scoresByClass.nullable(),
  validationAfter: scoresByClass.nullable(),
});
/** A fine-tuned model version. */
export type ModelVersionView = z.infer<typeof modelVersionView>;

const rhythmVersionView = modelVersionView
  .omit({ reviewedBeats: true, replayBeats: true, validationBefore: true, validationAfter: true })
  .extend({
    reviewedWindows: rhythmCounts,
    replayWindows: count,
    /** held-out reviewed windows: per CinC 2017 class, before fine-tuning and after the last epoch (null for a multi-label version) */
    validationBefore: rhythmScoresByClass.nullable(),
    validationAfter: rhythmScoresByClass.nullable(),
    /** the head trained: the CinC 2017 softmax, or the xECGNet multi-label sigmoid head */
    head: rhythmHead,
    /** multi-label versions: reviewed training windows per label, and the held-out scores before and at the kept epoch; null otherwise */
    multiLabel: z
      .strictObject({
        reviewedLabels: z.record(z.string(), count),
        validationBefore: labelScores.nullable(),
        validationAfter: labelScores.nullable(),
        bestEpoch: z.number().int().positive(),
      })
      .nullable(),
  });
/** A fine-tuned rhythm model version. */
export type RhythmVersionView = z.infer<typeof rhythmVersionView>;

const modelVersions = z.strictObject({
  shipped: modelVersion,
  /** the beat model analyses use now */
  active: modelVersion,
  activeVersionId: id.nullable(),
  /** the beat model versions */
  versions: z.array(modelVersionView),
  /** the rhythm model: shipped, active, and its fine-tuned versions */
  rhythm: z.strictObject({
    shipped: modelVersion,
    active: modelVersion,
    activeVersionId: id.nullable(),
    versions: z.array(rhythmVersionView),
  }),
});
/** Result of `retrain:versions`, `retrain:activate`, `retrain:rollback`. */
export type ModelVersions = z.infer<typeof modelVersions>;

const labelDiff = z.strictObject({
  recordId: id,
  fromAnalysisId: id,
  toAnalysisId: id,
  /** the beat model of each analysis (null when it stored none) */
  fromModel: modelVersion.nullable(),
  toModel: modelVersion.nullable(),
  /** beats of the new analysis matched to one of the old (within 150 ms) */
  comparedBeats: count,
  changedBeats: count,
  /** changed beats per (old label, new label) */
  changed: z.array(z.strictObject({ from: aamiClass, to: aamiClass, beats: count })),
  /** human labels of the old analysis, and how many the new one holds at the same beat with the same label */
  humanLabels: z.strictObject({ before: count, kept: count }),
});
/** Result of `retrain:diff`. */
export type LabelDiff = z.infer<typeof labelDiff>;

const setScores = z.strictObject({ beats: count, accuracy: fraction, byClass: scoresByClass });
const versionComparison = z.strictObject({
  /** the reviewed cases scored, with their human-labelled beats */
  cases: z.array(z.strictObject({ recordId: id, recordName: z.string(), beats: count })),
  /** the DS2 records scored, or why none */
  ds2: z.union([z.strictObject({ records: z.array(z.string()) }), z.strictObject({ reason: z.string() })]),
  models: z.array(
    z.strictObject({
      /** null: the shipped model */
      versionId: id.nullable(),
      version: z.string(),
      /** on the reviewed cases (null: no human-labelled beat) */
      reviewed: setScores.nullable(),
      /** the scored cases this model was trained on (its own run's or an ancestor's): not held out for it */
      seenCases: z.array(id),
      /** on the DS2 reference beats (null: DS2 not scored) */
      ds2: setScores.nullable(),
    }),
  ),
  seconds: z.number().nonnegative(),
});
/** Result of `retrain:compare`. */
export type VersionComparisonView = z.infer<typeof versionComparison>;

const challengeScoresView = z.strictObject({
  /** confusion[i][j]: records of class N, A, O, ~ [i] called [j] */
  confusion: z.array(z.array(count)),
  f1: z.record(rhythmLabel, fraction),
  /** mean F1 of N, A and O (the Challenge score) */
  challengeF1: fraction,
  accuracy: fraction,
  count,
});
const rhythmVersionComparison = z.strictObject({
  /** the reviewed cases scored, with their training windows */
  cases: z.array(z.strictObject({ recordId: id, recordName: z.string(), windows: count })),
  /** the Challenge validation records scored, or why none */
  challenge: z.union([z.strictObject({ split: z.literal('validation'), records: count }), z.strictObject({ reason: z.string() })]),
  models: z.array(
    z.strictObject({
      versionId: id.nullable(),
      version: z.string(),
      /** window by window on the reviewed cases (null: no window) */
      reviewed: z.strictObject({ windows: count, accuracy: fraction, byClass: rhythmScoresByClass }).nullable(),
      seenCases: z.array(id),
      /** record calls on the PhysioNet 2017 validation split (null: not scored) */
      challenge: challengeScoresView.nullable(),
      /** multi-label versions: label sets against the review's, window by window (null: a single-label model, or no window) */
      labels: labelScores.nullable(),
    }),
  ),
  seconds: z.number().nonnegative(),
});
/** Result of `retrain:compare-rhythm`. */
export type RhythmVersionComparisonView = z.infer<typeof rhythmVersionComparison>;

/** zod schemas of every method's result (for tests and dev-time checks; transports do not validate replies). */
export const responseSchemas = {
  'app:info': appInfo,
  'cases:list': z.array(caseSummary),
  'cases:import': importResult,
  /**
   * Deletes the record's row and everything it owns (analyses, beats, rhythm
   * rows, review, label audit trail) in one transaction, after writing the
   * case-level audit row. Refused (`conflict`) while an analysis of the record
   * is queued or running, in this or another process: cancel it first.
   */
  'cases:remove': z.strictObject({ event: caseEvent }),
  'analysis:start': z.strictObject({ jobId }),
  'analysis:cancel': z.strictObject({ cancelled: z.boolean() }),
  'record:overview': recordOverview,
  'record:window': recordWindow,
  /**
   * Relabels a beat of the analysis the record shows. A beat of an earlier
   * analysis (the record was re-analysed since the caller loaded it) is
   * refused with `conflict`: the caller reloads and relabels the current beat.
   */
  /** The beat as relabelled, its audit row, the action, and what the relabel changed in the record screen's views. */
  'beats:relabel': z.strictObject({ beat: beatView, event: labelEvent, action: reviewAction, views }),
  /** The nearest beat of the class after (direction 1) or before (−1) `fromSample`; sample null when none. */
  'beats:find': z.strictObject({ sample: sampleIndex.nullable() }),
  'review:setStatus': z.strictObject({ recordId: id, status: reviewStatus, event: labelEvent, action: reviewAction }),
  'review:events': z.array(labelEvent),
  /** The case's Holter report as one self-contained HTML page (PRELIMINARY until signed); not logged as an export. */
  'report:html': z.strictObject({ recordId: id, html: z.string() }),
  /**
   * Makes one export of the case's shown analysis: the file's bytes (the caller saves them), with its name and MIME
   * type, and the audit row written for it. `not_found` when the record has no finished analysis.
   */
  'export:create': z.strictObject({ fileName: z.string(), mimeType: z.string(), bytes, event: exportEvent }),
  /** The exports of the case (by id and content hash), oldest first. */
  'export:events': z.array(exportEvent),
  'beats:relabelMany': actionReply,
  'beats:artefact': actionReply,
  /** The inserted beat at its snapped sample. */
  'beats:insert': z.strictObject({ action: reviewAction, beat: beatView }),
  'beats:delete': actionReply,
  'episodes:list': z.array(episodeView),
  'episodes:edit': actionReply,
  'episodes:add': z.strictObject({ action: reviewAction, episode: episodeView }),
  'record:setCall': actionReply,
  'record:events': z.array(reportEventView),
  /**
   * The list's `version` and either the list whole (`events`) or its `delta` from version `since` (see `ListDelta`
   * in list-delta.ts: old items removed, new ones placed, the rest in the old order).
   */
  'record:eventsSince': z.strictObject({
    version: count,
    events: z.array(reportEventView).nullable(),
    delta: z.strictObject({ removed: uint32, addedAt: uint32, added: z.array(reportEventView) }).nullable(),
  }),
  /** The undo action written, or null when there is nothing to undo; `targetKind` is the kind of the action it undid. */
  'review:undo': z.strictObject({ action: reviewAction.nullable(), targetKind: z.enum(ACTION_KINDS).nullable(), views }),
  /** The redo action written, or null when there is nothing to redo; `targetKind` is the kind of the action it redid. */
  'review:redo': z.strictObject({ action: reviewAction.nullable(), targetKind: z.enum(ACTION_KINDS).nullable(), views }),
  'review:actions': z.array(reviewAction),
  'review:sign': z.strictObject({ recordId: id, signedBy: z.string(), signedAt: isoTime, action: reviewAction }),
  'review:reopen': actionReply,
  'templates:list': z.strictObject({
    recordId: id,
    leadNames: z.array(z.string()),
    samplesPerLead: count,
    /** Rate of the waveform samples, in Hz. */
    fsHz: z.number().positive(),
    /** Waveform start relative to R, in s. */
    startS: z.number(),
    /** Templates of the record (of class `label` when one was asked for), listed or not. */
    totalTemplates: count,
    templates: z.array(templateView),
  }),
  /** The relabel action (null when the template is empty). */
  'templates:relabel': z.strictObject({ action: reviewAction, views }),
  'templates:artefact': z.strictObject({ action: reviewAction, views }),
  'templates:beats': z.strictObject({ total: count, beats: z.array(beatView) }),
  'templates:moveBeats': actionReply,
  'reviewers:list': z.array(reviewerProfile),
  'reviewers:create': reviewerProfile,
  'strips:list': z.array(reportStripView).max(MAX_REPORT_STRIPS),
  'strips:add': z.strictObject({ action: reviewAction, strip: reportStripView }),
  'strips:remove': actionReply,
  'retrain:dataset': retrainDataset,
  'retrain:rhythm-dataset': rhythmDataset,
  'retrain:start': z.strictObject({ jobId }),
  'retrain:cancel': z.strictObject({ cancelled: z.boolean() }),
  'retrain:versions': modelVersions,
  'retrain:activate': modelVersions,
  'retrain:rollback': modelVersions,
  'retrain:diff': labelDiff,
  'retrain:compare': versionComparison,
  'retrain:compare-rhythm': rhythmVersionComparison,
} as const satisfies Record<Method, z.ZodType>;

/** Response type of every method. */
export type Results = { [M in Method]: z.output<(typeof responseSchemas)[M]> };

/** Stages of an analysis job, in order: hashing the files (new imports only), reading, QRS detection, beat and rhythm models, storing. */
export const JOB_STAGES = ['hash', 'read', 'qrs', 'beats', 'rhythm', 'store'] as const;
/** A stage of an analysis job. */
export type JobStage = (typeof JOB_STAGES)[number];

/** zod schemas of every pushed event's payload (for tests and dev-time checks). */
export const eventSchemas = {
  /** A job's progress, at most a few times a second per job. */
  'job:progress': z.strictObject({
    jobId,
    recordId: id,
    recordName: z.string(),
    stage: z.enum(JOB_STAGES),
    /** Fraction of the whole job done (all its stages), 0..1, never decreasing. */
    fraction,
    /** Time since the job started, in ms. */
    elapsedMs: z.number().nonnegative(),
    /** Estimated time left, in ms; null until enough of the job is done to tell. */
    etaMs: z.number().nonnegative().nullable(),
  }),
  /** End of a job; `error` is the failure's message, null unless `state` is 'failed'. */
  'job:done': z.strictObject({ jobId, recordId: id, state: z.enum(['done', 'failed', 'cancelled']), error: z.string().nullable() }),
  /** A fine-tuning run's progress, after every batch at most a few times a second (and at each epoch's end). */
  'retrain:progress': z.strictObject({
    jobId,
    epoch: z.number().int().positive(),
    epochs: z.number().int().positive(),
    batch: z.number().int().positive(),
    batches: z.number().int().positive(),
    /** mean class-weighted cross-entropy of the epoch so far */
    loss: z.number().nonnegative(),
    /** the model being fine-tuned */
    model: fineTunedModel,
    /** beat model: held-out scores after the last finished epoch (before training during epoch 1); null for the rhythm model */
    validation: scoresByClass.nullable(),
    /** rhythm model: the same per CinC 2017 class; null for the beat model and the multi-label rhythm head */
    rhythmValidation: rhythmScoresByClass.nullable(),
    /** multi-label rhythm head: subset accuracy, per-label and macro F1 on the held-out reviewed windows; null (or absent) otherwise */
    labelValidation: labelScores.nullable().optional(),
    /** fraction of all batches done, 0..1 */
    fraction,
    elapsedMs: z.number().nonnegative(),
    etaMs: z.number().nonnegative().nullable(),
    /** which layers the run adapts (wasm: only the recurrent layers and the head) and the backend */
    scope: z.enum(['whole-model', 'recurrent-and-head']),
    backend: z.string(),
  }),
  /** End of a fine-tuning run: the new version (not active yet) when it succeeded. */
  'retrain:done': z.strictObject({
    jobId,
    state: z.enum(['done', 'failed', 'cancelled']),
    error: z.string().nullable(),
    versionId: id.nullable(),
  }),
  /** These records' rows changed (import, analysis state, relabel, review status, removal). */
  'cases:changed': z.strictObject({ recordIds: z.array(id) }),
} as const;

/** Pushed events and their payloads. */
export type Events = { [E in keyof typeof eventSchemas]: z.output<(typeof eventSchemas)[E]> };
/** Event names. */
export type EventName = keyof Events;

/** Error codes that cross transports in `{id, error: {code, message}}`. */
export type ErrorCode = 'bad_request' | 'not_found' | 'conflict' | 'internal' | 'unauthorized';

/** The typed API every transport exposes to the renderer (`window.ecg`). */
export interface EcgApi {
  /**
   * Calls one method.
   * @returns its result
   * @throws Error with `code` ({@link ErrorCode}) and the handler's message when the reply is an error
   */
  invoke<M extends Method>(method: M, params: ParamsIn<M>): Promise<Results[M]>;
  /** Listens to one pushed event. @returns unsubscribe */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

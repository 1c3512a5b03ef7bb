import { basename, extname } from 'node:path';
import {
  VIEW_DELTA_AUDIT_ROWS,
  type CaseSummary,
  type ImportResult,
  type Method,
  type Params,
  type RecordOverview,
  type RecordWindow,
  type ReportEventView,
  type Results,
  type ReviewViewDelta,
} from '../../../shared/api';
import type { AamiClass } from '../../../shared/labels';
import { MAX_ENVELOPE_BINS, MAX_TREND_BIN_S, MAX_TREND_BINS, MAX_WINDOW_S, minTrendBinS } from '../../../shared/api-bounds';
import { paintAttention } from '../analysis/attention-overlay';
import { rhythmAttentionSpan } from '../analysis/rhythm-attention-span';
import { ENVELOPE_CONFIG } from '../analysis/envelope-pyramid';
import { recordEnvelope } from '../analysis/record-envelope';
import { isNullSignal } from '../wfdb/open-record';
import { hrTrend } from '../analysis/hr-trend';
import { MINUTE_S, totalCounts, trendFromMinutes, type MinuteStats } from '../analysis/minute-stats';
import { probeFormat } from '../formats/format-probe';
import { probeSignalRecord } from '../formats/probe-signal-record';
import { readSignalRange } from '../formats/read-signal-range';
import { findRecordHeaders } from '../wfdb/records';
import { toPhysicalFrames } from '../wfdb/record';
import { readRecordingStart, recordingStartOf, type RecordingStart } from '../wfdb/recording-start';
import { WfdbError } from '../wfdb/errors';
import { exportEvents, logExport } from '../store/export-log';
import { exportFile } from '../exports/export-file';
import { storedCaseSource } from '../exports/stored-case-source';
import { reportDocument } from '../report-document/report-document';
import { reportHtml } from '../report-document/report-html';
import { moveBeats } from '../review/move-beats';
import { readBeatWindows } from '../review/read-beat-windows';
import { relabelTemplate } from '../review/relabel-template';
import { listedTemplates } from '../review/listed-templates';
import { minuteChanges } from '../review/minute-changes';
import { listDelta } from '../../../shared/list-delta';
import { inProcessReviewComputations, reviewStateKey, sameReviewState, type StoredEvents } from '../review/review-computations';
import { snapToRPeak, SNAP_CONFIG } from '../review/snap-to-r-peak';
import { templateById, type BeatTemplate, type TemplateSet } from '../review/template-set';
import { ReviewEditor } from '../store/review-editor';
import { ConflictError, NotFoundError, type BeatList, type RecordRow } from '../store/review-store';
import { TemplateCache } from './template-cache';
import type { AppContext } from './app-context';
import { BadRequestError } from './bad-request-error';
import { appVersion } from './app-version';
import { retrainHandlers } from './retrain-handlers';

/**
 * The recording's start from its header (WFDB base time and date, EDF startdate/starttime, ISHNE Record_Date and
 * Start_Time), or null when the header has none or cannot be read now (a moved file must
 * not take the overview's stored analysis away; `record:window` reports the missing file).
 */
function startIfReadable(headerPath: string): RecordingStart | null {
  try {
    return probeFormat(headerPath) === 'wfdb' ? readRecordingStart(headerPath) : recordingStartOf(probeSignalRecord(headerPath).header);
  } catch (error) {
    if (error instanceof WfdbError) return null;
    throw error;
  }
}

/** One async function per API method. */
export type Handlers = { [M in Method]: (params: Params<M>) => Promise<Results[M]> };

/** How many events lists of a record are kept for `record:eventsSince` deltas (a client holds one of the last). */
const SENT_EVENT_LISTS = 4;

/** The action kinds whose undo or redo reply carries a {@link ReviewViewDelta}: they change beats only. */
const BEAT_ACTION_KINDS: ReadonlySet<string> = new Set(['relabel', 'artefact', 'insert-beat', 'delete-beats']);

/** Width of one attention-overlay cell, in s. */
export const ATTENTION_STEP_S = 0.02;

const APP_VERSION = appVersion();

/** A template of the set. @throws NotFoundError when the set has no such template */
function templateOf(set: TemplateSet, templateId: number): BeatTemplate {
  if (!set.templates.some((t) => t.id === templateId)) throw new NotFoundError(`record ${set.recordName} has no template ${templateId}`);
  return templateById(set, templateId);
}

/** A span of samples [startSample, endSample). */
type StripSpan = { startSample: number; endSample: number };

/** What `record:window` returns of a span besides its samples. */
type WindowOverlay = Pick<RecordWindow, 'beats' | 'episodes' | 'attention'>;

/** A requested window clamped as `record:window` answers it: to the record, and to `MAX_WINDOW_S` from its start. */
function clampedSpan(record: { fsHz: number; nSamples: number }, span: StripSpan): StripSpan {
  const startSample = Math.min(span.startSample, Math.max(0, record.nSamples - 1));
  const endSample = Math.min(span.endSample, record.nSamples, startSample + Math.round(MAX_WINDOW_S * record.fsHz));
  return { startSample, endSample };
}

/**
 * The overview's heart-rate trend: from the per-minute aggregates when the analysis has them and
 * binS is a whole number of minutes, else from every beat.
 */
function overviewTrend(
  beatList: () => BeatList | null,
  minutes: MinuteStats | null,
  record: { fsHz: number; nSamples: number },
  binS: number,
): RecordOverview['hrTrend'] {
  if (minutes && binS >= MINUTE_S && Number.isInteger(binS / MINUTE_S)) {
    return { binS, hrBpm: trendFromMinutes(minutes, binS / MINUTE_S) };
  }
  const beats = beatList();
  return { binS, hrBpm: hrTrend(beats?.samples ?? new Int32Array(0), record.fsHz, record.nSamples, binS, undefined, beats?.artefact) };
}

/**
 * The API's handlers over an {@link AppContext}: every transport (IPC,
 * HTTP/WebSocket, tests) dispatches to these after validating params.
 * Handlers throw `NotFoundError` for missing rows and `BadRequestError` for
 * requests the schema passes but the record cannot serve (a trend of more
 * than `MAX_TREND_BINS` bins); `record:window` clamps to `MAX_WINDOW_S`.
 * Review edits go through {@link ReviewEditor} (one transaction and one
 * undoable action each, `conflict` on a signed case); template edits use the
 * templates core over a per-record {@link TemplateCache}.
 * @returns the handler table
 */
export function createHandlers(ctx: AppContext): Handlers {
  const { store, jobs, engineInfo } = ctx;
  const editor = new ReviewEditor(store);
  const computations = ctx.reviewWorkers ?? inProcessReviewComputations(store);
  const templates = new TemplateCache(store, computations);
  /** The last events list of each record, with the review state it was computed at. */
  const eventLists = new Map<number, StoredEvents>();
  /** The events list computation under way for each record (at most one is kept: the latest started). */
  const eventBuilds = new Map<number, Promise<StoredEvents>>();
  const computeEvents = (recordId: number): Promise<StoredEvents> => {
    const build = computations.events(recordId).then((computed) => {
      const latest = eventLists.get(recordId);
      if (!latest || latest.key.lastActionId <= computed.key.lastActionId) eventLists.set(recordId, computed);
      return computed;
    });
    eventBuilds.set(recordId, build);
    const forget = (): void => {
      if (eventBuilds.get(recordId) === build) eventBuilds.delete(recordId);
    };
    build.then(forget, forget);
    return build;
  };
  /**
   * After an edit: templates of the record are stale unless the edit was a template edit, clients reload, and the
   * events list of a record whose list was asked for is recomputed at once on the review worker (when there is one:
   * in process it would hold the reply), so that the client's `record:events` after its reload finds it under way.
   * Not for a reply that carries a {@link ReviewViewDelta}: its client draws the delta first and asks for the events
   * list after, which is when it is computed (on 2 cores the worker would otherwise take the CPU from the drawing).
   */
  const edited = <T extends object>(recordId: number, result: T, keepTemplates = false): T => {
    if (!keepTemplates) templates.invalidate(recordId);
    const views = 'views' in result ? result.views : undefined;
    if (ctx.reviewWorkers && eventLists.has(recordId) && views === undefined) computeEvents(recordId).catch(() => undefined);
    ctx.emit('cases:changed', { recordIds: [recordId] });
    return result;
  };

  /**
   * What the review shows over samples [start, end) of the shown analysis: its beats, episodes and attention (as
   * `record:window` sends them; empty without an analysis).
   */
  const windowOverlay = (recordId: number, start: number, end: number, fsHz: number): WindowOverlay => {
    const stepSamples = Math.max(1, Math.round(ATTENTION_STEP_S * fsHz));
    const analysis = store.latestAnalysis(recordId, 'done');
    if (!analysis) return { beats: [], episodes: [], attention: { stepSamples, beat: new Float32Array(0), rhythm: new Float32Array(0) } };
    const beats = store.beatsInRange(analysis.analysisId, start, end);
    const fs = fsHz;
    const beatStart = Math.round((analysis.beatAttentionStartS ?? 0) * fs);
    const beatEnd = Math.round((analysis.beatAttentionEndS ?? 0) * fs);
    const windowSamples = Math.round((analysis.rhythmWindowS ?? 30) * fs);
    return {
      beats: beats.map(({ attention: _attention, ...beat }) => beat),
      episodes: store.episodes(analysis.analysisId, start, end),
      attention: {
        stepSamples,
        beat: paintAttention(
          start,
          end,
          stepSamples,
          beats.map((b) => ({ spanStart: b.sample + beatStart, spanEnd: b.sample + beatEnd, weights: b.attention })),
        ),
        rhythm: paintAttention(
          start,
          end,
          stepSamples,
          store.windowsInRange(analysis.analysisId, Math.max(0, start - windowSamples + 1), end).map((w) => ({
            ...rhythmAttentionSpan(w.startSample, fs, analysis.rhythmWindowS ?? 30, {
              steps: analysis.rhythmAttentionSteps ?? 0,
              stepS: analysis.rhythmAttentionStepS,
              offsetS: analysis.rhythmAttentionOffsetS,
            }),
            weights: w.attention,
          })),
        ),
      },
    };
  };

  /** A strip span as `record:window` answers it: clamped to the record and to `MAX_WINDOW_S`, with its overlay. */
  const stripOverlay = (recordId: number, span: StripSpan): NonNullable<ReviewViewDelta['strip']> => {
    const record = store.getRecord(recordId);
    const clamped = clampedSpan(record, span);
    return { ...clamped, ...windowOverlay(recordId, clamped.startSample, clamped.endSample, record.fsHz) };
  };

  const shownMinutes = (recordId: number): MinuteStats | null => {
    const analysis = store.latestAnalysis(recordId, 'done');
    return analysis ? store.minuteStats(analysis.analysisId) : null;
  };
  /**
   * What a bulk beat edit changed in the record screen's views, read after its commit: the status, counts, changed
   * minutes (against `minutesBefore`, read before the edit), every template's label, counts and shape id (when the
   * templates are held: an edit that dropped them leaves them to the next `templates:list`), the newest audit rows and,
   * when the client named the span its strip shows, that span's {@link windowOverlay} (clamped as `record:window` does).
   */
  const viewDelta = (recordId: number, minutesBefore: MinuteStats | null, strip: StripSpan | undefined): ReviewViewDelta => {
    const analysis = store.latestAnalysis(recordId, 'done');
    const minutes = analysis ? store.minuteStats(analysis.analysisId) : null;
    const held = analysis ? templates.peek(recordId, analysis.analysisId) : null;
    return {
      reviewStatus: store.reviewRow(recordId).status,
      beatCounts: minutes ? totalCounts(minutes) : analysis ? store.beatCounts(analysis.analysisId) : null,
      minutes:
        minutes && minutesBefore && minutesBefore.rrCount.length === minutes.rrCount.length ? minuteChanges(minutesBefore, minutes) : null,
      templates: held
        ? listedTemplates(held.set, held.beats.artefact).map(({ template, artefactCount, shapeId }) => ({
            templateId: template.id,
            label: template.label,
            count: template.count,
            artefactCount,
            shapeId,
          }))
        : null,
      auditEvents: store.events(recordId, VIEW_DELTA_AUDIT_ROWS),
      strip: strip ? stripOverlay(recordId, strip) : null,
    };
  };

  /** The record's events list as its review state is now (computed once per state, on the review worker). */
  const currentEvents = async (recordId: number): Promise<ReportEventView[]> => {
    store.getRecord(recordId);
    // the list only changes with the analysis or a review action (undo and redo are actions too)
    const key = reviewStateKey(store, recordId);
    const cached = eventLists.get(recordId);
    if (cached && sameReviewState(cached.key, key)) return cached.events;
    const under = eventBuilds.get(recordId);
    if (under) {
      // a computation the latest edit started: its list, when it is of the state the record is in now
      const computed = await under;
      if (sameReviewState(computed.key, reviewStateKey(store, recordId))) return computed.events;
    }
    return (await computeEvents(recordId)).events;
  };
  /** The version of each events list sent by `record:eventsSince`. */
  const eventVersions = new WeakMap<ReportEventView[], number>();
  /** The lists `record:eventsSince` sent lately, by record, oldest first (at most {@link SENT_EVENT_LISTS}). */
  const sentEvents = new Map<number, { version: number; events: ReportEventView[] }[]>();
  let nextEventsVersion = 1;
  const versionOf = (recordId: number, events: ReportEventView[]): number => {
    const known = eventVersions.get(events);
    if (known !== undefined) return known;
    const version = nextEventsVersion++;
    eventVersions.set(events, version);
    sentEvents.set(recordId, [...(sentEvents.get(recordId) ?? []), { version, events }].slice(-SENT_EVENT_LISTS));
    return version;
  };
  /** An event's identity for list deltas (its JSON, computed once per event object). */
  const eventKeys = new WeakMap<ReportEventView, string>();
  const eventKey = (event: ReportEventView): string => {
    let key = eventKeys.get(event);
    if (key === undefined) {
      key = JSON.stringify(event);
      eventKeys.set(event, key);
    }
    return key;
  };

  const withQueueState = (c: CaseSummary): CaseSummary => {
    const pending = jobs.stateOf(c.recordId);
    return pending === 'queued' ? { ...c, analysisState: 'queued' } : c;
  };

  const doneAnalysis = (recordId: number) => {
    const analysis = store.latestAnalysis(recordId, 'done');
    if (!analysis) throw new NotFoundError(`record ${recordId} has no finished analysis yet`);
    return analysis;
  };

  /** `record:window` with `envelopeBins`: the span's min/max envelope, clamped to the record only. */
  const envelopeWindow = (record: RecordRow, startSample: number, endSample: number, bins: number): RecordWindow => {
    const start = Math.min(startSample, Math.max(0, record.nSamples - 1));
    const end = Math.min(endSample, record.nSamples);
    const analysis = store.latestAnalysis(record.recordId, 'done');
    const source = analysis ? store.envelopes.source(analysis.analysisId) : null;
    const rawLimit = MAX_ENVELOPE_BINS * ENVELOPE_CONFIG.baseBinSamples;
    if (!source && end - start > rawLimit)
      throw new NotFoundError(
        `record ${record.recordId} has no stored signal envelope yet (no finished analysis): ask for at most ${rawLimit} samples`,
      );
    const specs = probeSignalRecord(record.path).header.signals;
    const signals = specs.flatMap((spec, i) => (isNullSignal(spec) ? [] : [i]));
    const envelope = recordEnvelope(
      { headerPath: record.path, signals, startSample: start, endSample: end, nSamples: record.nSamples, bins },
      source,
    );
    const bins0 = envelope.min[0]?.length ?? 0;
    const empty = new Float32Array(0);
    return {
      recordId: record.recordId,
      fsHz: record.fsHz,
      startSample: start,
      endSample: end,
      leads: specs.map((_, i) => ({ name: record.signalNames[i] ?? `signal ${i}`, units: record.signalUnits[i] ?? 'mV', samples: empty })),
      beats: [],
      episodes: analysis ? store.episodes(analysis.analysisId, start, end) : [],
      attention: { stepSamples: Math.max(1, Math.round(ATTENTION_STEP_S * record.fsHz)), beat: empty, rhythm: empty },
      envelope: {
        startSample: envelope.originSample,
        binSamples: envelope.binSamples,
        leads: specs.map((_, i) => {
          const j = envelope.signals.indexOf(i);
          const none = new Float32Array(bins0).fill(Number.NaN);
          return { min: envelope.min[j] ?? none, max: envelope.max[j] ?? none };
        }),
      },
    };
  };

  return {
    ...retrainHandlers(ctx),
    async 'app:info'() {
      return {
        appVersion: APP_VERSION,
        backend: engineInfo.backend,
        models: engineInfo.models,
        databasePath: store.path,
      };
    },

    async 'cases:list'() {
      return store.listCases().map(withQueueState);
    },

    /**
     * Returns as soon as every header is read: each record becomes a row at
     * once and its hashing, reading and analysis go through the job queue
     * (a record imported from the same path before is not added again). A
     * new record whose import job fails is removed again, so a failed
     * import leaves the database as it was.
     */
    async 'cases:import'({ path, reanalyse }) {
      const result: ImportResult = { imported: [], failed: [] };
      const fail = (failedPath: string, message: string): void => {
        result.failed.push({ path: failedPath, message });
        ctx.log(`import failed: ${message}`);
      };
      let headers: string[];
      try {
        headers = findRecordHeaders(path);
      } catch (error) {
        fail(path, error instanceof Error ? error.message : String(error));
        return result;
      }
      for (const headerPath of headers) {
        try {
          const { header, nSamples, warnings } = probeSignalRecord(headerPath);
          const name = header.recordName || basename(headerPath, extname(headerPath));
          const knownId = store.recordIdByPath(headerPath);
          const analysed = knownId !== null && !reanalyse && store.latestAnalysis(knownId, 'done') !== null;
          const recordId =
            knownId ??
            store.addPendingRecord({
              path: headerPath,
              name,
              fsHz: header.fsHz,
              nSamples,
              signalNames: header.signals.map((s, i) => s.description || `signal ${i}`),
              signalUnits: header.signals.map((s) => s.units),
            });
          const jobId = analysed ? null : jobs.enqueue(recordId, { kind: knownId === null ? 'import' : 'analysis', force: reanalyse });
          result.imported.push({ recordId, name, jobId, alreadyKnown: knownId !== null, warnings });
        } catch (error) {
          fail(headerPath, error instanceof Error ? error.message : String(error));
        }
      }
      if (result.imported.length > 0) ctx.emit('cases:changed', { recordIds: result.imported.map((r) => r.recordId) });
      return result;
    },

    async 'cases:remove'({ recordId, reviewer }) {
      const { name } = store.getRecord(recordId);
      if (jobs.stateOf(recordId) !== null) {
        throw new ConflictError(`record "${name}" has an analysis queued or running; cancel it before removing the case`);
      }
      const event = store.removeCase(recordId, reviewer);
      ctx.emit('cases:changed', { recordIds: [recordId] });
      return { event };
    },

    async 'analysis:start'({ recordId }) {
      store.getRecord(recordId);
      return { jobId: jobs.enqueue(recordId) };
    },

    async 'analysis:cancel'({ jobId }) {
      return { cancelled: jobs.cancel(jobId) };
    },

    async 'record:overview'({ recordId, binS }) {
      const record = store.getRecord(recordId);
      const durationS = record.nSamples / record.fsHz;
      if (Math.ceil(durationS / binS) > MAX_TREND_BINS) {
        const fits = minTrendBinS(durationS);
        throw new BadRequestError(
          `record:overview: binS ${binS} s gives more than ${MAX_TREND_BINS} trend bins for record ${record.name} (${durationS.toFixed(0)} s); ` +
            (fits <= MAX_TREND_BIN_S ? `use binS >= ${Math.ceil(fits)} s` : `no bin width up to ${MAX_TREND_BIN_S} s fits`),
        );
      }
      const analysis = store.latestAnalysis(recordId, 'done');
      const latest = store.latestAnalysis(recordId);
      const minutes = analysis ? store.minuteStats(analysis.analysisId) : null;
      const review = store.reviewRow(recordId);
      return {
        recordId,
        name: record.name,
        fsHz: record.fsHz,
        nSamples: record.nSamples,
        signalNames: record.signalNames,
        reviewStatus: review.status,
        signed: review.signedBy !== null && review.signedAt !== null ? { by: review.signedBy, at: review.signedAt } : null,
        recordCallOverride: review.recordCallOverride,
        analysisState: jobs.stateOf(recordId) ?? latest?.state ?? 'none',
        analysis: analysis
          ? {
              analysisId: analysis.analysisId,
              createdAt: analysis.createdAt,
              backend: analysis.backend,
              models: analysis.models,
              detector: analysis.detector,
              elapsedMs: analysis.elapsedMs ?? 0,
            }
          : null,
        beatCounts: minutes ? totalCounts(minutes) : analysis ? store.beatCounts(analysis.analysisId) : null,
        afBurden: analysis?.afBurden ?? null,
        recordCall: analysis?.recordCall ?? null,
        pacing: analysis?.pacing ?? null,
        hrTrend: overviewTrend(analysis ? () => store.beatList(analysis.analysisId) : () => null, minutes, record, binS),
        minutes: minutes && {
          minuteS: MINUTE_S,
          hrMinBpm: minutes.hrMinBpm,
          hrMeanBpm: trendFromMinutes(minutes, 1),
          hrMaxBpm: minutes.hrMaxBpm,
          sCount: Uint16Array.from(minutes.counts.S),
          vCount: Uint16Array.from(minutes.counts.V),
        },
        episodes: analysis ? store.episodes(analysis.analysisId) : [],
        recordingStart: startIfReadable(record.path),
      };
    },

    async 'record:window'({ recordId, startSample, endSample, envelopeBins }) {
      const record = store.getRecord(recordId);
      if (envelopeBins !== undefined) return envelopeWindow(record, startSample, endSample, envelopeBins);
      const { startSample: start, endSample: end } = clampedSpan(record, { startSample, endSample });
      const signal = readSignalRange(record.path, { startSample: start, endSample: end });
      return {
        recordId,
        fsHz: record.fsHz,
        startSample: start,
        endSample: end,
        leads: signal.adc.map((_, i) => ({
          name: record.signalNames[i] ?? `signal ${i}`,
          units: record.signalUnits[i] ?? 'mV',
          samples: toPhysicalFrames(signal, i),
        })),
        ...windowOverlay(recordId, start, end, record.fsHz),
      };
    },

    async 'beats:relabel'({ beatId, label, reviewer }) {
      const recordId = editor.recordOfBeat(beatId);
      const minutesBefore = shownMinutes(recordId);
      const result = editor.relabelBeat(beatId, label, reviewer);
      templates.followRelabel(recordId, [beatId], label, result.action.actionId);
      return edited(recordId, { ...result, views: viewDelta(recordId, minutesBefore, undefined) }, true);
    },

    async 'beats:relabelMany'({ recordId, beatIds, label, reviewer }) {
      const action = editor.relabelBeats(recordId, beatIds, label, reviewer);
      templates.followRelabel(recordId, beatIds, label, action.actionId);
      return edited(recordId, { action }, true);
    },

    async 'beats:artefact'({ recordId, startSample, endSample, artefact, reviewer }) {
      // templates group beats by morphology and label; the artefact flag changes neither, only their artefact counts
      const action = editor.setArtefact(recordId, startSample, endSample, artefact, reviewer);
      templates.followArtefact(recordId, action.actionId);
      return edited(recordId, { action }, true);
    },

    async 'beats:insert'({ recordId, sample, label, reviewer }) {
      const record = store.getRecord(recordId);
      if (sample >= record.nSamples)
        throw new BadRequestError(`beats:insert: sample ${sample} is beyond record ${record.name} (${record.nSamples} samples)`);
      const search = Math.ceil((SNAP_CONFIG.searchMs / 1000) * record.fsHz) + 1;
      const start = Math.max(0, sample - search);
      const signal = readSignalRange(record.path, { startSample: start, endSample: Math.min(record.nSamples, sample + search + 1) });
      const snapped = snapToRPeak(toPhysicalFrames(signal, 0), start, sample, record.fsHz);
      return edited(recordId, editor.insertBeat(recordId, snapped, label, reviewer));
    },

    async 'beats:delete'({ recordId, beatIds, reviewer }) {
      return edited(recordId, { action: editor.deleteBeats(recordId, beatIds, reviewer) });
    },

    async 'episodes:list'({ recordId }) {
      store.getRecord(recordId);
      return editor.listEpisodes(recordId);
    },

    async 'episodes:edit'({ recordId, episodeId, change, label, reviewer }) {
      return edited(recordId, { action: editor.editEpisode(recordId, episodeId, change, label, reviewer) }, true);
    },

    async 'episodes:add'({ recordId, onsetSample, endSample, label, reviewer }) {
      return edited(recordId, editor.addEpisode(recordId, onsetSample, endSample, label, reviewer), true);
    },

    async 'record:setCall'({ recordId, label, reviewer }) {
      return edited(recordId, { action: editor.setRecordCall(recordId, label, reviewer) }, true);
    },

    async 'record:events'({ recordId }) {
      return currentEvents(recordId);
    },

    async 'record:eventsSince'({ recordId, since }) {
      const events = await currentEvents(recordId);
      const version = versionOf(recordId, events);
      const old = sentEvents.get(recordId)?.find((sent) => sent.version === since);
      const delta = old ? listDelta(old.events, events, eventKey) : null;
      // a delta that adds more than half the list is sent as the list
      return delta && delta.added.length <= events.length / 2 ? { version, events: null, delta } : { version, events, delta: null };
    },

    async 'review:undo'({ recordId, reviewer, strip }) {
      const minutesBefore = shownMinutes(recordId);
      const action = editor.undo(recordId, reviewer);
      const target = action?.targetActionId ?? null;
      templates.replay(recordId, target, 'undo', target !== null && editor.regroupsBeats(target));
      const targetKind = target === null ? null : editor.actionKind(target);
      if (target !== null && targetKind === 'artefact') templates.followArtefact(recordId, target);
      const views = targetKind !== null && BEAT_ACTION_KINDS.has(targetKind) ? viewDelta(recordId, minutesBefore, strip) : undefined;
      return edited(recordId, { action, targetKind, views }, true);
    },

    async 'review:redo'({ recordId, reviewer, strip }) {
      const minutesBefore = shownMinutes(recordId);
      const action = editor.redo(recordId, reviewer);
      const target = action?.targetActionId ?? null;
      templates.replay(recordId, target, 'redo', target !== null && editor.regroupsBeats(target));
      const targetKind = target === null ? null : editor.actionKind(target);
      if (target !== null && targetKind === 'artefact') templates.followArtefact(recordId, target);
      const views = targetKind !== null && BEAT_ACTION_KINDS.has(targetKind) ? viewDelta(recordId, minutesBefore, strip) : undefined;
      return edited(recordId, { action, targetKind, views }, true);
    },

    async 'review:actions'({ recordId }) {
      return editor.actions(recordId);
    },

    async 'review:sign'({ recordId, reviewer }) {
      const result = editor.sign(recordId, reviewer);
      return edited(recordId, { recordId, ...result }, true);
    },

    async 'review:reopen'({ recordId, reviewer }) {
      return edited(recordId, { action: editor.reopen(recordId, reviewer) }, true);
    },

    async 'templates:list'({ recordId, limit, label, representatives }) {
      const { set, beats } = await templates.get(recordId, doneAnalysis(recordId).analysisId);
      const listed = listedTemplates(set, beats.artefact, label);
      const perBeat = set.leadNames.length * set.layout.samplesPerLead;
      return {
        recordId,
        leadNames: [...set.leadNames],
        samplesPerLead: set.layout.samplesPerLead,
        fsHz: set.layout.fsHz,
        startS: set.layout.startOffset / set.fsHz,
        totalTemplates: listed.length,
        templates: listed.slice(0, limit).map(({ template: t, artefactCount, shapeId }) => {
          const shown = Math.min(t.representativeBeats.length, representatives ?? Infinity);
          return {
            templateId: t.id,
            label: t.label,
            count: t.count,
            artefactCount,
            spreadMv: t.spreadMv,
            waveformMv: t.waveformMv,
            representativeWaveformsMv: t.representativeWaveformsMv.subarray(0, shown * perBeat),
            representatives: shown,
            shapeId,
          };
        }),
      };
    },

    async 'templates:relabel'({ recordId, templateId, label, reviewer, strip }) {
      const cached = await templates.get(recordId, doneAnalysis(recordId).analysisId);
      const template = templateOf(cached.set, templateId);
      const edit = relabelTemplate(cached.set, templateId, label);
      const beatIds = Array.from(template.memberBeats, (i) => cached.beats.beatIds[i] as number);
      const minutesBefore = shownMinutes(recordId);
      const action = editor.relabelBeats(recordId, beatIds, label, reviewer);
      templates.update(recordId, edit.set, action.actionId);
      return edited(recordId, { action, views: viewDelta(recordId, minutesBefore, strip) }, true);
    },

    async 'templates:artefact'({ recordId, templateId, artefact, reviewer, strip }) {
      const cached = await templates.get(recordId, doneAnalysis(recordId).analysisId);
      const members = templateOf(cached.set, templateId).memberBeats;
      const beatIds = Array.from(members, (i) => cached.beats.beatIds[i] as number);
      const minutesBefore = shownMinutes(recordId);
      const action = editor.setBeatsArtefact(recordId, beatIds, artefact, reviewer);
      templates.followArtefact(recordId, action.actionId);
      return edited(recordId, { action, views: viewDelta(recordId, minutesBefore, strip) }, true);
    },

    async 'templates:beats'({ recordId, templateId, offset, limit }) {
      const cached = await templates.get(recordId, doneAnalysis(recordId).analysisId);
      const members = templateOf(cached.set, templateId).memberBeats;
      const ids = Array.from(members.subarray(offset, offset + limit), (i) => cached.beats.beatIds[i] as number);
      const rows = store.beatsByIds(ids);
      return { total: members.length, beats: rows.map(({ attention: _attention, ...beat }) => beat) };
    },

    async 'templates:moveBeats'({ recordId, beatIds, templateId, label, reviewer }) {
      const record = store.getRecord(recordId);
      const cached = await templates.get(recordId, doneAnalysis(recordId).analysisId);
      const indexOf = new Map<number, number>();
      cached.beats.beatIds.forEach((beatId, i) => indexOf.set(beatId, i));
      const indices = Int32Array.from(beatIds, (beatId) => {
        const i = indexOf.get(beatId);
        if (i === undefined) throw new NotFoundError(`beat ${beatId} is not one of the beats of record ${record.name}'s templates`);
        return i;
      });
      const windows = readBeatWindows(record.path, cached.set, cached.beats.samples, indices);
      const target = templateId !== undefined ? { templateId } : { newTemplateLabel: label as AamiClass };
      const edit = moveBeats(cached.set, indices, target, windows);
      const newLabel = templateId !== undefined ? templateOf(cached.set, templateId).label : (label as AamiClass);
      const action = editor.relabelBeats(recordId, beatIds, newLabel, reviewer);
      templates.update(recordId, edit.set, action.actionId);
      return edited(recordId, { action }, true);
    },

    async 'reviewers:list'() {
      return editor.listReviewers();
    },

    async 'reviewers:create'({ name, role }) {
      return editor.createReviewer(name, role);
    },

    async 'beats:find'({ recordId, fromSample, label, direction }) {
      const analysis = doneAnalysis(recordId);
      return { sample: store.nextBeatOfClass(analysis.analysisId, fromSample, label, direction) };
    },

    async 'review:setStatus'({ recordId, status, reviewer }) {
      return edited(recordId, { recordId, status, ...editor.setStatus(recordId, status, reviewer) }, true);
    },

    async 'review:events'({ recordId, limit }) {
      return store.events(recordId, limit);
    },

    async 'report:html'({ recordId }) {
      const { source } = storedCaseSource(store, recordId, APP_VERSION);
      return { recordId, html: reportHtml(reportDocument(source)) };
    },

    async 'export:create'({ recordId, format, reviewer }) {
      const { source, analysisId } = storedCaseSource(store, recordId, APP_VERSION);
      const file = await exportFile(format, source);
      const { models, review } = source.provenance;
      const event = logExport(store, {
        recordId,
        format,
        reviewer,
        fileName: file.fileName,
        bytes: file.bytes,
        details: { analysisId, models: [...models], reviewStatus: review.status },
      });
      return { ...file, event };
    },

    async 'export:events'({ recordId }) {
      return exportEvents(store, recordId);
    },

    async 'strips:list'({ recordId }) {
      return editor.listStrips(recordId);
    },

    async 'strips:add'({ recordId, startSample, endSample, lead, note, reviewer }) {
      return edited(recordId, editor.addStrip(recordId, { startSample, endSample, lead, note }, reviewer), true);
    },

    async 'strips:remove'({ recordId, stripId, reviewer }) {
      return edited(recordId, { action: editor.removeStrip(recordId, stripId, reviewer) }, true);
    },
  };
}

import { basename } from 'node:path';
import type { CaseSummary, ImportResult, Method, Params, RecordOverview, RecordWindow, Results } from '../../../shared/api';
import { MAX_TREND_BIN_S, MAX_TREND_BINS, MAX_WINDOW_S, minTrendBinS } from '../../../shared/api-bounds';
import { paintAttention } from '../analysis/attention-overlay';
import { hrTrend } from '../analysis/hr-trend';
import { MINUTE_S, totalCounts, trendFromMinutes, type MinuteStats } from '../analysis/minute-stats';
import { findRecordHeaders } from '../wfdb/records';
import { probeRecord } from '../wfdb/probe-record';
import { readRecord, toPhysicalFrames } from '../wfdb/record';
import { readRecordingStart, type RecordingStart } from '../wfdb/recording-start';
import { WfdbError } from '../wfdb/errors';
import { ConflictError, NotFoundError } from '../store/review-store';
import { exportEvents, logExport } from '../store/export-log';
import { exportFile } from '../exports/export-file';
import { storedCaseSource } from '../exports/stored-case-source';
import { reportDocument } from '../report-document/report-document';
import { reportHtml } from '../report-document/report-html';
import type { AppContext } from './app-context';
import { BadRequestError } from './bad-request-error';
import { appVersion } from './app-version';

/**
 * The recording's start from its header, or null when the header has none or cannot be read now (a moved file must
 * not take the overview's stored analysis away; `record:window` reports the missing file).
 */
function startIfReadable(headerPath: string): RecordingStart | null {
  try {
    return readRecordingStart(headerPath);
  } catch (error) {
    if (error instanceof WfdbError) return null;
    throw error;
  }
}

/** One async function per API method. */
export type Handlers = { [M in Method]: (params: Params<M>) => Promise<Results[M]> };

/** Width of one attention-overlay cell, in s. */
export const ATTENTION_STEP_S = 0.02;

const APP_VERSION = appVersion();

/**
 * The overview's heart-rate trend: from the per-minute aggregates when the analysis has them and
 * binS is a whole number of minutes, else from every beat.
 */
function overviewTrend(
  beatSamples: () => Int32Array,
  minutes: MinuteStats | null,
  record: { fsHz: number; nSamples: number },
  binS: number,
): RecordOverview['hrTrend'] {
  if (minutes && binS >= MINUTE_S && Number.isInteger(binS / MINUTE_S)) {
    return { binS, hrBpm: trendFromMinutes(minutes, binS / MINUTE_S) };
  }
  return { binS, hrBpm: hrTrend(beatSamples(), record.fsHz, record.nSamples, binS) };
}

/**
 * The API's handlers over an {@link AppContext}: every transport (IPC,
 * HTTP/WebSocket, tests) dispatches to these after validating params.
 * Handlers throw `NotFoundError` for missing rows and `BadRequestError` for
 * requests the schema passes but the record cannot serve (a trend of more
 * than `MAX_TREND_BINS` bins); `record:window` clamps to `MAX_WINDOW_S`.
 * @returns the handler table
 */
export function createHandlers(ctx: AppContext): Handlers {
  const { store, jobs, engineInfo } = ctx;

  const withQueueState = (c: CaseSummary): CaseSummary => {
    const pending = jobs.stateOf(c.recordId);
    return pending === 'queued' ? { ...c, analysisState: 'queued' } : c;
  };

  const doneAnalysis = (recordId: number) => {
    const analysis = store.latestAnalysis(recordId, 'done');
    if (!analysis) throw new NotFoundError(`record ${recordId} has no finished analysis yet`);
    return analysis;
  };

  return {
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
          const { header, nSamples, warnings } = probeRecord(headerPath);
          const name = header.recordName || basename(headerPath, '.hea');
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
      return {
        recordId,
        name: record.name,
        fsHz: record.fsHz,
        nSamples: record.nSamples,
        signalNames: record.signalNames,
        reviewStatus: store.review(recordId).status,
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
        hrTrend: overviewTrend(analysis ? () => store.beatSamples(analysis.analysisId) : () => new Int32Array(0), minutes, record, binS),
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

    async 'record:window'({ recordId, startSample, endSample }) {
      const record = store.getRecord(recordId);
      const start = Math.min(startSample, Math.max(0, record.nSamples - 1));
      const end = Math.min(endSample, record.nSamples, start + Math.round(MAX_WINDOW_S * record.fsHz));
      const signal = readRecord(record.path, { startSample: start, endSample: end });
      const stepSamples = Math.max(1, Math.round(ATTENTION_STEP_S * record.fsHz));
      const window: RecordWindow = {
        recordId,
        fsHz: record.fsHz,
        startSample: start,
        endSample: end,
        leads: signal.adc.map((_, i) => ({
          name: record.signalNames[i] ?? `signal ${i}`,
          units: record.signalUnits[i] ?? 'mV',
          samples: toPhysicalFrames(signal, i),
        })),
        beats: [],
        episodes: [],
        attention: { stepSamples, beat: new Float32Array(0), rhythm: new Float32Array(0) },
      };
      const analysis = store.latestAnalysis(recordId, 'done');
      if (!analysis) return window;
      const beats = store.beatsInRange(analysis.analysisId, start, end);
      window.beats = beats.map(({ attention: _attention, ...beat }) => beat);
      window.episodes = store.episodes(analysis.analysisId, start, end);
      const fs = record.fsHz;
      const beatStart = Math.round((analysis.beatAttentionStartS ?? 0) * fs);
      const beatEnd = Math.round((analysis.beatAttentionEndS ?? 0) * fs);
      const windowSamples = Math.round((analysis.rhythmWindowS ?? 30) * fs);
      window.attention = {
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
          store
            .windowsInRange(analysis.analysisId, Math.max(0, start - windowSamples + 1), end)
            .map((w) => ({ spanStart: w.startSample, spanEnd: w.startSample + windowSamples, weights: w.attention })),
        ),
      };
      return window;
    },

    async 'beats:relabel'({ beatId, label, reviewer }) {
      const result = store.relabelBeat(beatId, label, reviewer);
      ctx.emit('cases:changed', { recordIds: [result.event.recordId] });
      return result;
    },

    async 'beats:find'({ recordId, fromSample, label, direction }) {
      const analysis = doneAnalysis(recordId);
      return { sample: store.nextBeatOfClass(analysis.analysisId, fromSample, label, direction) };
    },

    async 'review:setStatus'({ recordId, status, reviewer }) {
      const event = store.setReviewStatus(recordId, status, reviewer);
      ctx.emit('cases:changed', { recordIds: [recordId] });
      return { recordId, status, event };
    },

    async 'review:events'({ recordId }) {
      return store.events(recordId);
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
  };
}

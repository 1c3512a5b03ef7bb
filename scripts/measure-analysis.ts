/**
 * Analyses one record in this process and prints one JSON line with its times and the process's
 * peak resident memory, so that `npm run bench` (bench-holter.ts) measures each record in a fresh
 * process. With `--db`, the analysis is also stored there and `record:overview` / `record:window`
 * are timed on it through the API handlers.
 *
 *   npx tsx scripts/measure-analysis.ts <record.hea> [--backend native|wasm|cpu] [--db file.sqlite] [--runs 5]
 *
 * Output fields: elapsedMs, stageMs {read, qrs, beats, rhythm}, beats, chunks, maxRssMb (peak RSS
 * after the analysis; with --db the chunks' rows are streamed into the store as each chunk finishes,
 * as the app does, and this includes that), loadRssMb (RSS once the backend and models are loaded, before the
 * analysis: what the process costs before it reads any signal), cpuS (CPU time of the process until then, model loading
 * included: less sensitive than wall time to other work on the machine), analysisCpuS (CPU time of
 * the analysis alone) and stageCpuS (its CPU time per step: `detect`, the first pass — read, QRS
 * and VF detection; `beats`, the beat context and the second pass's reading and beat batches;
 * `rhythm`, the rhythm windows' resampling and batches; `merge`, joining the chunks with the
 * record-wide AF detection and rhythm episodes), and with --db: storeMs (appending the chunks' rows
 * and finishing the analysis), storeMaxRssMb (peak RSS once the analysis is stored and shown), overviewMs, windowMs,
 * envelopeMs (record:window with envelopeBins over several spans; medians), beatsStored.
 */
import { Command } from 'commander';
import { rmSync } from 'node:fs';
import { peakRssMb } from './peak-rss';
import { resolve } from 'node:path';
import { loadAnalysisModels, streamRecordAnalysis, type AnalysisStage } from '../src/main/core/analysis/analyze-record';
import { probeSignalRecord } from '../src/main/core/formats/probe-signal-record';
import { AnalysisJobQueue } from '../src/main/core/analysis/job-queue';
import { JobStore } from '../src/main/core/store/job-store';
import { recordContentHash } from '../src/main/core/analysis/content-hash';
import { createHandlers } from '../src/main/core/api/handlers';
import type { AppContext } from '../src/main/core/api/app-context';
import { initBackend } from '../src/main/core/ml/backend';
import type { BackendPreference } from '../src/main/core/ml/backend-preference';
import { ReviewStore } from '../src/main/core/store/review-store';
import { chooseTrendBinS } from '../src/renderer/src/lib/hr-trend-series';

const program = new Command()
  .argument('<header>', 'record .hea')
  .option('--backend <name>', 'tfjs backend preference (native, wasm, cpu)', 'native')
  .option('--db <file>', 'store the analysis in this (new) SQLite file and time record:overview / record:window on it')
  .option('--runs <n>', 'timed runs of each API call', '5')
  .parse();
const [headerArg] = program.args;
const options = program.opts<{ backend: BackendPreference; db?: string; runs: string }>();
const runs = Number(options.runs);
if (!headerArg || !Number.isInteger(runs) || runs < 1) throw new Error('measure-analysis: need a header path and --runs ≥ 1');
const headerPath = resolve(headerArg);

/** Envelope requests timed on the stored analysis: label and span, in s (the whole record is clamped to it). */
const ENVELOPE_SPANS_S: readonly [string, number][] = [
  ['whole record', Number.POSITIVE_INFINITY],
  ['24 h', 86_400],
  ['1 h', 3600],
  ['30 min', 1800],
  ['10 min', 600],
];
/** Bins per envelope request: a screen's width in pixels. */
const ENVELOPE_BINS = 2000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] as number;
}

async function timeMedian(step: (run: number) => Promise<unknown>): Promise<number> {
  await step(0);
  const times: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const t0 = performance.now();
    await step(run);
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** A new review database at `path` (an old file there is removed first). */
function openStore(path: string): ReviewStore {
  rmSync(path, { force: true });
  return new ReviewStore(path);
}

/** The record's row and a running analysis in `store`, as the app makes them before analysing. */
async function newAnalysis(store: ReviewStore): Promise<{ recordId: number; analysisId: number }> {
  const probe = probeSignalRecord(headerPath);
  const { recordId } = store.upsertRecord({
    path: headerPath,
    name: probe.header.recordName,
    contentSha256: await recordContentHash(headerPath, probe.header),
    fsHz: probe.header.fsHz,
    nSamples: probe.nSamples,
    signalNames: probe.header.signals.map((s, i) => s.description || `signal ${i}`),
    signalUnits: probe.header.signals.map((s) => s.units),
  });
  return {
    recordId,
    analysisId: store.beginAnalysis(recordId, { backend: backend.name, models: models.versions, detector: models.detector }),
  };
}

const backend = await initBackend({ prefer: options.backend, log: () => undefined });
const models = await loadAnalysisModels(backend);
const loadRssMb = process.memoryUsage.rss() / 1048576;
let chunks = 0;
const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
// the CPU time since the previous progress event goes to the step that event ends (first pass and
// beat context up to the first model batch; each batch's event ends that batch's work)
const stageCpuMs = { detect: 0, beats: 0, rhythm: 0, merge: 0 };
const analysisStartCpuMs = cpuMs();
let lastCpuMs = analysisStartCpuMs;
const onProgress = (stage: AnalysisStage, fraction: number): void => {
  if (stage === 'qrs' && fraction < 1) chunks++;
  const now = cpuMs();
  stageCpuMs[stage === 'beats' || stage === 'rhythm' ? stage : 'detect'] += now - lastCpuMs;
  lastCpuMs = now;
};
// with --db the chunks' rows stream into the store as each chunk finishes (as the app's engine
// does), so that no step holds the record's rows at once; the time spent storing is storeMs
const store = options.db ? openStore(options.db) : null;
let storeMs = 0;
const timedStore = async (write: () => Promise<void>): Promise<void> => {
  const t0 = performance.now();
  await write();
  storeMs += performance.now() - t0;
};
const target = store ? await newAnalysis(store) : null;
// without --db each chunk's rows are dropped once made: the analysis' own memory
const { record, analysis } = await streamRecordAnalysis(
  headerPath,
  models,
  (rows) => (store && target ? timedStore(() => store.appendAnalysisRows(target.analysisId, rows)) : Promise.resolve()),
  { onProgress },
);
stageCpuMs.merge += cpuMs() - lastCpuMs;
const result: Record<string, unknown> = {
  record: record.header.recordName,
  backend: backend.name,
  durationH: record.nSamples / record.header.fsHz / 3600,
  elapsedMs: analysis.elapsedMs,
  stageMs: analysis.stageMs,
  beats: analysis.nBeats,
  chunks,
  maxRssMb: peakRssMb(),
  loadRssMb,
  cpuS: cpuMs() / 1000,
  analysisCpuS: (cpuMs() - analysisStartCpuMs) / 1000,
  stageCpuS: Object.fromEntries(Object.entries(stageCpuMs).map(([step, ms]) => [step, ms / 1000])),
};

if (store && target) {
  const { recordId, analysisId } = target;
  await timedStore(() => store.finishAnalysis(analysisId, analysis));
  result.storeMs = storeMs;
  result.storeMaxRssMb = peakRssMb();
  const ctx: AppContext = {
    store,
    engineInfo: {
      backend: { name: backend.name, package: backend.package, tfVersion: backend.tfVersion },
      models: models.versions,
      detector: models.detector,
      concurrency: 1,
    },
    jobs: new AnalysisJobQueue({ run: async () => undefined, onEnd: () => undefined, concurrency: 1, persist: new JobStore(store.db) }),
    log: () => undefined,
    emit: () => undefined,
    subscribe: () => () => undefined,
    close: async () => store.close(),
  };
  const handlers = createHandlers(ctx);
  const durationS = record.nSamples / record.header.fsHz;
  const binS = chooseTrendBinS(durationS); // what the overview asks for
  result.overviewBinS = binS;
  result.overviewMs = await timeMedian(() => handlers['record:overview']({ recordId, binS }));
  const windowSamples = Math.round(10 * record.header.fsHz);
  result.windowMs = await timeMedian((run) => {
    const startSample = Math.floor(((run + 0.5) / (runs + 1)) * (record.nSamples - windowSamples));
    return handlers['record:window']({ recordId, startSample, endSample: startSample + windowSamples });
  });
  // record:window envelopes (envelopeBins) over long spans, mid-record: the whole record, a day, an
  // hour and a 30 min full-disclosure page from the stored pyramid, 10 min (finer than its level 0) from the signal
  const envelopeMs: Record<string, number> = {};
  for (const [label, spanS] of ENVELOPE_SPANS_S) {
    const span = Math.min(record.nSamples, Math.round(spanS * record.header.fsHz));
    envelopeMs[label] = await timeMedian((run) => {
      const startSample = Math.floor(((run + 0.5) / (runs + 1)) * (record.nSamples - span));
      return handlers['record:window']({ recordId, startSample, endSample: startSample + span, envelopeBins: ENVELOPE_BINS });
    });
  }
  result.envelopeBins = ENVELOPE_BINS;
  result.envelopeMs = envelopeMs;
  result.beatsStored = store.beatList(analysisId).samples.length;
  store.close();
}
console.log(JSON.stringify(result));

/**
 * `npm run analyze -- <path...>`: the command-line front door. It is one more
 * transport over the same handlers and job queue as the app and the server:
 * each path goes through `cases:import` with `reanalyse` (a record already in
 * the database is analysed again), the CLI waits for every `job:done`, then
 * prints the stored analysis and writes the annotation files from it. Paths
 * that hold no record are reported before any model is loaded.
 */
import { Command } from 'commander';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Events } from '../shared/api';
import { HOLTER_RHYTHM_AUX } from '../shared/holter-rhythms';
import { AAMI_CLASSES, AAMI_TO_MIT_SYMBOL } from '../shared/labels';
import { formatHms, formatHmsTenths } from '../shared/time-format';
import { createAppContext } from './core/api/app-context';
import { createHandlers } from './core/api/handlers';
import { rhythmAnnotations } from './core/rhythm/rhythm-annotations';
import { defaultDatabasePath } from './core/store/default-database-path';
import type { AnalysisRow, RecordRow, ReviewStore } from './core/store/review-store';
import { writeAnnotations } from './core/wfdb/annotations';
import { findRecordHeaders } from './core/wfdb/records';

/** Longest record, in s, for which `--json` carries the CinC 2017 record call. */
const RECORD_CALL_MAX_S = 61;

const program = new Command()
  .name('npm run analyze --')
  .description(
    'Analyse WFDB records (a .hea, a PhysioNet 2017 .hea/.mat pair named by either file, or a folder of records): ' +
      'QRS detection, AAMI beat classes, rhythm episodes and AF burden.',
  )
  .argument('<path...>', 'record files or folders')
  .option(
    '--out <dir>',
    'also write <record>.beats (beats) and <record>.rhythm (Holter rhythm changes: + with (N, (AFIB, (VT, (SVTA, (B, (T, (VFL, (NOISE, …) MIT annotation files (for bxb / epicmp)',
  )
  .option('--json', 'print one JSON object per record and line (for a record that fails: {path, error, elapsedS})')
  .option('--no-db', 'do not persist the analyses (a temporary database is used and removed)')
  .option('--db <file>', 'SQLite review database (default: $ECG_DB or ~/.holter-workstation/holter.sqlite)')
  .parse();

const options = program.opts<{ out?: string; json?: boolean; db: boolean | string }>();
const log = (line: string): void => void process.stderr.write(line + '\n');

/** One stored analysis as the CLI prints it. */
interface StoredAnalysis {
  record: RecordRow;
  analysis: AnalysisRow;
  /** The header this run imported (a recording imported before keeps one row, whose path may be another copy's). */
  headerPath: string;
}

function writeAnnotationFiles(store: ReviewStore, { record, analysis }: StoredAnalysis, outDir: string): void {
  const beats = store.beatsInRange(analysis.analysisId, 0, Number.MAX_SAFE_INTEGER);
  const base = { subtype: 0, chan: 0, num: 0 };
  writeAnnotations(
    join(outDir, `${record.name}.beats`),
    beats.map((b) => ({ ...base, sample: b.sample, symbol: AAMI_TO_MIT_SYMBOL[b.label], aux: null })),
  );
  writeAnnotations(join(outDir, `${record.name}.rhythm`), rhythmAnnotations(store.episodes(analysis.analysisId)));
}

function stageLine(analysis: AnalysisRow): string {
  const s = (key: string): string => ((analysis.stageMs?.[key] ?? 0) / 1000).toFixed(2);
  return (
    `  elapsed: ${((analysis.elapsedMs ?? 0) / 1000).toFixed(2)} s (read ${s('read')}, qrs ${s('qrs')}, ` +
    `beats ${s('beats')}, rhythm ${s('rhythm')})`
  );
}

function printText(store: ReviewStore, { record, analysis, headerPath }: StoredAnalysis): void {
  const fs = record.fsHz;
  const counts = store.beatCounts(analysis.analysisId);
  const nBeats = AAMI_CLASSES.reduce((sum, c) => sum + counts[c], 0);
  const episodes = store.episodes(analysis.analysisId);
  const call = analysis.recordCall;
  const lines = [
    `${record.name}  (${headerPath})  ${formatHms(record.nSamples / fs)} at ${fs} Hz, ${record.signalNames.length} signal(s)`,
    `  beats ${nBeats}: ${AAMI_CLASSES.map((c) => `${c} ${counts[c]}`).join('  ')}`,
    `  rhythm episodes ${episodes.length}:`,
    ...episodes.map(
      (e) =>
        `    ${formatHmsTenths(e.onsetSample / fs)} – ${formatHmsTenths(e.endSample / fs)}  ${HOLTER_RHYTHM_AUX[e.label]}  ` +
        `(${((e.endSample - e.onsetSample) / fs).toFixed(1)} s, p ${e.meanProbability.toFixed(2)})`,
    ),
    `  AF burden: ${((analysis.afBurden ?? 0) * 100).toFixed(1)} %`,
    ...(analysis.pacing
      ? [`  paced record: ${analysis.pacing.recordPaced ? `yes, ${analysis.pacing.pacedBeats} paced beats (Q)` : 'no'}`]
      : []),
    ...(call
      ? [
          `  record call: ${call.label}  (` +
            Object.entries(call.probabilities)
              .map(([k, p]) => `${k} ${p.toFixed(3)}`)
              .join(', ') +
            ')',
        ]
      : []),
    stageLine(analysis),
  ];
  console.log(lines.join('\n'));
}

function printJson(store: ReviewStore, { record, analysis, headerPath }: StoredAnalysis, warnings: string[]): void {
  const fs = record.fsHz;
  const durationS = record.nSamples / fs;
  const beatCounts = store.beatCounts(analysis.analysisId);
  console.log(
    JSON.stringify({
      record: record.name,
      path: headerPath,
      fsHz: fs,
      durationS,
      beats: AAMI_CLASSES.reduce((sum, c) => sum + beatCounts[c], 0),
      beatCounts,
      episodes: store.episodes(analysis.analysisId).map((e) => ({
        label: e.label,
        aux: HOLTER_RHYTHM_AUX[e.label],
        onsetS: e.onsetSample / fs,
        endS: e.endSample / fs,
        meanProbability: e.meanProbability,
      })),
      afBurden: analysis.afBurden,
      pacing: analysis.pacing,
      ...(durationS <= RECORD_CALL_MAX_S && analysis.recordCall ? { recordCall: analysis.recordCall } : {}),
      warnings,
      elapsedS: (analysis.elapsedMs ?? 0) / 1000,
    }),
  );
}

let failures = 0;
/** Reports a path or record that could not be analysed: on stderr, and as a JSON line with --json. */
const reportFailure = (path: string, message: string, elapsedS: number): void => {
  failures++;
  log(`error: ${message}`);
  if (options.json) console.log(JSON.stringify({ path, error: message, elapsedS }));
};

const paths: string[] = [];
for (const path of program.args.map((p) => resolve(p))) {
  try {
    findRecordHeaders(path);
    paths.push(path);
  } catch (error) {
    reportFailure(path, error instanceof Error ? error.message : String(error), 0);
  }
}
if (paths.length === 0) {
  log('error: no records to analyse');
  process.exit(1);
}

const temporaryDir = options.db === false ? mkdtempSync(join(tmpdir(), 'holter-cli-')) : null;
const databasePath = temporaryDir
  ? join(temporaryDir, 'analyses.sqlite')
  : typeof options.db === 'string'
    ? resolve(options.db)
    : defaultDatabasePath();
mkdirSync(dirname(databasePath), { recursive: true });
const ctx = await createAppContext({ databasePath, log, adoptOrphanedJobs: false }).catch((error: unknown) => {
  log(`error: ${error instanceof Error ? error.message : String(error)}`);
  if (temporaryDir) rmSync(temporaryDir, { recursive: true, force: true });
  process.exit(1);
});
const handlers = createHandlers(ctx);
const ended = new Map<string, Events['job:done']>();
const waiters = new Map<string, () => void>();
ctx.subscribe((event, payload) => {
  if (event !== 'job:done') return;
  const done = payload as Events['job:done'];
  ended.set(done.jobId, done);
  waiters.get(done.jobId)?.();
});
const jobDone = (jobId: string): Promise<Events['job:done']> =>
  new Promise((resolveDone) => {
    const settle = (): void => resolveDone(ended.get(jobId) as Events['job:done']);
    if (ended.has(jobId)) settle();
    else waiters.set(jobId, settle);
  });

try {
  if (options.out) mkdirSync(options.out, { recursive: true });
  const started = performance.now();
  const queued: { path: string; jobId: string; warnings: string[] }[] = [];
  for (const path of paths) {
    const result = await handlers['cases:import']({ path, reanalyse: true });
    for (const failed of result.failed) reportFailure(failed.path, failed.message, (performance.now() - started) / 1000);
    for (const imported of result.imported) {
      for (const warning of imported.warnings) log(`warning: ${warning}`);
      const record = ctx.store.getRecord(imported.recordId);
      const jobId = imported.jobId ?? (await handlers['analysis:start']({ recordId: imported.recordId })).jobId;
      queued.push({ path: record.path, jobId, warnings: imported.warnings });
    }
  }
  for (const { path, jobId, warnings } of queued) {
    const done = await jobDone(jobId);
    if (done.state !== 'done') {
      reportFailure(path, done.error ?? `${path}: analysis ${done.state}`, (performance.now() - started) / 1000);
      continue;
    }
    const record = ctx.store.getRecord(done.recordId);
    const analysis = ctx.store.latestAnalysis(done.recordId, 'done');
    if (!analysis) throw new Error(`${record.path}: job ${jobId} ended done but no analysis is stored`);
    const stored = { record, analysis, headerPath: path };
    if (options.out) writeAnnotationFiles(ctx.store, stored, options.out);
    if (options.json) printJson(ctx.store, stored, warnings);
    else printText(ctx.store, stored);
  }
} finally {
  await ctx.close();
  if (temporaryDir) rmSync(temporaryDir, { recursive: true, force: true });
}
process.exitCode = failures > 0 ? 1 : 0;

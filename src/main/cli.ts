import { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatHms, formatHmsTenths } from '../shared/time-format';
import { AAMI_CLASSES, AAMI_TO_MIT_SYMBOL } from '../shared/labels';
import { analyzeRecord, loadAnalysisModels, type RecordAnalysis } from './core/analysis/analyze-record';
import { recordContentHash } from './core/analysis/content-hash';
import { initBackend } from './core/ml/backend';
import { RHYTHM_AUX } from './core/rhythm/rhythm-labels';
import { defaultDatabasePath } from './core/store/default-database-path';
import { ReviewStore } from './core/store/review-store';
import { writeAnnotations, type Annotation } from './core/wfdb/annotations';
import { findRecordHeaders } from './core/wfdb/records';
import { probeRecord } from './core/wfdb/probe-record';
import type { RecordProbe } from './core/wfdb/probe-record';

const program = new Command()
  .name('npm run analyze --')
  .description(
    'Analyse WFDB records (a .hea, a PhysioNet 2017 .hea/.mat pair named by either file, or a folder of records): ' +
      'QRS detection, AAMI beat classes, rhythm episodes and AF burden.',
  )
  .argument('<path...>', 'record files or folders')
  .option('--out <dir>', 'also write <record>.beats and <record>.rhythm MIT annotation files (for bxb / epicmp)')
  .option('--json', 'print one JSON object per record and line (for a record that fails: {path, error, elapsedS})')
  .option('--no-db', 'do not persist the analyses')
  .option('--db <file>', 'SQLite review database (default: $ECG_DB or ~/.holter-workstation/holter.sqlite)')
  .parse();

const options = program.opts<{ out?: string; json?: boolean; db: boolean | string }>();
const paths = program.args;
const log = (line: string): void => void process.stderr.write(line + '\n');

function beatAnnotations(analysis: RecordAnalysis): Annotation[] {
  return Array.from(analysis.beatSamples, (sample, i) => ({
    sample,
    symbol: AAMI_TO_MIT_SYMBOL[analysis.beatLabels[i] ?? 'Q'],
    subtype: 0,
    chan: 0,
    num: 0,
    aux: null,
  }));
}

function rhythmAnnotations(analysis: RecordAnalysis): Annotation[] {
  return analysis.episodes.map((e) => ({ sample: e.onsetSample, symbol: '+', subtype: 0, chan: 0, num: 0, aux: RHYTHM_AUX[e.label] }));
}

function printText(headerPath: string, record: RecordProbe, analysis: RecordAnalysis): void {
  const fs = record.header.fsHz;
  const counts = AAMI_CLASSES.map((c) => `${c} ${analysis.beatCounts[c]}`).join('  ');
  const lines = [
    `${record.header.recordName}  (${headerPath})  ${formatHms(record.nSamples / fs)} at ${fs} Hz, ${record.header.nSignals} signal(s)`,
    `  beats ${analysis.beatSamples.length}: ${counts}`,
    `  rhythm episodes ${analysis.episodes.length}:`,
    ...analysis.episodes.map(
      (e) =>
        `    ${formatHmsTenths(e.onsetSample / fs)} – ${formatHmsTenths(e.endSample / fs)}  ${RHYTHM_AUX[e.label]}  ` +
        `(${((e.endSample - e.onsetSample) / fs).toFixed(1)} s, p ${e.meanProbability.toFixed(2)})`,
    ),
    `  AF burden: ${(analysis.afBurden * 100).toFixed(1)} %`,
    ...(analysis.recordCall
      ? [
          `  record call: ${analysis.recordCall.label}  (` +
            Object.entries(analysis.recordCall.probabilities)
              .map(([k, p]) => `${k} ${p.toFixed(3)}`)
              .join(', ') +
            ')',
        ]
      : []),
    `  elapsed: ${(analysis.elapsedMs / 1000).toFixed(2)} s (read ${(analysis.stageMs.read / 1000).toFixed(2)}, qrs ${(analysis.stageMs.qrs / 1000).toFixed(2)}, ` +
      `beats ${(analysis.stageMs.beats / 1000).toFixed(2)}, rhythm ${(analysis.stageMs.rhythm / 1000).toFixed(2)})`,
  ];
  console.log(lines.join('\n'));
}

function printJson(headerPath: string, record: RecordProbe, analysis: RecordAnalysis, warnings: string[]): void {
  const fs = record.header.fsHz;
  const durationS = record.nSamples / fs;
  console.log(
    JSON.stringify({
      record: record.header.recordName,
      path: headerPath,
      fsHz: fs,
      durationS,
      beats: analysis.beatSamples.length,
      beatCounts: analysis.beatCounts,
      episodes: analysis.episodes.map((e) => ({
        label: e.label,
        aux: RHYTHM_AUX[e.label],
        onsetS: e.onsetSample / fs,
        endS: e.endSample / fs,
        meanProbability: e.meanProbability,
      })),
      afBurden: analysis.afBurden,
      ...(durationS <= 61 && analysis.recordCall ? { recordCall: analysis.recordCall } : {}),
      elapsedS: analysis.elapsedMs / 1000,
      warnings,
    }),
  );
}

const headers: string[] = [];
let failures = 0;
for (const path of paths) {
  try {
    headers.push(...findRecordHeaders(resolve(path)));
  } catch (error) {
    failures++;
    const message = error instanceof Error ? error.message : String(error);
    log(`error: ${message}`);
    if (options.json) console.log(JSON.stringify({ path, error: message, elapsedS: 0 }));
  }
}

if (headers.length === 0) {
  log('error: no records to analyse');
  process.exit(1);
}

const backend = await initBackend({ log });
const models = await loadAnalysisModels(backend);
const store = options.db === false ? null : new ReviewStore(typeof options.db === 'string' ? resolve(options.db) : defaultDatabasePath());
store?.recoverInterruptedAnalyses();
if (options.out) mkdirSync(options.out, { recursive: true });

for (const headerPath of headers) {
  const started = performance.now();
  try {
    const { warnings } = probeRecord(headerPath);
    for (const warning of warnings) log(`warning: ${warning}`);
    const { record, analysis } = await analyzeRecord(headerPath, models);
    if (options.out) {
      writeAnnotations(join(options.out, `${record.header.recordName}.beats`), beatAnnotations(analysis));
      writeAnnotations(join(options.out, `${record.header.recordName}.rhythm`), rhythmAnnotations(analysis));
    }
    if (store) {
      const { recordId } = store.upsertRecord({
        path: headerPath,
        name: record.header.recordName,
        contentSha256: await recordContentHash(headerPath, record.header),
        fsHz: record.header.fsHz,
        nSamples: record.nSamples,
        signalNames: record.header.signals.map((s, i) => s.description || `signal ${i}`),
        signalUnits: record.header.signals.map((s) => s.units),
      });
      const analysisId = store.beginAnalysis(recordId, {
        backend: `${backend.name} (${backend.package})`,
        models: models.versions,
        detector: models.detector,
      });
      await store.completeAnalysis(analysisId, analysis);
    }
    if (options.json) printJson(headerPath, record, analysis, warnings);
    else printText(headerPath, record, analysis);
  } catch (error) {
    failures++;
    const message = error instanceof Error ? error.message : String(error);
    log(`error: ${message}`);
    if (options.json) console.log(JSON.stringify({ path: headerPath, error: message, elapsedS: (performance.now() - started) / 1000 }));
  }
}
store?.close();
process.exitCode = failures > 0 ? 1 : 0;

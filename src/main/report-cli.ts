import { Command, InvalidArgumentError } from 'commander';
import { existsSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { EXPORT_FORMATS, type ExportFormat } from '../shared/api';
import { analyzeRecord, loadAnalysisModels } from './core/analysis/analyze-record';
import { recordContentHash } from './core/analysis/content-hash';
import { appVersion } from './core/api/app-version';
import type { CaseExportSource } from './core/exports/case-export-source';
import { exportFile } from './core/exports/export-file';
import { UNREVIEWED } from './core/exports/export-provenance';
import { storedCaseSource } from './core/exports/stored-case-source';
import { initBackend } from './core/ml/backend';
import { defaultDatabasePath } from './core/store/default-database-path';
import { logExport } from './core/store/export-log';
import { ReviewStore } from './core/store/review-store';
import { probeSignalRecord } from './core/formats/probe-signal-record';

const program = new Command()
  .name('npm run report --')
  .description(
    'Write the Holter report PDF (or another export) of a record. RECORD is a .hea path, or a case id with --db. ' +
      'A record in the database is reported from its stored (reviewed) analysis and the export is logged in the audit ' +
      'trail; any other record is analysed first (the report then says it is not reviewed).',
  )
  .argument('<record>', '.hea path, or case id (with --db)')
  .requiredOption('--out <file>', 'output file')
  .option(
    '--format <format>',
    `export format: ${EXPORT_FORMATS.join(', ')}`,
    (v: string): ExportFormat => {
      if (!(EXPORT_FORMATS as readonly string[]).includes(v))
        throw new InvalidArgumentError(`expected one of ${EXPORT_FORMATS.join(', ')}`);
      return v as ExportFormat;
    },
    'report-pdf',
  )
  .option('--db <file>', 'SQLite review database (default: $ECG_DB or ~/.holter-workstation/holter.sqlite, used when it exists)')
  .option('--reviewer <name>', 'who makes the export, for the audit trail', `cli:${userInfo().username}`)
  .parse();

const options = program.opts<{ out: string; format: ExportFormat; db?: string; reviewer: string }>();
const [recordArg = ''] = program.args;
const log = (line: string): void => void process.stderr.write(line + '\n');
const version = appVersion();

/** The stored case of the argument (case id, or the .hea by content hash), or null when it is not in the database. */
async function storedRecordId(store: ReviewStore): Promise<number | null> {
  if (/^\d+$/.test(recordArg)) return store.getRecord(Number(recordArg)).recordId;
  const { header } = probeSignalRecord(recordArg);
  const hash = await recordContentHash(recordArg, header);
  const row = store.db.prepare('SELECT id FROM records WHERE content_sha256 = ?').get(hash) as { id: number } | undefined;
  return row?.id ?? null;
}

async function analysedSource(headerPath: string): Promise<CaseExportSource> {
  const backend = await initBackend({ log });
  const models = await loadAnalysisModels(backend);
  const { record, analysis } = await analyzeRecord(headerPath, models);
  const name = analysis.recordName;
  return {
    headerPath,
    recordName: name,
    fsHz: analysis.fsHz,
    nSamples: analysis.nSamples,
    baseTime: record.header.baseTime,
    baseDate: record.header.baseDate,
    beats: Array.from(analysis.beatSamples, (sample, i) => ({
      sample,
      label: analysis.beatLabels[i] ?? 'Q',
      source: 'model' as const,
      artefact: false,
    })),
    episodes: analysis.episodes,
    artefactSpans: [],
    addedStrips: [],
    provenance: {
      recordName: name,
      analysis: null,
      models: models.versions,
      review: UNREVIEWED,
      appVersion: version,
      exportedAt: new Date().toISOString(),
    },
  };
}

async function main(): Promise<void> {
  const dbPath = options.db ? resolve(options.db) : defaultDatabasePath();
  const store = options.db !== undefined || existsSync(dbPath) ? new ReviewStore(dbPath) : null;
  try {
    const recordId = store ? await storedRecordId(store) : null;
    if (store && recordId !== null && store.latestAnalysis(recordId, 'done') !== null) {
      const { source, analysisId } = storedCaseSource(store, recordId, version);
      const file = await exportFile(options.format, source);
      // Logged before the file is written: a process killed in between leaves an audited export, never an unaudited one.
      const event = logExport(store, {
        recordId,
        format: options.format,
        reviewer: options.reviewer,
        fileName: file.fileName,
        bytes: file.bytes,
        details: { analysisId, models: [...source.provenance.models], reviewStatus: source.provenance.review.status },
      });
      writeFileSync(options.out, file.bytes);
      log(
        `${options.out}: ${options.format} of case ${recordId} (${source.recordName}, ${source.provenance.review.status}), audit row ${event.eventId}`,
      );
      return;
    }
    if (/^\d+$/.test(recordArg)) throw new Error(`case ${recordArg} has no finished analysis in ${dbPath}`);
    log(`${recordArg}: not analysed in ${store ? dbPath : 'any database'}; analysing it now (the export is not audited)`);
    const file = await exportFile(options.format, await analysedSource(resolve(recordArg)));
    writeFileSync(options.out, file.bytes);
    log(`${options.out}: ${options.format} of ${recordArg} (not reviewed)`);
  } finally {
    store?.close();
  }
}

main().catch((error: unknown) => {
  log(`report: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

/**
 * Analyses one record through the app's engine path (benchEngineAnalysis: `cases:import`, the job
 * queue, the 2-worker engine) in this process and prints one JSON line `{"lines": [...]}`: the
 * figures of benchEngineAnalysis, then the peak resident memory of this process (the serving thread
 * and its workers, models, chunks and store included) against the 1 GB target of issue 13, so that
 * `npm run bench` measures each record in a fresh process.
 *
 *   npx tsx scripts/measure-engine.ts <record.hea> [--backend native|wasm|cpu] [--label text]
 */
import { Command } from 'commander';
import { resolve } from 'node:path';
import type { BackendPreference } from '../src/main/core/ml/backend-preference';
import { benchEngineAnalysis } from './bench-engine';
import { peakRssMb } from './peak-rss';

/** Largest peak RSS of the engine path, in MB (issue 13: ≤ 1 GB for the 24 h and the 7-day record). */
const MAX_RSS_MB = 1024;

const program = new Command()
  .argument('<header>', 'record .hea')
  .option('--backend <name>', 'tfjs backend preference of the workers (native, wasm, cpu)', 'native')
  .option('--label <text>', 'label that starts each printed line', 'native')
  .parse();
const [headerArg] = program.args;
const options = program.opts<{ backend: BackendPreference; label: string }>();
if (!headerArg) throw new Error('measure-engine: need a header path');
const { label } = options;
const figures = await benchEngineAnalysis(resolve(headerArg), options.backend, label);
const peakMb = peakRssMb();
const verdict = peakMb <= MAX_RSS_MB ? 'met' : 'MISSED';
figures.lines.push(
  `${label}: peak RSS of the serving process with its workers (fresh process, whole run: models, analysis, store) ${(peakMb / 1024).toFixed(2)} GB (target ≤ ${MAX_RSS_MB / 1024} GB: ${verdict})`,
);
console.log(JSON.stringify(figures));

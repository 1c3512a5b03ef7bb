/**
 * Builds the 24-hour test record of ../shared/reference/README.md §4: the 48 MIT-BIH Arrhythmia
 * records concatenated byte-wise (31,200,000 frames = 24:04:26.7 at 360 Hz), with its annotations
 * (see holter-concat.ts). Used to time the analysis of a Holter-length record; not committed.
 *
 *   npx tsx scripts/make-holter-24h.ts [--data ../shared/data/mitdb] [--out data/holter24h]
 */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { writeHolterConcatenation } from './holter-concat';

const options = new Command()
  .option('--data <dir>', 'mitdb folder', resolve(import.meta.dirname, '../../shared/data/mitdb'))
  .option('--out <dir>', 'output folder', resolve(import.meta.dirname, '../data/holter24h'))
  .parse()
  .opts<{ data: string; out: string }>();

const { headerPath, frames } = writeHolterConcatenation({ ...options, name: 'concat24h', repeats: 1 });
console.log(`wrote ${headerPath}: ${frames} frames (${(frames / 360 / 3600).toFixed(3)} h)`);

/**
 * Builds the 7-day test record: the 24 h concatenation of make-holter-24h.ts (the 48 MIT-BIH
 * Arrhythmia records) written 7 times in a row, 218,400,000 frames = 7 d 0:31 at 360 Hz, 655 MB,
 * with its annotations (see holter-concat.ts). Used to show that the analysis' memory does not grow
 * with the record's length and that its time grows linearly; not committed.
 *
 *   npx tsx scripts/make-holter-7d.ts [--data ../shared/data/mitdb] [--out data/holter7d]
 */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { writeHolterConcatenation } from './holter-concat';

const options = new Command()
  .option('--data <dir>', 'mitdb folder', resolve(import.meta.dirname, '../../shared/data/mitdb'))
  .option('--out <dir>', 'output folder', resolve(import.meta.dirname, '../data/holter7d'))
  .parse()
  .opts<{ data: string; out: string }>();

const { headerPath, frames } = writeHolterConcatenation({ ...options, name: 'concat7d', repeats: 7 });
console.log(`wrote ${headerPath}: ${frames} frames (${(frames / 360 / 86400).toFixed(3)} d)`);

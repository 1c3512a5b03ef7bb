/**
 * Builds the 24-hour test record of ../shared/reference/README.md §4: the 48
 * MIT-BIH Arrhythmia records concatenated byte-wise (format 212, 650,000
 * frames each, so 31,200,000 frames = 24:04:26.7 at 360 Hz), with a header
 * whose checksums are the sums of the 48 records' checksums modulo 2^16.
 * Used to time the analysis of a Holter-length record; not committed.
 *
 *   npx tsx scripts/make-holter-24h.ts [--data ../shared/data/mitdb] [--out data/holter24h]
 */
import { Command } from 'commander';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseHeader } from '../src/main/core/wfdb/header';

const options = new Command()
  .option('--data <dir>', 'mitdb folder', resolve(import.meta.dirname, '../../shared/data/mitdb'))
  .option('--out <dir>', 'output folder', resolve(import.meta.dirname, '../data/holter24h'))
  .parse()
  .opts<{ data: string; out: string }>();

const names = readFileSync(join(options.data, 'RECORDS'), 'utf8').split(/\s+/).filter(Boolean);
mkdirSync(options.out, { recursive: true });
const datPath = join(options.out, 'concat24h.dat');
const fd = openSync(datPath, 'w');
const sums = [0, 0];
let frames = 0;
for (const name of names) {
  const header = parseHeader(readFileSync(join(options.data, `${name}.hea`), 'latin1'), `${name}.hea`);
  if (header.fsHz !== 360 || header.nSignals !== 2 || header.signals.some((s) => s.format !== 212)) {
    throw new Error(`${name}.hea: expected 2 signals of format 212 at 360 Hz`);
  }
  header.signals.forEach((s, i) => (sums[i] = ((sums[i] as number) + (s.checksum ?? 0)) & 0xffff));
  frames += header.nSamples;
  writeSync(fd, readFileSync(join(options.data, `${name}.dat`)));
}
closeSync(fd);
const signed = (v: number): number => (v >= 0x8000 ? v - 0x10000 : v);
writeFileSync(
  join(options.out, 'concat24h.hea'),
  [
    `concat24h 2 360 ${frames}`,
    `concat24h.dat 212 200 11 1024 995 ${signed(sums[0] as number)} 0 ECG0`,
    `concat24h.dat 212 200 11 1024 1011 ${signed(sums[1] as number)} 0 ECG1`,
    '',
  ].join('\n'),
);
console.log(
  `wrote ${join(options.out, 'concat24h.hea')}: ${names.length} records, ${frames} frames (${(frames / 360 / 3600).toFixed(3)} h)`,
);

/**
 * Writes a Holter-length test record made of the 48 MIT-BIH Arrhythmia records concatenated
 * byte-wise (format 212, 650,000 frames each), the whole sequence repeated `repeats` times, with a
 * header whose checksums are the sums of the parts' checksums modulo 2^16 and an `.atr` holding every
 * part's reference annotations, sample numbers shifted by the part's offset. Used by
 * make-holter-24h.ts (once: 24:04:26.7 at 360 Hz, ../shared/reference/README.md §4) and
 * make-holter-7d.ts (7 times); not committed.
 */
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { readAnnotations, writeAnnotations, type Annotation } from '../src/main/core/wfdb/annotations';
import { parseHeader } from '../src/main/core/wfdb/header';

/** What to concatenate and where. */
export interface HolterConcatOptions {
  /** mitdb folder (with RECORDS) */
  data: string;
  /** output folder */
  out: string;
  /** record name of the result (files NAME.hea, NAME.dat, NAME.atr) */
  name: string;
  /** how many times the 48-record sequence is written (≥ 1) */
  repeats: number;
}

/**
 * Writes the concatenation.
 * @returns the header path and the number of frames
 * @throws Error naming the header of a record that is not 2 signals of format 212 at 360 Hz
 */
export function writeHolterConcatenation(options: HolterConcatOptions): { headerPath: string; frames: number } {
  const { data, out, name, repeats } = options;
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`repeats must be a positive integer, got ${repeats}`);
  const names = readFileSync(join(data, 'RECORDS'), 'utf8').split(/\s+/).filter(Boolean);
  const parts = names.map((record) => {
    const header = parseHeader(readFileSync(join(data, `${record}.hea`), 'latin1'), `${record}.hea`);
    if (header.fsHz !== 360 || header.nSignals !== 2 || header.signals.some((s) => s.format !== 212)) {
      throw new Error(`${record}.hea: expected 2 signals of format 212 at 360 Hz`);
    }
    return { record, header, annotations: readAnnotations(join(data, `${record}.atr`)) };
  });
  mkdirSync(out, { recursive: true });
  const fd = openSync(join(out, `${name}.dat`), 'w');
  const sums = [0, 0];
  const annotations: Annotation[] = [];
  let frames = 0;
  for (let r = 0; r < repeats; r++) {
    for (const part of parts) {
      part.header.signals.forEach((s, i) => (sums[i] = ((sums[i] as number) + (s.checksum ?? 0)) & 0xffff));
      for (const a of part.annotations) annotations.push({ ...a, sample: a.sample + frames });
      frames += part.header.nSamples;
      writeSync(fd, readFileSync(join(data, `${part.record}.dat`)));
    }
  }
  closeSync(fd);
  writeAnnotations(join(out, `${name}.atr`), annotations);
  const signed = (v: number): number => (v >= 0x8000 ? v - 0x10000 : v);
  const headerPath = join(out, `${name}.hea`);
  writeFileSync(
    headerPath,
    [
      `${name} 2 360 ${frames}`,
      `${name}.dat 212 200 11 1024 995 ${signed(sums[0] as number)} 0 ECG0`,
      `${name}.dat 212 200 11 1024 1011 ${signed(sums[1] as number)} 0 ECG1`,
      '',
    ].join('\n'),
  );
  return { headerPath, frames };
}

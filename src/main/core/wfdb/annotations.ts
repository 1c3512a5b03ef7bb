import { writeFileSync } from 'node:fs';
import { mitCodeOfSymbol, symbolOfMitCode } from '../../../shared/labels';
import { fileSystemError, WfdbError } from './errors';
import { readRecordFile } from './record-file';

/** One annotation of a WFDB annotation file, with the fields `rdann` prints. */
export interface Annotation {
  /** Sample number (0-based, absolute from record start). */
  sample: number;
  /** WFDB mnemonic ('N', 'V', '+', …; `[n]` for codes without one). */
  symbol: string;
  /** Annotation subtype, −128..127 (WFDB `subtyp`, signed char). */
  subtype: number;
  /** Signal number, 0..255 (WFDB `chan`, unsigned char). */
  chan: number;
  /** Annotator number, −128..127 (WFDB `num`, signed char). */
  num: number;
  /** Auxiliary string (e.g. rhythm '(AFIB'), bytes read as Latin-1 up to the first NUL as `rdann` prints it, or null when absent. */
  aux: string | null;
}

/**
 * An annotation on signal 0 with subtype 0 and annotator number 0, the form the project writes.
 * @param sample - sample number (0-based, absolute from record start)
 * @param symbol - WFDB mnemonic ('N', 'V', '+', '"', …)
 * @param aux - auxiliary string (e.g. rhythm '(AFIB', a note's text), or null
 * @returns the annotation
 */
export function annotationAt(sample: number, symbol: string, aux: string | null = null): Annotation {
  return { sample, symbol, subtype: 0, chan: 0, num: 0, aux };
}

/** MIT annotation file layout constants (https://physionet.org/physiotools/wag/annot-5.htm). */
const MIT = Object.freeze({
  dataMask: 0x3ff,
  codeShift: 10,
  /** Largest interval a plain annotation word can hold. */
  maxInterval: 1023,
  skip: 59,
  num: 60,
  sub: 61,
  chn: 62,
  aux: 63,
  /** Smallest pseudo-annotation code (SKIP). */
  pseudoMin: 59,
  maxAuxBytes: 255,
});

/** AHA annotation codes that WFDB's `annopen` takes as the signature of an AHA-format file (after a null byte). */
const AHA_FIRST_CODES = 'EFNOPQRUV';

const int8 = (v: number): number => (v << 24) >> 24;

/** Largest annotation file read, in bytes: a 14-day record with one beat per 0.3 s takes about 16 MB. */
const MAX_ANNOTATION_FILE_BYTES = 1 << 28;

/**
 * Reads an MIT-format annotation file (https://physionet.org/physiotools/wag/annot-5.htm) the way WFDB's `getann`
 * does: SKIP adds a 32-bit interval, SUB sets the subtype of the preceding annotation only, CHN and NUM set chan and
 * num for the preceding annotation and all later ones until changed, AUX attaches a string; a 0x0000 word ends the
 * file (a file ending right after a complete annotation without it is accepted).
 *
 * @param path annotation file path (e.g. `100.atr`).
 * @returns annotations in file order, with absolute 0-based sample numbers.
 * @throws WfdbError naming the file when it cannot be read, is not a regular file (a FIFO is refused without
 *   blocking), is longer than 256 MiB, is truncated inside an annotation, starts with an AHA-format signature, or
 *   gives a negative time.
 */
export function readAnnotations(path: string): Annotation[] {
  const buf = readRecordFile(path, 'annotation file', MAX_ANNOTATION_FILE_BYTES);
  const n = buf.length;
  if (n >= 2 && buf[0] === 0 && AHA_FIRST_CODES.includes(String.fromCharCode(buf[1] as number))) {
    throw new WfdbError(path, 'looks like an AHA-format annotation file, only MIT format is supported');
  }
  let pos = 0;
  const word = (): number => {
    if (pos + 2 > n) throw new WfdbError(path, `truncated at byte ${pos}`);
    const w = (buf[pos] as number) | ((buf[pos + 1] as number) << 8);
    pos += 2;
    return w;
  };
  const long = (): number => {
    const high = word();
    const low = word();
    return (high << 16) | low | 0;
  };

  const out: Annotation[] = [];
  let time = 0;
  let chan = 0;
  let num = 0;
  let current: Annotation | null = null;
  while (pos < n) {
    const w = word();
    if (w === 0) break;
    const code = w >> MIT.codeShift;
    const data = w & MIT.dataMask;
    if (code < MIT.pseudoMin) {
      time += data;
      if (time < 0) throw new WfdbError(path, `annotation at byte ${pos - 2} has negative time ${time}`);
      current = { sample: time, symbol: symbolOfMitCode(code), subtype: 0, chan, num, aux: null };
      out.push(current);
      continue;
    }
    switch (code) {
      case MIT.skip:
        time += long();
        break;
      case MIT.num:
        num = int8(data);
        if (current) current.num = num;
        break;
      case MIT.sub:
        if (current) current.subtype = int8(data);
        break;
      case MIT.chn:
        chan = data & 0xff;
        if (current) current.chan = chan;
        break;
      default: {
        const len = w & 0xff;
        if (pos + len > n) throw new WfdbError(path, `truncated aux string at byte ${pos}`);
        const nul = buf.indexOf(0, pos);
        const aux = buf.toString('latin1', pos, nul >= pos && nul < pos + len ? nul : pos + len);
        pos += (len + 1) & ~1;
        if (current) current.aux = aux;
      }
    }
  }
  return out;
}

/**
 * Encodes annotations as the bytes of an MIT-format annotation file, as WFDB's `putann` writes them: intervals over
 * 1023 samples go in a SKIP, SUB only for non-zero subtypes, CHN and NUM only where they change (both start at 0), AUX
 * for non-empty strings (Latin-1 bytes, padded to an even length), and a final 0x0000 word.
 *
 * @param path the file the bytes are for, named in errors.
 * @param annotations annotations sorted by sample (ties allowed).
 * @returns the file's bytes.
 * @throws WfdbError naming the file when the input is not sorted by sample, has a negative or non-integer sample,
 *   an unknown symbol, an out-of-range subtype/chan/num, or an aux string over 255 bytes.
 */
export function encodeAnnotations(path: string, annotations: readonly Annotation[]): Buffer {
  const words: number[] = [];
  const auxChunks: { at: number; bytes: Buffer }[] = [];
  let time = 0;
  let chan = 0;
  let num = 0;
  annotations.forEach((a, i) => {
    const where = `annotation ${i} (sample ${a.sample}, '${a.symbol}')`;
    if (!Number.isInteger(a.sample) || a.sample < 0) throw new WfdbError(path, `${where}: sample must be a non-negative integer`);
    if (a.sample < time) throw new WfdbError(path, `${where}: annotations are not sorted by sample (previous at ${time})`);
    const code = mitCodeOfSymbol(a.symbol);
    if (code === null || code >= MIT.pseudoMin) throw new WfdbError(path, `${where}: unknown annotation symbol`);
    if (!Number.isInteger(a.subtype) || a.subtype < -128 || a.subtype > 127)
      throw new WfdbError(path, `${where}: subtype out of range -128..127`);
    if (!Number.isInteger(a.chan) || a.chan < 0 || a.chan > 255) throw new WfdbError(path, `${where}: chan out of range 0..255`);
    if (!Number.isInteger(a.num) || a.num < -128 || a.num > 127) throw new WfdbError(path, `${where}: num out of range -128..127`);

    let delta = a.sample - time;
    if (code === 0) {
      words.push(MIT.skip << MIT.codeShift, ((delta - 1) >>> 16) & 0xffff, (delta - 1) & 0xffff);
      delta = 1;
    } else if (delta > MIT.maxInterval) {
      words.push(MIT.skip << MIT.codeShift, (delta >>> 16) & 0xffff, delta & 0xffff);
      delta = 0;
    }
    words.push((code << MIT.codeShift) | delta);
    if (a.subtype !== 0) words.push((MIT.sub << MIT.codeShift) | (a.subtype & MIT.dataMask));
    if (a.chan !== chan) words.push((MIT.chn << MIT.codeShift) | a.chan);
    if (a.num !== num) words.push((MIT.num << MIT.codeShift) | (a.num & MIT.dataMask));
    if (a.aux !== null && a.aux !== '') {
      const bytes = Buffer.from(a.aux, 'latin1');
      if (bytes.length > MIT.maxAuxBytes) throw new WfdbError(path, `${where}: aux string longer than 255 bytes`);
      words.push((MIT.aux << MIT.codeShift) | bytes.length);
      auxChunks.push({ at: words.length, bytes });
      for (let k = 0; k < (bytes.length + 1) >> 1; k++) words.push(0);
    }
    time = a.sample;
    chan = a.chan;
    num = a.num;
  });
  words.push(0);

  const out = Buffer.alloc(words.length * 2);
  words.forEach((w, i) => out.writeUInt16LE(w, i * 2));
  for (const { at, bytes } of auxChunks) bytes.copy(out, at * 2);
  return out;
}

/**
 * Writes annotations as an MIT-format annotation file ({@link encodeAnnotations} gives the bytes).
 *
 * @param path output file path (overwritten).
 * @param annotations annotations sorted by sample (ties allowed).
 * @throws WfdbError naming the file for the input errors of {@link encodeAnnotations}, or when writing fails.
 */
export function writeAnnotations(path: string, annotations: readonly Annotation[]): void {
  const out = encodeAnnotations(path, annotations);
  try {
    writeFileSync(path, out);
  } catch (err) {
    throw fileSystemError(path, err, 'annotation file', 'write');
  }
}

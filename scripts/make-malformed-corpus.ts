/**
 * Builds the malformed-input corpus: several hundred broken (and a few intact) WFDB / PhysioNet 2017 records made
 * from the small real excerpts under `test/fixtures/` (mitdb 100 in formats 212 and 16, CinC 2017 A00061), each with
 * the outcome an importer must give: reject with a message matching a pattern (and naming a file of the case), or
 * import. Seeded, so every run writes the same bytes. `test/e2e/malformed-corpus.e2e.test.ts` drives it through the
 * CLI and the server import.
 *
 * Usage: `tsx scripts/make-malformed-corpus.ts <out-dir> [seed]` (writes the cases and `manifest.json`).
 */
import { Command } from 'commander';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { seededRandom } from '../src/main/core/ml/seeded-random';

/** What an importer must do with a case. */
export type ExpectedOutcome =
  | {
      outcome: 'import';
      /** regex source a warning must match, when the header is unusual */
      warning?: string;
      /** fewest beats the analysis must find (a loose bound below the reference annotations' count), when checked */
      beatsAtLeast?: number;
    }
  | { outcome: 'reject'; /** regex source the error message must match */ message: string };

/** One corpus case. */
export interface CorpusCase {
  id: string;
  family: string;
  /** Folder of the case's files. */
  dir: string;
  /** What to import (a `.hea`, another file of the record, or a folder). */
  importPath: string;
  expected: ExpectedOutcome;
}

const FIXTURES = resolve(import.meta.dirname, '../test/fixtures');

/** The real records the cases are made from. */
const SOURCES = {
  /** mitdb 100, 10 s, 2 signals, format 212. */
  mit212: { dir: join(FIXTURES, 'wfdb/excerpts'), name: '100', signalFile: '100.dat', extra: [] as string[] },
  /** mitdb 100 signal 0, 60 s, format 16, with its reference annotations. */
  mit16: { dir: join(FIXTURES, 'qrs'), name: '100_0', signalFile: '100_0.dat', extra: ['100_0.atr'] },
  /** CinC 2017 A00061, 30 s, MATLAB v4 .mat read as format 16+24. */
  cinc: { dir: join(FIXTURES, 'rhythm'), name: 'A00061', signalFile: 'A00061.mat', extra: [] as string[] },
} as const;
type SourceName = keyof typeof SOURCES;

const reject = (message: string): ExpectedOutcome => ({ outcome: 'reject', message });
const accept = (warning?: string, beatsAtLeast?: number): ExpectedOutcome => ({
  outcome: 'import',
  ...(warning === undefined ? {} : { warning }),
  ...(beatsAtLeast === undefined ? {} : { beatsAtLeast }),
});
/**
 * Fewest beats an analysis of an intact mitdb source must find: somewhat below the reference annotations (mitdb
 * 100.atr has 13 beats in the first 10 s and 74 in the first 60 s; `rdann -r 100 -a atr`). A00061 has no reference
 * beats and is not checked.
 */
const MIN_BEATS: Record<SourceName, number | undefined> = { mit212: 10, mit16: 65, cinc: undefined };

/** Header lines of a source as fields: line 0 the record line, 1… the signal lines; comments dropped. */
function headerFields(source: SourceName): string[][] {
  const { dir, name } = SOURCES[source];
  return readFileSync(join(dir, `${name}.hea`), 'latin1')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => l.trim().split(/\s+/));
}

const joinHeader = (lines: string[][]): string => lines.map((f) => f.join(' ')).join('\n') + '\n';

/**
 * Writes every case under outDir.
 * @param outDir folder to write into (created; should be empty).
 * @param seed PRNG seed for the random-bytes cases.
 * @returns the cases, in a fixed order.
 */
export function makeMalformedCorpus(outDir: string, seed = 14): CorpusCase[] {
  const random = seededRandom(seed);
  const cases: CorpusCase[] = [];
  const randomBytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));

  /** Copies a source record into a new case folder; returns the folder and the header path. */
  function add(
    family: string,
    source: SourceName,
    expected: ExpectedOutcome,
    mutate: (dir: string, hea: string) => string | void = () => undefined,
  ): void {
    const { dir: from, name, signalFile, extra } = SOURCES[source];
    const id = `${String(cases.length).padStart(3, '0')}-${family}`;
    const dir = join(outDir, id);
    mkdirSync(dir, { recursive: true });
    for (const f of [`${name}.hea`, signalFile, ...extra]) copyFileSync(join(from, f), join(dir, f));
    const hea = join(dir, `${name}.hea`);
    const importPath = mutate(dir, hea) ?? hea;
    cases.push({ id, family, dir, importPath, expected });
  }

  /** A case whose header is the source's with one field replaced. */
  function field(family: string, source: SourceName, line: number, index: number, value: string, expected: ExpectedOutcome): void {
    add(family, source, expected, (_dir, hea) => {
      const lines = headerFields(source);
      (lines[line] as string[])[index] = value;
      writeFileSync(hea, joinHeader(lines), 'latin1');
    });
  }

  // Intact controls.
  for (const source of Object.keys(SOURCES) as SourceName[]) add('control', source, accept(undefined, MIN_BEATS[source]));
  add('control-folder', 'mit212', accept(), (dir) => dir);
  add('control-via-signal-file', 'cinc', accept(), (dir) => join(dir, 'A00061.mat'));
  add('control-crlf', 'mit16', accept(), (_dir, hea) => void writeFileSync(hea, readFileSync(hea, 'latin1').replace(/\n/g, '\r\n')));

  // Header field garbage, one field at a time (record line fields, then signal line fields).
  const recordLine: [number, string, string][] = [
    [1, 'x', "signal count 'x' is not an integer \\(WFDB field n_sig\\)"],
    [1, '-1', "signal count '-1' is impossible"],
    [1, '65', "signal count '65' is impossible"],
    [1, '999999999999', "signal count '999999999999' is impossible"],
    [1, '2', 'announces 2 signals but only 1 signal lines follow'],
    [1, '0', 'unexpected text after the 0 signal lines'],
    [2, 'fast', "sampling frequency 'fast' is not a number \\(WFDB field fs\\)"],
    [2, '0', "sampling frequency '0' is impossible \\(WFDB field fs\\)"],
    [2, '-360', "sampling frequency '-360' is impossible"],
    [2, '0.01', "sampling frequency '0.01' is impossible"],
    [2, '1', "sampling frequency '1' is impossible"],
    [2, '1e6', "sampling frequency '1e6' is impossible"],
    [2, '1e400', "sampling frequency '1e400' is impossible"],
    [2, 'NaN', "sampling frequency 'NaN' is not a number"],
    [2, '20001', "sampling frequency '20001' is impossible"],
    [2, '360/x', "counter frequency 'x' is not a number"],
    [2, '360/-1', "counter frequency '-1' is impossible"],
    [2, '360/1000(x)', "base counter value 'x' is not a number"],
    [3, 'x', "sample count \\(frames per signal\\) 'x' is not an integer"],
    [3, '-5', "sample count \\(frames per signal\\) '-5' is impossible"],
    [3, '1e12', "sample count \\(frames per signal\\) '1e12' is not an integer"],
    [3, '99999999999', "sample count \\(frames per signal\\) '99999999999' is impossible"],
    [3, '1000000000', 'signal file too short: 43200 bytes hold 21600 frames, the header needs 1000000000 frames'],
    [3, '21601', 'signal file too short: 43200 bytes hold 21600 frames, the header needs 21601 frames'],
    [3, '21600 noon', "base time 'noon' is not hh:mm:ss"],
    [3, '21600 10:00:00 yesterday', "base date 'yesterday' is not dd/mm/yyyy"],
    [3, '21600 10:00:00 1/1/2000 extra', "unexpected field 'extra' on the record line"],
    [0, '100_0/2', 'multi-segment records'],
    [0, 'r\u00e9c', "'r\\?c' is not a valid record name"],
  ];
  for (const [index, value, message] of recordLine) field('record-field', 'mit16', 0, index, value, reject(message));
  const signalLine: [number, string, string][] = [
    [1, 'x', "format 'x' is not format\\[xspf\\]\\[:skew\\]\\[\\+offset\\]"],
    [1, '16q', "format '16q' is not format"],
    [1, '999', 'unsupported storage format 999'],
    [1, '16x0', "samples per frame '0' is impossible \\(WFDB field samps_per_frame\\)"],
    [1, '16x65', "samples per frame '65' is impossible"],
    [1, '16x1000000000', "samples per frame '1000000000' is impossible"],
    [1, '16:3000000000', "skew '3000000000' is impossible"],
    [1, '16+x', "format '16\\+x' is not format"],
    [1, '16+99999999999999', "byte offset '99999999999999' is impossible"],
    [2, '-200', "ADC gain '-200' is impossible \\(WFDB field adc_gain\\)"],
    [2, '1e-300', "ADC gain '1e-300' is impossible"],
    [2, '1e300', "ADC gain '1e300' is impossible"],
    [2, '1e400', "ADC gain '1e400' is impossible"],
    [2, '1e-37', "ADC gain '1e-37' is impossible"],
    [2, 'abc', "ADC gain 'abc' is not a number"],
    [2, '200(99999999999)', "baseline '99999999999' is impossible \\(WFDB field baseline\\)"],
    [2, '200(x)', "baseline 'x' is not an integer"],
    [2, '200(1024', "gain '200\\(1024' is not gain"],
    [2, '200/\u00b5V', 'units .* are not a short printable name'],
    [3, '64', "ADC resolution '64' is impossible \\(WFDB field adc_res\\)"],
    [3, '-5', "ADC resolution '-5' is impossible"],
    [3, '33', "ADC resolution '33' is impossible"],
    [3, 'x', "ADC resolution 'x' is not an integer"],
    [4, 'x', "ADC zero 'x' is not an integer"],
    [4, '99999999999', "ADC zero '99999999999' is impossible"],
    [4, '1.5', "ADC zero '1.5' is not an integer"],
    [5, 'x', "initial value 'x' is not an integer"],
    [5, '99999999999', "initial value '99999999999' is impossible"],
    [6, 'x', "checksum 'x' is not an integer"],
    [6, '70000', "checksum '70000' is impossible"],
    [6, '-40000', "checksum '-40000' is impossible"],
    [6, '21538', 'checksum mismatch for signal 0 \\(MLII\\): header says 21538, samples sum to 21537'],
    [6, '-21537', 'checksum mismatch for signal 0'],
    [7, 'x', "block size 'x' is not an integer"],
    [7, '-1', "block size '-1' is impossible"],
  ];
  for (const [index, value, message] of signalLine) field('signal-field', 'mit16', 1, index, value, reject(message));
  // The same garbage on the second signal of the two-signal format-212 record, and on the .mat record.
  for (const [index, value, message] of signalLine.filter(([i]) => i === 2 || i === 3)) {
    field('signal-field-212', 'mit212', 2, index, value, reject(message.replace('signal 0', 'signal 1')));
    field('signal-field-mat', 'cinc', 1, index, value, reject(message.replace(/\\\(MLII\\\)/, '\\(ECG\\)')));
  }
  // Unusual but possible: imported with a warning.
  field('unusual-fs', 'mit16', 0, 2, '60', accept('sampling frequency 60 is unusual \\(WFDB field fs\\)'));
  field('unusual-fs', 'mit16', 0, 2, '5000', accept('sampling frequency 5000 is unusual'));
  field('unusual-gain', 'mit16', 1, 2, '0.5(1024)', accept('ADC gain 0.5 is unusual'));
  field('unusual-gain', 'mit16', 1, 2, '200000(1024)', accept('ADC gain 200000 is unusual'));
  field('unusual-baseline', 'mit16', 1, 2, '200(9999)', accept('baseline 9999 lies outside the 11-bit ADC range'));
  // Possible values that need no warning.
  field('plain-gain', 'mit16', 1, 2, '400(1024)/mV', accept());
  field('uncalibrated-gain', 'mit16', 1, 2, '0(1024)', accept());
  field('fs-counter', 'mit16', 0, 2, '360/720(0)', accept());

  // Header truncations: known outcome for each offset of the format-16 header.
  const mit16Header = readFileSync(join(SOURCES.mit16.dir, '100_0.hea'));
  const announces = reject('announces 1 signals but only 0 signal lines follow');
  const headerCuts: [number, ExpectedOutcome][] = [
    [0, reject('no record line \\(empty header\\)')],
    ...[1, 2, 3, 4, 5, 6].map((cut): [number, ExpectedOutcome] => [cut, reject('needs at least a record name and a signal count')]),
    [7, announces],
    [8, announces],
    [9, reject("sampling frequency '3' is impossible")],
    [10, reject("sampling frequency '36' is impossible")],
    ...[11, 12, 13, 14, 15, 16, 17].map((cut): [number, ExpectedOutcome] => [cut, announces]),
    [19, reject('needs at least a file name and a format')],
    [26, reject('needs at least a file name and a format')],
    [28, reject('needs at least a file name and a format')],
    [29, reject('unsupported storage format 1')],
    [30, accept()],
    [35, reject("gain '200\\(' is not gain")],
    [38, reject("gain '200\\(102' is not gain")],
    [40, accept()],
    [42, accept('baseline 1024 lies outside the 1-bit ADC range')],
    [49, accept()],
    [52, accept()],
    [55, reject('checksum mismatch for signal 0 \\(record 100_0, signal 0\\): header says 21, samples sum to 21537')],
    [57, reject('checksum mismatch for signal 0 \\(record 100_0, signal 0\\): header says 2153,')],
    [58, accept()],
    [60, accept()],
    [63, accept()],
    [mit16Header.indexOf('#'), accept()],
  ];
  for (const [cut, expected] of headerCuts) {
    add('truncated-hea', 'mit16', expected, (_dir, hea) => writeFileSync(hea, mit16Header.subarray(0, cut)));
  }

  // Signal file truncations (the header's sample count is then unmet).
  for (const cut of [0, 1, 2, 3, 100, 1000, 10_000, 21_599, 21_600, 43_000, 43_198, 43_199]) {
    add('truncated-dat', 'mit16', reject('100_0\\.dat: signal file too short'), (dir) => truncateSync(join(dir, '100_0.dat'), cut));
  }
  for (const cut of [0, 1, 2, 3, 4, 6, 9, 1234, 5000, 10_797, 10_798, 10_799]) {
    add('truncated-dat-212', 'mit212', reject('100\\.dat: signal file too short'), (dir) => truncateSync(join(dir, '100.dat'), cut));
  }
  // Without a sample count or checksum the record is as long as its file; an empty file holds no record.
  const noLength = (dir: string, hea: string, cut: number): void => {
    writeFileSync(hea, '100_0 1 360\n100_0.dat 16 200(1024) 11 1024 995\n');
    truncateSync(join(dir, '100_0.dat'), cut);
  };
  for (const cut of [0, 1]) add('truncated-dat-no-length', 'mit16', reject('holds no samples'), (dir, hea) => noLength(dir, hea, cut));
  for (const cut of [7200, 20_001, 43_199]) add('truncated-dat-no-length', 'mit16', accept(), (dir, hea) => noLength(dir, hea, cut));

  // .mat truncations and corruptions (the header reads A00061.mat as format 16+24, 9000 samples).
  for (const cut of [0, 4, 19, 20, 23, 24, 1000, 18_023]) {
    add('truncated-mat', 'cinc', reject('A00061\\.mat: (signal file too short|MATLAB v4 file too short|not a MATLAB v4 file)'), (dir) =>
      truncateSync(join(dir, 'A00061.mat'), cut),
    );
  }
  const matInt = (offset: number, value: number, message: string): void =>
    add('corrupt-mat', 'cinc', reject(`A00061\\.mat: .*${message}`), (dir) => {
      const mat = join(dir, 'A00061.mat');
      const bytes = readFileSync(mat);
      bytes.writeInt32LE(value, offset);
      writeFileSync(mat, bytes);
    });
  matInt(0, 9999, 'not a MATLAB v4 file this reader supports');
  matInt(0, 40, 'does not hold 16-bit integers \\(type word 40\\)');
  matInt(0, 0, 'MATLAB v4 file too short');
  matInt(0, 31, 'not a full numeric matrix');
  matInt(4, -1, 'corrupt MATLAB v4 header');
  matInt(8, 100, 'holds 1×100 values, fewer than the 9000 samples');
  matInt(12, 1, 'complex MATLAB v4 matrices are not supported');
  matInt(16, 0, 'corrupt MATLAB v4 header');
  matInt(16, 2, 'the MATLAB matrix starts at byte 22, but the header reads the samples from byte 24');
  add('corrupt-mat', 'cinc', reject('A00061\\.mat: not a MATLAB v4 file this reader supports'), (dir) =>
    writeFileSync(join(dir, 'A00061.mat'), Buffer.concat([Buffer.from('MATLAB 5.0 MAT-file, Platform: GLNXA64'), Buffer.alloc(18_000)])),
  );

  // Annotation files are not part of an import: a broken .atr next to a good record does not stop it.
  for (const cut of [0, 1, 50, 155]) {
    add('truncated-atr', 'mit16', accept(), (dir) => {
      truncateSync(join(dir, '100_0.atr'), cut);
      return join(dir, '100_0.atr');
    });
  }

  // Files named by the header must lie in the record's folder.
  const signalName = (name: string, message: string | null): void =>
    add('path-traversal', 'mit16', message === null ? accept() : reject(message), (dir, hea) => {
      writeFileSync(hea, readFileSync(hea, 'latin1').replaceAll('100_0.dat', name));
      if (message === null) {
        mkdirSync(join(dir, 'sub'));
        copyFileSync(join(dir, '100_0.dat'), join(dir, name));
      }
    });
  signalName('../../../../etc/passwd', "signal 0 file '\\.\\./\\.\\./\\.\\./\\.\\./etc/passwd' is outside the record's folder");
  signalName('/etc/passwd', "'/etc/passwd' is outside the record's folder");
  signalName('../100_0.dat', "'\\.\\./100_0\\.dat' is outside the record's folder");
  signalName('sub/../../x.dat', 'is outside the record.s folder');
  signalName('/proc/self/mem', 'is outside the record.s folder');
  signalName('sub/100_0.dat', null);
  add('path-traversal', 'mit16', reject('signal file links to a file outside the record.s folder'), (dir) => {
    rmSync(join(dir, '100_0.dat'));
    symlinkSync('/etc/passwd', join(dir, '100_0.dat'));
  });
  add('path-traversal', 'mit16', reject('signal file links to a file outside the record.s folder'), (dir) => {
    const outside = join(outDir, `${cases.length}-outside.dat`);
    copyFileSync(join(dir, '100_0.dat'), outside);
    rmSync(join(dir, '100_0.dat'));
    symlinkSync(outside, join(dir, '100_0.dat'));
  });

  // FIFOs and folders where files belong.
  const replaceWith = (family: string, source: SourceName, file: string, kind: 'fifo' | 'dir', expected: ExpectedOutcome): void =>
    add(family, source, expected, (dir) => {
      rmSync(join(dir, file), { force: true });
      if (kind === 'fifo') execFileSync('mkfifo', [join(dir, file)]);
      else mkdirSync(join(dir, file));
    });
  replaceWith('fifo', 'mit16', '100_0.dat', 'fifo', reject('100_0\\.dat: signal file is a pipe \\(FIFO\\), not a regular file'));
  replaceWith('fifo', 'cinc', 'A00061.mat', 'fifo', reject('A00061\\.mat: signal file is a pipe \\(FIFO\\)'));
  replaceWith('fifo', 'mit16', '100_0.hea', 'fifo', reject('not a readable record'));
  replaceWith('directory-as-file', 'mit16', '100_0.dat', 'dir', reject('100_0\\.dat: signal file is a folder, not a file'));
  replaceWith('directory-as-file', 'cinc', 'A00061.mat', 'dir', reject('A00061\\.mat: signal file is a folder, not a file'));
  replaceWith('directory-as-file', 'mit16', '100_0.hea', 'dir', reject('not a readable record'));

  // Sparse huge files: the cost must follow what is stored, not what the file length claims.
  const sparse = (family: string, header: string | null, file: string, source: SourceName, message: string): void =>
    add(family, source, reject(message), (dir, hea) => {
      if (header !== null) writeFileSync(hea, header);
      truncateSync(join(dir, file), 3 * 2 ** 30);
    });
  sparse('sparse', '100_0 1 360\n100_0.dat 16 200(1024) 11 1024\n', '100_0.dat', 'mit16', 'signal file is a sparse file: 3221225472 bytes');
  sparse('sparse', null, '100_0.dat', 'mit16', 'signal file is a sparse file');
  sparse('sparse', null, 'A00061.mat', 'cinc', 'signal file is a sparse file');

  // Absurd claims.
  const header = (family: string, text: string, expected: ExpectedOutcome, source: SourceName = 'mit16'): void =>
    add(family, source, expected, (_dir, hea) => void writeFileSync(hea, text, 'latin1'));
  header('absurd', '100_0 1 360 1000000000\n~ 0 200 12 0 0\n', reject('no signal is stored: every signal is a null signal'));
  header('absurd', '100_0 1 360 1000000000\n~ 16\n', reject('no signal is stored'));
  header('absurd', '100_0 64 360\n' + '~ 0\n'.repeat(64), reject('no signal is stored'));
  header('absurd', '100_0 1 360 2147483647\n100_0.dat 16\n', reject('needs 2147483647 frames'));
  header('absurd', '100_0 1 360 2147483648\n100_0.dat 16\n', reject("sample count \\(frames per signal\\) '2147483648' is impossible"));
  header('absurd', '100_0 1 360\n100_0.dat 16x64\n', accept());
  header('absurd', '100_0 1 360 21600\n100_0.dat 16x64\n', reject('needs 21600 frames'));
  header('absurd', '100_0 1 0.01\n100_0.dat 16\n', reject("sampling frequency '0.01' is impossible"));
  header('absurd', '100_0 1 20000 21600\n100_0.dat 16 200(1024) 11 1024 995 21537\n', accept('sampling frequency 20000 is unusual'));
  // A valid null signal next to a stored one imports, and the analysis runs on the stored lead.
  header(
    'null-signal',
    '100_0 2 360 21600\n100_0.dat 16 200(1024) 11 1024 995 21537 0 MLII\n~ 0 200 12 0 0 0 0 unused\n',
    accept(undefined, MIN_BEATS.mit16 as number),
  );
  header(
    'null-signal',
    '100_0 2 360 21600\n~ 0 200 12 0 0 0 0 unused\n100_0.dat 16 200(1024) 11 1024 995 21537 0 MLII\n',
    accept(undefined, MIN_BEATS.mit16 as number),
  );

  // Bad checksums on either signal of the 212 record and on the .mat.
  for (const [source, line, value] of [
    ['mit212', 1, '-17351'],
    ['mit212', 2, '1170'],
    ['mit212', 2, '0x1'],
    ['cinc', 1, '1'],
  ] as const) {
    const expected = value === '0x1' ? reject("checksum '0x1' is not an integer") : reject('checksum mismatch for signal');
    field('bad-checksum', source, line, 6, value, expected);
  }

  // Non-ASCII and foreign encodings.
  header('non-ascii', '\ufeff100_0 1 360 21600\n100_0.dat 16 200(1024) 11 1024 995 21537 0 MLII\n', reject('is not a valid record name'));
  header(
    'non-ascii',
    '100_0 1 360 21600\n100_0.dat 16 200(1024) 11 1024 995 21537 0 Ableitung II (Brustwand) \u00e4\u00f6\u00fc\n',
    accept(),
  );
  add('non-ascii', 'mit16', reject('line 1: '), (_dir, hea) => writeFileSync(hea, Buffer.from(readFileSync(hea, 'latin1'), 'utf16le')));
  // JavaScript's \s counts a Latin-1 no-break space as white space, so the fields still split and name the right file.
  header('non-ascii', '100_0 1 360 21600\n100_0.dat\u00a016 200\n', accept());
  header('non-ascii', '100_0 1 360 21600\n100\u20ac.dat 16\n', reject('signal file not found'));

  // Random bytes (seeded) as header, and as signal data with and without a checksum to catch them.
  for (let i = 0; i < 10; i++) {
    add('random-hea', 'mit16', reject('100_0\\.hea: (line \\d+: |no record line)'), (_dir, hea) => {
      const bytes = randomBytes(40 + Math.floor(random() * 400));
      bytes[0] = 0x01;
      writeFileSync(hea, bytes);
    });
  }
  for (let i = 0; i < 4; i++) {
    add('random-dat', 'mit16', reject('checksum mismatch for signal 0'), (dir) =>
      writeFileSync(join(dir, '100_0.dat'), randomBytes(43_200)),
    );
  }
  for (let i = 0; i < 3; i++) {
    add('random-dat', 'mit16', accept(), (dir, hea) => {
      writeFileSync(hea, '100_0 1 360 21600\n100_0.dat 16 200(1024) 11 1024\n');
      writeFileSync(join(dir, '100_0.dat'), randomBytes(43_200));
    });
  }
  add('random-mat', 'cinc', reject('A00061\\.mat: '), (dir) => writeFileSync(join(dir, 'A00061.mat'), randomBytes(18_024)));

  // Missing and duplicate signal files.
  add('missing-file', 'mit16', reject('100_0\\.dat: signal file not found'), (dir) => void rmSync(join(dir, '100_0.dat')));
  add('missing-file', 'cinc', reject('A00061\\.mat: signal file not found'), (dir) => void rmSync(join(dir, 'A00061.mat')));
  header(
    'missing-file',
    '100_0 2 360 21600\n100_0.dat 16 200(1024) 11 1024 995 21537 0 MLII\nother.dat 16\n',
    reject('other\\.dat: signal file not found'),
  );
  header(
    'duplicate-file',
    '100_0 3 360 10800\n100_0.dat 16\nb.dat 16\n100_0.dat 16\n',
    reject('signal 2 is in 100_0\\.dat but does not follow'),
  );
  header('duplicate-file', '100_0 2 360 10800\n100_0.dat 16\n100_0.dat 212\n', reject('mix formats 16 and 212'));
  header('duplicate-file', '100_0 2 360 10800\n100_0.dat 16 200 16 0 0 0 0 a\n100_0.dat 16 200 16 0 0 0 0 b\n', accept());
  header(
    'duplicate-lines',
    '100_0 1 360 21600\n100_0.dat 16 200(1024) 11 1024 995 21537 0 MLII\n100_0.dat 16\n',
    reject('unexpected text after the 1 signal lines'),
  );
  header('stdin', '100_0 1 360 21600\n- 16\n', reject('read from standard input'));
  header('comments-only', '# nothing here\n#\n', reject('no record line'));
  header('empty', '', reject('no record line'));

  // Paths that are not records answer alike, whatever is (or is not) there.
  const notRecord = (family: string, make: (dir: string) => string): void => add(family, 'mit16', reject('not a readable record'), make);
  notRecord('not-a-record', (dir) => join(dir, 'missing.hea'));
  notRecord('not-a-record', (dir) => join(dir, 'missing'));
  notRecord('not-a-record', () => '/etc/passwd');
  notRecord('not-a-record', () => '/etc');
  notRecord('not-a-record', (dir) => {
    mkdirSync(join(dir, 'empty'));
    return join(dir, 'empty');
  });
  notRecord('not-a-record', (dir) => {
    writeFileSync(join(dir, 'notes.txt'), 'not a record');
    return join(dir, 'notes.txt');
  });
  return cases;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const [outArg = '', seedArg] = new Command()
    .name('tsx scripts/make-malformed-corpus.ts')
    .argument('<out-dir>', 'folder the corpus and its manifest.json are written to')
    .argument('[seed]', 'seed of the random cases')
    .parse().args;
  const cases = makeMalformedCorpus(resolve(outArg), seedArg === undefined ? undefined : Number(seedArg));
  writeFileSync(join(resolve(outArg), 'manifest.json'), JSON.stringify(cases, null, 2));
  const rejected = cases.filter((c) => c.expected.outcome === 'reject').length;
  console.log(`${cases.length} cases (${rejected} to reject, ${cases.length - rejected} to import) in ${resolve(outArg)}`);
}

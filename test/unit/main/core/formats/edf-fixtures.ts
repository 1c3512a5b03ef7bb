import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FIXTURES } from '../wfdb/wfdb-test-paths';

/** Committed EDF fixtures and their independent readings (see test/fixtures/edf/README.md). */
export const EDF_FIXTURES = join(FIXTURES, '../edf');

/** UTF-8 text of a file under test/fixtures/edf, gunzipped when it ends in .gz. */
export function edfFixtureText(name: string): string {
  const bytes = readFileSync(join(EDF_FIXTURES, name));
  return (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** What `write-edf dump` (EDFlib's reading of a file) printed. */
export interface EdflibDump {
  datarecordDuration100ns: number;
  datarecords: number;
  start: string;
  signals: { label: string; smpInDatarecord: number; physMin: number; physMax: number; digMin: number; digMax: number; physdim: string }[];
  annotations: { onset100ns: number; duration: string; text: string }[];
  digital: number[][];
  physical: number[][];
}

/** Parses the output of `scripts/edflib-writer/write-edf dump`. */
export function parseEdflibDump(text: string): EdflibDump {
  const dump: EdflibDump = {
    datarecordDuration100ns: NaN,
    datarecords: NaN,
    start: '',
    signals: [],
    annotations: [],
    digital: [],
    physical: [],
  };
  for (const line of text.split('\n')) {
    let m: RegExpExecArray | null;
    if ((m = /^datarecord_duration_100ns (\d+)$/.exec(line))) dump.datarecordDuration100ns = Number(m[1]);
    else if ((m = /^datarecords (\d+)$/.exec(line))) dump.datarecords = Number(m[1]);
    else if ((m = /^start (.*)$/.exec(line))) dump.start = m[1] ?? '';
    else if (
      (m =
        /^signal \d+ label=(.*?) +smp_in_datarecord=(\d+) smp_in_file=\d+ phys_min=(\S+) phys_max=(\S+) dig_min=(\S+) dig_max=(\S+) physdim=(.*)$/.exec(
          line,
        ))
    ) {
      dump.signals.push({
        label: m[1] ?? '',
        smpInDatarecord: Number(m[2]),
        physMin: Number(m[3]),
        physMax: Number(m[4]),
        digMin: Number(m[5]),
        digMax: Number(m[6]),
        physdim: (m[7] ?? '').trim(),
      });
    } else if ((m = /^annotation onset_100ns=(-?\d+) duration=(\S*) text=(.*)$/.exec(line))) {
      dump.annotations.push({ onset100ns: Number(m[1]), duration: m[2] ?? '', text: m[3] ?? '' });
    } else if ((m = /^(digital|physical) (\d+) (.*)$/.exec(line))) {
      (m[1] === 'digital' ? dump.digital : dump.physical)[Number(m[2])] = (m[3] ?? '').split(' ').map(Number);
    }
  }
  return dump;
}

/** |a − b| within what a 10-significant-digit print (%.10g) of b can hide. */
export function within10Digits(a: number, b: number): boolean {
  return Math.abs(a - b) <= 5e-10 * Math.max(Math.abs(b), 1e-300) * 10 + 1e-300;
}

/**
 * `npm run analyze -- --out DIR --json` end to end (a child process, no database kept): the `.rhythm`
 * file reads back through our WFDB annotation reader as one `+` per episode with the episode's aux
 * code, the JSON keeps the record call for a record of 61 s or less, and the ventricular bigeminy of
 * the committed mitdb 119 excerpt comes out as `(B` where its reference annotations have it; a bad
 * backend setting ends the run with one error line naming it (no stack trace) and exit status 1.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holterRhythmOfAux } from '../../../src/shared/holter-rhythms';
import { readAnnotations } from '../../../src/main/core/wfdb/annotations';

const BIGEMINY = resolve('test/fixtures/beats/119x.hea');
const STRIP = resolve('test/fixtures/rhythm/A00003.hea');

interface JsonLine {
  record: string;
  fsHz: number;
  durationS: number;
  episodes: { label: string; aux: string; onsetS: number; endS: number; meanProbability: number }[];
  recordCall?: { label: string; probabilities: Record<string, number> };
}

let dir: string;
let lines: JsonLine[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-rhythm-'));
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', '--no-db', '--json', '--out', dir, BIGEMINY, STRIP], {
    encoding: 'utf8',
    env: { ...process.env, ECG_TF_BACKEND: 'wasm' },
  });
  if (run.status !== 0) throw new Error(`cli exited ${run.status}: ${run.stderr}`);
  lines = run.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as JsonLine);
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('analyze --out --json', () => {
  it('writes <record>.rhythm as one + annotation per episode onset with its aux code, readable by our reader', () => {
    expect(lines.map((l) => l.record).sort()).toEqual(['119x', 'A00003']);
    for (const line of lines) {
      const annotations = readAnnotations(join(dir, `${line.record}.rhythm`));
      expect(annotations.every((a) => a.symbol === '+')).toBe(true);
      expect(annotations.map((a) => [a.sample, a.aux])).toEqual(line.episodes.map((e) => [Math.round(e.onsetS * line.fsHz), e.aux]));
      for (const a of annotations) expect(holterRhythmOfAux(a.aux ?? '')).not.toBeNull();
      // the episodes cover the record
      expect(line.episodes[0]?.onsetS).toBe(0);
      expect(line.episodes.at(-1)?.endS).toBeCloseTo(line.durationS, 6);
    }
  });

  it('keeps the record call for a record of 61 s or less', () => {
    const strip = lines.find((l) => l.record === 'A00003');
    expect(strip?.durationS).toBeLessThanOrEqual(61);
    expect(['N', 'A', 'O', '~']).toContain(strip?.recordCall?.label);
  });

  it('calls ventricular bigeminy (B inside the reference (B spans of mitdb 119', () => {
    const record = lines.find((l) => l.record === '119x') as JsonLine;
    const reference = readAnnotations(BIGEMINY.replace(/\.hea$/, '.atr')).filter((a) => a.symbol === '+');
    const referenceB = reference.flatMap((a, i) =>
      a.aux === '(B' ? [[a.sample, reference[i + 1]?.sample ?? Math.round(record.durationS * record.fsHz)] as const] : [],
    );
    const detectedB = record.episodes.filter((e) => e.label === 'B').map((e) => [e.onsetS * record.fsHz, e.endS * record.fsHz] as const);
    expect(detectedB.length).toBeGreaterThan(0);
    const overlap = (a: readonly (readonly [number, number])[], b: readonly (readonly [number, number])[]) =>
      a.reduce((acc, [a0, a1]) => acc + b.reduce((s, [b0, b1]) => s + Math.max(0, Math.min(a1, b1) - Math.max(a0, b0)), 0), 0);
    const length = (spans: readonly (readonly [number, number])[]) => spans.reduce((acc, [x, y]) => acc + y - x, 0);
    // most of the called bigeminy lies in the reference's, and it finds most of the reference's
    expect(overlap(detectedB, referenceB) / length(detectedB)).toBeGreaterThan(0.7);
    expect(overlap(detectedB, referenceB) / length(referenceB)).toBeGreaterThan(0.5);
  });
});

describe('analyze with a bad backend setting', () => {
  it('prints one error line naming the setting and exits 1', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', '--no-db', STRIP], {
      encoding: 'utf8',
      env: { ...process.env, ECG_TF_BACKEND: 'tensorflow' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: ECG_TF_BACKEND=tensorflow is not one of /)]);
  }, 120_000);
});

/**
 * The malformed-input corpus (`scripts/make-malformed-corpus.ts`, 250+ cases made from the real excerpts in
 * `test/fixtures/`) driven through the real CLI (`src/main/cli.ts --json --db FILE`, many cases per process) and
 * through the server import (`cases:import` via dispatch over a real app context, `server-import-runner.ts`), each
 * in a child process under `/usr/bin/time` with a capped V8 heap.
 *
 * Every case must get the outcome the corpus gives it: a rejection whose message matches the case's pattern and
 * starts with a path of the case (the file named), or an import (with the expected warning, if any) whose
 * analysis finishes. Bounds, enforced: no case may take longer than PER_CASE_LIMIT_S (a watchdog kills a child that
 * prints nothing for that long: a hang fails the test naming the last case started), and no child may exceed
 * MAX_RSS_KB resident memory. Server path: every table's row count is unchanged by each rejected case. CLI path
 * (one database for all batches): the database holds only records of accepted cases, one finished analysis per
 * accepted case, and nothing else.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMalformedCorpus, type CorpusCase } from '../../scripts/make-malformed-corpus';
import { recordContentHash } from '../../src/main/core/analysis/content-hash';
import { probeRecord } from '../../src/main/core/wfdb/probe-record';
import { findRecordHeaders } from '../../src/main/core/wfdb/records';

const root = resolve(import.meta.dirname, '../..');
/** Longest a single case may take (an accepted one includes its whole analysis), in s. */
const PER_CASE_LIMIT_S = 30;
/** Extra time allowed before a child's first line (tfjs backend and model loading), in s. */
const STARTUP_LIMIT_S = 120;
/** Most resident memory a child process may reach, in KiB (1.5 GiB; a 4 GB allocation cannot hide under it). */
const MAX_RSS_KB = 1.5 * 1024 * 1024;
/** V8 heap cap of each child, in MB. */
const HEAP_MB = 1024;
/** Cases per CLI process. */
const CLI_BATCH = 45;

/** What a path did with one case. */
interface Outcome {
  error: string | null;
  warnings: string[];
  elapsedS: number;
  /** Beats the case's analysis found, or null when it made no new analysis (a recording already imported). */
  beats: number | null;
}

interface ChildRun {
  lines: { line: string; atS: number }[];
  maxRssKb: number;
  exitCode: number | null;
  hung: boolean;
  stderr: string;
}

/** Runs `node --max-old-space-size … --import tsx <args>` under /usr/bin/time, killing it when it goes silent. */
function runChild(args: string[]): Promise<ChildRun> {
  return new Promise((resolveRun) => {
    const child = spawn(
      '/usr/bin/time',
      ['-f', 'MAXRSS_KB=%M', process.execPath, `--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', ...args],
      {
        cwd: root,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const started = performance.now();
    const run: ChildRun = { lines: [], maxRssKb: 0, exitCode: null, hung: false, stderr: '' };
    let timer: NodeJS.Timeout;
    const arm = (limitS: number): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        run.hung = true;
        process.kill(-(child.pid as number), 'SIGKILL');
      }, limitS * 1000);
    };
    arm(STARTUP_LIMIT_S + PER_CASE_LIMIT_S);
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) {
        if (!line.startsWith('{')) continue;
        run.lines.push({ line, atS: (performance.now() - started) / 1000 });
        arm(PER_CASE_LIMIT_S);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => void (run.stderr += chunk.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      run.exitCode = code;
      run.maxRssKb = Number(/MAXRSS_KB=(\d+)/.exec(run.stderr)?.[1] ?? NaN);
      resolveRun(run);
    });
  });
}

/** Why a case's outcome is wrong, or null when it is what the corpus expects. */
function mismatch(c: CorpusCase, outcome: Outcome | undefined): string | null {
  if (outcome === undefined) return 'no outcome reported';
  if (outcome.elapsedS > PER_CASE_LIMIT_S) return `took ${outcome.elapsedS.toFixed(1)} s`;
  const e = c.expected;
  if (e.outcome === 'reject') {
    if (outcome.error === null) return `imported, expected rejection /${e.message}/`;
    if (!new RegExp(e.message).test(outcome.error)) return `message ${JSON.stringify(outcome.error)} does not match /${e.message}/`;
    if (!outcome.error.startsWith(c.dir + sep) && !outcome.error.startsWith(c.importPath))
      return `message names no file of the case: ${outcome.error}`;
    return null;
  }
  if (outcome.error !== null) return `rejected (${outcome.error}), expected import`;
  if (e.beatsAtLeast !== undefined && outcome.beats !== null && outcome.beats < e.beatsAtLeast) {
    return `analysis found ${outcome.beats} beats, expected at least ${e.beatsAtLeast}`;
  }
  if (e.warning === undefined) return outcome.warnings.length === 0 ? null : `unexpected warnings ${JSON.stringify(outcome.warnings)}`;
  return outcome.warnings.some((w) => new RegExp(e.warning as string).test(w))
    ? null
    : `no warning /${e.warning}/ in ${JSON.stringify(outcome.warnings)}`;
}

/** The case a path reported by the CLI belongs to. */
function caseOf(cases: CorpusCase[], path: string): CorpusCase | undefined {
  return cases.find((c) => c.importPath === path) ?? cases.find((c) => path.startsWith(c.dir + sep));
}

function summary(label: string, cases: CorpusCase[], outcomes: Map<string, Outcome>, maxRssKb: number): string {
  const all = [...outcomes.values()];
  const rejected = all.filter((o) => o.error !== null).length;
  const maxS = Math.max(...all.map((o) => o.elapsedS));
  return (
    `${label}: ${cases.length} cases, ${rejected} rejected, ${all.length - rejected} imported, ` +
    `max time per case ${maxS.toFixed(2)} s (limit ${PER_CASE_LIMIT_S} s), max RSS ${(maxRssKb / 1024).toFixed(0)} MiB ` +
    `(limit ${MAX_RSS_KB / 1024} MiB, heap cap ${HEAP_MB} MB)`
  );
}

describe('malformed-input corpus through the CLI and the server import', () => {
  let dir: string;
  let cases: CorpusCase[];
  let manifest: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'holter-corpus-'));
    cases = makeMalformedCorpus(join(dir, 'corpus'));
    manifest = join(dir, 'manifest.json');
    writeFileSync(manifest, JSON.stringify(cases));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has at least 250 cases covering every family', () => {
    expect(cases.length).toBeGreaterThanOrEqual(250);
    const families = new Set(cases.map((c) => c.family));
    for (const family of [
      'record-field',
      'signal-field',
      'truncated-hea',
      'truncated-dat',
      'truncated-mat',
      'corrupt-mat',
      'truncated-atr',
      'path-traversal',
      'fifo',
      'directory-as-file',
      'sparse',
      'absurd',
      'bad-checksum',
      'non-ascii',
      'random-hea',
      'random-dat',
      'missing-file',
      'duplicate-file',
      'not-a-record',
      'null-signal',
    ]) {
      expect(families, family).toContain(family);
    }
  });

  it('the CLI exits 1 with a message for a folder without records, before loading any model', () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', '--no-db', empty], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`error: ${empty}: not a readable record`);
    expect(run.stderr).toContain('error: no records to analyse');
    expect(run.stderr).not.toContain('tfjs backend');
  });

  it('the CLI rejects each bad case clearly and analyses each good one, within the time and memory bounds', async () => {
    const db = join(dir, 'cli.sqlite');
    const outcomes = new Map<string, Outcome>();
    const problems: string[] = [];
    let maxRssKb = 0;
    for (let b = 0; b < cases.length; b += CLI_BATCH) {
      const batch = cases.slice(b, b + CLI_BATCH);
      const run = await runChild(['src/main/cli.ts', '--json', '--db', db, ...batch.map((c) => c.importPath)]);
      maxRssKb = Math.max(maxRssKb, run.maxRssKb);
      if (run.hung) problems.push(`CLI batch ${b / CLI_BATCH} hung after ${run.lines.at(-1)?.line ?? 'start'}`);
      if (!(run.maxRssKb <= MAX_RSS_KB)) problems.push(`CLI batch ${b / CLI_BATCH}: max RSS ${run.maxRssKb} KiB`);
      const anyReject = batch.some((c) => c.expected.outcome === 'reject');
      if (!run.hung && run.exitCode !== (anyReject ? 1 : 0))
        problems.push(`CLI batch ${b / CLI_BATCH} exited ${run.exitCode}: ${run.stderr.slice(-2000)}`);
      for (const { line } of run.lines) {
        const out = JSON.parse(line) as { path: string; error?: string; warnings?: string[]; elapsedS: number; beats?: number };
        const c = caseOf(batch, out.path);
        if (c === undefined || outcomes.has(c.id)) {
          problems.push(`unattributable or repeated CLI line ${line.slice(0, 300)}`);
          continue;
        }
        outcomes.set(c.id, { error: out.error ?? null, warnings: out.warnings ?? [], elapsedS: out.elapsedS, beats: out.beats ?? null });
      }
    }
    for (const c of cases) {
      const why = mismatch(c, outcomes.get(c.id));
      if (why !== null) problems.push(`${c.id}: ${why}`);
    }

    const accepted = cases.filter((c) => c.expected.outcome === 'import');
    const database = new Database(db, { readonly: true });
    const paths = (database.prepare('SELECT path FROM records').all() as { path: string }[]).map((r) => r.path);
    for (const path of paths) {
      if (!accepted.some((c) => path.startsWith(c.dir + sep))) problems.push(`CLI database holds a record of a rejected case: ${path}`);
    }
    const hashes = new Set<string>();
    for (const c of accepted)
      for (const h of findRecordHeaders(c.importPath)) hashes.add(await recordContentHash(h, probeRecord(h).header));
    expect(paths.length, 'one record row per distinct accepted recording').toBe(hashes.size);
    const states = database.prepare('SELECT state, COUNT(*) AS n FROM analyses GROUP BY state').all();
    expect(states, 'one finished analysis per accepted case').toEqual([{ state: 'done', n: accepted.length }]);
    database.close();

    console.log(summary('CLI', cases, outcomes, maxRssKb));
    expect(problems).toEqual([]);
  });

  it('the server import rejects each bad case clearly without touching the database and imports each good one', async () => {
    const run = await runChild(['test/e2e/malformed-corpus/server-import-runner.ts', manifest, join(dir, 'server.sqlite')]);
    const problems: string[] = [];
    if (run.hung) problems.push(`server import hung after ${run.lines.at(-1)?.line ?? 'start'}`);
    if (run.exitCode !== 0) problems.push(`server import runner exited ${run.exitCode}: ${run.stderr.slice(-2000)}`);
    if (!(run.maxRssKb <= MAX_RSS_KB)) problems.push(`server import: max RSS ${run.maxRssKb} KiB`);
    const outcomes = new Map<string, Outcome>();
    for (const { line } of run.lines) {
      const out = JSON.parse(line) as {
        id?: string;
        reply?: { result?: { imported: { warnings: string[] }[]; failed: { message: string }[] }; error?: { message: string } };
        jobErrors?: string[];
        before?: Record<string, number>;
        after?: Record<string, number>;
        states?: string[];
        elapsedS?: number;
      };
      if (out.id === undefined || out.reply === undefined) continue;
      const result = out.reply.result;
      const error = out.reply.error?.message ?? result?.failed[0]?.message ?? out.jobErrors?.[0] ?? null;
      if (error !== null) {
        if (JSON.stringify(out.before) !== JSON.stringify(out.after))
          problems.push(`${out.id}: rejected but row counts changed ${JSON.stringify(out)}`);
        if ((result?.imported.length ?? 0) > 0 && (result?.failed.length ?? 0) > 0) problems.push(`${out.id}: both imported and failed`);
      } else if (!(out.states ?? []).every((s) => s === 'done') || (out.states ?? []).length !== 1) {
        problems.push(`${out.id}: imported but analysis states ${JSON.stringify(out.states)}`);
      }
      const newAnalysis = (out.after?.analyses ?? 0) > (out.before?.analyses ?? 0);
      outcomes.set(out.id, {
        error,
        warnings: result?.imported.flatMap((r) => r.warnings) ?? [],
        elapsedS: out.elapsedS ?? 0,
        beats: newAnalysis ? (out.after?.beats ?? 0) - (out.before?.beats ?? 0) : null,
      });
    }
    for (const c of cases) {
      const why = mismatch(c, outcomes.get(c.id));
      if (why !== null) problems.push(`${c.id}: ${why}`);
    }
    console.log(summary('server import', cases, outcomes, run.maxRssKb));
    expect(problems).toEqual([]);
  });
});

/**
 * Two real processes write one database at once, as the CLI (`--db`) and the
 * server do: one stores 24 h-sized analyses (110,000 beats each, re-analysing
 * the same records), the other streams relabels of the shown analyses the
 * whole time. Before immediate transactions and chunked analysis writes this
 * lost relabels to "database is locked" (issue 14).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReviewStore } from '../../../../../src/main/core/store/review-store';
import { checkReviewDatabase } from './check-review-database';

const root = resolve(import.meta.dirname, '../../../../..');
const writer = resolve(import.meta.dirname, 'store-writer.ts');

type Line = Record<string, unknown>;

function runWriter(args: string[]): Promise<{ code: number | null; lines: Line[]; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => {
    child.once('close', (code) => {
      const lines = out
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Line);
      done({ code, lines, stderr });
    });
  });
}

describe('two processes writing one database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'two-writers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loses nothing: every analysis and every relabel of the other process is acknowledged and stored', async () => {
    const db = join(dir, 'shared.sqlite');
    const stop = join(dir, 'analyses-finished');
    const seed = await runWriter(['--db', db, '--mode', 'analyses', '--count', '6', '--beats', '2000']);
    expect(seed.code, seed.stderr).toBe(0);

    const relabels = runWriter(['--db', db, '--mode', 'relabels', '--seed', '7', '--until', stop]);
    const analyses = await runWriter(['--db', db, '--mode', 'analyses', '--seed', '8', '--count', '4', '--beats', '110000']);
    writeFileSync(stop, '');
    const relabelled = await relabels;

    for (const run of [analyses, relabelled]) {
      expect(run.lines.filter((l) => 'error' in l)).toEqual([]);
      expect(run.code, run.stderr).toBe(0);
    }
    const analysisAcks = analyses.lines.filter((l) => l.ack === 'analysis');
    const relabelAcks = relabelled.lines.filter((l) => l.ack === 'relabel') as { eventId: number; at: string; label: string }[];
    expect(analysisAcks).toHaveLength(4);
    const store = new ReviewStore(db);
    try {
      const startedAt = analyses.lines[0]?.at as string;
      const endedAt = analysisAcks.at(-1)?.at as string;
      // the relabels really ran while the large analyses were being written
      expect(relabelAcks.filter((a) => a.at > startedAt && a.at < endedAt).length).toBeGreaterThan(20);
      const event = store.db.prepare('SELECT new_value FROM label_events WHERE id = ?');
      for (const ack of relabelAcks) expect(event.get(ack.eventId)).toEqual({ new_value: ack.label });
      for (const ack of analysisAcks) {
        expect(store.db.prepare('SELECT state FROM analyses WHERE id = ?').get(ack.analysisId)).toEqual({ state: 'done' });
        expect(store.db.prepare('SELECT COUNT(*) AS n FROM beats WHERE analysis_id = ?').get(ack.analysisId)).toEqual({ n: 110_000 });
      }
      expect(store.db.prepare(`SELECT COUNT(*) AS n FROM analyses WHERE state <> 'done'`).get()).toEqual({ n: 0 });
      // human labels carried over to the re-analyses, each as its last audit row says
      expect(checkReviewDatabase(store.db)).toEqual([]);
      const done = relabelled.lines.at(-1);
      console.log(
        `two writers: ${analysisAcks.length} analyses of 110,000 beats, ${relabelAcks.length} relabels, ` +
          `${relabelled.lines.filter((l) => 'conflict' in l).length} conflicts retried, longest relabel ${String(done?.longestWriteMs)} ms (with reading the beat ${String(done?.longestMs)} ms)`,
      );
    } finally {
      store.close();
    }
  });
});

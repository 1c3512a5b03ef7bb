/**
 * SIGKILL test (issue 14): real processes write one SQLite file while they are
 * killed at seeded random moments, and after every kill the database is
 * reopened and checked — every acknowledged action is there with its audit
 * row, nothing is half-applied, `integrity_check` is ok and, after the
 * start-up handling every writing process does, no analysis is 'running'.
 *
 * Two kinds of rounds:
 * - writer rounds: two `store-writer.ts` processes (the app's ReviewStore,
 *   no models) stream relabels, status changes, case removals and imports
 *   with 12,000-beat analyses into the database at once; both are killed;
 * - server rounds: `src/main/serve.ts` (real models, replies checked against
 *   the contract) gets imports of real
 *   records, re-analyses, relabels, status changes and case removals over
 *   HTTP, while the CLI (`src/main/cli.ts --db`) and sometimes a writer
 *   process write the same file; the server is killed, in some rounds while
 *   one of its analyses is running, and the CLI at its own random moment.
 * An acknowledgement is a printed line of a writer or the CLI (printed after
 * the commit) or an HTTP reply of the server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/main/core/ml/seeded-random';
import { ReviewStore } from '../../src/main/core/store/review-store';
import type { CaseSummary, RecordWindow } from '../../src/shared/api';
import { checkReviewDatabase } from '../unit/main/core/store/check-review-database';
import { startServe } from './serve-process';

const root = resolve(import.meta.dirname, '../..');
const writerScript = resolve(root, 'test/unit/main/core/store/store-writer.ts');
const fixtureRecords = ['100_0', '105_1200', '203_600', '207_170'].map((r) => resolve(root, 'test/fixtures/qrs', `${r}.hea`));
const mitdbDir = resolve(root, '../shared/data/mitdb');
const mitdbRecords = existsSync(mitdbDir) ? ['100', '119', '208'].map((r) => join(mitdbDir, `${r}.hea`)) : [];
if (mitdbRecords.length === 0) console.warn(`kill test: ${mitdbDir} absent; server analyses use the 1-minute fixtures only`);
const WRITER_ROUNDS = 40;
const SERVER_ROUNDS = 16;
const TOKEN = 'kill-test-token';
/** Beats of a writer's synthetic analysis: more than one write chunk, so kills land between chunks too. */
const WRITER_BEATS = 12_000;

type Ack =
  | { kind: 'event'; recordId: number; eventId: number; at: string; value: string }
  | { kind: 'action'; recordId: number; actionId: number; at: string; audits: number }
  | { kind: 'remove'; recordId: number; caseEventId: number }
  | { kind: 'analysis'; recordId: number; analysisId: number; beats: number; at: string }
  | { kind: 'cli'; path: string; since: string };

interface Proc {
  child: ChildProcess;
  lines: string[];
  exited: Promise<void>;
}

function start(args: string[]): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.resume();
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return { child, lines, exited };
}

async function kill(proc: Proc): Promise<boolean> {
  const alive = proc.child.exitCode === null && proc.child.signalCode === null;
  proc.child.kill('SIGKILL');
  await proc.exited;
  return alive;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Acknowledgements printed by a writer process (one JSON object per line). */
function writerAcks(lines: readonly string[]): Ack[] {
  const acks: Ack[] = [];
  for (const line of lines) {
    const a = JSON.parse(line) as Record<string, unknown>;
    if (a.ack === 'relabel' || a.ack === 'status') {
      acks.push({
        kind: 'event',
        recordId: a.recordId as number,
        eventId: a.eventId as number,
        at: a.at as string,
        value: (a.label ?? a.status) as string,
      });
    } else if (a.ack === 'action') {
      acks.push({
        kind: 'action',
        recordId: a.recordId as number,
        actionId: a.actionId as number,
        at: a.at as string,
        audits: a.audits as number,
      });
    } else if (a.ack === 'remove') acks.push({ kind: 'remove', recordId: a.recordId as number, caseEventId: a.caseEventId as number });
    else if (a.ack === 'analysis') {
      acks.push({
        kind: 'analysis',
        recordId: a.recordId as number,
        analysisId: a.analysisId as number,
        beats: a.beats as number,
        at: a.at as string,
      });
    } else if ('error' in a) throw new Error(`writer failed: ${String(a.error)}`);
  }
  return acks;
}

/** @returns one line per acknowledged action that the database does not hold */
function lostAcks(store: ReviewStore, acks: readonly Ack[]): string[] {
  const removedSince = store.db.prepare('SELECT 1 FROM case_events WHERE record_id = ? AND at >= ? LIMIT 1');
  const removedPathSince = store.db.prepare('SELECT 1 FROM case_events WHERE record_path = ? AND at >= ? LIMIT 1');
  const event = store.db.prepare('SELECT record_id, at, new_value FROM label_events WHERE id = ?');
  const caseEvent = store.db.prepare('SELECT record_id FROM case_events WHERE id = ?');
  const action = store.db.prepare(
    'SELECT record_id, at, (SELECT COUNT(*) FROM label_events WHERE action_id = a.id) AS audits FROM review_actions a WHERE id = ?',
  );
  const analysis = store.db.prepare(
    'SELECT state, record_id, (SELECT COUNT(*) FROM beats WHERE analysis_id = a.id) AS beats FROM analyses a WHERE id = ?',
  );
  const doneByPath = store.db.prepare(
    `SELECT 1 FROM analyses a JOIN records r ON r.id = a.record_id WHERE r.path = ? AND a.state = 'done' LIMIT 1`,
  );
  const lost: string[] = [];
  for (const ack of acks) {
    if (ack.kind === 'event') {
      const row = event.get(ack.eventId) as { record_id: number; at: string; new_value: string } | undefined;
      const kept = row?.record_id === ack.recordId && row.at === ack.at && row.new_value === ack.value;
      if (!kept && !removedSince.get(ack.recordId, ack.at)) lost.push(`audit row ${ack.eventId} (${ack.value} on record ${ack.recordId})`);
    } else if (ack.kind === 'action') {
      // every audit row of an acknowledged action is there, none missing (no half-applied action)
      const row = action.get(ack.actionId) as { record_id: number; at: string; audits: number } | undefined;
      const kept = row?.record_id === ack.recordId && row.at === ack.at && row.audits === ack.audits;
      if (!kept && !removedSince.get(ack.recordId, ack.at)) lost.push(`review action ${ack.actionId} on record ${ack.recordId}`);
    } else if (ack.kind === 'remove') {
      const row = caseEvent.get(ack.caseEventId) as { record_id: number } | undefined;
      if (row?.record_id !== ack.recordId) lost.push(`removal ${ack.caseEventId} of record ${ack.recordId}`);
    } else if (ack.kind === 'analysis') {
      const row = analysis.get(ack.analysisId) as { state: string; record_id: number; beats: number } | undefined;
      const kept = row?.state === 'done' && row.record_id === ack.recordId && row.beats === ack.beats;
      if (!kept && !removedSince.get(ack.recordId, ack.at)) lost.push(`analysis ${ack.analysisId} of record ${ack.recordId}`);
    } else if (!doneByPath.get(ack.path) && !removedPathSince.get(ack.path, ack.since)) {
      lost.push(`CLI analysis of ${ack.path}`);
    }
  }
  return lost;
}

class Server {
  private constructor(
    readonly proc: Proc,
    private readonly base: string,
  ) {}

  static async start(db: string): Promise<Server> {
    const { child, port } = await startServe(db, TOKEN);
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    return new Server({ child, lines: [], exited }, `http://127.0.0.1:${port}`);
  }

  /**
   * @returns the result, or null for a `conflict` or `not_found` reply: a request made on a stale view (another
   *   process re-analysed or removed the case meanwhile), refused without changing anything
   */
  async call<T>(method: string, params: object): Promise<T | null> {
    const response = await fetch(`${this.base}/api`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 1, method, params }),
    });
    const reply = (await response.json()) as { result?: T; error?: { code: string; message: string } };
    if (reply.error?.code === 'conflict' || reply.error?.code === 'not_found') return null;
    if (reply.error) throw new Error(`${method}: ${reply.error.code}: ${reply.error.message}`);
    return reply.result as T;
  }
}

/** Seeded stream of review actions against the server until `stop()` is true; pushes an ack per reply. */
async function driveServer(server: Server, random: () => number, acks: Ack[], stop: () => boolean): Promise<void> {
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  while (!stop()) {
    // the writers' synthetic records have no signal files: the server only reviews real ones
    const cases = ((await server.call<CaseSummary[]>('cases:list', {})) ?? []).filter((c) => existsSync(c.path));
    const done = cases.filter((c) => c.analysisState === 'done');
    const r = random();
    const target = pick(done);
    if (r < 0.1 || cases.length === 0) {
      await server.call('cases:import', { path: pick([...fixtureRecords, ...mitdbRecords]) });
    } else if (r < 0.2 && target) {
      await server.call('analysis:start', { recordId: target.recordId });
    } else if (r < 0.25 && target) {
      const removed = await server.call<{ event: { eventId: number } }>('cases:remove', {
        recordId: target.recordId,
        reviewer: 'kill-test',
      });
      if (removed) acks.push({ kind: 'remove', recordId: target.recordId, caseEventId: removed.event.eventId });
    } else if (r < 0.35 && target) {
      const status = pick(['open', 'in_review', 'reviewed'] as const) ?? 'open';
      const set = await server.call<{ event: { eventId: number; at: string } }>('review:setStatus', {
        recordId: target.recordId,
        status,
        reviewer: 'kill-test',
      });
      if (set) acks.push({ kind: 'event', recordId: target.recordId, eventId: set.event.eventId, at: set.event.at, value: status });
    } else if (target) {
      const startSample = Math.floor(random() * Math.max(1, target.nSamples - 3600));
      const window = await server.call<RecordWindow>('record:window', {
        recordId: target.recordId,
        startSample,
        endSample: startSample + 3600,
      });
      const beat = pick(window?.beats ?? []);
      if (!beat) continue;
      const label = pick(['N', 'S', 'V', 'F', 'Q'] as const) ?? 'N';
      const relabelled = await server.call<{ event: { eventId: number; at: string } }>('beats:relabel', {
        beatId: beat.beatId,
        label,
        reviewer: 'kill-test',
      });
      if (relabelled)
        acks.push({ kind: 'event', recordId: target.recordId, eventId: relabelled.event.eventId, at: relabelled.event.at, value: label });
    }
  }
}

describe('SIGKILL at random moments while several processes write one database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'holter-kill-'));
  const db = join(dir, 'kill.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loses no acknowledged action and leaves nothing half-applied', async () => {
    const random = seededRandom(20261201);
    const acks: Ack[] = [];
    let kills = 0;
    let killsDuringServerAnalysis = 0;
    let killsDuringCli = 0;
    let killsDuringCliWrite = 0;
    let recovered = 0;

    /** Reopens the database as a restarted process would, and checks it. @returns owner pids of the interrupted analyses */
    const verify = (round: string): number[] => {
      const store = new ReviewStore(db);
      try {
        const owners = store.db.prepare(`SELECT owner_pid AS pid FROM analyses WHERE state = 'running'`).all() as { pid: number }[];
        recovered += store.recoverInterruptedAnalyses().length;
        expect(checkReviewDatabase(store.db), round).toEqual([]);
        expect(lostAcks(store, acks), round).toEqual([]);
        return owners.map((o) => o.pid);
      } finally {
        store.close();
      }
    };

    for (let round = 0; round < WRITER_ROUNDS; round++) {
      const writers = [0, 1].map((k) =>
        start([writerScript, '--db', db, '--mode', 'mixed', '--seed', String(round * 2 + k + 1), '--beats', String(WRITER_BEATS)]),
      );
      // each lives 0.8–3 s (about 1 s of it starting up), killed at its own moment
      const lifetimesMs = writers.map(() => 800 + random() * 2200).sort((x, y) => x - y);
      let livedMs = 0;
      for (const [k, writer] of writers.entries()) {
        await sleep((lifetimesMs[k] ?? 0) - livedMs);
        livedMs = lifetimesMs[k] ?? 0;
        if (await kill(writer)) kills++;
      }
      for (const writer of writers) acks.push(...writerAcks(writer.lines));
      verify(`writer round ${round}`);
    }

    for (let round = 0; round < SERVER_ROUNDS; round++) {
      const since = new Date().toISOString();
      // the CLI loads the models in about 2 s, then analyses the fixtures in about 0.5 s each
      const cli = round % 2 === 0 ? start(['src/main/cli.ts', '--db', db, '--json', ...fixtureRecords, ...mitdbRecords.slice(0, 1)]) : null;
      const cliKillAt = Date.now() + 2000 + random() * 5000;
      const server = await Server.start(db);
      const writer =
        round % 4 === 1
          ? start([writerScript, '--db', db, '--mode', 'mixed', '--seed', String(1000 + round), '--beats', String(WRITER_BEATS)])
          : null;
      let stopped = false;
      let driveError: unknown = null;
      const driving = driveServer(server, random, acks, () => stopped).catch((error: unknown) => {
        if (!stopped) driveError = error;
      });
      const duringAnalysis = round % 3 === 0;
      if (duringAnalysis) {
        const cases = ((await server.call<CaseSummary[]>('cases:list', {})) ?? []).filter((c) => existsSync(c.path));
        const longest = [...cases].sort((a, b) => b.nSamples - a.nSamples)[0];
        if (longest) await server.call('analysis:start', { recordId: longest.recordId });
        for (let waited = 0; waited < 20_000; waited += 50) {
          const now = (await server.call<CaseSummary[]>('cases:list', {})) ?? [];
          if (now.some((c) => c.analysisState === 'running')) break;
          await sleep(50);
        }
        await sleep(random() * 300);
      } else {
        await sleep(800 + random() * 2500);
      }
      stopped = true;
      if (await kill(server.proc)) kills++;
      await driving;
      expect(driveError).toBeNull();
      if (cli) {
        await sleep(cliKillAt - Date.now());
        if (await kill(cli)) {
          kills++;
          killsDuringCli++;
        }
        for (const line of cli.lines) {
          const printed = JSON.parse(line) as { path: string; error?: string };
          expect(printed.error, printed.path).toBeUndefined();
          acks.push({ kind: 'cli', path: printed.path, since });
        }
      }
      if (writer) {
        if (await kill(writer)) kills++;
        acks.push(...writerAcks(writer.lines));
      }
      const interrupted = verify(`server round ${round}`);
      if (interrupted.includes(server.proc.child.pid ?? -1)) killsDuringServerAnalysis++;
      if (cli && interrupted.includes(cli.child.pid ?? -1)) killsDuringCliWrite++;
    }

    const counted = acks.reduce<Record<string, number>>((n, a) => ({ ...n, [a.kind]: (n[a.kind] ?? 0) + 1 }), {});
    console.log(
      `kill test: ${kills} SIGKILLs (${killsDuringServerAnalysis} of the server during one of its analyses, ${killsDuringCli} of the CLI, ` +
        `${killsDuringCliWrite} of them while it wrote an analysis), ` +
        `${recovered} interrupted analyses failed at restart, ${acks.length} acknowledged actions checked after every kill ` +
        `(${JSON.stringify(counted)})`,
    );
    expect(kills).toBeGreaterThanOrEqual(100);
    expect(killsDuringServerAnalysis).toBeGreaterThan(0);
    expect(killsDuringCli).toBeGreaterThan(0);
  });
});

/**
 * The EDF/EDF+ and ISHNE bad-file corpora (`scripts/malformed/binary-mutations.ts`, seeded mutations of the committed
 * EDFlib, EDF+D and ISHNE fixtures; at least 200 per format) through the real import path into a real database:
 * `cases:import` via dispatch over a real app context (SQLite store, committed models, job queue).
 *
 * A separate runner from `malformed-corpus.e2e.test.ts` because these mutations have no expected outcome each (many
 * leave a valid file: a patient name changed, sample bytes flipped). Every case must either be rejected by the import
 * with a message that starts with the case's path and says what is wrong, leaving every table's row count unchanged,
 * or be imported and end in a finished analysis (a failed analysis job would be a half-way import). Bound: each case,
 * its analysis included, within PER_CASE_LIMIT_S.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryMutations, type MutationCase } from '../../scripts/malformed/binary-mutations';
import { edfFields, fixIshneCrc, ISHNE_FIELDS } from '../../scripts/malformed/format-fields';
import { createAppContext, type AppContext } from '../../src/main/core/api/app-context';
import { dispatch } from '../../src/main/core/api/dispatch';
import { createHandlers, type Handlers } from '../../src/main/core/api/handlers';
import type { ImportResult } from '../../src/shared/api';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');
/** Longest a single case may take (an accepted one includes its whole analysis), in s. */
const PER_CASE_LIMIT_S = 30;

interface Tally {
  rejected: number;
  imported: number;
  failures: string[];
}

describe('EDF/EDF+ and ISHNE bad-file corpora through cases:import into a real database', () => {
  let dir: string;
  let ctx: AppContext;
  let handlers: Handlers;
  let db: Database.Database;
  let nextId = 1;
  const jobErrors = new Map<string, string | null>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'malformed-binary-import-'));
    ctx = await createAppContext({ databasePath: join(dir, 'review.sqlite'), log: () => undefined });
    ctx.subscribe((event, payload) => {
      if (event === 'job:done' && 'state' in payload) {
        jobErrors.set(payload.jobId, payload.state === 'done' ? null : `${payload.state}: ${payload.error ?? ''}`);
      }
    });
    handlers = createHandlers(ctx);
    db = new Database(join(dir, 'review.sqlite'), { readonly: true });
  }, 180_000);
  afterAll(async () => {
    db.close();
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function rowCounts(): Record<string, number> {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
    }[];
    return Object.fromEntries(
      tables.map(({ name }) => [name, (db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n]),
    );
  }

  async function runCase(path: string, c: MutationCase, tally: Tally): Promise<void> {
    writeFileSync(path, c.bytes);
    const before = rowCounts();
    const started = performance.now();
    const reply = await dispatch(handlers, { id: nextId++, method: 'cases:import', params: { path } });
    if ('error' in reply) {
      tally.failures.push(`${c.name}: import threw ${reply.error.code}: ${reply.error.message}`);
      return;
    }
    const result = reply.result as ImportResult;
    const failed = result.failed[0];
    if (failed !== undefined) {
      if (!failed.message.startsWith(`${path}: `) || failed.message.length < path.length + 12) {
        tally.failures.push(`${c.name}: unclear error "${failed.message}"`);
      }
      const after = rowCounts();
      if (JSON.stringify(after) !== JSON.stringify(before)) {
        tally.failures.push(`${c.name}: rejected, but row counts changed ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
      }
      tally.rejected++;
    } else {
      await ctx.jobs.idle();
      const jobId = result.imported[0]?.jobId;
      const error = jobId === null || jobId === undefined ? null : jobErrors.get(jobId);
      if (error !== null) tally.failures.push(`${c.name}: imported, but its analysis ended ${String(error)}`);
      tally.imported++;
    }
    const elapsedS = (performance.now() - started) / 1000;
    if (elapsedS > PER_CASE_LIMIT_S) tally.failures.push(`${c.name}: took ${elapsedS.toFixed(1)} s`);
  }

  async function runCorpus(label: string, extension: string, corpora: MutationCase[][]): Promise<Tally> {
    const tally: Tally = { rejected: 0, imported: 0, failures: [] };
    let k = 0;
    for (const cases of corpora) for (const c of cases) await runCase(join(dir, `${label}-${k++}-${c.kind}${extension}`), c, tally);
    console.log(`${label}: ${k} mutated files, ${tally.rejected} rejected with the file named, ${tally.imported} imported and analysed`);
    return tally;
  }

  const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));

  it('EDF/EDF+ (EDFlib EDF+C and EDF+D): each mutation is rejected naming the file with nothing stored, or fully imported', async () => {
    const corpora = [
      binaryMutations(20261201, bytesOf('edf/mitdb208-edflib.edf'), { fields: edfFields(5), count: 120 }),
      // The EDF+D file shares the header layout above; its format-neutral mutations hit its TALs and gaps.
      binaryMutations(20261202, bytesOf('edf/mitdb208-edfplus-d.edf'), { count: 150 }),
    ];
    expect(corpora.flat().length).toBeGreaterThanOrEqual(200);
    const tally = await runCorpus('edf', '.edf', corpora);
    expect(tally.failures).toEqual([]);
    expect(tally.rejected).toBeGreaterThan(tally.imported);
  }, 900_000);

  it('ISHNE (half with the CRC re-computed): each mutation is rejected naming the file with nothing stored, or fully imported', async () => {
    const corpora = [binaryMutations(1998, bytesOf('ishne/mitdb100.ecg'), { fields: ISHNE_FIELDS, fixup: fixIshneCrc, count: 200 })];
    expect(corpora.flat().length).toBeGreaterThanOrEqual(200);
    const tally = await runCorpus('ishne', '.ecg', corpora);
    expect(tally.failures).toEqual([]);
    expect(tally.rejected).toBeGreaterThan(tally.imported);
  }, 900_000);
});

/**
 * Child process of `malformed-corpus.e2e.test.ts`: imports each corpus case through the server's `cases:import`
 * (dispatch → handlers, with every reply checked against the contract's schema, over a real app context: ReviewStore on a SQLite file, the committed models, the analysis
 * job queue), waits for the jobs an import queues, and prints one JSON line per case: `{start}` before it, then
 * the reply, the error of each import job that failed (a record is imported at once, read and analysed by its
 * job, and removed again when that fails), the row count of every table before and after, the analysis state, and
 * the elapsed time; finally `{maxRssKb}`. The parent enforces the time and memory bounds (a hang shows as a missing line).
 *
 * Usage: `node --import tsx server-import-runner.ts <manifest.json> <database.sqlite>`
 */
import { readFileSync } from 'node:fs';
import { createAppContext } from '../../../src/main/core/api/app-context';
import { dispatch } from '../../../src/main/core/api/dispatch';
import { createHandlers } from '../../../src/main/core/api/handlers';
import { withResponseChecks } from '../../../src/main/core/api/response-checks';
import type { CorpusCase } from '../../../scripts/make-malformed-corpus';

const [manifestPath, databasePath] = process.argv.slice(2);
if (manifestPath === undefined || databasePath === undefined) throw new Error('usage: server-import-runner <manifest> <db>');
const cases = JSON.parse(readFileSync(manifestPath, 'utf8')) as CorpusCase[];
const ctx = await createAppContext({ databasePath, log: () => undefined });
const handlers = withResponseChecks(createHandlers(ctx));
const jobErrors: string[] = [];
/** The record each job ended on (an import of a recording imported before ends on that record). */
const endedOn = new Map<string, number>();
ctx.subscribe((event, payload) => {
  if (event !== 'job:done') return;
  const done = payload as { jobId: string; recordId: number; state: string; error: string | null };
  endedOn.set(done.jobId, done.recordId);
  if (done.state === 'failed') jobErrors.push(done.error ?? 'failed');
});
const tables = (ctx.store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map(
  (t) => t.name,
);
const counts = (): Record<string, number> =>
  Object.fromEntries(tables.map((t) => [t, (ctx.store.db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n]));

for (const [i, c] of cases.entries()) {
  console.log(JSON.stringify({ start: c.id }));
  const before = counts();
  jobErrors.length = 0;
  const started = performance.now();
  const reply = await dispatch(handlers, { id: i, method: 'cases:import', params: { path: c.importPath } });
  await ctx.jobs.idle();
  const states =
    'result' in reply
      ? (reply.result as { imported: { recordId: number; jobId: string | null }[] }).imported.map(
          (r) => ctx.store.latestAnalysis((r.jobId !== null ? endedOn.get(r.jobId) : undefined) ?? r.recordId)?.state ?? 'none',
        )
      : [];
  const failedJobs = [...jobErrors];
  const elapsedS = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ id: c.id, reply, jobErrors: failedJobs, before, after: counts(), states, elapsedS }));
}
await ctx.close();
console.log(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));

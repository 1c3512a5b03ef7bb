/**
 * The set-up both retraining API tests share: a real AppContext in a temporary folder (SQLite file,
 * worker-pool engine with one wasm worker as on CI, committed models), the 60 s 119 excerpt imported
 * and analysed, every event recorded and checked against the contract, and calls made through the
 * dispatcher with their replies parsed by the response schemas (contractCaller).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext, type AppContext, type AppContextOptions } from '../../../../../src/main/core/api/app-context';
import { createHandlers, type Handlers } from '../../../../../src/main/core/api/handlers';
import { WorkerPoolEngine } from '../../../../../src/main/core/engine/worker-pool-engine';
import { eventSchemas, type EventName, type Events } from '../../../../../src/shared/api';
import { EXCERPT_119 } from '../retrain/reviewed-case';
import { contractCaller, type ContractCall } from './contract-caller';

/** An open case for the retraining API tests. */
export interface RetrainApiCase {
  dir: string;
  ctx: AppContext;
  handlers: Handlers;
  /** every event pushed so far, in order */
  events: { event: EventName; payload: unknown }[];
  /** the imported 119 excerpt */
  recordId: number;
  /** one API call through the dispatcher, its reply parsed by the method's response schema; throws the error reply */
  call: ContractCall;
  /** resolves with the first `job:done` / `retrain:done` event of the job */
  ended<E extends 'job:done' | 'retrain:done'>(event: E, jobId: string): Promise<Events[E]>;
  close(): Promise<void>;
}

/**
 * Opens the case (about 10–60 s on wasm: the engine loads the models and analyses the excerpt).
 * @param prefix - temporary folder name prefix
 * @param replay - where the beat and rhythm replay samples come from, given the case's folder (a missing folder: none)
 */
export async function openRetrainApiCase(
  prefix: string,
  replay: (dir: string) => Pick<AppContextOptions, 'replayDataDir' | 'rhythmReplayDataDir'>,
): Promise<RetrainApiCase> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const ctx = await createAppContext({
    databasePath: join(dir, 'review.sqlite'),
    engine: new WorkerPoolEngine({ workers: 1, backend: 'wasm' }),
    modelVersionsDir: join(dir, 'versions'),
    ...replay(dir),
    log: () => undefined,
  });
  const events: RetrainApiCase['events'] = [];
  ctx.subscribe((event, payload) => {
    events.push({ event, payload });
    (eventSchemas[event] as { parse: (p: unknown) => unknown }).parse(payload);
  });
  const handlers = createHandlers(ctx);
  const call = contractCaller(handlers);
  const ended: RetrainApiCase['ended'] = (event, jobId) =>
    new Promise((resolve) => {
      const look = (): void => {
        const hit = events.find((e) => e.event === event && (e.payload as { jobId: string }).jobId === jobId);
        if (hit) resolve(hit.payload as never);
        else setTimeout(look, 50);
      };
      look();
    });
  const imported = await call('cases:import', { path: EXCERPT_119 });
  const only = imported.imported[0]!;
  await ended('job:done', only.jobId ?? '');
  return {
    dir,
    ctx,
    handlers,
    events,
    recordId: only.recordId,
    call,
    ended,
    close: async () => {
      await ctx.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

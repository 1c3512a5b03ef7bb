/**
 * The engine part of `npm run bench`: the whole analysis of the 24 h
 * concatenation (`npx tsx scripts/make-holter-24h.ts`) through the app's own
 * path, `cases:import` on a fresh database, the job queue and the worker
 * engine, timed per stage, while `perf_hooks.monitorEventLoopDelay` watches
 * this (the serving) process's event loop. Every pushed event is encoded as
 * the WebSocket transport would send it, so relaying costs what it costs
 * under `npm run serve`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import type { Events } from '../src/shared/api';
import { encodeWire } from '../src/shared/wire';
import { createAppContext } from '../src/main/core/api/app-context';
import { createHandlers } from '../src/main/core/api/handlers';
import { watchMainThreadCpu } from './main-thread-cpu';
import { startSentinel } from './sentinel-delay';
import type { BackendPreference } from '../src/main/core/ml/backend-preference';

/** Event-loop sampling resolution, in ms. */
const EVENT_LOOP_RESOLUTION_MS = 10;
/** How long the event loop is watched with no analysis running, for the machine's own noise, in ms. */
const IDLE_BASELINE_MS = 5000;
/** Longest the serving process's event loop may be blocked by its own work during an analysis (issue 13), in ms. */
const SERVING_STALL_TARGET_MS = 50;

/** One backend's 24 h figures. */
export interface EngineFigures {
  /** Each line: `<backend>: <what> <value> <unit>`. */
  lines: string[];
  /** the whole analysis's wall time (read to rhythm), in ms */
  analysisMs: number;
}

const seconds = (ms: number | undefined): string => `${((ms ?? 0) / 1000).toFixed(2)} s`;

/**
 * Analyses one record through `cases:import` on the worker engine and
 * reports its times and the serving process's event-loop delay.
 * @param headerPath - the record (the 24 h concatenation)
 * @param backend - the workers' backend preference
 * @param label - backend name for the printed lines
 * @returns one figure per line, with units
 * @throws Error when the job does not end `done`
 */
export async function benchEngineAnalysis(headerPath: string, backend: BackendPreference, label: string): Promise<EngineFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'holter-bench-'));
  try {
    const ctx = await createAppContext({ databasePath: join(dir, 'bench.sqlite'), backend, log: () => undefined });
    const handlers = createHandlers(ctx);
    let done: Events['job:done'] | null = null;
    const finished = new Promise<void>((resolve) => {
      ctx.subscribe((event, payload) => {
        encodeWire({ event, payload });
        if (event === 'job:done') {
          done = payload as Events['job:done'];
          resolve();
        }
      });
    });
    const idle = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
    idle.enable();
    await new Promise((resolve) => setTimeout(resolve, IDLE_BASELINE_MS));
    idle.disable();
    const sentinel = await startSentinel(EVENT_LOOP_RESOLUTION_MS);
    const histogram = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
    histogram.enable();
    const cpuBefore = process.cpuUsage();
    const utilisation = performance.eventLoopUtilization();
    const cpuWatch = watchMainThreadCpu();
    const started = performance.now();
    const imported = await handlers['cases:import']({ path: headerPath, reanalyse: false });
    const importMs = performance.now() - started;
    await finished;
    const wallMs = performance.now() - started;
    histogram.disable();
    const processCpu = process.cpuUsage(cpuBefore);
    const noise = await sentinel.stop();
    const busy = performance.eventLoopUtilization(utilisation);
    const cpu = cpuWatch?.stop() ?? null;
    const result = done as Events['job:done'] | null;
    if (result?.state !== 'done') throw new Error(`${headerPath}: analysis ${result?.state}: ${result?.error}`);
    const recordId = imported.imported[0]?.recordId ?? result.recordId;
    const analysis = ctx.store.latestAnalysis(result.recordId, 'done');
    const stages = analysis?.stageMs ?? {};
    const lines = [
      `${label}: whole analysis (read to rhythm, chunks over both workers, wall time) ${seconds(analysis?.elapsedMs ?? undefined)}`,
      ...['read', 'qrs', 'beats', 'rhythm', 'store'].map(
        (stage) => `${label}: ${stage} ${seconds(stages[stage])}${stage === 'store' ? '' : ' (worker time summed over chunks)'}`,
      ),
      `${label}: cases:import reply ${importMs.toFixed(1)} ms`,
      `${label}: job wall time, import to job:done (hash, analysis, store) ${seconds(wallMs)}`,
      `${label}: beats ${ctx.store.beatTotal(analysis?.analysisId ?? 0)}`,
      `${label}: event-loop max delay ${(histogram.max / 1e6).toFixed(1)} ms`,
      `${label}: event-loop p99 delay ${(histogram.percentile(99) / 1e6).toFixed(1)} ms`,
      `${label}: event-loop max delay of an idle thread of this process over the same time (the machine's scheduling noise) ${noise.maxMs.toFixed(1)} ms`,
      `${label}: event-loop p99 delay of that idle thread ${noise.p99Ms.toFixed(1)} ms`,
      `${label}: event-loop max delay with no analysis running (${IDLE_BASELINE_MS / 1000} s, machine noise) ${(idle.max / 1e6).toFixed(1)} ms`,
      `${label}: main-thread event-loop utilisation during the job ${(busy.utilization * 100).toFixed(2)} %`,
      ...(cpu
        ? [
            `${label}: main-thread CPU time during the job ${cpu.totalMs} ms`,
            `${label}: longest main-thread CPU burst between two 10 ms samples ${cpu.longestBurstMs} ms`,
            // a stall of the serving thread's own keeps its 10 ms sampling timer from running while it
            // uses the CPU, so the longest burst bounds the delay its own work caused; the rest of
            // the max delay (which the idle sentinel thread sees too) is waiting for a core
            `${label}: event-loop delay from the serving thread's own work (longest CPU burst) ${cpu.longestBurstMs} ms (target ≤ ${SERVING_STALL_TARGET_MS} ms: ${cpu.longestBurstMs <= SERVING_STALL_TARGET_MS ? 'met' : 'MISSED'}); from waiting for a core: up to ${Math.max(0, histogram.max / 1e6 - cpu.longestBurstMs).toFixed(1)} ms`,
          ]
        : []),
      `${label}: CPU time of the process during the job (main + workers, all threads) ${((processCpu.user + processCpu.system) / 1e6).toFixed(1)} s`,
      `${label}: machine load average over the last minute (2 cores; other work slows the niced workers) ${loadavg()[0]?.toFixed(1)}`,
    ];
    if (recordId !== result.recordId) lines.push(`${label}: note: the import was merged into record ${result.recordId}`);
    await ctx.close();
    return { lines, analysisMs: analysis?.elapsedMs ?? Number.NaN };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const measureScript = join(import.meta.dirname, 'measure-engine.ts');

/**
 * Runs {@link benchEngineAnalysis} in a fresh child process (scripts/measure-engine.ts), so that the
 * peak RSS it adds is that of the engine path alone: the serving process and its workers, not this
 * process's backend micro-benchmarks.
 * @param headerPath - the record (the 24 h concatenation or the 7-day record)
 * @param backend - the workers' backend preference (native, wasm, cpu)
 * @param label - start of each printed line
 * @returns one figure per line, with units, the peak RSS last
 * @throws Error with the child's output when it fails
 */
export async function benchEngineInChild(headerPath: string, backend: string, label: string): Promise<EngineFigures> {
  const args = [...process.execArgv, measureScript, headerPath, '--backend', backend, '--label', label];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1 << 24 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as EngineFigures;
}

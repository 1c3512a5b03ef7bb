/**
 * Watches how much CPU this process's main thread itself uses, to tell an
 * event-loop delay caused by the main thread's own work (a blocking call)
 * from one caused by waiting for a core (other processes or the workers):
 * Linux only, from `/proc/self/task/<pid>/stat` (utime + stime, in clock
 * ticks of 10 ms).
 */
import { existsSync, readFileSync } from 'node:fs';

/** Sampling interval, in ms. */
const SAMPLE_INTERVAL_MS = 10;
/** Length of one clock tick of `/proc` CPU times, in ms (USER_HZ = 100 on Linux). */
const CLOCK_TICK_MS = 10;

/** What a {@link MainThreadCpuWatch} saw. */
export interface MainThreadCpu {
  /** CPU time of the main thread over the whole watch, in ms. */
  totalMs: number;
  /** Largest CPU time the main thread used between two consecutive samples, in ms (10 ms granularity). */
  longestBurstMs: number;
}

/** A running watch; `stop()` ends it. */
export interface MainThreadCpuWatch {
  stop(): MainThreadCpu;
}

function mainThreadCpuMs(path: string): number {
  const fields = readFileSync(path, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
}

/**
 * Starts sampling the main thread's CPU time every 10 ms.
 * @returns the watch, or null where `/proc` has no per-thread times (not Linux)
 */
export function watchMainThreadCpu(): MainThreadCpuWatch | null {
  const path = `/proc/self/task/${process.pid}/stat`;
  if (!existsSync(path)) return null;
  const first = mainThreadCpuMs(path);
  let last = first;
  let longestBurstMs = 0;
  const timer = setInterval(() => {
    const now = mainThreadCpuMs(path);
    longestBurstMs = Math.max(longestBurstMs, now - last);
    last = now;
  }, SAMPLE_INTERVAL_MS);
  return {
    stop() {
      clearInterval(timer);
      const end = mainThreadCpuMs(path);
      return { totalMs: end - first, longestBurstMs: Math.max(longestBurstMs, end - last) };
    },
  };
}

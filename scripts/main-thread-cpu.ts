/**
 * Watches how much CPU this process's main thread itself uses, to tell an
 * event-loop delay caused by the main thread's own work (a blocking call)
 * from one caused by waiting for a core (other processes or the workers):
 * Linux only, from `/proc/self/task/<pid>/stat` (utime + stime, in clock
 * ticks of 10 ms).
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';

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

/** Longest `/proc/<pid>/task/<tid>/stat` line read, in bytes (the line is about 300). */
const STAT_BUFFER_BYTES = 1024;

/** Reads utime + stime of the thread whose stat file is open on `fd`, re-read from offset 0 (no allocation per sample beyond the line). */
function mainThreadCpuMs(fd: number, buffer: Buffer): number {
  const length = readSync(fd, buffer, 0, buffer.length, 0);
  const fields = buffer.toString('latin1', 0, length).split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
}

/**
 * Starts sampling the main thread's CPU time every 10 ms.
 * @returns the watch, or null where `/proc` has no per-thread times (not Linux)
 */
export function watchMainThreadCpu(): MainThreadCpuWatch | null {
  const path = `/proc/self/task/${process.pid}/stat`;
  if (!existsSync(path)) return null;
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(STAT_BUFFER_BYTES);
  const first = mainThreadCpuMs(fd, buffer);
  let last = first;
  let longestBurstMs = 0;
  const timer = setInterval(() => {
    const now = mainThreadCpuMs(fd, buffer);
    longestBurstMs = Math.max(longestBurstMs, now - last);
    last = now;
  }, SAMPLE_INTERVAL_MS);
  return {
    stop() {
      clearInterval(timer);
      const end = mainThreadCpuMs(fd, buffer);
      closeSync(fd);
      return { totalMs: end - first, longestBurstMs: Math.max(longestBurstMs, end - last) };
    },
  };
}

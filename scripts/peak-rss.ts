import { existsSync, readFileSync } from 'node:fs';

/**
 * This process's peak resident memory (every thread: the main thread and its workers), MB. On Linux it
 * is `VmHWM` of /proc/self/status, the peak of this program's own address space: getrusage's `maxRSS`
 * also keeps the peak of the address space replaced at exec, i.e. the resident size of the parent at
 * fork (the bench's parent holds over 1 GB after its template figures, and every child then reported
 * that). Elsewhere `maxRSS`.
 * @returns peak RSS in MB
 */
export function peakRssMb(): number {
  const status = '/proc/self/status';
  const hwm = existsSync(status) ? /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(status, 'utf8')) : null;
  return (hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS) / 1024;
}

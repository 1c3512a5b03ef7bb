/**
 * QRS detection speed on the 24 h concatenation, for `npm run bench`: the pipeline's multi-lead detector
 * (src/main/core/qrs/multi-lead.ts: Hamilton 2002 on both leads, their 10 s SNR windows, the fused vote) over the
 * whole record in memory, timed without the read; wall time and process CPU time (user + system) of the median of 3 runs.
 * Target (issue 18): ≤ 1.5 s for both leads (WFDB gqrs takes 1.2–1.45 s CPU on the same record).
 */
import { existsSync } from 'node:fs';
import { detectQrsMultiLead } from '../src/main/core/qrs/multi-lead';
import { readRecord, toPhysical } from '../src/main/core/wfdb/record';

/** Timed runs of the detection (the median is printed). */
const RUNS = 3;

/**
 * Prints the multi-lead QRS detection time of a record (all its signals).
 * @param headerPath - the 24 h record's `.hea` (scripts/make-holter-24h.ts); skipped with a message when absent
 */
export function benchQrsDetection(headerPath: string): void {
  if (!existsSync(headerPath)) {
    console.log(`QRS detection of the 24 h record skipped: ${headerPath} is missing (npx tsx scripts/make-holter-24h.ts)`);
    return;
  }
  const record = readRecord(headerPath);
  const leads = record.adc.map((_, i) => toPhysical(record, i));
  const runs: { wallS: number; cpuS: number; beats: number }[] = [];
  for (let k = 0; k < RUNS; k++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { beats } = detectQrsMultiLead(leads, record.fsHz);
    const cpu = process.cpuUsage(cpu0);
    runs.push({ wallS: (performance.now() - t0) / 1000, cpuS: (cpu.user + cpu.system) / 1e6, beats: beats.length });
  }
  runs.sort((a, b) => a.cpuS - b.cpuS);
  const median = runs[RUNS >> 1] as (typeof runs)[number];
  const hours = record.nSamples / record.fsHz / 3600;
  console.log(
    `QRS detection, ${hours.toFixed(1)} h × ${leads.length} leads (multi-lead, median of ${RUNS}): ${median.wallS.toFixed(2)} s wall, ` +
      `${median.cpuS.toFixed(2)} s CPU, ${median.beats} beats (target ≤ 1.5 s; wall time is inflated on a shared machine)`,
  );
}

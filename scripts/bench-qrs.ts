/**
 * QRS detection speed on the 24 h concatenation, for `npm run bench`: the pipeline's multi-lead detector
 * (src/main/core/qrs/multi-lead.ts: Hamilton 2002 on both leads, their 10 s SNR windows, the fused vote) over the
 * whole record in memory, timed without the read; wall time and process CPU time (user + system) of the median of 3 runs;
 * then the per-beat work the analysis's first pass adds to it (detect-chunk.ts): the pacing features of every beat on
 * both leads (src/main/core/beats/pacing-features.ts), timed the same way.
 * Target (issue 18): ≤ 1.5 s for both leads (WFDB gqrs takes 1.2–1.45 s CPU on the same record).
 */
import { existsSync } from 'node:fs';
import { pacingFeatures } from '../src/main/core/beats/pacing-features';
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
  const detection = timeRuns(() => detectQrsMultiLead(leads, record.fsHz).beats);
  const hours = record.nSamples / record.fsHz / 3600;
  console.log(
    `QRS detection, ${hours.toFixed(1)} h × ${leads.length} leads (multi-lead, median of ${RUNS}): ${detection.wallS.toFixed(2)} s wall, ` +
      `${detection.cpuS.toFixed(2)} s CPU, ${detection.result.length} beats (target ≤ 1.5 s; wall time is inflated on a shared machine)`,
  );
  const pacing = timeRuns(() => pacingFeatures(leads, record.fsHz, detection.result));
  console.log(
    `  + pacing features of those beats (first pass, median of ${RUNS}): ${pacing.wallS.toFixed(2)} s wall, ${pacing.cpuS.toFixed(2)} s CPU; ` +
      `detection and pacing features ${(detection.cpuS + pacing.cpuS).toFixed(2)} s CPU`,
  );
}

/** Runs `work` RUNS times; the run of median CPU time, with its result. */
function timeRuns<T>(work: () => T): { wallS: number; cpuS: number; result: T } {
  const runs: { wallS: number; cpuS: number; result: T }[] = [];
  for (let k = 0; k < RUNS; k++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const result = work();
    const cpu = process.cpuUsage(cpu0);
    runs.push({ wallS: (performance.now() - t0) / 1000, cpuS: (cpu.user + cpu.system) / 1e6, result });
  }
  runs.sort((a, b) => a.cpuS - b.cpuS);
  return runs[RUNS >> 1] as (typeof runs)[number];
}

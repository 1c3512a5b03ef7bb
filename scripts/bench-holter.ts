/**
 * The Holter-scale part of `npm run bench`: the whole analysis of the 24 h concatenation per backend
 * with its per-stage times, and of the 7-day record (make-holter-7d.ts) with its time, peak RSS and
 * the `record:overview` / `record:window` times on its stored analysis. Each record is analysed by
 * scripts/measure-analysis.ts in a fresh child process, so each peak RSS is that analysis' own,
 * pinned to one core where `taskset` exists (Linux), so the per-stage times are one-core times
 * whatever else runs on the other core. Prints one figure per line with its unit, CPU times next to
 * the wall times and the machine's load average with each record (other work on the 2 cores slows
 * the wall times, much less the CPU times); a missed peak-RSS target is printed as MISSED and sets
 * a failing exit code.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Targets of issue 13, printed next to the figures. */
export const HOLTER_TARGETS = Object.freeze({
  maxRssMb: 1024,
  sevenDayOverDay: 7.5,
  apiMs: 100,
  /** the 24 h beat stage on one core, in s, per backend (issue 18) */
  beatsS: Object.freeze({ tensorflow: 8, wasm: 16 }) as Readonly<Record<string, number>>,
});

/** One measured analysis, as measure-analysis.ts prints it. */
export interface MeasuredAnalysis {
  record: string;
  backend: string;
  durationH: number;
  elapsedMs: number;
  stageMs: { read: number; qrs: number; beats: number; rhythm: number };
  beats: number;
  chunks: number;
  maxRssMb: number;
  /** RSS of the child once its backend and models are loaded, before the analysis, in MB */
  loadRssMb: number;
  cpuS: number;
  /** CPU time of the analysis alone, in s */
  analysisCpuS: number;
  /** its CPU time per step, in s (see measure-analysis.ts) */
  stageCpuS: { detect: number; beats: number; rhythm: number; merge: number };
  /** machine load average over the last minute when the analysis ended (2 cores) */
  loadAverage: number;
  storeMs?: number;
  /** peak RSS of the child once the analysis is stored, in MB */
  storeMaxRssMb?: number;
  overviewBinS?: number;
  overviewMs?: number;
  windowMs?: number;
  envelopeBins?: number;
  /** record:window with envelopeBins, per span label, in ms */
  envelopeMs?: Record<string, number>;
}

const measureScript = join(import.meta.dirname, 'measure-analysis.ts');
/** Pins a child process to the first core (util-linux), when present. */
const TASKSET = '/usr/bin/taskset';

/**
 * Analyses one record in a child process.
 * @param headerPath - the record's `.hea`
 * @param backend - tfjs backend preference for the child (native, wasm, cpu)
 * @param withStore - also store the analysis in a temporary database and time the overview and window calls
 * @returns the child's figures
 * @throws Error with the child's output when it fails
 */
export async function measureAnalysis(headerPath: string, backend: string, withStore: boolean): Promise<MeasuredAnalysis> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-holter-'));
  try {
    const args = [
      ...process.execArgv,
      measureScript,
      headerPath,
      '--backend',
      backend,
      ...(withStore ? ['--db', join(dir, 'bench.sqlite')] : []),
    ];
    const [file, argv] = existsSync(TASKSET) ? [TASKSET, ['-c', '0', process.execPath, ...args]] : [process.execPath, args];
    const { stdout } = await promisify(execFile)(file, argv, { maxBuffer: 1 << 24 });
    const line = stdout.trim().split('\n').pop() ?? '';
    return { ...(JSON.parse(line) as Omit<MeasuredAnalysis, 'loadAverage'>), loadAverage: loadavg()[0] ?? NaN };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The peak RSS lines of one analysis: the child's peak against its target (`met` or `MISSED`, the latter
 * also failing the bench's exit code), then its RSS before the analysis.
 */
function printRss(label: string, m: MeasuredAnalysis): void {
  const met = m.maxRssMb <= HOLTER_TARGETS.maxRssMb;
  if (!met) process.exitCode = 1;
  const verdict = `target ≤ ${HOLTER_TARGETS.maxRssMb} MB: ${met ? 'met' : 'MISSED'}`;
  console.log(`${label}, peak RSS of the analysing process (measure-analysis.ts child, VmHWM): ${m.maxRssMb.toFixed(0)} MB (${verdict})`);
  console.log(`${label}, RSS of that process with the backend and models loaded, before the analysis: ${m.loadRssMb.toFixed(0)} MB`);
}

/** Prints the 24 h figures of one backend, one per line. */
function printDay(m: MeasuredAnalysis): void {
  const s = m.stageMs;
  const c = m.stageCpuS;
  const label = `24 h analysis, ${m.backend} (one core, load average ${m.loadAverage.toFixed(1)})`;
  console.log(`${label}: ${seconds(m.elapsedMs)} total (${m.beats} beats, ${m.chunks} chunks)`);
  console.log(`${label}, CPU time: ${m.analysisCpuS.toFixed(1)} s (${m.cpuS.toFixed(1)} s with model loading)`);
  console.log(`${label}, read: ${seconds(s.read)}`);
  console.log(`${label}, qrs: ${seconds(s.qrs)}`);
  const beatsTarget = HOLTER_TARGETS.beatsS[m.backend];
  console.log(`${label}, beats: ${seconds(s.beats)}${beatsTarget === undefined ? '' : ` (target ≤ ${beatsTarget} s)`}`);
  console.log(`${label}, rhythm (VF detector, windows, AF detector and episodes): ${seconds(s.rhythm)}`);
  console.log(
    `${label}, CPU time per step: first pass (read, QRS, VF) ${c.detect.toFixed(1)} s, beats ${c.beats.toFixed(1)} s, rhythm windows ${c.rhythm.toFixed(1)} s, merge (AF detector, episodes) ${c.merge.toFixed(1)} s`,
  );
  printRss(label, m);
}

/** Prints the 7-day figures, one per line, with the ratio to the 24 h time of the same backend. */
function printWeek(m: MeasuredAnalysis, day: MeasuredAnalysis | undefined): void {
  console.log(
    `7-day analysis, ${m.backend} (one core, load average ${m.loadAverage.toFixed(1)}): ${seconds(m.elapsedMs)} total (${m.beats} beats, ${m.chunks} chunks, ${m.durationH.toFixed(1)} h)`,
  );
  console.log(`7-day analysis, ${m.backend}, CPU time: ${m.analysisCpuS.toFixed(1)} s (${m.cpuS.toFixed(1)} s with model loading)`);
  if (day) {
    const ratio = m.elapsedMs / day.elapsedMs;
    console.log(`7-day analysis, ${m.backend}, time / 24 h time: ${ratio.toFixed(2)} (target ≤ ${HOLTER_TARGETS.sevenDayOverDay})`);
    console.log(`7-day analysis, ${m.backend}, CPU time / 24 h CPU time: ${(m.analysisCpuS / day.analysisCpuS).toFixed(2)}`);
  }
  printRss(`7-day analysis, ${m.backend}`, m);
  if (m.overviewMs !== undefined) {
    console.log(`7-day record:overview (binS ${m.overviewBinS} s): ${m.overviewMs.toFixed(1)} ms (target ≤ ${HOLTER_TARGETS.apiMs} ms)`);
  }
  if (m.windowMs !== undefined)
    console.log(`7-day record:window (10 s): ${m.windowMs.toFixed(1)} ms (target ≤ ${HOLTER_TARGETS.apiMs} ms)`);
  for (const [span, ms] of Object.entries(m.envelopeMs ?? {}))
    console.log(
      `7-day record:window min/max envelope (${span}, ${m.envelopeBins} bins): ${ms.toFixed(1)} ms (target ≤ ${HOLTER_TARGETS.apiMs} ms)`,
    );
  if (m.storeMs !== undefined) console.log(`7-day analysis stored in: ${seconds(m.storeMs)}`);
  if (m.storeMaxRssMb !== undefined)
    console.log(`7-day analysis, ${m.backend}, peak RSS of the same process once the analysis is stored: ${m.storeMaxRssMb.toFixed(0)} MB`);
}

/**
 * Runs and prints the Holter-scale figures; a record that is absent is reported and skipped.
 * @param day - the 24 h record's `.hea` (make-holter-24h.ts)
 * @param week - the 7-day record's `.hea` (make-holter-7d.ts)
 * @param backends - backend preferences for the 24 h analysis (e.g. native, wasm); the 7-day record runs on the first
 */
export async function benchHolter(day: string, week: string, backends: readonly string[]): Promise<void> {
  const days = new Map<string, MeasuredAnalysis>();
  if (existsSync(day)) {
    for (const backend of backends) {
      const m = await measureAnalysis(day, backend, false);
      days.set(backend, m);
      printDay(m);
    }
  } else console.log(`24 h analysis: ${day} absent, skipped (npx tsx scripts/make-holter-24h.ts)`);
  const first = backends[0];
  if (existsSync(week) && first) printWeek(await measureAnalysis(week, first, true), days.get(first));
  else console.log(`7-day analysis: ${week} absent, skipped (npx tsx scripts/make-holter-7d.ts)`);
}

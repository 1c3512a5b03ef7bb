/**
 * Retraining figures for `npm run bench`, on the backend initialised last (one figure per line with its
 * unit; CPU time from process.cpuUsage beside wall time, the machine being shared):
 * - one fine-tuning epoch over 50,000 beats (real DS1 beats of ../shared/data/mitdb drawn as the
 *   replay sample draws them, batch 64, Adam; only where the backend trains the whole model — the
 *   issue's bound is ≤ 60 s on the native backend);
 * - patient adaptation from 5 minutes of labels (PATIENT_ADAPTATION_CONFIG: the first 300 s of
 *   reference beats, its epochs and batch size, with a replay sample of as many DS1 beats) on a few DS2 records, per
 *   record (bound ≤ 20 s native); on wasm the recurrent layers and head only. The replay draw is
 *   timed apart: the first one reads and prepares the 22 DS1 records, later ones draw from the
 *   records replay-sample.ts keeps loaded (as a worker's second run does).
 * Skips with a message when ../shared/data/mitdb is absent.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BeatClassifier } from '../src/main/core/beats/classifier';
import { readReferenceBeats } from '../src/main/core/beats/reference-beats';
import type { BackendInfo } from '../src/main/core/ml/backend';
import { exampleCount } from '../src/main/core/retrain/beat-examples';
import { FINE_TUNE_CONFIG, fineTuneBeatModel, trainableScope, type FineTuneInput } from '../src/main/core/retrain/fine-tune-beats';
import { referenceExamples, PATIENT_ADAPTATION_CONFIG } from '../src/main/core/retrain/patient-adaptation';
import { replaySample } from '../src/main/core/retrain/replay-sample';

const root = resolve(import.meta.dirname, '..');
const MITDB = resolve(root, '../shared/data/mitdb');
const BEATS_DIR = join(root, 'resources/models/beats');

/** Sizes of the retraining figures. */
export const BENCH_RETRAIN_CONFIG = Object.freeze({
  epochBeats: 50_000,
  /** DS2 records of the adaptation figure: few, small and large */
  adaptRecords: Object.freeze(['100', '213', '233']),
});

/** Whether this process has drawn a replay sample yet (replay-sample.ts keeps the records it read, whichever backend drew). */
let replayRecordsRead = false;

/** Wall and CPU seconds of one awaited call. */
async function timed<T>(run: () => Promise<T>): Promise<{ result: T; wallS: number; cpuS: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await run();
  const cpu = process.cpuUsage(cpu0);
  return { result, wallS: (performance.now() - t0) / 1000, cpuS: (cpu.user + cpu.system) / 1e6 };
}

/** One fine-tuning into a temporary folder (removed after). */
async function fineTuneOnce(input: Omit<FineTuneInput, 'baseModelDir' | 'outDir' | 'version'>): ReturnType<typeof fineTuneBeatModel> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-retrain-'));
  try {
    return await fineTuneBeatModel({ ...input, baseModelDir: BEATS_DIR, outDir: join(dir, 'model'), version: 'bench' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Prints the retraining figures on `backend` (see the file comment).
 * @param backend - the backend initBackend chose last
 */
export async function benchRetrain(backend: BackendInfo): Promise<void> {
  if (!existsSync(join(MITDB, 'RECORDS'))) {
    console.log(`retraining: skipped (need ${MITDB})`);
    return;
  }
  const { scope } = trainableScope(backend);
  const tag = `${backend.name}, ${scope}`;
  const meta = (await BeatClassifier.load(BEATS_DIR)).meta;
  if (scope === 'whole-model') {
    const pool = replaySample(MITDB, meta, BENCH_RETRAIN_CONFIG.epochBeats, FINE_TUNE_CONFIG.seed);
    replayRecordsRead = true;
    if (pool.examples === null) console.log(`fine-tuning epoch: skipped (${pool.reason})`);
    else {
      const n = exampleCount(pool.examples).toLocaleString('en');
      const run = await timed(() =>
        fineTuneOnce({
          reviewed: pool.examples,
          replay: null,
          replayNote: 'none',
          backend,
          hyperParameters: { epochs: 1, validationFraction: 0 },
        }),
      );
      const epochS = run.result.history[0]?.seconds ?? Number.NaN;
      console.log(`fine-tuning, one epoch over ${n} beats (${tag}, batch ${FINE_TUNE_CONFIG.batchSize}): ${epochS.toFixed(1)} s wall`);
      console.log(`fine-tuning, one epoch over ${n} beats (${tag}): ${run.cpuS.toFixed(1)} s CPU (whole run, both cores' threads)`);
    }
  } else
    console.log(
      `fine-tuning epoch over ${BENCH_RETRAIN_CONFIG.epochBeats.toLocaleString('en')} beats: not run on ${backend.name} (the issue's figure is native)`,
    );

  const records = BENCH_RETRAIN_CONFIG.adaptRecords.filter((r) => existsSync(join(MITDB, `${r}.hea`)));
  const { adaptS, hyperParameters } = PATIENT_ADAPTATION_CONFIG;
  for (const name of records) {
    const reviewed = referenceExamples(readReferenceBeats(join(MITDB, `${name}.hea`)), meta, adaptS);
    const draw = await timed(async () => replaySample(MITDB, meta, exampleCount(reviewed), FINE_TUNE_CONFIG.seed));
    const replay = draw.result.examples;
    const run = await timed(() => fineTuneOnce({ reviewed, replay, replayNote: replay ? null : 'none', backend, hyperParameters }));
    const beats = `${exampleCount(reviewed)} + ${replay ? exampleCount(replay) : 0} replay beats`;
    console.log(
      `patient adaptation, mitdb ${name}, first ${adaptS} s (${beats}, ${hyperParameters.epochs} epochs, batch ${hyperParameters.batchSize}, ${tag}): ${run.wallS.toFixed(1)} s wall per record`,
    );
    console.log(`patient adaptation, mitdb ${name} (${tag}): ${run.cpuS.toFixed(1)} s CPU per record`);
    console.log(
      `patient adaptation, mitdb ${name}: replay draw ${draw.wallS.toFixed(2)} s wall (${replayRecordsRead ? 'records already loaded' : 'reads the 22 DS1 records'})`,
    );
    replayRecordsRead = true;
  }
}

/**
 * `npm run bench` — speed of the beat and rhythm models on every tfjs backend
 * present: beat-model training (beats/s, `trainOnBatch`, Adam), beat
 * inference (beats/s) and rhythm-model inference (30 s windows/s), plus
 * rhythm training where the backend can train. Prints a Markdown table.
 *
 * Models: inference uses the committed models in resources/models/beats and
 * resources/models/rhythm (loaded with loadLayersModel; input shapes are read
 * from the model) and, where none is committed yet, the untrained
 * architecture from buildBeatModels() / buildRhythmModel(); training uses the
 * `training` view those builders return, compiled with Adam and categorical
 * cross-entropy. The table's legend says which model each figure used.
 * Inputs are random normal with σ 0.5 (ECG-like amplitude in mV), targets
 * random one-hot; only speed is measured.
 *
 * Options: `--backends tensorflow,wasm,cpu` (default: all; absent ones are
 * reported and skipped), `--runs N` timed runs per figure (default 3, after 1
 * warm-up; the cpu backend gets 1 timed run on smaller batches, enough to
 * show its order of magnitude).
 *
 * Then the Holter-scale figures: QRS detection of the 24 h concatenation, both leads (bench-qrs.ts), and (bench-holter.ts) the 24 h concatenation's
 * whole analysis per backend with per-stage times and peak RSS, the 7-day
 * record's time, peak RSS, and `record:overview` / `record:window` times.
 * Options: `--holter-backends native,wasm` (the 7-day record runs on the
 * first), `--holter-24h FILE.hea`, `--holter-7d FILE.hea` (defaults: what
 * make-holter-24h.ts / make-holter-7d.ts write under data/), `--no-holter`.
 *
 * Then the engine figures (bench-engine.ts): the 24 h record, then the 7-day record, analysed
 * through `cases:import` on the worker engine, per backend, each in a fresh process
 * (measure-engine.ts), with per-stage times, the serving process's event-loop delay and the peak RSS
 * of that process with its workers. Options: `--engine-backends native,wasm`, `--no-engine`,
 * `--no-engine-7d`.
 *
 * After each backend's table figures, the retraining figures on it (bench-retrain.ts): one fine-tuning
 * epoch over 50,000 beats and patient adaptation from 5 minutes of labels. Options: `--no-retrain`,
 * `--retrain-only` (just these, on each of `--backends`).
 *
 * Then the review screen in Chromium against the real core on the 24 h record (bench-review-ui.ts): open the case,
 * page step, template relabel and its undo, renderer memory after a scripted hour. Options: `--review-db FILE` (a
 * database already holding that analysis), `--review-actions N`, `--no-review-ui`; `--review-only` runs just the
 * review figures (store actions and screen).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import { getTf, initBackend, type BackendInfo } from '../src/main/core/ml/backend';
import type { BackendPreference } from '../src/main/core/ml/backend-preference';
import { loadLayersModel } from '../src/main/core/ml/load-model';
import { buildBeatModels } from '../src/main/core/beats/beat-model';
import { buildRhythmModel } from '../src/main/core/rhythm/rhythm-model';
import { benchReviewActions } from './bench-review';
import { benchReviewUi } from './bench-review-ui';
import { benchBeatTemplates } from './bench-templates';
import { benchHolter, HOLTER_TARGETS } from './bench-holter';
import { benchQrsDetection } from './bench-qrs';
import { benchEngineInChild } from './bench-engine';
import { benchRetrain } from './bench-retrain';

/** Batch sizes and run counts; the cpu backend gets a brief probe only. */
const BENCH_CONFIG = Object.freeze({
  full: Object.freeze({ beatTrainBatch: 256, beatInferBatch: 1024, rhythmInferBatch: 32, rhythmTrainBatch: 32 }),
  cpuProbe: Object.freeze({ beatTrainBatch: 32, beatInferBatch: 128, rhythmInferBatch: 2, rhythmTrainBatch: 0 }),
  warmupRuns: 1,
  defaultTimedRuns: 3,
  cpuTimedRuns: 1,
  learningRate: 1e-3,
  inputSigmaMv: 0.5,
});

const BACKENDS: Readonly<Record<string, BackendPreference>> = Object.freeze({
  tensorflow: 'native',
  wasm: 'wasm',
  cpu: 'cpu',
});

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const beatDir = join(projectRoot, 'resources', 'models', 'beats');
const rhythmDir = join(projectRoot, 'resources', 'models', 'rhythm');

/** A model to bench and where it came from. */
interface BenchModel {
  model: LayersModel;
  label: string;
}

/** The committed model in `dir` when it exists (what the app runs), else the freshly built architecture. */
async function inferenceModel(dir: string, build: () => LayersModel, builder: string): Promise<BenchModel> {
  const relativeDir = dir.slice(projectRoot.length + 1);
  if (existsSync(join(dir, 'model.json'))) return { model: await loadLayersModel(dir), label: relativeDir };
  const model = build();
  return { model, label: `${builder}.inference, untrained (no ${relativeDir}/model.json), ${model.countParams()} params` };
}

/** Random inputs for every model input, shape [batch, ...fixed dims]. */
function randomInputs(model: LayersModel, batch: number): Tensor[] {
  const tf = getTf();
  return model.inputs.map((input) => {
    const dims = input.shape.slice(1);
    if (dims.some((d) => d === null)) throw new Error(`model input ${input.name} has a free dimension`);
    return tf.randomNormal([batch, ...(dims as number[])], 0, BENCH_CONFIG.inputSigmaMv);
  });
}

/** Random one-hot targets for every model output. */
function randomTargets(model: LayersModel, batch: number): Tensor[] {
  const tf = getTf();
  return model.outputs.map((output) => {
    const classes = output.shape[output.shape.length - 1] as number;
    return tf.oneHot(tf.randomUniform([batch], 0, classes, 'int32'), classes);
  });
}

/** Median milliseconds of `timed` runs of `step` after the warm-up runs. */
async function medianMs(step: () => Promise<void>, timed: number): Promise<number> {
  for (let i = 0; i < BENCH_CONFIG.warmupRuns; i++) await step();
  const times: number[] = [];
  for (let i = 0; i < timed; i++) {
    const t0 = performance.now();
    await step();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

/** `examples/s (bBATCH, MS ms)`, with one decimal below 100/s. */
function formatRate(batch: number, ms: number): string {
  const perSecond = (batch * 1000) / ms;
  const rate = perSecond >= 100 ? Math.round(perSecond).toLocaleString('en') : perSecond.toFixed(1);
  return `${rate} (b${batch}, ${ms.toFixed(0)} ms)`;
}

/** Examples per second of inference at one batch size. */
async function inferenceRate(model: LayersModel, batch: number, timed: number): Promise<string> {
  const tf = getTf();
  const inputs = randomInputs(model, batch);
  const ms = await medianMs(async () => {
    const out = model.predict(inputs.length === 1 ? inputs[0]! : inputs, { batchSize: batch });
    const outputs = Array.isArray(out) ? out : [out];
    await Promise.all(outputs.map((t) => t.data()));
    tf.dispose(outputs);
  }, timed);
  tf.dispose(inputs);
  return formatRate(batch, ms);
}

/** Examples per second of trainOnBatch (Adam, categorical cross-entropy) at one batch size. */
async function trainingRate(model: LayersModel, batch: number, timed: number): Promise<string> {
  const tf = getTf();
  model.compile({ optimizer: tf.train.adam(BENCH_CONFIG.learningRate), loss: 'categoricalCrossentropy' });
  const inputs = randomInputs(model, batch);
  const targets = randomTargets(model, batch);
  const ms = await medianMs(async () => {
    await model.trainOnBatch(inputs.length === 1 ? inputs[0]! : inputs, targets.length === 1 ? targets[0]! : targets);
  }, timed);
  tf.dispose([...inputs, ...targets]);
  return formatRate(batch, ms);
}

interface Row {
  backend: string;
  cells: string[];
}

async function benchBackend(info: BackendInfo, timedRuns: number): Promise<{ row: Row; labels: string[] }> {
  const cpu = info.name === 'cpu';
  const sizes = cpu ? BENCH_CONFIG.cpuProbe : BENCH_CONFIG.full;
  const timed = cpu ? BENCH_CONFIG.cpuTimedRuns : timedRuns;
  const beatModels = buildBeatModels();
  const rhythmModels = buildRhythmModel();
  const beat = await inferenceModel(beatDir, () => beatModels.inference, 'buildBeatModels()');
  const rhythm = await inferenceModel(rhythmDir, () => rhythmModels.inference, 'buildRhythmModel()');
  const labels = [
    `beat training: buildBeatModels().training, ${beatModels.training.countParams()} params`,
    `beat inference: ${beat.label}`,
    `rhythm inference: ${rhythm.label}`,
    `rhythm training: buildRhythmModel().training, ${rhythmModels.training.countParams()} params`,
  ];
  const cannot = info.canTrain || cpu ? '' : 'cannot train conv layers';
  const beatTrain = cannot || (await trainingRate(beatModels.training, sizes.beatTrainBatch, timed));
  const beatInfer = await inferenceRate(beat.model, sizes.beatInferBatch, timed);
  const rhythmInfer = await inferenceRate(rhythm.model, sizes.rhythmInferBatch, timed);
  const rhythmTrain = info.canTrain ? await trainingRate(rhythmModels.training, sizes.rhythmTrainBatch, timed) : cannot || 'not probed';
  // Each builder's two views share their layers, so disposing the training view frees both.
  beatModels.training.dispose();
  rhythmModels.training.dispose();
  if (beat.model !== beatModels.inference) beat.model.dispose();
  if (rhythm.model !== rhythmModels.inference) rhythm.model.dispose();
  const backend = `${info.name} (${info.package}${info.tfVersion ? `, TF ${info.tfVersion}` : ''})`;
  return { row: { backend, cells: [beatTrain, beatInfer, rhythmInfer, rhythmTrain] }, labels };
}

/**
 * The 24 h analysis, then the 7-day record's, through cases:import on the worker engine, once per
 * backend, each in a fresh process (for its own peak RSS), one figure per line.
 */
async function benchEngine(day: string, week: string | null, backends: string[]): Promise<void> {
  /** each backend's 24 h whole-analysis time, in ms, for the 7-day record's ratio */
  const dayMs = new Map<string, number>();
  for (const [headerPath, what, suffix] of [[day, '24 h', ''], ...(week === null ? [] : [[week, '7-day', ', 7-day record']])] as [
    string,
    string,
    string,
  ][]) {
    console.log('');
    if (!existsSync(headerPath)) {
      console.log(
        `${what} analysis on the engine skipped: ${headerPath} is missing (npx tsx scripts/make-holter-${what === '24 h' ? '24h' : '7d'}.ts)`,
      );
      continue;
    }
    console.log(`${what} analysis of ${headerPath} via cases:import on the worker engine (2 workers), per backend:`);
    for (const name of backends) {
      const prefer = BACKENDS[name === 'native' ? 'tensorflow' : name];
      if (!prefer) throw new Error(`--engine-backends: unknown backend ${name} (know native, wasm, cpu)`);
      try {
        const figures = await benchEngineInChild(headerPath, prefer, `${name}${suffix}`);
        for (const line of figures.lines) console.log(line);
        if (what === '24 h') dayMs.set(name, figures.analysisMs);
        const oneDayMs = dayMs.get(name);
        if (what === '7-day' && oneDayMs !== undefined) {
          const ratio = figures.analysisMs / oneDayMs;
          const target = HOLTER_TARGETS.sevenDayOverDay;
          console.log(
            `${name}${suffix}: whole analysis time / the 24 h record's ${ratio.toFixed(2)} (target ≤ ${target}: ${ratio <= target ? 'met' : 'MISSED'})`,
          );
        }
      } catch (error) {
        console.log(`${name}${suffix}: skipped (${(error as Error).message})`);
      }
    }
  }
}

async function main(): Promise<void> {
  const values = new Command()
    .option('--backends <list>', 'tfjs backends to bench', Object.keys(BACKENDS).join(','))
    .option('--runs <n>', 'timed runs per figure', String(BENCH_CONFIG.defaultTimedRuns))
    .option('--holter-backends <list>', 'backends of the 24 h analysis (the 7-day record runs on the first)', 'native,wasm')
    .option('--holter-24h <hea>', '24 h record', join(projectRoot, 'data', 'holter24h', 'concat24h.hea'))
    .option('--holter-7d <hea>', '7-day record', join(projectRoot, 'data', 'holter7d', 'concat7d.hea'))
    .option('--no-holter', 'skip the Holter-scale figures')
    .option('--engine-backends <list>', 'backends of the 24 h and 7-day analyses on the worker engine', 'native,wasm')
    .option('--no-engine', 'skip the 24 h analysis on the worker engine')
    .option('--no-engine-7d', 'skip the 7-day analysis on the worker engine')
    .option('--review-only', 'only the review figures (store actions, then the review screen in Chromium)')
    .option('--review-db <file>', 'review screen: a database already holding the 24 h analysis (copied; default: analyse it)')
    .option('--review-actions <n>', 'review screen: actions of the scripted hour', '1200')
    .option('--no-review-ui', 'skip the review-screen figures in Chromium')
    .option('--no-retrain', 'skip the fine-tuning figures')
    .option('--retrain-only', 'only the fine-tuning figures, on each of --backends')
    .parse()
    .opts<{
      backends: string;
      runs: string;
      holterBackends: string;
      holter24h: string;
      holter7d: string;
      holter: boolean;
      engineBackends: string;
      engine: boolean;
      engine7d: boolean;
      reviewOnly?: boolean;
      reviewDb?: string;
      reviewActions: string;
      reviewUi: boolean;
      retrain: boolean;
      retrainOnly?: boolean;
    }>();
  const reviewUi = async (): Promise<void> => {
    if (!values.reviewUi) return;
    console.log('');
    await benchReviewUi({ headerPath: values.holter24h, reviewDb: values.reviewDb, hourActions: Number(values.reviewActions) });
  };
  if (values.reviewOnly) {
    await benchReviewActions();
    await reviewUi();
    return;
  }
  const timedRuns = Number(values.runs);
  if (!Number.isInteger(timedRuns) || timedRuns < 1) throw new Error(`--runs ${values.runs}: need a positive integer`);
  const rows: Row[] = [];
  const labels = new Set<string>();
  for (const name of values.backends.split(',')) {
    const prefer = BACKENDS[name];
    if (!prefer) throw new Error(`--backends: unknown backend ${name} (know ${Object.keys(BACKENDS).join(', ')})`);
    let info: BackendInfo;
    try {
      info = await initBackend({ prefer, log: (line) => console.log(line) });
    } catch (error) {
      console.log(`${name}: absent, skipped (${(error as Error).message})`);
      continue;
    }
    console.log(`benching ${info.name}...`);
    if (values.retrainOnly) {
      await benchRetrain(info);
      continue;
    }
    const result = await benchBackend(info, timedRuns);
    rows.push(result.row);
    result.labels.forEach((l) => labels.add(l));
    if (values.retrain && info.name !== 'cpu') await benchRetrain(info);
  }
  if (values.retrainOnly) return;
  console.log('');
  for (const label of labels) console.log(`- ${label}`);
  console.log('');
  console.log('| backend | beat training, beats/s | beat inference, beats/s | rhythm inference, windows/s | rhythm training, windows/s |');
  console.log('|---|---|---|---|---|');
  for (const row of rows) console.log(`| ${row.backend} | ${row.cells.join(' | ')} |`);
  console.log('');
  console.log(
    `Median of ${timedRuns} timed runs after ${BENCH_CONFIG.warmupRuns} warm-up (cpu: ${BENCH_CONFIG.cpuTimedRuns} run, smaller batches).`,
  );
  console.log('');
  benchBeatTemplates();
  console.log('');
  await benchReviewActions();
  await reviewUi();
  if (values.holter) {
    console.log('');
    benchQrsDetection(values.holter24h);
    console.log('');
    await benchHolter(values.holter24h, values.holter7d, values.holterBackends.split(','));
  }
  if (values.engine) await benchEngine(values.holter24h, values.engine7d ? values.holter7d : null, values.engineBackends.split(','));
}

main().catch((error: unknown) => {
  console.error(`bench: ${(error as Error).message}`);
  process.exitCode = 1;
});

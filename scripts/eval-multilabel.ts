/**
 * Single-label against multi-label rhythm classification of concurrent conditions, after xECGNet
 * (Comput Methods Programs Biomed 2021, doi:10.1016/j.cmpb.2021.106281), on MIT-BIH 30 s windows
 * held out by patient.
 *
 * Data: every 30 s window of the mitdb records (first signal, resampled to 100 Hz and normalised as
 * the analysis does: multiLabelExamples), labelled with every condition present in it by the fixed
 * rules of WINDOW_LABEL_RULES (Normal, AF, PVC, PAC, LBBB, RBBB). Split: DS1 of de Chazal et al. 2004
 * trains, minus the TUNE_RECORDS below (fixed by their reference label content before any run: one
 * AF, one RBBB and S-beat, one S-beat run and one V-beat record), on which the epoch of each run and
 * λ are chosen; DS2 is read once, at the end, for the table.
 *
 * Runs, each fine-tuning the whole shipped rhythm network (native backend) from its weights with a new
 * 6-way head for the same number of epochs: single-label (softmax on each window's primary label),
 * multi-label with λ = 0 (binary cross-entropy alone) and multi-label with each λ of `--lambdas`
 * (the attention regulariser, multiLabelLosses). Each run's model at its best tune epoch is written to
 * `--out/<run>/` with a result.json; a run whose folder exists is read back instead of trained again
 * (checkpoint: a killed evaluation resumes where it stopped).
 *
 * Usage: npm run eval:multilabel [-- --data DIR] [--out DIR] [--epochs N] [--lambdas 0.3,3] [--train-stride-s S] [--save DIR]
 */
import { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { DS1_RECORDS, DS2_RECORDS } from '../src/main/core/evaluate/de-chazal-split';
import { getTf, initBackend } from '../src/main/core/ml/backend';
import { loadLayersModel } from '../src/main/core/ml/load-model';
import {
  fineTuneMultiLabel,
  MULTI_LABEL_FINE_TUNE_CONFIG,
  type LabelHeadMode,
  type MultiLabelHyperParameters,
} from '../src/main/core/retrain/fine-tune-multi-label';
import { multiLabelExamples, pickMultiLabelRecords, type MultiLabelExamples } from '../src/main/core/retrain/multi-label-examples';
import { multiLabelMetrics, type MultiLabelMetrics } from '../src/main/core/retrain/multi-label-metrics';
import { predictLabelSets, type LabelDecision } from '../src/main/core/retrain/predict-label-sets';
import type { TrainedEpoch } from '../src/main/core/retrain/train-batches';
import { MULTI_LABELS, PRIMARY_LABEL_ORDER, WINDOW_LABEL_RULES, type MultiLabel } from '../src/main/core/retrain/window-label-set';
import { writeModelFolder } from '../src/main/core/retrain/write-model-folder';
import type { RhythmModelMeta } from '../src/main/core/rhythm/rhythm-model-meta';

/** DS1 records held out for the choice of epochs and λ (by label content: 201 AF, 124 RBBB + S, 209 S runs, 106 V). */
const TUNE_RECORDS: readonly string[] = Object.freeze(['106', '124', '201', '209']);

const args = new Command()
  .name('npm run eval:multilabel --')
  .description('Single-label vs multi-label (xECGNet loss) rhythm fine-tuning on MIT-BIH 30 s windows: DS1 trains, DS2 scores.')
  .option('--data <dir>', 'mitdb folder', '../shared/data/mitdb')
  .option('--model <dir>', 'rhythm model to fine-tune', 'resources/models/rhythm')
  .option('--out <dir>', 'checkpoint folder of the runs', 'out/eval-multilabel')
  .option('--epochs <n>', 'epochs of every run (the best on the tune records is kept)', String(MULTI_LABEL_FINE_TUNE_CONFIG.epochs))
  .option('--lambdas <list>', 'comma-separated λ of the regularised runs (the best on the tune records is reported)', '0.3,3')
  .option('--train-stride-s <s>', 'stride of the training windows, in seconds (scored windows: 30 s, as the analysis)', '30')
  .option('--save <dir>', 'write the chosen regularised multi-label model there, with its meta.json')
  .parse()
  .opts<{ data: string; model: string; out: string; epochs: string; lambdas: string; trainStrideS: string; save?: string }>();

/** What a finished run left in its checkpoint folder. */
interface RunResult {
  run: string;
  mode: LabelHeadMode;
  decision: LabelDecision;
  hyperParameters: MultiLabelHyperParameters;
  lossWeights: number[];
  bestEpoch: number;
  history: TrainedEpoch<MultiLabelMetrics<MultiLabel>>[];
  seconds: number;
}

const pct = (v: number): string => `${(100 * v).toFixed(1)} %`;

async function trainedRun(
  run: string,
  mode: LabelHeadMode,
  lambda: number,
  sets: { train: MultiLabelExamples; tune: MultiLabelExamples },
): Promise<RunResult> {
  const dir = join(resolve(args.out), run);
  const resultPath = join(dir, 'result.json');
  if (existsSync(resultPath)) {
    console.log(`${run}: read back from ${dir}`);
    return JSON.parse(readFileSync(resultPath, 'utf8')) as RunResult;
  }
  const backend = await initBackend({ prefer: 'native' });
  const outcome = await fineTuneMultiLabel({
    baseModelDir: resolve(args.model),
    mode,
    labels: MULTI_LABELS,
    train: sets.train,
    tune: sets.tune,
    backend,
    hyperParameters: { epochs: Number(args.epochs), lambda },
    onProgress: (p) => {
      if (p.batch === p.batches)
        console.log(`${run}: epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(4)} elapsed ${(p.elapsedMs / 1000).toFixed(0)} s`);
    },
  });
  outcome.history.forEach((h) =>
    console.log(
      `${run}: tune after epoch ${h.epoch}: macro F1 ${h.validation?.macroF1.toFixed(3)}, subset accuracy ${h.validation ? pct(h.validation.subsetAccuracy) : '-'}`,
    ),
  );
  const result: RunResult = {
    run,
    mode,
    decision: outcome.decision,
    hyperParameters: outcome.hyperParameters,
    lossWeights: outcome.lossWeights,
    bestEpoch: outcome.bestEpoch,
    history: outcome.history,
    seconds: outcome.seconds,
  };
  mkdirSync(resolve(args.out), { recursive: true });
  await writeModelFolder(outcome.model, dir, { ...outcome.baseMeta, labels: MULTI_LABELS.map((label) => ({ label })), evalRun: result });
  writeFileSync(resultPath, `${JSON.stringify(result, null, 1)}\n`);
  outcome.model.dispose();
  return result;
}

/** Scores a run's model on DS2; its subset accuracy on the windows with 2+ labels goes to `concurrent`. */
async function scoreDs2(
  tf: typeof tfType,
  run: RunResult,
  ds2: MultiLabelExamples,
  size: number,
  concurrent: Map<string, number>,
): Promise<MultiLabelMetrics<MultiLabel>> {
  const model = await loadLayersModel(join(resolve(args.out), run.run));
  const x = tf.tensor3d(ds2.windows, [ds2.labels.length, size, 1]);
  try {
    const { labelSets } = await predictLabelSets(tf, model, x, run.decision);
    const k = MULTI_LABELS.length;
    const rows = Array.from({ length: ds2.labels.length }, (_, i) => i).filter(
      (i) => ds2.labelSets.subarray(i * k, (i + 1) * k).reduce((a, b) => a + b, 0) > 1,
    );
    const pick = (sets: Uint8Array): Uint8Array => Uint8Array.from(rows.flatMap((i) => Array.from(sets.subarray(i * k, (i + 1) * k))));
    concurrent.set(run.run, multiLabelMetrics(pick(ds2.labelSets), pick(labelSets), MULTI_LABELS).subsetAccuracy);
    return multiLabelMetrics(ds2.labelSets, labelSets, MULTI_LABELS);
  } finally {
    x.dispose();
    model.dispose();
  }
}

function labelCounts(set: MultiLabelExamples): string {
  const k = MULTI_LABELS.length;
  return MULTI_LABELS.map((label, j) => {
    let c = 0;
    for (let i = 0; i < set.labels.length; i++) c += set.labelSets[i * k + j] as number;
    return `${label} ${c}`;
  }).join(', ');
}

function multiLabelShare(set: MultiLabelExamples): number {
  const k = MULTI_LABELS.length;
  let multi = 0;
  for (let i = 0; i < set.labels.length; i++) if (set.labelSets.subarray(i * k, (i + 1) * k).reduce((a, b) => a + b, 0) > 1) multi++;
  return multi / Math.max(1, set.labels.length);
}

async function main(): Promise<void> {
  const backend = await initBackend({ prefer: 'native' });
  if (!backend.canTrain) throw new Error(`eval:multilabel needs the native backend (got ${backend.name}); run npm run setup:native`);
  const tf = getTf();
  const meta = JSON.parse(readFileSync(join(resolve(args.model), 'meta.json'), 'utf8')) as RhythmModelMeta;
  const size = Math.round(meta.fsHz * meta.windowS);
  const data = resolve(args.data);
  const trainStrideS = Number(args.trainStrideS);
  const lambdas = args.lambdas.split(',').map(Number);
  const ds1 = multiLabelExamples(data, DS1_RECORDS, meta, trainStrideS);
  const train = pickMultiLabelRecords(ds1, (r) => !TUNE_RECORDS.includes(r));
  const tune = multiLabelExamples(data, TUNE_RECORDS, meta, meta.strideS);
  console.log(`labelling rules: ${JSON.stringify(WINDOW_LABEL_RULES)}; primary label order ${PRIMARY_LABEL_ORDER.join(' > ')}`);
  console.log(
    `train: ${train.labels.length} windows (stride ${trainStrideS} s) of ${DS1_RECORDS.length - TUNE_RECORDS.length} DS1 records; ${labelCounts(train)}; ${pct(multiLabelShare(train))} with 2+ labels`,
  );
  console.log(`tune: ${tune.labels.length} windows of DS1 ${TUNE_RECORDS.join(' ')}; ${labelCounts(tune)}`);
  const sets = { train, tune };
  const single = await trainedRun('single-label', 'single-label', 0, sets);
  const plain = await trainedRun('multi-label-lambda-0', 'multi-label', 0, sets);
  const regularised: RunResult[] = [];
  for (const lambda of lambdas) regularised.push(await trainedRun(`multi-label-lambda-${lambda}`, 'multi-label', lambda, sets));
  const tuneF1 = (r: RunResult): number => r.history.find((h) => h.epoch === r.bestEpoch)?.validation?.macroF1 ?? 0;
  const chosen = regularised.reduce((a, b) => (tuneF1(b) > tuneF1(a) ? b : a));
  for (const r of [single, plain, ...regularised])
    console.log(
      `tune choice: ${r.run} best epoch ${r.bestEpoch} of ${r.hyperParameters.epochs}, tune macro F1 ${tuneF1(r).toFixed(3)}${r === chosen ? ' (chosen λ)' : ''}`,
    );

  const ds2 = multiLabelExamples(data, DS2_RECORDS, meta, meta.strideS);
  console.log(
    `DS2 (read once): ${ds2.labels.length} windows of ${DS2_RECORDS.length} records; ${labelCounts(ds2)}; ${pct(multiLabelShare(ds2))} with 2+ labels`,
  );
  const rows: { name: string; run: RunResult; metrics: MultiLabelMetrics<MultiLabel> }[] = [];
  const concurrent = new Map<string, number>();
  for (const [name, run] of [
    ['single-label softmax', single],
    ['multi-label BCE (λ = 0)', plain],
    [`multi-label BCE + attention (λ = ${chosen.hyperParameters.lambda})`, chosen],
  ] as const)
    rows.push({ name, run, metrics: await scoreDs2(tf, run, ds2, size, concurrent) });
  for (const { name, run, metrics } of rows) {
    console.log(`DS2 ${name}, epoch ${run.bestEpoch}: subset accuracy ${pct(metrics.subsetAccuracy)}`);
    console.log(`DS2 ${name}: subset accuracy on the windows with 2+ labels ${pct(concurrent.get(run.run) ?? 0)}`);
    console.log(`DS2 ${name}: macro F1 ${metrics.macroF1.toFixed(3)} (over labels present in DS2)`);
    for (const label of MULTI_LABELS) {
      const m = metrics.perLabel[label];
      console.log(`DS2 ${name}: ${label} F1 ${m.f1.toFixed(3)} (se ${pct(m.se)}, ppv ${pct(m.ppv)}, ${m.support} windows)`);
    }
  }
  if (args.save) {
    const best = rows[2] as (typeof rows)[number];
    const model = await loadLayersModel(join(resolve(args.out), chosen.run));
    await writeModelFolder(model, resolve(args.save), {
      name: 'rhythm-multilabel-resnet-bilstm-mhsa',
      version: '1.0.0',
      created: new Date().toISOString(),
      fsHz: meta.fsHz,
      windowS: meta.windowS,
      strideS: meta.strideS,
      normalisation: meta.normalisation,
      attention: meta.attention,
      labels: MULTI_LABELS.map((label) => ({ label })),
      parameterCount: model.countParams(),
      output: { activation: 'sigmoid', decision: chosen.decision },
      labelRules: { ...WINDOW_LABEL_RULES, primaryLabelOrder: PRIMARY_LABEL_ORDER },
      data: {
        database: 'MIT-BIH Arrhythmia Database (mitdb 1.0.0), reference annotations .atr, first signal',
        windows: `${meta.windowS} s, trained every ${trainStrideS} s, scored every ${meta.strideS} s`,
      },
      split: { train: DS1_RECORDS.filter((r) => !TUNE_RECORDS.includes(r)), tune: TUNE_RECORDS, test: DS2_RECORDS },
      hyperParameters: chosen.hyperParameters,
      fineTuning: {
        parent: `${meta.name} ${meta.version}`,
        backend: 'tensorflow (tfjs-node), whole model',
        method: 'src/main/core/retrain/fine-tune-multi-label.ts (xECGNet loss, doi:10.1016/j.cmpb.2021.106281)',
        lossWeights: chosen.lossWeights,
        bestEpoch: chosen.bestEpoch,
        history: chosen.history,
        trainingTimeS: chosen.seconds,
      },
      metrics: { ds2: best.metrics, comparison: rows.map((r) => ({ name: r.name, ds2: r.metrics })) },
    });
    model.dispose();
    console.log(`saved ${resolve(args.save)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

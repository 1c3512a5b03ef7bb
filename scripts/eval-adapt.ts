/**
 * `npm run eval:adapt` — patient adaptation of the beat model, after Kiranyaz, Ince and Gabbouj,
 * "Real-time patient-specific ECG classification by 1-D convolutional neural networks", IEEE TBME
 * 63(3), 2016, doi:10.1109/TBME.2015.2468589: for each MIT-BIH DS2 record (de Chazal et al. 2004,
 * doi:10.1109/TBME.2004.827359), its reference beats of the first 5 minutes stand for an annotator's
 * corrections; the shipped model is fine-tuned on them (src/main/core/retrain/fine-tune-beats.ts),
 * once without and once with a replay sample of its DS1 training data; the detector + classifier is
 * scored on the rest of the record (from 5:00, EC57 beat-by-beat, de Chazal mapping) before and after.
 * The replay-adapted model of each record is also scored on the next `--others` DS2 records, to see
 * whether adapting to one patient costs the others.
 *
 * Protocol differences from Kiranyaz 2016: they train a compact 1-D CNN from scratch per patient on
 * 245 "common" beats of the 100-series records plus the patient's first 5 minutes, and report
 * gross S and V figures over the 24 records of the 200 series; here the inter-patient model
 * is fine-tuned (the replay sample plays their common beats' part), beats are the QRS detector's, and
 * the 22 DS2 records are scored. The adaptation inputs are the reference beats' windows, with the
 * running median beat, running QRS amplitude and RR features over the record's reference beat list (no labels).
 * Hyper-parameters are fixed beforehand (PATIENT_ADAPTATION_CONFIG, the rest FINE_TUNE_CONFIG's);
 * nothing is chosen on DS2. To choose them, the same protocol runs on DS1 records with a
 * train-beats validation-fold model that never saw them (`npm run train:beats -- --fold-models DIR`
 * writes them; `--model DIR/fold-<k>`, whose meta.json lists its own training records for the replay
 * sample; `--records` the fold's records).
 *
 * Usage: npx tsx scripts/eval-adapt.ts [--data DIR] [--model DIR] [--backend native|wasm] [--records 100,103,...]
 *        [--epochs N] [--replay-ratio R] [--replay-distillation D] [--learning-rate R] [--batch-size N] [--class-weight-power P]
 *        [--decision-weights parent|plain] [--others K] [--json FILE]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { BeatClassifier } from '../src/main/core/beats/classifier';
import { readReferenceBeats, type ReferenceBeatRecord } from '../src/main/core/beats/reference-beats';
import { compareBeats, type BeatMark, type RecordComparison } from '../src/main/core/evaluate/compare-beats';
import { DS2_RECORDS } from '../src/main/core/evaluate/de-chazal-split';
import { summarize } from '../src/main/core/evaluate/summarize';
import { initBackend } from '../src/main/core/ml/backend';
import type { BackendPreference } from '../src/main/core/ml/backend-preference';
import { seededRandom } from '../src/main/core/ml/seeded-random';
import { detectQrs } from '../src/main/core/qrs/hamilton-2002';
import { exampleCount, pickExamples, type BeatExamples } from '../src/main/core/retrain/beat-examples';
import { FINE_TUNE_CONFIG, fineTuneBeatModel } from '../src/main/core/retrain/fine-tune-beats';
import { referenceExamples, PATIENT_ADAPTATION_CONFIG } from '../src/main/core/retrain/patient-adaptation';
import { replaySample } from '../src/main/core/retrain/replay-sample';
import { readAnnotations, type Annotation } from '../src/main/core/wfdb/annotations';
import { AAMI_CLASSES } from '../src/shared/labels';

const ADAPT_S = PATIENT_ADAPTATION_CONFIG.adaptS;
const ADAPT = PATIENT_ADAPTATION_CONFIG.hyperParameters;

const args = new Command()
  .name('npm run eval:adapt --')
  .description('Patient adaptation on MIT-BIH DS2: fine-tune on each record’s first 5 min of reference labels, score the rest (EC57).')
  .option('--data <dir>', 'mitdb folder', '../shared/data/mitdb')
  .option('--model <dir>', 'beat model folder', 'resources/models/beats')
  .option('--backend <name>', 'tfjs backend preference (native trains the whole model, wasm only the recurrent layers and head)', 'native')
  .option('--records <list>', 'comma-separated record names (default: DS2)')
  .option('--epochs <n>', 'fine-tuning epochs', String(ADAPT.epochs))
  .option('--replay-ratio <r>', 'replay beats per adaptation beat in the replay runs', String(FINE_TUNE_CONFIG.replayRatio))
  .option(
    '--replay-classes <list>',
    "AAMI classes the replay beats are drawn from (e.g. V,F: keep the ectopic classes, not other patients' N)",
    AAMI_CLASSES.join(','),
  )
  .option(
    '--replay-distillation <d>',
    "share of the parent's probabilities in the replay beats' targets (0: their labels; 1: the parent's answers)",
    String(ADAPT.replayDistillation),
  )
  .option('--learning-rate <r>', 'Adam step size', String(ADAPT.learningRate))
  .option('--batch-size <n>', 'beats per optimiser step', String(ADAPT.batchSize))
  .option(
    '--class-weight-power <p>',
    'class weight exponent over the training beats (0: unweighted)',
    String(FINE_TUNE_CONFIG.classWeightPower),
  )
  .option(
    '--decision-weights <rule>',
    "adapted model's decision weights: parent (meta.json's) or plain (all 1)",
    PATIENT_ADAPTATION_CONFIG.decisionWeights,
  )
  .option('--others <k>', 'score each replay-adapted model on the next k DS2 records too', '1')
  .option('--json <file>', 'also write the per-record figures as JSON')
  .parse()
  .opts<{
    data: string;
    model: string;
    backend: string;
    records?: string;
    epochs: string;
    replayRatio: string;
    replayClasses: string;
    replayDistillation: string;
    learningRate: string;
    batchSize: string;
    classWeightPower: string;
    decisionWeights: string;
    others: string;
    json?: string;
  }>();

interface Loaded {
  name: string;
  ref: ReferenceBeatRecord;
  reference: Annotation[];
  detected: Int32Array;
}

async function score(classifier: BeatClassifier, record: Loaded): Promise<RecordComparison> {
  const result = await classifier.classify([record.ref.leadMv], record.ref.fsHz, record.detected);
  const marks: BeatMark[] = Array.from(record.detected, (sample, i) => ({ sample, cls: AAMI_CLASSES[result.labels[i] as number] ?? 'Q' }));
  return compareBeats(record.reference, marks, record.ref.fsHz, {
    recordName: record.name,
    startSec: ADAPT_S,
    endSample: record.ref.leadMv.length,
    mapping: 'de-chazal',
  });
}

function f1(value: number | null): string {
  return value === null ? '    -' : value.toFixed(1).padStart(5);
}

function svLine(c: RecordComparison): string {
  return `S ${f1(c.stats.sveb.f1Pct)} V ${f1(c.stats.veb.f1Pct)}`;
}

async function main(): Promise<void> {
  const backend = await initBackend({ prefer: args.backend as BackendPreference });
  const baseDir = resolve(args.model);
  const base = await BeatClassifier.load(baseDir);
  const names = args.records?.split(',') ?? [...DS2_RECORDS];
  const epochs = Number(args.epochs);
  const ratio = Number(args.replayRatio);
  const replayClasses = args.replayClasses.split(',');
  const unknownClass = replayClasses.find((c) => !(AAMI_CLASSES as readonly string[]).includes(c));
  if (unknownClass !== undefined) throw new Error(`--replay-classes: ${unknownClass} is not an AAMI class (${AAMI_CLASSES.join(', ')})`);
  const replayLabels = new Set(replayClasses.map((c) => AAMI_CLASSES.indexOf(c as (typeof AAMI_CLASSES)[number])));
  const others = Number(args.others);
  const hyperParameters = {
    epochs,
    validationFraction: ADAPT.validationFraction,
    learningRate: Number(args.learningRate),
    batchSize: Number(args.batchSize),
    classWeightPower: Number(args.classWeightPower),
    replayDistillation: Number(args.replayDistillation),
  };
  const loaded: Loaded[] = names.map((name) => {
    const headerPath = join(resolve(args.data), `${name}.hea`);
    const ref = readReferenceBeats(headerPath);
    return { name, ref, reference: readAnnotations(headerPath.replace(/\.hea$/, '.atr')), detected: detectQrs(ref.leadMv, ref.fsHz) };
  });
  const adaptation = loaded.map((record) => referenceExamples(record.ref, base.meta, ADAPT_S));
  const needed = Math.round(ratio * Math.max(...adaptation.map(exampleCount)));
  const pool = replaySample(resolve(args.data), base.meta, needed, FINE_TUNE_CONFIG.seed);
  if (pool.examples === null) console.log(`replay: none (${pool.reason}); the "replay" columns repeat the no-replay run`);
  console.log(
    `eval-adapt: model ${base.meta.name} ${base.meta.version}, backend ${backend.name} (${backend.canTrain ? 'whole model' : 'recurrent layers and head only'}), ` +
      `${epochs} epochs, replay ratio ${ratio} of ${replayClasses.join('/')} (distillation ${args.replayDistillation}), lr ${args.learningRate}, batch ${args.batchSize}, class-weight power ${args.classWeightPower}, ` +
      `decision weights ${args.decisionWeights}, adaptation = first ${ADAPT_S} s of reference labels, scored from ${ADAPT_S} s (EC57, de Chazal mapping)`,
  );
  console.log('record  beats |    before     |  no replay    |    replay     | others before → after (replay model) | adapt s');
  const root = mkdtempSync(join(tmpdir(), 'eval-adapt-'));
  const runs = { before: [] as RecordComparison[], noReplay: [] as RecordComparison[], replay: [] as RecordComparison[] };
  const crossBefore: RecordComparison[] = [];
  const crossAfter: RecordComparison[] = [];
  const rows: unknown[] = [];
  const random = seededRandom(FINE_TUNE_CONFIG.seed);
  try {
    for (const [r, record] of loaded.entries()) {
      const reviewed = adaptation[r] as BeatExamples;
      const before = await score(base, record);
      const adapted: Record<'noReplay' | 'replay', RecordComparison> = { noReplay: before, replay: before };
      let seconds = 0;
      let replayModel: BeatClassifier | null = null;
      for (const mode of ['noReplay', 'replay'] as const) {
        let replay: BeatExamples | null = null;
        if (mode === 'replay' && pool.examples !== null) {
          const labels = pool.examples.labels;
          const order = Array.from(labels.keys()).filter((i) => replayLabels.has(labels[i] as number));
          const count = Math.min(order.length, Math.round(ratio * exampleCount(reviewed)));
          for (let k = order.length - 1; k > 0; k--) {
            const j = Math.floor(random() * (k + 1));
            [order[k], order[j]] = [order[j] as number, order[k] as number];
          }
          replay = pickExamples(pool.examples, order.slice(0, count));
        }
        const outDir = join(root, `${record.name}-${mode}`);
        const outcome = await fineTuneBeatModel({
          baseModelDir: baseDir,
          outDir,
          version: `${base.meta.version}-adapt-${record.name}-${mode}`,
          reviewed,
          replay,
          replayNote: replay ? null : 'none',
          backend,
          hyperParameters,
          ...(args.decisionWeights === 'plain' ? { decisionWeights: AAMI_CLASSES.map(() => 1) } : {}),
        });
        seconds += outcome.seconds;
        const classifier = await BeatClassifier.load(outDir);
        adapted[mode] = await score(classifier, record);
        if (mode === 'replay') replayModel = classifier;
      }
      runs.before.push(before);
      runs.noReplay.push(adapted.noReplay);
      runs.replay.push(adapted.replay);
      const cross: string[] = [];
      const crossRows: unknown[] = [];
      for (let k = 1; k <= others && loaded.length > 1; k++) {
        const other = loaded[(r + k) % loaded.length] as Loaded;
        const b = await score(base, other);
        const a = await score(replayModel as BeatClassifier, other);
        crossBefore.push(b);
        crossAfter.push(a);
        cross.push(`${other.name}: ${svLine(b)} → ${svLine(a)}`);
        crossRows.push({ record: other.name, before: b.stats, replayAdapted: a.stats });
      }
      rows.push({
        record: record.name,
        beats: exampleCount(reviewed),
        before: before.stats,
        noReplay: adapted.noReplay.stats,
        replay: adapted.replay.stats,
        others: crossRows,
        seconds,
      });
      console.log(
        `${record.name.padEnd(6)} ${String(exampleCount(reviewed)).padStart(6)} | ${svLine(before)} | ${svLine(adapted.noReplay)} | ${svLine(adapted.replay)} | ${cross.join('; ')} | ${seconds.toFixed(1)}`,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const gross = (list: RecordComparison[]): string => {
    const g = summarize(list).gross;
    return `S Se ${f1(g.sveb.sePct)} +P ${f1(g.sveb.ppvPct)} F1 ${f1(g.sveb.f1Pct)} | V Se ${f1(g.veb.sePct)} +P ${f1(g.veb.ppvPct)} F1 ${f1(g.veb.f1Pct)}`;
  };
  console.log(`\ngross over ${loaded.length} records, scored from ${ADAPT_S} s`);
  console.log(`before     ${gross(runs.before)}`);
  console.log(`no replay  ${gross(runs.noReplay)}`);
  console.log(`replay     ${gross(runs.replay)}`);
  if (crossBefore.length > 0) {
    console.log(`other records, shipped model      ${gross(crossBefore)}`);
    console.log(`other records, replay-adapted     ${gross(crossAfter)}`);
  }
  if (args.json !== undefined)
    writeFileSync(
      args.json,
      JSON.stringify({ backend: backend.name, hyperParameters, ratio, decisionWeights: args.decisionWeights, rows }, null, 1),
    );
}

await main();

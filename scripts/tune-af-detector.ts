/**
 * Chooses the AF detector's strip-data settings (AF_DETECTOR_CONFIG.edgeIrregularity and
 * confidenceSlope) on PhysioNet/CinC 2017 records, never on mitdb. It also prints the threshold and CNN
 * weight that strips alone would choose; the defaults take those from scripts/tune-af-holter.ts.
 *
 * Usage: npx tsx scripts/tune-af-detector.ts [--model DIR]
 *
 * Data: data/physionet2017 (REFERENCE.csv labels), split as in the rhythm model's meta.json.
 * Every record's beats come from our QRS detector (detectQrs on the single lead); A records count
 * as AF in every RR interval, N and O records as not AF (~ records are left out).
 * 1. thresholdPerS: on the records the rhythm model trains on (neither tune nor validation), the
 *    value on a log grid that maximises the F1 of AF intervals, with no CNN term; edgeIrregularity: on
 *    the same records, the level of the unsmoothed centred irregularity that maximises that F1.
 * 2. cnnWeight, then confidenceSlope: on the model's tune split (records the CNN never trained on),
 *    with the threshold of step 1: the weight on a grid that maximises interval F1, then the slope
 *    that maximises the log-likelihood of the labels under logistic(slope · evidence).
 * The validation split is never read. Prints the grids and the chosen values; edgeIrregularity and
 * confidenceSlope are then copied into AF_DETECTOR_CONFIG by hand.
 */
import { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readChallenge2017Labels } from '../src/main/core/formats/physionet2017';
import { initBackend } from '../src/main/core/ml/backend';
import { detectQrs } from '../src/main/core/qrs/detector';
import { AF_DETECTOR_CONFIG, afEvidence } from '../src/main/core/rhythm/af-detector';
import { RhythmClassifier } from '../src/main/core/rhythm/classifier';
import { RHYTHM_LABELS } from '../src/main/core/rhythm/rhythm-labels';
import { readRecord, toPhysical } from '../src/main/core/wfdb/record';

interface Scored {
  /** ln O per used interval (threshold 1, no CNN) */
  lnO: number[];
  /** centred unsmoothed irregularity per used interval */
  irregularity: number[];
  af: boolean;
  /** logit of the CNN's P(A) at each used interval (tune split only) */
  cnnLogit?: number[];
}

function f1(rows: readonly { evidence: number; af: boolean }[]): { f1: number; se: number; ppv: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const r of rows) {
    if (r.evidence > 0 && r.af) tp++;
    else if (r.evidence > 0) fp++;
    else if (r.af) fn++;
  }
  const se = tp / (tp + fn);
  const ppv = tp + fp > 0 ? tp / (tp + fp) : 0;
  return { f1: se + ppv > 0 ? (2 * se * ppv) / (se + ppv) : 0, se, ppv };
}

async function main(): Promise<void> {
  const { model: modelDir } = new Command()
    .name('tune-af-detector')
    .option('--model <dir>', 'rhythm model folder (for the split and the CNN)', 'resources/models/rhythm')
    .parse()
    .opts<{ model: string }>();
  const dataDir = resolve('data/physionet2017');
  if (!existsSync(dataDir))
    throw new Error(`tune-af-detector: ${dataDir} is absent; unpack ../shared/data/physionet2017.tar.xz into data/`);
  const meta = JSON.parse(readFileSync(join(modelDir, 'meta.json'), 'utf8')) as { split: { tune: string[]; validation: string[] } };
  const tune = new Set(meta.split.tune);
  const validation = new Set(meta.split.validation);
  const labels = readChallenge2017Labels(join(dataDir, 'REFERENCE.csv'));
  await initBackend();
  const classifier = await RhythmClassifier.load(modelDir);
  const aIndex = RHYTHM_LABELS.indexOf('A');
  const train: Scored[] = [];
  const tuneRows: Scored[] = [];
  const base = { ...AF_DETECTOR_CONFIG, thresholdPerS: 1, cnnWeight: 0 };
  const started = Date.now();
  for (const [name, label] of labels) {
    if (label === '~' || validation.has(name)) continue;
    const record = readRecord(join(dataDir, `${name}.hea`), { verifyChecksums: false });
    const signal = toPhysical(record, 0);
    const beats = detectQrs(signal, record.fsHz);
    const { evidence, irregularity } = afEvidence({ beatSamples: beats, fsHz: record.fsHz, nSamples: record.nSamples }, base);
    const used = [...evidence.keys()].filter((i) => !Number.isNaN(evidence[i] as number));
    const row: Scored = {
      lnO: used.map((i) => evidence[i] as number),
      irregularity: used.map((i) => irregularity[i] as number),
      af: label === 'A',
    };
    if (tune.has(name)) {
      const windows = await classifier.classifyWindows(signal, record.fsHz);
      const { evidence: withCnn } = afEvidence(
        {
          beatSamples: beats,
          fsHz: record.fsHz,
          nSamples: record.nSamples,
          windows: {
            startSample: windows.startSample,
            windowS: windows.windowS,
            afProbability: Array.from(windows.startSample, (_, w) => windows.probabilities[w * RHYTHM_LABELS.length + aIndex] as number),
          },
        },
        { ...base, cnnWeight: 1 },
      );
      row.cnnLogit = used.map((i, j) => (withCnn[i] as number) - (row.lnO[j] as number));
      tuneRows.push(row);
    } else train.push(row);
  }
  console.log(
    `records: train ${train.length}, tune ${tuneRows.length} (validation split not read), ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );

  let best = { eta: NaN, f1: -1 };
  console.log('thresholdPerS  interval F1   Se     +P    (train part, RR only)');
  for (let eta = 0.2; eta <= 3.01; eta *= 1.05) {
    const lnEta = Math.log(eta);
    const s = f1(train.flatMap((r) => r.lnO.map((v) => ({ evidence: v - lnEta, af: r.af }))));
    if (s.f1 > best.f1) best = { eta, f1: s.f1 };
    console.log(`${eta.toFixed(3).padStart(13)}  ${s.f1.toFixed(4).padStart(10)}  ${s.se.toFixed(3)}  ${s.ppv.toFixed(3)}`);
  }
  const lnEta = Math.log(best.eta);
  console.log(`chosen thresholdPerS ${best.eta.toFixed(3)} (train F1 ${best.f1.toFixed(4)})`);

  let bestEdge = { level: NaN, f1: -1 };
  console.log('edgeIrregularity  interval F1   Se     +P    (train part, unsmoothed centred irregularity)');
  for (let level = 0.05; level <= 0.951; level += 0.05) {
    const s = f1(train.flatMap((r) => r.irregularity.map((v) => ({ evidence: v - level + 1e-9, af: r.af }))));
    if (s.f1 > bestEdge.f1) bestEdge = { level, f1: s.f1 };
    console.log(`${level.toFixed(2).padStart(16)}  ${s.f1.toFixed(4).padStart(10)}  ${s.se.toFixed(3)}  ${s.ppv.toFixed(3)}`);
  }
  console.log(`chosen edgeIrregularity ${bestEdge.level.toFixed(2)} (train F1 ${bestEdge.f1.toFixed(4)})`);

  const evidenceOf = (w: number): { evidence: number; af: boolean }[] =>
    tuneRows.flatMap((r) => r.lnO.map((v, j) => ({ evidence: v - lnEta + w * ((r.cnnLogit as number[])[j] as number), af: r.af })));
  let bestW = { w: NaN, f1: -1 };
  console.log('cnnWeight  interval F1   Se     +P    (tune split)');
  for (let w = 0; w <= 3.001; w += 0.25) {
    const s = f1(evidenceOf(w));
    if (s.f1 > bestW.f1) bestW = { w, f1: s.f1 };
    console.log(`${w.toFixed(2).padStart(9)}  ${s.f1.toFixed(4).padStart(10)}  ${s.se.toFixed(3)}  ${s.ppv.toFixed(3)}`);
  }
  console.log(`chosen cnnWeight ${bestW.w.toFixed(2)} (tune F1 ${bestW.f1.toFixed(4)})`);
  const rows = evidenceOf(bestW.w);
  let bestSlope = { slope: NaN, ll: -Infinity };
  for (let slope = 0.1; slope <= 5.001; slope += 0.1) {
    const ll = rows.reduce((acc, r) => {
      const p = 1 / (1 + Math.exp(-slope * r.evidence));
      return acc + Math.log(Math.max(1e-12, r.af ? p : 1 - p));
    }, 0);
    if (ll > bestSlope.ll) bestSlope = { slope, ll };
  }
  console.log(
    `chosen confidenceSlope ${bestSlope.slope.toFixed(1)} (mean log-likelihood ${(bestSlope.ll / rows.length).toFixed(4)} per interval)`,
  );
}

await main();

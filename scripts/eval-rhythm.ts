/**
 * Evaluates the committed rhythm classifier (resources/models/rhythm).
 *
 * Usage: npm run eval:rhythm   (npx tsx scripts/eval-rhythm.ts [--model DIR])
 *
 * 1. PhysioNet 2017 validation split listed in meta.json (records never trained or tuned on), read from
 *    data/physionet2017: one call per record (classifyRecords), confusion matrix, per-class F1 and the
 *    Challenge F1 (mean F1 of N, A, O; Clifford et al. 2017, doi:10.22489/CinC.2017.065-469).
 * 2. Out of domain: MIT-BIH Arrhythmia Database AF records (../shared/data/mitdb, lead 0 = MLII, 360 Hz,
 *    30 min Holter excerpts; the model was trained on 30–60 s AliveCor lead I recordings). Windows every
 *    meta.strideS seconds are merged into episodes (mergeEpisodes); AF time is compared with the `(AFIB`
 *    rhythm intervals of the `.atr` annotations: AF burden reference vs predicted, and AF-time
 *    sensitivity (overlap / reference AF time) and positive predictivity (overlap / predicted AF time),
 *    in seconds, as in the AF-duration measures of ANSI/AAMI EC57.
 */
import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initBackend } from '../src/main/core/ml/backend';
import { readChallenge2017Labels } from '../src/main/core/formats/physionet2017';
import { readAnnotations } from '../src/main/core/wfdb/annotations';
import { readRecord, toPhysical } from '../src/main/core/wfdb/record';
import { challengeScores } from '../src/main/core/rhythm/challenge-score';
import { RhythmClassifier } from '../src/main/core/rhythm/classifier';
import { afBurden, mergeEpisodes } from '../src/main/core/rhythm/episodes';
import { classifyRecords } from '../src/main/core/rhythm/record-call';
import { RHYTHM_LABELS, type RhythmLabel } from '../src/main/core/rhythm/rhythm-labels';

const MITDB_AF_RECORDS = Object.freeze(['201', '202', '203', '210', '219', '221', '222']);

type Interval = [number, number];

function overlapSamples(a: readonly Interval[], b: readonly Interval[]): number {
  let total = 0;
  for (const [a0, a1] of a) for (const [b0, b1] of b) total += Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
  return total;
}

/** `(AFIB` intervals of a record's rhythm annotations: from each `(AFIB` rhythm change to the next rhythm change or the end. */
function referenceAf(atrPath: string, nSamples: number): Interval[] {
  const changes = readAnnotations(atrPath).filter((a) => a.symbol === '+' && a.aux !== null);
  return changes.flatMap((a, i): Interval[] => {
    if (a.aux?.replace(/\0+$/, '') !== '(AFIB') return [];
    return [[a.sample, changes[i + 1]?.sample ?? nSamples]];
  });
}

async function evaluateChallenge(classifier: RhythmClassifier): Promise<void> {
  const dataDir = resolve('data/physionet2017');
  const names = classifier.meta.split?.validation ?? [];
  if (!existsSync(dataDir) || names.length === 0) {
    console.log(
      `PhysioNet 2017: skipped (${existsSync(dataDir) ? 'meta.json lists no validation split' : `${dataDir} absent; unpack ../shared/data/physionet2017.tar.xz into data/`})`,
    );
    return;
  }
  const labels = readChallenge2017Labels(join(dataDir, 'REFERENCE.csv'));
  const records = names.map((name) => {
    const record = readRecord(join(dataDir, `${name}.hea`), { verifyChecksums: false });
    return { signalMv: toPhysical(record, 0), fsHz: record.fsHz };
  });
  const started = Date.now();
  const calls = await classifyRecords(classifier, records);
  const seconds = (Date.now() - started) / 1000;
  const reference = names.map((n) => {
    const label = labels.get(n);
    if (label === undefined) throw new Error(`eval-rhythm: ${n} is in meta.json's validation split but not in REFERENCE.csv`);
    return label as RhythmLabel;
  });
  const s = challengeScores(
    reference,
    calls.map((c) => c.label),
  );
  console.log(`PhysioNet 2017 validation split: ${s.count} records (never trained or tuned on), ${seconds.toFixed(1)} s`);
  console.log('confusion (rows: reference, columns: predicted)');
  console.log(`      ${RHYTHM_LABELS.map((l) => l.padStart(6)).join('')}`);
  s.confusion.forEach((row, i) => console.log(`  ${RHYTHM_LABELS[i]!.padEnd(4)}${row.map((v) => String(v).padStart(6)).join('')}`));
  console.log(`F1: N ${s.f1.N.toFixed(3)}  A ${s.f1.A.toFixed(3)}  O ${s.f1.O.toFixed(3)}  ~ ${s.f1['~'].toFixed(3)}`);
  console.log(`Challenge F1 (mean of N, A, O): ${s.challengeF1.toFixed(4)}   accuracy ${s.accuracy.toFixed(3)}`);
}

async function evaluateMitdb(classifier: RhythmClassifier): Promise<void> {
  const mitdb = resolve('../shared/data/mitdb');
  if (!existsSync(mitdb)) {
    console.log(`MIT-BIH AF records: skipped (${mitdb} absent)`);
    return;
  }
  console.log('\nOUT OF DOMAIN — MIT-BIH Arrhythmia DB AF records, lead 0 (MLII), 360 Hz Holter; model trained on AliveCor lead I');
  console.log('record  duration_s  ref_AF_s  pred_AF_s  ref_burden  pred_burden  AF_Se   AF_+P   windows  ms/window');
  let refTotal = 0;
  let predTotal = 0;
  let overlapTotal = 0;
  for (const name of MITDB_AF_RECORDS) {
    const record = readRecord(join(mitdb, `${name}.hea`));
    const signal = toPhysical(record, 0);
    const started = Date.now();
    const windows = await classifier.classifyWindows(signal, record.fsHz);
    const ms = (Date.now() - started) / windows.labels.length;
    const episodes = mergeEpisodes(windows, record.fsHz, record.nSamples);
    const predicted = episodes.filter((e) => e.label === 'A').map((e): Interval => [e.onsetSample, e.endSample]);
    const reference = referenceAf(join(mitdb, `${name}.atr`), record.nSamples);
    const ref = reference.reduce((a, [x, y]) => a + y - x, 0);
    const pred = predicted.reduce((a, [x, y]) => a + y - x, 0);
    const overlap = overlapSamples(reference, predicted);
    refTotal += ref;
    predTotal += pred;
    overlapTotal += overlap;
    const fs = record.fsHz;
    console.log(
      `${name.padEnd(8)}${(record.nSamples / fs).toFixed(0).padStart(10)}${(ref / fs).toFixed(0).padStart(10)}${(pred / fs).toFixed(0).padStart(11)}` +
        `${(ref / record.nSamples).toFixed(3).padStart(12)}${afBurden(episodes, record.nSamples).toFixed(3).padStart(13)}` +
        `${(ref > 0 ? overlap / ref : NaN).toFixed(3).padStart(7)}${(pred > 0 ? overlap / pred : NaN).toFixed(3).padStart(8)}` +
        `${String(windows.labels.length).padStart(9)}${ms.toFixed(1).padStart(11)}`,
    );
  }
  console.log(
    `gross AF time: Se ${(overlapTotal / refTotal).toFixed(3)}  +P ${(predTotal > 0 ? overlapTotal / predTotal : NaN).toFixed(3)}  (reference ${(refTotal / 360).toFixed(0)} s, predicted ${(predTotal / 360).toFixed(0)} s)`,
  );
}

async function main(): Promise<void> {
  const { model: dir } = new Command()
    .name('npm run eval:rhythm --')
    .description('Evaluate the rhythm classifier: CinC 2017 validation split (Challenge F1) and AF time on mitdb.')
    .option('--model <dir>', 'rhythm model folder', 'resources/models/rhythm')
    .parse()
    .opts<{ model: string }>();
  const backend = await initBackend();
  const classifier = await RhythmClassifier.load(dir);
  console.log(
    `model ${dir} (${classifier.meta.name} ${classifier.meta.version}, ${classifier.meta.fsHz} Hz, ${classifier.meta.windowS} s windows), backend ${backend.name}`,
  );
  await evaluateChallenge(classifier);
  await evaluateMitdb(classifier);
}

await main();

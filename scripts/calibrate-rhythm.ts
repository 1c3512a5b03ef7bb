/**
 * Fits the rhythm model's record-call calibration on the tune split and writes it into the model's
 * meta.json (`calibration`: temperature scaling, Guo et al. 2017, arXiv:1706.04599). Reads only the
 * tune split listed in meta.json; the validation split is left to `npm run eval:rhythm`.
 * `npm run train:rhythm` fits the same calibration at the end of training; this script refits it for
 * a model already committed.
 *
 * Usage: npm run calibrate:rhythm [-- --model DIR] [--data DIR]
 */
import { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initBackend } from '../src/main/core/ml/backend';
import { readChallengeSplit } from '../src/main/core/rhythm/challenge-split-records';
import { RhythmClassifier } from '../src/main/core/rhythm/classifier';
import { classifyRecords } from '../src/main/core/rhythm/record-call';
import {
  fitRecordCallCalibration,
  RECORD_CALL_ECE_BINS,
  recordCallCalibrationError,
} from '../src/main/core/rhythm/record-call-calibration';

async function main(): Promise<void> {
  const { model: dir, data } = new Command()
    .name('npm run calibrate:rhythm --')
    .description('Fit the record-call temperature of the rhythm model on its tune split and store it in meta.json.')
    .option('--model <dir>', 'rhythm model folder', 'resources/models/rhythm')
    .option('--data <dir>', 'PhysioNet 2017 folder', 'data/physionet2017')
    .parse()
    .opts<{ model: string; data: string }>();
  const backend = await initBackend();
  const classifier = await RhythmClassifier.load(dir);
  const names = classifier.meta.split?.tune ?? [];
  if (names.length === 0) throw new Error(`calibrate-rhythm: ${join(dir, 'meta.json')} lists no tune split`);
  const records = readChallengeSplit(resolve(data), names);
  const calls = await classifyRecords(classifier, records);
  const reference = records.map((r) => r.label);
  const calibration = fitRecordCallCalibration(
    calls.map((c) => c.uncalibrated),
    reference,
    'tune',
  );
  const metaPath = join(dir, 'meta.json');
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Record<string, unknown>;
  writeFileSync(metaPath, `${JSON.stringify({ ...meta, calibration }, null, 1)}\n`);
  const after = await classifyRecords(await RhythmClassifier.load(dir), records);
  console.log(`backend ${backend.name}; tune split ${records.length} records`);
  console.log(`temperature: ${calibration.temperature.toFixed(4)}`);
  console.log(`tune NLL before: ${calibration.nllBefore.toFixed(4)} nats/record`);
  console.log(`tune NLL after: ${calibration.nllAfter.toFixed(4)} nats/record`);
  const ece = (x: number): string => `${(100 * x).toFixed(2)} % (${RECORD_CALL_ECE_BINS} equal-width bins)`;
  console.log(
    `tune ECE before: ${ece(
      recordCallCalibrationError(
        calls.map((c) => c.uncalibrated),
        reference,
      ).ece,
    )}`,
  );
  console.log(
    `tune ECE after: ${ece(
      recordCallCalibrationError(
        after.map((c) => c.probabilities),
        reference,
      ).ece,
    )}`,
  );
  console.log(`wrote calibration to ${metaPath}`);
}

await main();

/**
 * Evaluates the committed rhythm classifier (resources/models/rhythm).
 *
 * Usage: npm run eval:rhythm   (npx tsx scripts/eval-rhythm.ts [--model DIR] [--figure FILE] [--no-holter])
 *
 * 1. PhysioNet 2017 validation split listed in meta.json (records never trained or tuned on), read from
 *    data/physionet2017: one call per record (classifyRecords), confusion matrix, per-class F1 and the
 *    Challenge F1 (mean F1 of N, A, O; Clifford et al. 2017, doi:10.22489/CinC.2017.065-469); the
 *    record call's top-label ECE (15 equal-width bins) before and after the temperature scaling stored
 *    in meta.json (fitted on the tune split by `npm run calibrate:rhythm`), and its reliability diagram
 *    written to docs/figures/rhythm-reliability-validation.svg (--figure FILE).
 * 2. Holter rhythm on all 48 MIT-BIH Arrhythmia Database records and all 22 MIT-BIH Malignant Ventricular
 *    Ectopy Database records (../shared/data/mitdb, vfdb): the whole analysis (analyzeRecord: QRS, beat
 *    classes, CNN windows, AF and VF detectors, holterRhythmEpisodes), or the `.rhythm` files of
 *    `npm run analyze -- --out DIR` with `--rhythm-dir DIR`. Per Holter type (AFIB, VFL, VT, SVTA, B, T,
 *    NOISE) against the `.atr` rhythm annotations (reference-rhythm-spans.ts; VF = `(VF`, `(VFL` and `[`…`]`):
 *    gross episode Se/+P (an episode matches when it overlaps one of the other side, WFDB `epicmp`'s rule)
 *    and duration Se/+P (overlap time over reference / called time; ANSI/AAMI EC57 episode and duration
 *    measures), from time 0; then the AF burden error per record in percentage points (AFIB time over the
 *    time outside NOISE, called minus reference).
 */
import { Command } from 'commander';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { analyzeRecord, loadAnalysisModels, type AnalysisModels } from '../src/main/core/analysis/analyze-record';
import { referenceRhythmSpans, type ReferenceRhythm } from '../src/main/core/evaluate/reference-rhythm-spans';
import { compareRhythmEpisodes, poolRhythmEpisodeComparisons } from '../src/main/core/evaluate/rhythm-episode-compare';
import { initBackend } from '../src/main/core/ml/backend';
import { readAnnotations, type Annotation } from '../src/main/core/wfdb/annotations';
import { probeRecord } from '../src/main/core/wfdb/probe-record';
import { findRecordHeaders } from '../src/main/core/wfdb/records';
import { bootstrapInterval, resampleIndices } from '../src/main/core/evaluate/bootstrap-interval';
import { reliabilityDiagramSvg } from '../src/main/core/evaluate/reliability-diagram-svg';
import { seededRandom } from '../src/main/core/ml/seeded-random';
import { challengeScores } from '../src/main/core/rhythm/challenge-score';
import { readChallengeSplit } from '../src/main/core/rhythm/challenge-split-records';
import { RhythmClassifier } from '../src/main/core/rhythm/classifier';
import { afBurden } from '../src/main/core/rhythm/episodes';
import { classifyRecords, type RecordCall } from '../src/main/core/rhythm/record-call';
import { RECORD_CALL_ECE_BINS, recordCallCalibrationError } from '../src/main/core/rhythm/record-call-calibration';
import { rhythmAnnotations } from '../src/main/core/rhythm/rhythm-annotations';
import { RHYTHM_LABEL_MEANINGS, RHYTHM_LABELS, type RhythmLabel } from '../src/main/core/rhythm/rhythm-labels';
import type { HolterRhythm } from '../src/shared/holter-rhythms';

/** Bootstrap of the validation ECE over records (bootstrapInterval). */
const ECE_BOOTSTRAP = Object.freeze({ resamples: 1000, seed: 2017 });

/** Where the reliability diagram of the validation split is written (committed with the model). */
const RELIABILITY_SVG = 'docs/figures/rhythm-reliability-validation.svg';

async function evaluateChallenge(classifier: RhythmClassifier, figurePath: string): Promise<void> {
  const dataDir = resolve('data/physionet2017');
  const names = classifier.meta.split?.validation ?? [];
  if (!existsSync(dataDir) || names.length === 0) {
    console.log(
      `PhysioNet 2017: skipped (${existsSync(dataDir) ? 'meta.json lists no validation split' : `${dataDir} absent; unpack ../shared/data/physionet2017.tar.xz into data/`})`,
    );
    return;
  }
  const records = readChallengeSplit(dataDir, names);
  const started = Date.now();
  const calls = await classifyRecords(classifier, records);
  const seconds = (Date.now() - started) / 1000;
  const reference = records.map((r) => r.label);
  const s = challengeScores(
    reference,
    calls.map((c) => c.label),
  );
  console.log(`PhysioNet 2017 validation split: ${s.count} records (never trained or tuned on), ${seconds.toFixed(1)} s`);
  console.log('confusion (records; rows: reference, columns: predicted)');
  console.log(`      ${RHYTHM_LABELS.map((l) => l.padStart(6)).join('')}`);
  s.confusion.forEach((row, i) => console.log(`  ${RHYTHM_LABELS[i]!.padEnd(4)}${row.map((v) => String(v).padStart(6)).join('')}`));
  for (const label of RHYTHM_LABELS) {
    console.log(`CinC validation F1 ${label} (${RHYTHM_LABEL_MEANINGS[label]}): ${s.f1[label].toFixed(3)} (fraction, 0–1)`);
  }
  console.log(`CinC validation Challenge F1 (mean of N, A, O): ${s.challengeF1.toFixed(4)} (fraction, 0–1)`);
  console.log(`CinC validation accuracy: ${(100 * s.accuracy).toFixed(1)} % of records`);

  const calibration = classifier.meta.calibration;
  const before = recordCallCalibrationError(
    calls.map((c) => c.uncalibrated),
    reference,
  );
  const after = recordCallCalibrationError(
    calls.map((c) => c.probabilities),
    reference,
  );
  const ece = (x: number): string => `${(100 * x).toFixed(2)} % (top-label, ${RECORD_CALL_ECE_BINS} equal-width bins)`;
  console.log(
    `record-call calibration: ${calibration ? `temperature ${calibration.temperature.toFixed(4)} fitted on the ${calibration.fittedOn} split (${calibration.records} records)` : 'none in meta.json'}`,
  );
  console.log(`CinC validation ECE before calibration: ${ece(before.ece)}`);
  console.log(`CinC validation ECE after calibration: ${ece(after.ece)}`);
  const random = seededRandom(ECE_BOOTSTRAP.seed);
  /** ECE of the chosen probabilities minus ECE of the subtracted ones (none: 0) on one record resample. */
  const eceDraw =
    (pick: (c: RecordCall) => Record<RhythmLabel, number>, minus?: (c: RecordCall) => Record<RhythmLabel, number>) => (): number => {
      const sample = Array.from(resampleIndices(calls.length, random));
      const at = (probabilities: (c: RecordCall) => Record<RhythmLabel, number>): number =>
        recordCallCalibrationError(
          sample.map((i) => probabilities(calls[i] as RecordCall)),
          sample.map((i) => reference[i] as RhythmLabel),
        ).ece;
      return at(pick) - (minus ? at(minus) : 0);
    };
  const calibrated = (c: RecordCall): Record<RhythmLabel, number> => c.probabilities;
  const uncalibrated = (c: RecordCall): Record<RhythmLabel, number> => c.uncalibrated;
  const pp = ({ low, high }: { low: number; high: number }, unit = '%'): string =>
    `${(100 * low).toFixed(2)} to ${(100 * high).toFixed(2)} ${unit}`;
  const { resamples } = ECE_BOOTSTRAP;
  console.log(
    `CinC validation ECE before calibration, 95 % bootstrap interval: ${pp(bootstrapInterval(eceDraw(uncalibrated), resamples))} (${resamples} record resamples)`,
  );
  console.log(
    `CinC validation ECE after calibration, 95 % bootstrap interval: ${pp(bootstrapInterval(eceDraw(calibrated), resamples))} (${resamples} record resamples)`,
  );
  console.log(
    `CinC validation ECE change (after − before): ${(100 * (after.ece - before.ece)).toFixed(2)} pp, 95 % paired bootstrap interval ${pp(bootstrapInterval(eceDraw(calibrated, uncalibrated), resamples), 'pp')}`,
  );
  console.log(`CinC validation MCE before calibration: ${(100 * before.mce).toFixed(2)} % (largest bin gap)`);
  console.log(`CinC validation MCE after calibration: ${(100 * after.mce).toFixed(2)} % (largest bin gap)`);
  mkdirSync(dirname(figurePath), { recursive: true });
  writeFileSync(
    figurePath,
    reliabilityDiagramSvg(
      `Record call, CinC 2017 validation split (${s.count} records), ${classifier.meta.name} ${classifier.meta.version}`,
      [
        { title: 'before calibration (window average)', calibration: before },
        { title: `after temperature scaling (T = ${calibration?.temperature.toFixed(3) ?? '1'})`, calibration: after },
      ],
    ),
  );
  console.log(`reliability diagram: ${figurePath}`);
}

/** Holter rhythm types scored, each with the reference rhythm (REFERENCE_RHYTHMS) it is compared with. */
const SCORED: readonly { type: HolterRhythm; reference: ReferenceRhythm }[] = Object.freeze([
  { type: 'AFIB', reference: 'AF' },
  { type: 'VFL', reference: 'VF' },
  { type: 'VT', reference: 'VT' },
  { type: 'SVTA', reference: 'SVTA' },
  { type: 'B', reference: 'B' },
  { type: 'T', reference: 'T' },
  { type: 'NOISE', reference: 'NOISE' },
]);

/** One record's Holter rhythm episodes as the analysis gives them, with its length. */
interface CalledRecord {
  name: string;
  fsHz: number;
  nSamples: number;
  /** `+` rhythm-change annotations of the called episodes (what `<record>.rhythm` holds) */
  called: Annotation[];
}

/** Episodes with a type, for afBurden, from spans of AF and noise. */
function burdenOf(annotations: readonly Annotation[], nSamples: number): number {
  const spans = (rhythm: ReferenceRhythm, label: HolterRhythm) =>
    referenceRhythmSpans(annotations, nSamples, rhythm).map((s) => ({ label, ...s, meanProbability: 1 }));
  return nSamples > 0 ? afBurden([...spans('AF', 'AFIB'), ...spans('NOISE', 'NOISE')], nSamples) : 0;
}

const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : 'n/a');

/**
 * The records' called rhythm: from `<record>.rhythm` files of `npm run analyze -- --out DIR` when a folder is
 * given, else from the whole analysis run here (analyzeRecord: QRS, beats, CNN windows, AF and VF detectors).
 */
async function calledRecords(
  headers: readonly string[],
  rhythmDir: string | undefined,
  models: AnalysisModels | null,
): Promise<CalledRecord[]> {
  const out: CalledRecord[] = [];
  for (const headerPath of headers) {
    const probe = probeRecord(headerPath);
    const name = probe.header.recordName;
    let called: Annotation[];
    if (rhythmDir !== undefined) {
      called = readAnnotations(join(rhythmDir, `${name}.rhythm`));
    } else {
      const { analysis } = await analyzeRecord(headerPath, models as AnalysisModels);
      called = rhythmAnnotations(analysis.episodes);
    }
    out.push({ name, fsHz: probe.header.fsHz, nSamples: probe.nSamples, called });
  }
  return out;
}

/**
 * Holter rhythm on one database: per scored type, gross episode Se/+P (any overlap, as WFDB `epicmp`) and duration
 * Se/+P (compareRhythmEpisodes, pooled over records), then the AF burden error per record, one figure per line.
 */
function scoreDatabase(database: string, dir: string, records: readonly CalledRecord[]): void {
  const hours = records.reduce((acc, r) => acc + r.nSamples / r.fsHz, 0) / 3600;
  console.log(`\n${database}: ${records.length} records, ${hours.toFixed(1)} h, scored from time 0 against the .atr rhythm annotations`);
  const references = new Map(records.map((r) => [r.name, readAnnotations(join(dir, `${r.name}.atr`))]));
  for (const { type, reference } of SCORED) {
    const pooled = poolRhythmEpisodeComparisons(
      records.map((r) =>
        compareRhythmEpisodes(
          referenceRhythmSpans(references.get(r.name) as Annotation[], r.nSamples, reference),
          referenceRhythmSpans(r.called, r.nSamples, reference),
        ),
      ),
    );
    const fs = records[0]?.fsHz ?? 1;
    const minutes = (samples: number): string => `${(samples / fs / 60).toFixed(1)} min`;
    const tag = `${database} ${type.padEnd(5)}`;
    console.log(
      `${tag} episode Se: ${pct(pooled.episodeSensitivity)} (${pooled.referenceDetected} of ${pooled.referenceEpisodes} reference episodes)`,
    );
    console.log(
      `${tag} episode +P: ${pct(pooled.episodePositivePredictivity)} (${pooled.detectedTrue} of ${pooled.detectedEpisodes} called episodes)`,
    );
    console.log(
      `${tag} duration Se: ${pct(pooled.durationSensitivity)} (${minutes(pooled.overlapSamples)} of ${minutes(pooled.referenceSamples)} reference)`,
    );
    console.log(
      `${tag} duration +P: ${pct(pooled.durationPositivePredictivity)} (${minutes(pooled.overlapSamples)} of ${minutes(pooled.detectedSamples)} called)`,
    );
  }
  let worst = { name: '', errorPp: 0 };
  for (const r of records) {
    const ref = burdenOf(references.get(r.name) as Annotation[], r.nSamples);
    const called = burdenOf(r.called, r.nSamples);
    const errorPp = 100 * (called - ref);
    if (Math.abs(errorPp) > Math.abs(worst.errorPp)) worst = { name: r.name, errorPp };
    console.log(
      `${database} ${r.name} AF burden error: ${errorPp >= 0 ? '+' : ''}${errorPp.toFixed(1)} pp (reference ${(100 * ref).toFixed(1)} %, called ${(100 * called).toFixed(1)} %)`,
    );
  }
  console.log(`${database} worst AF burden error: ${worst.errorPp >= 0 ? '+' : ''}${worst.errorPp.toFixed(1)} pp (record ${worst.name})`);
}

async function evaluateHolter(rhythmDir: string | undefined): Promise<void> {
  console.log(
    '\nHOLTER RHYTHM — full analysis (QRS, beat classes, CNN windows, AF and VF detectors; holter-rhythm.ts), ' +
      (rhythmDir ? `as analyze wrote it to ${rhythmDir}/<record>.rhythm` : 'run here'),
  );
  const models = rhythmDir ? null : await loadAnalysisModels(await initBackend());
  for (const database of ['mitdb', 'vfdb']) {
    const dir = resolve(`../shared/data/${database}`);
    if (!existsSync(dir)) {
      console.log(`${database}: skipped (${dir} absent)`);
      continue;
    }
    const records = await calledRecords(findRecordHeaders(dir), rhythmDir, models);
    scoreDatabase(database, dir, records);
  }
}

async function main(): Promise<void> {
  const {
    model: dir,
    rhythmDir,
    figure,
    holter,
  } = new Command()
    .name('npm run eval:rhythm --')
    .description(
      'Evaluate the rhythm stage: CinC 2017 validation split (Challenge F1), and Holter rhythm episodes and AF burden on mitdb and vfdb.',
    )
    .option('--model <dir>', 'rhythm model folder (CinC table)', 'resources/models/rhythm')
    .option('--rhythm-dir <dir>', 'score the <record>.rhythm files of `npm run analyze -- --out DIR` instead of analysing here')
    .option('--figure <file>', 'reliability diagram (SVG) of the validation split', RELIABILITY_SVG)
    .option('--no-holter', 'skip the mitdb/vfdb Holter rhythm part (CinC table and calibration only)')
    .parse()
    .opts<{ model: string; rhythmDir?: string; figure: string; holter: boolean }>();
  const backend = await initBackend();
  const classifier = await RhythmClassifier.load(dir);
  console.log(
    `model ${dir} (${classifier.meta.name} ${classifier.meta.version}, ${classifier.meta.fsHz} Hz, ${classifier.meta.windowS} s windows), backend ${backend.name}`,
  );
  await evaluateChallenge(classifier, resolve(figure));
  if (holter) await evaluateHolter(rhythmDir === undefined ? undefined : resolve(rhythmDir));
}

await main();

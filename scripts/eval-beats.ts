/**
 * `npm run eval:beats` — scores the QRS detector + AAMI beat classifier on MIT-BIH DS2 (de Chazal et al.
 * 2004 inter-patient test set, doi:10.1109/TBME.2004.827359) with the EC57 beat-by-beat scorer (150 ms
 * match window, de Chazal class mapping), with R peaks of the single-lead detector on the beat lead, with the reference R
 * positions ("oracle detection", which isolates the classifier's errors), and through the whole analysis as
 * `npm run analyze` runs it ("pipeline": multi-lead detector, unreadable stretches and paced beats labelled Q, the beat
 * model), each scored from 5:00 (EC57) and from 0. DS2 is evaluated for reporting only: nothing is chosen on it.
 *
 * Usage: npx tsx scripts/eval-beats.ts [--data DIR] [--model DIR] [--backend auto|wasm|cpu|native]
 *        [--records 100,103,...] [--json FILE]
 * Prints per-record N/S/V/F Se, +P, F1 (detected, from 5:00), the gross figures, confusion matrices and
 * one-figure-per-line gross/average Se, +P, F1 and macro-F1 of all six runs under both AAMI mappings
 * (de Chazal's and bxb's), and, when the 24 h concatenation exists (`--holter`), its DS2 records split
 * back and scored beside the same records analysed alone.
 */
import { Command } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeRecord, loadAnalysisModels, withBeatModel } from '../src/main/core/analysis/analyze-record';
import { BeatClassifier } from '../src/main/core/beats/classifier';
import { readReferenceBeats } from '../src/main/core/beats/reference-beats';
import { compareBeats, type BeatMark, type RecordComparison } from '../src/main/core/evaluate/compare-beats';
import type { ClassMapping } from '../src/main/core/evaluate/beat-class-mapping';
import {
  REFERENCE_ROWS,
  TEST_COLUMNS,
  type ConfusionMatrix,
  type DetectionStats,
  type Ec57Statistics,
} from '../src/main/core/evaluate/ec57-statistics';
import { summarize, type Ec57Summary } from '../src/main/core/evaluate/summarize';
import { lowerBound } from '../src/main/core/analysis/lower-bound';
import { parseHeader } from '../src/main/core/wfdb/header';
import { initBackend } from '../src/main/core/ml/backend';
import type { BackendPreference } from '../src/main/core/ml/backend-preference';
import { detectQrs } from '../src/main/core/qrs/hamilton-2002';
import { readAnnotations } from '../src/main/core/wfdb/annotations';
import { AAMI_CLASSES, type AamiClass } from '../src/shared/labels';

/** DS2 of de Chazal et al. 2004 (paced records excluded). */
const DS2_RECORDS = Object.freeze([
  '100',
  '103',
  '105',
  '111',
  '113',
  '117',
  '121',
  '123',
  '200',
  '202',
  '210',
  '212',
  '213',
  '214',
  '219',
  '221',
  '222',
  '228',
  '231',
  '232',
  '233',
  '234',
]);

const args = new Command()
  .name('npm run eval:beats --')
  .description('Score the QRS detector + AAMI beat classifier on MIT-BIH DS2 with the EC57 beat-by-beat scorer.')
  .option('--data <dir>', 'mitdb folder', '../shared/data/mitdb')
  .option('--model <dir>', 'beat model folder', 'resources/models/beats')
  .option('--backend <name>', 'tfjs backend preference: auto, native, wasm or cpu', 'auto')
  .option('--records <list>', 'comma-separated record names (default: DS2)')
  .option(
    '--holter <hea>',
    'the 48-record concatenation (scripts/make-holter-24h.ts); its DS2 records are split back and scored',
    'data/holter24h/concat24h.hea',
  )
  .option('--pacing <dir>', 'pacing model folder (its leave-one-record-out figures are printed)', 'resources/models/pacing')
  .option('--json <file>', 'also write the summaries as JSON')
  .option('--record-in-meta', "write the gross DS2 figures into the model's meta.json (field ds2Evaluation): once per model version", false)
  .parse()
  .opts<{
    data: string;
    model: string;
    backend: string;
    records?: string;
    holter: string;
    pacing: string;
    json?: string;
    recordInMeta: boolean;
  }>();

type RunName =
  'detected, from 5:00' | 'detected, from 0' | 'oracle, from 5:00' | 'oracle, from 0' | 'pipeline, from 5:00' | 'pipeline, from 0';
/** Where a run's beats come from: the single-lead detector on the beat lead, the reference R positions, or the whole
 *  analysis as `npm run analyze` runs it (multi-lead detector, quality stage, pacing call, beat model). */
type BeatSource = 'detected' | 'oracle' | 'pipeline';
const RUNS: ReadonlyArray<{ name: RunName; source: BeatSource; startSec: number }> = [
  { name: 'detected, from 5:00', source: 'detected', startSec: 300 },
  { name: 'detected, from 0', source: 'detected', startSec: 0 },
  { name: 'oracle, from 5:00', source: 'oracle', startSec: 300 },
  { name: 'oracle, from 0', source: 'oracle', startSec: 0 },
  { name: 'pipeline, from 5:00', source: 'pipeline', startSec: 300 },
  { name: 'pipeline, from 0', source: 'pipeline', startSec: 0 },
];
const MAPPINGS: readonly ClassMapping[] = ['de-chazal', 'bxb'];
/** The classes whose F1 scores macro-F1 averages (Q has almost no DS2 beats). */
const MACRO_CLASSES: readonly AamiClass[] = ['N', 'S', 'V', 'F'];

function pct(value: number | null): string {
  return value === null ? '    -' : value.toFixed(1).padStart(5);
}

function triple(s: DetectionStats): string {
  return `${pct(s.sePct)} ${pct(s.ppvPct)} ${pct(s.f1Pct)}`;
}

function line(stats: Ec57Statistics): string {
  return `QRS ${triple(stats.qrs)} | N ${triple(stats.byClass.N)} | S ${triple(stats.sveb)} | V ${triple(stats.veb)} | F ${triple(stats.byClass.F)}`;
}

/** Macro-F1 over N, S, V, F (S and V with bxb's false-positive rules), in %; null when a class has no F1. */
function macroF1(stats: Ec57Statistics): number | null {
  const f1 = MACRO_CLASSES.map((c) => (c === 'S' ? stats.sveb : c === 'V' ? stats.veb : stats.byClass[c]).f1Pct);
  return f1.some((v) => v === null) ? null : f1.reduce((sum: number, v) => sum + (v as number), 0) / f1.length;
}

/** One figure per line: `<scope> <class> <measure> <value> %`. */
function figureLines(scope: string, summary: Ec57Summary): string[] {
  const out: string[] = [];
  const classStats = (stats: Ec57Statistics, c: AamiClass): DetectionStats =>
    c === 'S' ? stats.sveb : c === 'V' ? stats.veb : stats.byClass[c];
  for (const c of MACRO_CLASSES) {
    const g = classStats(summary.gross, c);
    const avg = c === 'S' ? summary.average.sveb : c === 'V' ? summary.average.veb : summary.average.byClass[c];
    out.push(
      `${scope} gross ${c} Se ${pct(g.sePct)} %`,
      `${scope} gross ${c} +P ${pct(g.ppvPct)} %`,
      `${scope} gross ${c} F1 ${pct(g.f1Pct)} %`,
    );
    out.push(
      `${scope} average ${c} Se ${pct(avg.sePct)} %`,
      `${scope} average ${c} +P ${pct(avg.ppvPct)} %`,
      `${scope} average ${c} F1 ${pct(avg.f1Pct)} %`,
    );
  }
  out.push(`${scope} gross QRS Se ${pct(summary.gross.qrs.sePct)} %`, `${scope} gross QRS +P ${pct(summary.gross.qrs.ppvPct)} %`);
  out.push(`${scope} gross macro-F1 (N S V F) ${pct(macroF1(summary.gross))} %`);
  return out;
}

function matrixLines(matrix: ConfusionMatrix): string[] {
  return [
    `  reference \\ test ${TEST_COLUMNS.map((c) => c.padStart(7)).join('')}`,
    ...REFERENCE_ROWS.map((row, r) => `  ${row.padEnd(17)} ${(matrix[r] ?? []).map((v) => String(v).padStart(7)).join('')}`),
  ];
}

const HEADER = '          Se    +P    F1 |     Se    +P    F1 |     Se    +P    F1 |     Se    +P    F1 |     Se    +P    F1';

type Comparisons = Record<ClassMapping, Record<RunName, RecordComparison[]>>;

/** Reference-free marks of classified beats. */
function marksOf(peaks: Int32Array, labels: Uint8Array, offset = 0): BeatMark[] {
  return Array.from(peaks, (sample, i) => ({ sample: sample - offset, cls: AAMI_CLASSES[labels[i] as number] ?? 'Q' }));
}

/**
 * The DS2 records inside the concatenation, split back: detect and classify the whole file as one
 * record, then score each DS2 record's share (detected, from 5:00) against its own reference.
 */
async function splitBack(
  classifier: BeatClassifier,
  holterPath: string,
  dataDir: string,
  records: readonly string[],
): Promise<{ comparisons: Record<ClassMapping, RecordComparison[]>; beats: number; seconds: number }> {
  const names = readFileSync(join(dataDir, 'RECORDS'), 'utf8').split(/\s+/).filter(Boolean);
  const holter = readReferenceBeats(holterPath);
  const detected = detectQrs(holter.leadMv, holter.fsHz);
  const t0 = performance.now();
  const result = await classifier.classify([holter.leadMv], holter.fsHz, detected);
  const seconds = (performance.now() - t0) / 1000;
  const comparisons: Record<ClassMapping, RecordComparison[]> = { 'de-chazal': [], bxb: [] };
  let offset = 0;
  for (const name of names) {
    const header = parseHeader(readFileSync(join(dataDir, `${name}.hea`), 'latin1'), `${name}.hea`);
    const length = header.nSamples;
    if (records.includes(name)) {
      const from = lowerBound(detected, offset);
      const to = lowerBound(detected, offset + length);
      const marks = marksOf(detected.subarray(from, to), result.labels.subarray(from, to), offset);
      const reference = readAnnotations(join(dataDir, `${name}.atr`));
      for (const mapping of MAPPINGS) {
        comparisons[mapping].push(
          compareBeats(reference, marks, holter.fsHz, { recordName: name, startSec: 300, endSample: length, mapping }),
        );
      }
    }
    offset += length;
  }
  return { comparisons, beats: detected.length, seconds };
}

async function main(): Promise<void> {
  const backend = await initBackend({ prefer: args.backend as BackendPreference });
  const classifier = await BeatClassifier.load(resolve(args.model));
  const models = await withBeatModel(await loadAnalysisModels(backend), resolve(args.model));
  const dataDir = resolve(args.data);
  const records = args.records?.split(',') ?? [...DS2_RECORDS];
  const empty = (): Record<RunName, RecordComparison[]> => ({
    'detected, from 5:00': [],
    'detected, from 0': [],
    'oracle, from 5:00': [],
    'oracle, from 0': [],
    'pipeline, from 5:00': [],
    'pipeline, from 0': [],
  });
  const comparisons: Comparisons = { 'de-chazal': empty(), bxb: empty() };
  let classifiedBeats = 0;
  let classifySeconds = 0;
  console.log(`eval-beats: model ${classifier.meta.name} ${classifier.meta.version} (${classifier.meta.created}), backend ${backend.name}`);
  console.log(`per record, detected R peaks, scored from 5:00 (EC57), de Chazal mapping\nrecord     ${HEADER}`);
  for (const name of records) {
    const headerPath = join(dataDir, `${name}.hea`);
    const ref = readReferenceBeats(headerPath);
    const reference = readAnnotations(join(dataDir, `${name}.atr`));
    const detected = detectQrs(ref.leadMv, ref.fsHz);
    const recordLength = ref.leadMv.length;
    for (const source of ['detected', 'oracle', 'pipeline'] as const) {
      let marks: BeatMark[];
      if (source === 'pipeline') {
        const { analysis } = await analyzeRecord(headerPath, models);
        marks = Array.from(analysis.beatSamples, (sample, i) => ({ sample, cls: analysis.beatLabels[i] ?? 'Q' }));
      } else {
        const peaks = source === 'oracle' ? ref.beatSamples : detected;
        const t0 = performance.now();
        const result = await classifier.classify([ref.leadMv], ref.fsHz, peaks);
        classifySeconds += (performance.now() - t0) / 1000;
        classifiedBeats += peaks.length;
        marks = marksOf(peaks, result.labels);
      }
      for (const mapping of MAPPINGS) {
        for (const run of RUNS.filter((r) => r.source === source)) {
          comparisons[mapping][run.name].push(
            compareBeats(reference, marks, ref.fsHz, { recordName: name, startSec: run.startSec, endSample: recordLength, mapping }),
          );
        }
      }
    }
    const main = comparisons['de-chazal']['detected, from 5:00'].at(-1) as RecordComparison;
    console.log(`${name.padEnd(6)} ${line(main.stats)}`);
  }
  const summaries = Object.fromEntries(
    MAPPINGS.map((mapping) => [mapping, Object.fromEntries(RUNS.map((run) => [run.name, summarize(comparisons[mapping][run.name])]))]),
  ) as Record<ClassMapping, Record<RunName, Ec57Summary>>;
  for (const mapping of MAPPINGS) {
    console.log(
      `\ngross statistics over ${records.length} DS2 records (${mapping} mapping; S = SVEB and V = VEB with bxb's false-positive rules)`,
    );
    console.log(`run                        ${HEADER}`);
    for (const run of RUNS) console.log(`${run.name.padEnd(20)} ${line(summaries[mapping][run.name].gross)}`);
  }
  console.log('\nconfusion matrices (beats; rows reference, columns test)');
  for (const mapping of MAPPINGS) {
    for (const run of RUNS) {
      console.log(`${mapping}, ${run.name}:`);
      for (const text of matrixLines(summaries[mapping][run.name].matrix)) console.log(text);
    }
  }
  console.log('\nfigures (DS2, one per line)');
  for (const mapping of MAPPINGS)
    for (const run of RUNS) for (const text of figureLines(`DS2 ${mapping} ${run.name}`, summaries[mapping][run.name])) console.log(text);
  for (const text of pacingLines(resolve(args.pacing, 'meta.json'))) console.log(text);
  console.log(
    `\nclassifier: ${classifiedBeats} beats in ${classifySeconds.toFixed(1)} s = ${(classifiedBeats / classifySeconds).toFixed(0)} beats/s on ${backend.name} (resampling included)`,
  );
  let holter: Record<ClassMapping, Ec57Summary> | null = null;
  if (existsSync(args.holter)) {
    const split = await splitBack(classifier, resolve(args.holter), dataDir, records);
    holter = { 'de-chazal': summarize(split.comparisons['de-chazal']), bxb: summarize(split.comparisons.bxb) };
    console.log(
      `\n${args.holter}: ${split.beats} detected beats classified in ${split.seconds.toFixed(1)} s on ${backend.name} (one record, resampling included)`,
    );
    console.log('DS2 records split back from the concatenation vs analysed alone (detected, from 5:00, de Chazal mapping), F1 in %');
    console.log('record   S alone  S inside  V alone  V inside');
    split.comparisons['de-chazal'].forEach((inside, i) => {
      const alone = comparisons['de-chazal']['detected, from 5:00'][i] as RecordComparison;
      console.log(
        `${inside.recordName.padEnd(6)} ${pct(alone.stats.sveb.f1Pct).padStart(8)} ${pct(inside.stats.sveb.f1Pct).padStart(9)} ${pct(alone.stats.veb.f1Pct).padStart(8)} ${pct(inside.stats.veb.f1Pct).padStart(9)}`,
      );
    });
    for (const mapping of MAPPINGS) {
      const alone = summaries[mapping]['detected, from 5:00'].gross;
      const inside = holter[mapping].gross;
      console.log(`24 h split back ${mapping} gross S F1 inside ${pct(inside.sveb.f1Pct)} %, alone ${pct(alone.sveb.f1Pct)} %`);
      console.log(`24 h split back ${mapping} gross V F1 inside ${pct(inside.veb.f1Pct)} %, alone ${pct(alone.veb.f1Pct)} %`);
      console.log(`24 h split back ${mapping} gross S +P inside ${pct(inside.sveb.ppvPct)} %, alone ${pct(alone.sveb.ppvPct)} %`);
      console.log(`24 h split back ${mapping} gross V +P inside ${pct(inside.veb.ppvPct)} %, alone ${pct(alone.veb.ppvPct)} %`);
    }
  } else {
    console.log(`\n${args.holter} not found (npx tsx scripts/make-holter-24h.ts builds it): no split-back figures`);
  }
  if (args.json !== undefined) {
    writeFileSync(
      args.json,
      JSON.stringify({ backend: backend.name, model: classifier.meta.created, records, summaries, holter }, null, 1),
    );
  }
  if (args.recordInMeta) recordInMeta(resolve(args.model, 'meta.json'), records, summaries, holter);
}

/** The pacing model's leave-one-record-out figures (npm run train:pacing wrote them into its meta.json), one per line. */
function pacingLines(metaPath: string): string[] {
  if (!existsSync(metaPath)) return [`\n${metaPath} not found (npm run train:pacing): no pacing figures`];
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as {
    leaveOneRecordOut: {
      summary: {
        pacedBeatsSePct: number | null;
        pacedBeatsPpvPct: number | null;
        pacedRecordsFlagged: number;
        otherMitdbFlagged: string[];
        largestOtherMitdbShare: number;
        noiseFlagged: string[];
        largestNoiseShare: number;
        vfdbFlagged: string[];
        largestVfdbShare: number;
      };
      folds: Array<{ record: string; sureShare: number; recordPaced: boolean; qSePct: number | null; qPpvPct: number | null }>;
    };
  };
  const { summary, folds } = meta.leaveOneRecordOut;
  const paced = ['102', '104', '107', '217'];
  /** two decimals: +P 99.95 is not 100 */
  const pct2 = (value: number | null): string => (value === null ? '-' : value.toFixed(2));
  return [
    `\npaced beats (/, f, Q → AAMI Q) on mitdb 102, 104, 107, 217, from 5:00, EC57 matching, leave-one-record-out over the 48 mitdb and 3 nstdb noise records (${metaPath})`,
    `pacing LORO paced beats Se ${pct2(summary.pacedBeatsSePct)} %`,
    `pacing LORO paced beats +P ${pct2(summary.pacedBeatsPpvPct)} %`,
    ...folds
      .filter((f) => paced.includes(f.record))
      .map((f) => `pacing LORO record ${f.record} paced ${f.recordPaced ? 'yes' : 'no'}, Se ${pct2(f.qSePct)} %, +P ${pct2(f.qPpvPct)} %`),
    `pacing LORO paced records flagged ${summary.pacedRecordsFlagged} of 4`,
    `pacing LORO non-paced mitdb records flagged ${summary.otherMitdbFlagged.length} of 44 ${summary.otherMitdbFlagged.join(',')}`.trimEnd(),
    `pacing LORO largest sure-stimulus share of a non-paced mitdb record ${pct(100 * summary.largestOtherMitdbShare)} %`,
    `pacing LORO nstdb noise records (bw, em, ma) flagged ${summary.noiseFlagged.length} of 3 ${summary.noiseFlagged.join(',')}`.trimEnd(),
    `pacing LORO largest sure-stimulus share of a noise record ${pct(100 * summary.largestNoiseShare)} %`,
    `pacing vfdb records flagged ${summary.vfdbFlagged.length} of 22 ${summary.vfdbFlagged.join(',')}`.trimEnd(),
    `pacing largest sure-stimulus share of a vfdb record ${pct(100 * summary.largestVfdbShare)} %`,
  ];
}

/** Gross Se, +P, F1 (%) of N, S, V, F and macro-F1 of one summary. */
function grossFigures(summary: Ec57Summary): Record<string, number | null> {
  const g = summary.gross;
  const out: Record<string, number | null> = {};
  for (const c of MACRO_CLASSES) {
    const s = c === 'S' ? g.sveb : c === 'V' ? g.veb : g.byClass[c];
    out[`${c}SePct`] = s.sePct;
    out[`${c}PpvPct`] = s.ppvPct;
    out[`${c}F1Pct`] = s.f1Pct;
  }
  out.macroF1Pct = macroF1(g);
  return out;
}

/** Writes the gross DS2 figures (and the 24 h split back) into the model's meta.json as `ds2Evaluation`. */
function recordInMeta(
  metaPath: string,
  records: readonly string[],
  summaries: Record<ClassMapping, Record<RunName, Ec57Summary>>,
  holter: Record<ClassMapping, Ec57Summary> | null,
): void {
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Record<string, unknown>;
  meta.ds2Evaluation = {
    command: 'npm run eval:beats -- --record-in-meta',
    date: new Date().toISOString(),
    records: [...records],
    scorer: 'EC57 beat-by-beat (150 ms window); S and V with bxb false-positive rules; gross figures',
    figures: Object.fromEntries(
      MAPPINGS.map((mapping) => [mapping, Object.fromEntries(RUNS.map((run) => [run.name, grossFigures(summaries[mapping][run.name])]))]),
    ),
    holter24hSplitBack:
      holter === null
        ? null
        : Object.fromEntries(MAPPINGS.map((mapping) => [mapping, { 'detected, from 5:00': grossFigures(holter[mapping]) }])),
  };
  writeFileSync(metaPath, `${JSON.stringify(meta, null, 2)}\n`);
  console.log(`recorded the DS2 figures in ${metaPath}`);
}

await main();

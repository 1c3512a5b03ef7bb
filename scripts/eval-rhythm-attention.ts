/**
 * Where the rhythm model's attention lies, by class, on the PhysioNet 2017 tune split: for every
 * record-call window (30 s, every 15 s) its attention (averaged over heads and query steps) is mapped
 * back to samples (attentionPerSample, meta.json attention.stepSamples) and compared with the R peaks
 * of the Hamilton 2002 detector (detectQrs on the 300 Hz lead): the lift of the attention within
 * ±100 ms of R (mass there / share of time there; 1 = no preference), the lift between beats, the
 * lift on the most irregular third of the RR intervals (local |ΔRR|) and the within-window Spearman
 * correlation between an interval's attention density and its irregularity, and the normalised
 * entropy of the step weights (1 = uniform). Window figures are averaged per record, then per class
 * (reference label) with a 95 % bootstrap interval over records (2,000 resamples, seeded). Writes the
 * figure docs/figures/rhythm-attention-tune.svg: the first window of the first tune record (by name)
 * of reference A called A and of reference N called N, with the attention shaded under the trace.
 * The validation split is not read. Findings: docs/rhythm-attention.md.
 *
 * Usage: npm run eval:rhythm-attention [-- --model DIR] [--data DIR] [--figure FILE]
 */
import { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { attentionBeatMass, type AttentionBeatMass } from '../src/main/core/evaluate/attention-beat-mass';
import { bootstrapInterval, resampleIndices } from '../src/main/core/evaluate/bootstrap-interval';
import { initBackend } from '../src/main/core/ml/backend';
import { seededRandom } from '../src/main/core/ml/seeded-random';
import { detectQrs } from '../src/main/core/qrs/detector';
import { attentionPerSample } from '../src/main/core/rhythm/attention-samples';
import { readChallengeSplit, type ChallengeSplitRecord } from '../src/main/core/rhythm/challenge-split-records';
import { RhythmClassifier } from '../src/main/core/rhythm/classifier';
import { windowStarts } from '../src/main/core/rhythm/window-starts';
import { RECORD_CALL_CONFIG } from '../src/main/core/rhythm/record-call';
import { mostProbableLabel, RHYTHM_LABELS, type RhythmLabel } from '../src/main/core/rhythm/rhythm-labels';

const SETTINGS = Object.freeze({
  /** half-width of the zone around an R peak, in ms */
  nearRMs: 100,
  /** fewest R peaks in a window for it to be scored */
  minBeats: 4,
  /** fewest RR intervals with an irregularity for the rank correlation */
  minIntervals: 5,
  bootstrapResamples: 2000,
  bootstrapSeed: 15,
});

/** Figures of one window (NaN where undefined). */
interface WindowFigures {
  nearLift: number;
  betweenLift: number;
  irregularLift: number;
  irregularityRho: number;
  entropy: number;
}
const FIGURES: readonly (keyof WindowFigures)[] = ['nearLift', 'betweenLift', 'irregularLift', 'irregularityRho', 'entropy'];
const FIGURE_TEXT: Record<keyof WindowFigures, string> = {
  nearLift: 'attention lift within ±100 ms of R (mass / time share; 1 = none)',
  betweenLift: 'attention lift between beats (outside ±100 ms of R)',
  irregularLift: 'attention lift on the most irregular third of RR intervals',
  irregularityRho: 'Spearman ρ, interval attention density vs local |ΔRR| (within window)',
  entropy: 'normalised entropy of the step weights (1 = uniform)',
};

function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) out[order[k]![1]] = (i + j) / 2;
    i = j + 1;
  }
  return out;
}

function spearman(x: readonly number[], y: readonly number[]): number {
  const rx = ranks(x);
  const ry = ranks(y);
  const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(rx);
  const my = mean(ry);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  rx.forEach((v, i) => {
    sxy += (v - mx) * ((ry[i] as number) - my);
    sxx += (v - mx) ** 2;
    syy += ((ry[i] as number) - my) ** 2;
  });
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
}

function windowFigures(mass: AttentionBeatMass, weights: ArrayLike<number>): WindowFigures {
  const scored = mass.intervals.filter((iv) => Number.isFinite(iv.irregularityMs));
  let irregularLift = Number.NaN;
  let irregularityRho = Number.NaN;
  if (scored.length >= SETTINGS.minIntervals) {
    const top = [...scored].sort((a, b) => b.irregularityMs - a.irregularityMs).slice(0, Math.ceil(scored.length / 3));
    irregularLift = top.reduce((a, iv) => a + iv.mass, 0) / top.reduce((a, iv) => a + iv.fraction, 0);
    irregularityRho = spearman(
      scored.map((iv) => iv.mass / iv.fraction),
      scored.map((iv) => iv.irregularityMs),
    );
  }
  let entropy = 0;
  for (let k = 0; k < weights.length; k++) {
    const w = weights[k] as number;
    if (w > 0) entropy -= w * Math.log(w);
  }
  return {
    nearLift: mass.nearMass / mass.nearFraction,
    betweenLift: (1 - mass.nearMass) / (1 - mass.nearFraction),
    irregularLift,
    irregularityRho,
    entropy: entropy / Math.log(weights.length),
  };
}

const finiteMean = (values: readonly number[]): number => {
  const finite = values.filter(Number.isFinite);
  return finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN;
};

function meanFigures(figures: readonly WindowFigures[]): WindowFigures {
  const mean = {} as WindowFigures;
  for (const key of FIGURES) mean[key] = finiteMean(figures.map((x) => x[key]));
  return mean;
}

/** Mean of one bootstrap resample (with replacement, same size) of `values`. */
function resampledMean(values: readonly number[], random: () => number): number {
  return resampleIndices(values.length, random).reduce((sum, i) => sum + (values[i] as number), 0) / values.length;
}

/** Mean over records and its 95 % percentile-bootstrap interval (records resampled). */
function bootstrapMean(values: readonly number[], random: () => number): { mean: number; low: number; high: number; n: number } {
  const finite = values.filter(Number.isFinite);
  return {
    mean: finiteMean(finite),
    ...bootstrapInterval(() => resampledMean(finite, random), SETTINGS.bootstrapResamples),
    n: finite.length,
  };
}

interface Example {
  record: ChallengeSplitRecord;
  signal: Float32Array;
  weights: Float32Array;
  rPeaks: number[];
  stepSamples: number;
}

function exampleSvg(examples: readonly { title: string; example: Example }[], fsHz: number, windowSamples: number): string {
  const width = 1100;
  const rowHeight = 190;
  const left = 40;
  const plot = width - left - 20;
  const f = (v: number): string => v.toFixed(1);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${examples.length * rowHeight + 30}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
  ];
  examples.forEach(({ title, example }, row) => {
    const top = row * rowHeight + 24;
    const height = rowHeight - 50;
    const xAt = (sample: number): number => left + (sample / windowSamples) * plot;
    const max = Math.max(...example.weights);
    parts.push(`<text x="${left}" y="${top - 6}">${title}</text>`);
    example.weights.forEach((w, k) => {
      const x = xAt(k * example.stepSamples);
      parts.push(
        `<rect x="${f(x)}" y="${top}" width="${f(xAt((k + 1) * example.stepSamples) - x)}" height="${height}" fill="#e69138" fill-opacity="${(0.85 * (w / max)).toFixed(3)}"/>`,
      );
    });
    const signal = example.signal.subarray(0, windowSamples);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of signal) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const yAt = (v: number): number => top + height - ((v - lo) / (hi - lo || 1)) * height;
    parts.push(
      `<polyline fill="none" stroke="#111" stroke-width="0.7" points="${Array.from(signal, (v, i) => `${f(xAt(i))},${f(yAt(v))}`).join(' ')}"/>`,
    );
    for (const r of example.rPeaks) {
      if (r >= 0 && r < windowSamples)
        parts.push(`<line x1="${f(xAt(r))}" x2="${f(xAt(r))}" y1="${top + height}" y2="${top + height + 6}" stroke="#1d5fbf"/>`);
    }
    for (let s = 0; s <= windowSamples / fsHz; s += 5) {
      parts.push(`<text x="${f(xAt(s * fsHz))}" y="${top + height + 18}" text-anchor="middle">${s} s</text>`);
    }
  });
  parts.push(
    `<text x="${left}" y="${examples.length * rowHeight + 20}">orange: attention per step (averaged over heads and query steps; opacity ∝ weight / window maximum); blue ticks: R peaks (Hamilton 2002); trace: the lead resampled to the model rate, scaled to the row</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}

async function main(): Promise<void> {
  const {
    model: dir,
    data,
    figure,
  } = new Command()
    .name('npm run eval:rhythm-attention --')
    .description('Attention vs R peaks and RR irregularity per class on the tune split; writes an example figure.')
    .option('--model <dir>', 'rhythm model folder', 'resources/models/rhythm')
    .option('--data <dir>', 'PhysioNet 2017 folder', 'data/physionet2017')
    .option('--figure <file>', 'example figure (SVG)', 'docs/figures/rhythm-attention-tune.svg')
    .parse()
    .opts<{ model: string; data: string; figure: string }>();
  const backend = await initBackend();
  const classifier = await RhythmClassifier.load(dir);
  const { fsHz: modelHz, windowS, attention } = classifier.meta;
  const windowSamples = Math.round(windowS * modelHz);
  const stepSamples = attention.stepSamples ?? windowSamples / attention.steps;
  const names = classifier.meta.split?.tune ?? [];
  if (names.length === 0) throw new Error(`eval-rhythm-attention: ${join(dir, 'meta.json')} lists no tune split`);
  const records = readChallengeSplit(resolve(data), names);
  const perRecord = new Map<RhythmLabel, WindowFigures[]>(RHYTHM_LABELS.map((l) => [l, []]));
  const control = new Map<RhythmLabel, WindowFigures[]>(RHYTHM_LABELS.map((l) => [l, []]));
  const examples = new Map<RhythmLabel, Example>();
  let windowsScored = 0;
  let windowsSkipped = 0;
  const started = Date.now();
  for (const record of records) {
    const signal = classifier.toModelRate(record.signalMv, record.fsHz);
    const rPeaks = Array.from(detectQrs(record.signalMv, record.fsHz), (r) => Math.round((r * modelHz) / record.fsHz));
    const starts = windowStarts(signal.length, windowSamples, Math.round(RECORD_CALL_CONFIG.strideS * modelHz));
    const { probabilities, attention: weights } = await classifier.predictWindows(starts.map((startSample) => ({ signal, startSample })));
    const figures: WindowFigures[] = [];
    const reversed: WindowFigures[] = [];
    starts.forEach((start, w) => {
      const row = weights.subarray(w * attention.steps, (w + 1) * attention.steps);
      const perSample = attentionPerSample(row, stepSamples).subarray(0, Math.min(windowSamples, signal.length - start));
      const local = rPeaks.map((r) => r - start);
      if (local.filter((r) => r >= 0 && r < perSample.length).length < SETTINGS.minBeats || !(perSample.reduce((a, b) => a + b, 0) > 0)) {
        windowsSkipped++;
        return;
      }
      windowsScored++;
      figures.push(windowFigures(attentionBeatMass(perSample, local, modelHz, SETTINGS.nearRMs), row));
      const flipped = row.slice().reverse();
      const flippedPerSample = attentionPerSample(flipped, stepSamples).subarray(0, perSample.length);
      if (flippedPerSample.reduce((a, b) => a + b, 0) > 0) {
        reversed.push(windowFigures(attentionBeatMass(flippedPerSample, local, modelHz, SETTINGS.nearRMs), flipped));
      }
      if (
        w === 0 &&
        !examples.has(record.label) &&
        mostProbableLabel(probabilities, w) === record.label &&
        signal.length >= windowSamples
      ) {
        examples.set(record.label, { record, signal, weights: row.slice(), rPeaks: local, stepSamples });
      }
    });
    if (figures.length === 0) continue;
    perRecord.get(record.label)!.push(meanFigures(figures));
    if (reversed.length > 0) control.get(record.label)!.push(meanFigures(reversed));
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `backend ${backend.name}; tune split ${records.length} records, ${windowsScored} windows scored, ${windowsSkipped} skipped (< ${SETTINGS.minBeats} R peaks); ${seconds.toFixed(0)} s`,
  );
  console.log(
    `attention: ${attention.steps} steps of ${stepSamples} samples at ${modelHz} Hz (${((1000 * stepSamples) / modelHz).toFixed(0)} ms each)`,
  );
  const random = seededRandom(SETTINGS.bootstrapSeed);
  for (const key of FIGURES) {
    for (const label of RHYTHM_LABELS) {
      const b = bootstrapMean(
        perRecord.get(label)!.map((x) => x[key]),
        random,
      );
      console.log(`${label} ${FIGURE_TEXT[key]}: ${b.mean.toFixed(3)} [95 % CI ${b.low.toFixed(3)}–${b.high.toFixed(3)}] (${b.n} records)`);
    }
  }
  console.log('control: the same windows with each attention row reversed in time (same weights, no alignment with the ECG)');
  for (const key of ['nearLift', 'irregularLift', 'irregularityRho'] as const) {
    for (const label of RHYTHM_LABELS) {
      const b = bootstrapMean(
        control.get(label)!.map((x) => x[key]),
        random,
      );
      console.log(
        `${label} control ${FIGURE_TEXT[key]}: ${b.mean.toFixed(3)} [95 % CI ${b.low.toFixed(3)}–${b.high.toFixed(3)}] (${b.n} records)`,
      );
    }
  }
  for (const key of ['irregularLift', 'irregularityRho'] as const) {
    const valuesA = perRecord
      .get('A')!
      .map((x) => x[key])
      .filter(Number.isFinite);
    const valuesN = perRecord
      .get('N')!
      .map((x) => x[key])
      .filter(Number.isFinite);
    const { low, high } = bootstrapInterval(
      () => resampledMean(valuesA, random) - resampledMean(valuesN, random),
      SETTINGS.bootstrapResamples,
    );
    console.log(
      `A minus N, ${FIGURE_TEXT[key]}: ${(finiteMean(valuesA) - finiteMean(valuesN)).toFixed(3)} [95 % CI ${low.toFixed(3)}–${high.toFixed(3)}]`,
    );
  }
  const a = examples.get('A');
  const n = examples.get('N');
  if (a && n) {
    mkdirSync(dirname(resolve(figure)), { recursive: true });
    writeFileSync(
      resolve(figure),
      exampleSvg(
        [
          { title: `${a.record.name} (reference A, called A): first 30 s window`, example: a },
          { title: `${n.record.name} (reference N, called N): first 30 s window`, example: n },
        ],
        modelHz,
        windowSamples,
      ),
    );
    console.log(`figure: ${resolve(figure)} (${a.record.name}, ${n.record.name})`);
  }
}

await main();

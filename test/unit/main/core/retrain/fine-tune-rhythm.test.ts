/**
 * Fine-tuning the rhythm model on a tiny set (windows of the three CinC 2017 fixture records, one
 * epoch): on wasm only the BiLSTM, attention and head change while the conv front end and its batch
 * normalisation statistics stay, the held-out scores before training are the shipped classifier's
 * own on those windows (so the split head computes what the whole network computes), progress comes
 * per batch, the new folder loads as a rhythm model with its provenance, and a cancelled run leaves
 * nothing behind; on native every layer changes.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classMetrics } from '../../../../../src/main/core/beats/class-metrics';
import { initBackend } from '../../../../../src/main/core/ml/backend';
import { nativeBackendOrSkip } from './native-backend-or-skip';
import { seededRandom } from '../../../../../src/main/core/ml/seeded-random';
import { loadLayersModel } from '../../../../../src/main/core/ml/load-model';
import { RhythmClassifier } from '../../../../../src/main/core/rhythm/classifier';
import { RHYTHM_LABELS } from '../../../../../src/main/core/rhythm/rhythm-labels';
import type { RhythmModelMeta } from '../../../../../src/main/core/rhythm/rhythm-model-meta';
import { readRecord, toPhysical } from '../../../../../src/main/core/wfdb/record';
import type { FineTuneProgress } from '../../../../../src/main/core/retrain/fine-tune-beats';
import { fineTuneRhythmModel, RHYTHM_FINE_TUNE_CONFIG, type RhythmValidation } from '../../../../../src/main/core/retrain/fine-tune-rhythm';
import {
  concatRhythmExamples,
  rhythmModelRate,
  signalRhythmExamples,
  type RhythmExamples,
} from '../../../../../src/main/core/retrain/rhythm-examples';
import { splitValidation } from '../../../../../src/main/core/retrain/split-validation';

const BASE = 'resources/models/rhythm';
const META = JSON.parse(readFileSync(join(BASE, 'meta.json'), 'utf8')) as RhythmModelMeta;
const FIXTURES = join(__dirname, '../../../../fixtures/rhythm');
/** labels from the fixtures' README (REFERENCE.csv); 8 windows per record, starting every 1 s from 0 at 100 Hz (records of 30 and 60 s; zero-padded past the end) */
const REVIEWED: RhythmExamples = concatRhythmExamples(
  (
    [
      ['A00003', 'N'],
      ['A00156', 'A'],
      ['A00061', 'O'],
    ] as const
  ).map(([name, label]) => {
    const record = readRecord(join(FIXTURES, `${name}.hea`), { verifyChecksums: false });
    const signal = rhythmModelRate(toPhysical(record, 0), record.fsHz, META.fsHz);
    return signalRhythmExamples(
      signal,
      [0, 1, 2, 3, 4, 5, 6, 7].map((k) => 100 * k),
      Array.from({ length: 8 }, () => RHYTHM_LABELS.indexOf(label)),
      META,
    );
  }),
);
const HYPER = { epochs: 1, batchSize: 8, validationFraction: 0.25 };
const root = mkdtempSync(join(tmpdir(), 'fine-tune-rhythm-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function weightsOf(dir: string, layerName: string): Promise<Float32Array[]> {
  const model = await loadLayersModel(dir);
  const values = model
    .getLayer(layerName)
    .getWeights()
    .map((w) => w.dataSync() as Float32Array);
  model.dispose();
  return values;
}

async function layerNames(dir: string, className: string): Promise<string[]> {
  const model = await loadLayersModel(dir);
  const names = model.layers.filter((l) => l.getClassName() === className).map((l) => l.name);
  model.dispose();
  return names;
}

describe('fineTuneRhythmModel', () => {
  it('on wasm adapts only the recurrent layers and the head, from the scores the whole network gives', async () => {
    const backend = await initBackend({ prefer: 'wasm', log: () => undefined });
    const progress: FineTuneProgress<RhythmValidation>[] = [];
    const outDir = join(root, 'wasm-v1');
    const outcome = await fineTuneRhythmModel({
      baseModelDir: BASE,
      outDir,
      version: 'rhythm-site-1',
      reviewed: REVIEWED,
      replay: null,
      replayNote: 'test: no replay',
      backend,
      hyperParameters: HYPER,
      onProgress: (p) => progress.push(p),
    });
    expect(outcome.scope).toBe('recurrent-and-head');
    // 8 windows per class, two of each held out → 18 training windows in 3 batches of ≤ 8
    expect(outcome.validationCounts).toEqual({ N: 2, A: 2, O: 2, '~': 0 });
    expect(outcome.trainCounts.reviewed).toEqual({ N: 6, A: 6, O: 6, '~': 0 });
    expect(progress.map((p) => p.batch)).toEqual([1, 2, 3]);
    expect(progress.every((p) => p.model === 'rhythm' && p.batches === 3 && Number.isFinite(p.loss))).toBe(true);

    const [conv] = await layerNames(BASE, 'Conv1D');
    const [norm] = await layerNames(BASE, 'BatchNormalization');
    const [recurrent] = await layerNames(BASE, 'Bidirectional');
    expect(outcome.frozenLayers).toContain(conv);
    expect(outcome.frozenLayers).toContain(norm);
    expect(await weightsOf(outDir, conv as string)).toEqual(await weightsOf(BASE, conv as string));
    expect(await weightsOf(outDir, norm as string)).toEqual(await weightsOf(BASE, norm as string));
    expect(await weightsOf(outDir, recurrent as string)).not.toEqual(await weightsOf(BASE, recurrent as string));
    expect(await weightsOf(outDir, 'probabilities')).not.toEqual(await weightsOf(BASE, 'probabilities'));

    // the held-out windows, drawn as the run draws them (first calls of its seeded source), scored by the
    // shipped classifier through the whole network: the run's before-scores through the split head must match
    const held = splitValidation(
      REVIEWED.labels,
      RHYTHM_LABELS.length,
      HYPER.validationFraction,
      seededRandom(RHYTHM_FINE_TUNE_CONFIG.seed),
    ).validation;
    const shipped = await RhythmClassifier.load(BASE);
    const { probabilities } = await shipped.predictWindows(
      held.map((i) => ({ signal: REVIEWED.windows.subarray(i * 3000, (i + 1) * 3000), startSample: 0 })),
    );
    const argmax = Uint8Array.from(held, (_, k) => {
      const row = Array.from(probabilities.subarray(k * 4, k * 4 + 4));
      return row.indexOf(Math.max(...row));
    });
    expect(outcome.before).toEqual(
      classMetrics(
        Uint8Array.from(held, (i) => REVIEWED.labels[i] as number),
        argmax,
        RHYTHM_LABELS,
      ),
    );

    const meta = JSON.parse(readFileSync(join(outDir, 'meta.json'), 'utf8')) as { version: string; fineTuning: Record<string, unknown> };
    expect(meta.version).toBe('rhythm-site-1');
    expect(meta.fineTuning).toMatchObject({ parentVersion: META.version, scope: 'recurrent-and-head', backend: { name: 'wasm' } });
    expect((await RhythmClassifier.load(outDir)).meta.version).toBe('rhythm-site-1');
    expect(readdirSync(root)).toEqual(['wasm-v1']);
  });

  it('stops between batches when cancelled and leaves no model and no temporary folder', async () => {
    const backend = await initBackend({ prefer: 'wasm', log: () => undefined });
    const controller = new AbortController();
    const outDir = join(root, 'cancelled');
    const run = fineTuneRhythmModel({
      baseModelDir: BASE,
      outDir,
      version: 'x',
      reviewed: REVIEWED,
      replay: null,
      replayNote: null,
      backend,
      hyperParameters: HYPER,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.batch === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(existsSync(outDir)).toBe(false);
    expect(readdirSync(root).filter((f) => f.includes('cancelled'))).toEqual([]);
  });

  it('on the native backend fine-tunes every layer', async (context) => {
    const backend = await nativeBackendOrSkip(context);
    const outDir = join(root, 'native-v1');
    const outcome = await fineTuneRhythmModel({
      baseModelDir: BASE,
      outDir,
      version: 'n',
      reviewed: REVIEWED,
      replay: null,
      replayNote: null,
      backend,
      hyperParameters: HYPER,
    });
    expect(outcome.scope).toBe('whole-model');
    expect(outcome.frozenLayers).toEqual([]);
    const [conv] = await layerNames(BASE, 'Conv1D');
    expect(await weightsOf(outDir, conv as string)).not.toEqual(await weightsOf(BASE, conv as string));
    await initBackend({ prefer: 'wasm', log: () => undefined });
  });
});

/**
 * Fine-tuning the beat model on a tiny set (the 66 reference beats of the 119x excerpt, one epoch):
 * the new folder loads as a beat model with a meta.json naming its parent, backend and scope; on
 * wasm the conv layers keep their weights while the head changes; progress comes per batch; a
 * cancelled run leaves nothing behind.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AAMI_CLASSES } from '../../../../../src/shared/labels';
import { prepareBeatRecord } from '../../../../../src/main/core/beats/beat-inputs';
import { parseBeatModelMeta } from '../../../../../src/main/core/beats/beat-model-meta';
import { BeatClassifier } from '../../../../../src/main/core/beats/classifier';
import { readReferenceBeats } from '../../../../../src/main/core/beats/reference-beats';
import { computeRrFeatures } from '../../../../../src/main/core/beats/rr-features';
import { initBackend } from '../../../../../src/main/core/ml/backend';
import { nativeBackendOrSkip } from './native-backend-or-skip';
import { loadLayersModel } from '../../../../../src/main/core/ml/load-model';
import { pickExamples, preparedExamples } from '../../../../../src/main/core/retrain/beat-examples';
import { predictProbabilities } from '../../../../../src/main/core/retrain/score-examples';
import { getTf } from '../../../../../src/main/core/ml/backend';
import { fineTuneBeatModel, type FineTuneProgress } from '../../../../../src/main/core/retrain/fine-tune-beats';

const BASE = 'resources/models/beats';
const META = parseBeatModelMeta(JSON.parse(readFileSync(join(BASE, 'meta.json'), 'utf8')), 'meta.json');
const REF = readReferenceBeats(join(__dirname, '../../../../fixtures/beats/119x.hea'));
const PREPARED = prepareBeatRecord([REF.leadMv], REF.fsHz, REF.beatSamples, META, '119x');
const REVIEWED = preparedExamples(
  PREPARED,
  computeRrFeatures(REF.beatSamples, REF.fsHz, META.rrFeatures.config),
  Int32Array.from(REF.beatSamples.keys()),
  Uint8Array.from(REF.beatClasses, (c) => AAMI_CLASSES.indexOf(c)),
  META,
);
const HYPER = { epochs: 1, batchSize: 16, validationFraction: 0.25 };
const root = mkdtempSync(join(tmpdir(), 'fine-tune-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Mean probability of class `cls` that the model in `dir` gives the examples. */
async function meanProbability(dir: string, examples: ReturnType<typeof preparedExamples>, cls: number): Promise<number> {
  const model = await loadLayersModel(dir);
  const p = await predictProbabilities(getTf(), model, examples, META);
  model.dispose();
  let sum = 0;
  for (let i = cls; i < p.length; i += AAMI_CLASSES.length) sum += p[i] as number;
  return sum / (p.length / AAMI_CLASSES.length);
}

async function weightsOf(dir: string, layerName: string): Promise<Float32Array[]> {
  const model = await loadLayersModel(dir);
  const values = model
    .getLayer(layerName)
    .getWeights()
    .map((w) => w.dataSync() as Float32Array);
  model.dispose();
  return values;
}

describe('fineTuneBeatModel', () => {
  it('on wasm adapts only the recurrent layers and the head, and writes a loadable model with its provenance', async () => {
    const backend = await initBackend({ prefer: 'wasm', log: () => undefined });
    const progress: FineTuneProgress[] = [];
    const outDir = join(root, 'wasm-v1');
    const outcome = await fineTuneBeatModel({
      baseModelDir: BASE,
      outDir,
      version: 'site-1',
      reviewed: REVIEWED,
      replay: null,
      replayNote: 'test: no replay',
      backend,
      hyperParameters: HYPER,
      onProgress: (p) => progress.push(p),
    });
    expect(outcome.scope).toBe('recurrent-and-head');
    expect(outcome.scopeReason).toMatch(/Conv2DBackpropFilter/);
    expect(outcome.frozenLayers).toEqual(['conv1', 'conv2', 'conv3']);
    expect(await weightsOf(outDir, 'conv1')).toEqual(await weightsOf(BASE, 'conv1'));
    expect(await weightsOf(outDir, 'dense')).not.toEqual(await weightsOf(BASE, 'dense'));
    // 66 beats: 41 N and 25 V, a quarter of each held out → 50 training beats in 4 batches of ≤ 16
    expect(outcome.validationCounts).toEqual({ N: 10, S: 0, V: 6, F: 0, Q: 0 });
    expect(progress.map((p) => p.batch)).toEqual([1, 2, 3, 4]);
    expect(progress.every((p) => p.epoch === 1 && p.batches === 4 && Number.isFinite(p.loss) && p.validation !== null)).toBe(true);
    expect(progress.at(-1)?.etaMs).toBe(0);
    const meta = JSON.parse(readFileSync(join(outDir, 'meta.json'), 'utf8')) as {
      version: string;
      fineTuning: { data: { replay: string | null } };
    };
    expect(meta.version).toBe('site-1');
    expect(meta.fineTuning).toMatchObject({ parentVersion: META.version, scope: 'recurrent-and-head', backend: { name: 'wasm' } });
    expect(meta.fineTuning.data.replay).toBe('test: no replay');
    const classifier = await BeatClassifier.load(outDir);
    expect(classifier.meta.version).toBe('site-1');
    expect(readdirSync(root)).toEqual(['wasm-v1']);
  });

  it('stops between batches when cancelled and leaves no model and no temporary folder', async () => {
    const backend = await initBackend({ prefer: 'wasm', log: () => undefined });
    const controller = new AbortController();
    const outDir = join(root, 'cancelled');
    const run = fineTuneBeatModel({
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

  it('refuses hyper-parameters out of bounds and an existing output folder', async () => {
    const backend = await initBackend({ prefer: 'wasm', log: () => undefined });
    const base = { baseModelDir: BASE, version: 'x', reviewed: REVIEWED, replay: null, replayNote: null, backend };
    await expect(fineTuneBeatModel({ ...base, outDir: join(root, 'a'), hyperParameters: { epochs: 0 } })).rejects.toThrow(/epochs/);
    await expect(fineTuneBeatModel({ ...base, outDir: root })).rejects.toThrow(/exists already/);
  });

  it('on the native backend fine-tunes every layer', async (context) => {
    const backend = await nativeBackendOrSkip(context);
    const outDir = join(root, 'native-v1');
    const outcome = await fineTuneBeatModel({
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
    expect(await weightsOf(outDir, 'conv1')).not.toEqual(await weightsOf(BASE, 'conv1'));
    await initBackend({ prefer: 'wasm', log: () => undefined });
  });

  it("with replay distillation keeps the parent's answers on replay beats instead of their labels", async () => {
    const backend = await initBackend({ prefer: 'wasm', log: () => undefined });
    const n = AAMI_CLASSES.indexOf('N');
    const v = AAMI_CLASSES.indexOf('V');
    const normal = pickExamples(
      REVIEWED,
      Array.from(REVIEWED.labels.keys()).filter((i) => REVIEWED.labels[i] === n),
    );
    // the replay beats are the excerpt's N beats labelled V: their labels pull the model toward V, the parent's answers do not
    const mislabelled = { ...normal, labels: normal.labels.map(() => v) };
    const run = async (replayDistillation: number): Promise<number> => {
      const outDir = join(root, `distillation-${replayDistillation}`);
      await fineTuneBeatModel({
        baseModelDir: BASE,
        outDir,
        version: 'd',
        reviewed: REVIEWED,
        replay: mislabelled,
        replayNote: null,
        backend,
        hyperParameters: { epochs: 3, batchSize: 16, validationFraction: 0, learningRate: 2e-3, replayDistillation },
      });
      return meanProbability(outDir, normal, v);
    };
    const parent = await meanProbability(BASE, normal, v);
    const labels = await run(0);
    const distilled = await run(1);
    expect(labels).toBeGreaterThan(parent + 0.05);
    expect(Math.abs(distilled - parent)).toBeLessThan(labels - parent);
  });

  it("writes the decision weights it is given in place of the parent's, and refuses malformed ones", async () => {
    const backend = await initBackend({ prefer: 'wasm', log: () => undefined });
    const base = { baseModelDir: BASE, version: 'w', reviewed: REVIEWED, replay: null, replayNote: null, backend, hyperParameters: HYPER };
    const plain = AAMI_CLASSES.map(() => 1);
    expect(META.decisionWeights).not.toEqual(plain);
    const outDir = join(root, 'plain-weights');
    await fineTuneBeatModel({ ...base, outDir, decisionWeights: plain });
    expect((await BeatClassifier.load(outDir)).meta.decisionWeights).toEqual(plain);
    await expect(fineTuneBeatModel({ ...base, outDir: join(root, 'b'), decisionWeights: [1, 1] })).rejects.toThrow(/decision weights/);
    await expect(fineTuneBeatModel({ ...base, outDir: join(root, 'c'), decisionWeights: [1, 0, 1, 1, 1] })).rejects.toThrow(/positive/);
    expect(existsSync(join(root, 'b')) || existsSync(join(root, 'c'))).toBe(false);
  });
});

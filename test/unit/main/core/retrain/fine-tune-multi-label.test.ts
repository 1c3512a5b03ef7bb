/**
 * Multi-label fine-tuning of the shipped rhythm network on a tiny set (windows of the three CinC 2017
 * fixture records with made-up label sets, two epochs): on wasm only the recurrent layers and the
 * head are trained (the conv front end stays as it was) and a multi-label model's own head is kept; on native the multi-label head gives independent sigmoid outputs beside the attention
 * map, the kept weights are those of the epoch with the best held-out macro F1, the regularised run
 * changes the self-attention weights, and the single-label head gives a softmax.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/core/ml/backend';
import { nativeBackendOrSkip } from './native-backend-or-skip';
import { loadLayersModel } from '../../../../../src/main/core/ml/load-model';
import type { RhythmModelMeta } from '../../../../../src/main/core/rhythm/rhythm-model-meta';
import { readRecord, toPhysical } from '../../../../../src/main/core/wfdb/record';
import { fineTuneMultiLabel } from '../../../../../src/main/core/retrain/fine-tune-multi-label';
import type { MultiLabelExamples } from '../../../../../src/main/core/retrain/multi-label-examples';
import { concatRhythmExamples, rhythmModelRate, signalRhythmExamples } from '../../../../../src/main/core/retrain/rhythm-examples';
import { MULTI_LABELS, primaryLabel } from '../../../../../src/main/core/retrain/window-label-set';

const BASE = 'resources/models/rhythm';
const META = JSON.parse(readFileSync(join(BASE, 'meta.json'), 'utf8')) as RhythmModelMeta;
const FIXTURES = join(__dirname, '../../../../fixtures/rhythm');
const K = MULTI_LABELS.length;
/** per fixture record a made-up label set (the mechanics are tested, not the labels' truth); 4 windows each, 2 s apart */
const SETS: [string, string[]][] = [
  ['A00003', ['Normal']],
  ['A00156', ['AF', 'PVC']],
  ['A00061', ['PAC']],
];
const EXAMPLES: MultiLabelExamples = (() => {
  const parts = SETS.map(([name, labels]) => {
    const record = readRecord(join(FIXTURES, `${name}.hea`), { verifyChecksums: false });
    const set = Uint8Array.from(MULTI_LABELS, (l) => (labels.includes(l) ? 1 : 0));
    return {
      ...signalRhythmExamples(
        rhythmModelRate(toPhysical(record, 0), record.fsHz, META.fsHz),
        [0, 200, 400, 600],
        Array(4).fill(primaryLabel(set)),
        META,
      ),
      labelSets: Uint8Array.from({ length: 4 * K }, (_, i) => set[i % K] as number),
      records: Array<string>(4).fill(name),
    };
  });
  return {
    ...concatRhythmExamples(parts),
    labelSets: Uint8Array.from(parts.flatMap((p) => Array.from(p.labelSets))),
    records: parts.flatMap((p) => p.records),
  };
})();
const HYPER = { epochs: 2, batchSize: 4, lambda: 1 };

async function attentionKernel(model: tf.LayersModel): Promise<Float32Array> {
  return (await model.getLayer('self_attention').getWeights()[0]?.data()) as Float32Array;
}

describe('fineTuneMultiLabel', () => {
  it('on wasm trains only the recurrent layers and the head, keeping the head of a multi-label model', async () => {
    const backend = await initBackend({ prefer: 'wasm', log: () => undefined });
    const multiBase = 'resources/models/rhythm-multilabel';
    const outcome = await fineTuneMultiLabel({
      baseModelDir: multiBase,
      mode: 'multi-label',
      labels: MULTI_LABELS,
      train: EXAMPLES,
      tune: null,
      keepHead: true,
      knownLabels: MULTI_LABELS.map((l) => l !== 'LBBB' && l !== 'RBBB'),
      backend,
      hyperParameters: { epochs: 1, batchSize: 4, lambda: 1 },
    });
    expect(outcome.scope).toBe('recurrent-and-head');
    expect(outcome.frozenLayers.length).toBeGreaterThan(0);
    const base = await loadLayersModel(multiBase);
    const conv = base.layers.find((layer) => layer.getClassName().startsWith('Conv'));
    if (!conv) throw new Error('the rhythm network has no conv layer');
    expect(outcome.frozenLayers).toContain(conv.name);
    const kernel = async (model: tf.LayersModel, name: string): Promise<Float32Array> =>
      (await model.getLayer(name).getWeights()[0]?.data()) as Float32Array;
    expect(await kernel(outcome.model, conv.name)).toEqual(await kernel(base, conv.name));
    expect(await attentionKernel(outcome.model)).not.toEqual(await attentionKernel(base));
    // the kept head: the shipped multi-label head's units, trained further rather than replaced
    const head = await kernel(outcome.model, 'probabilities');
    expect(head.length).toBe((await kernel(base, 'probabilities')).length);
    expect(head).not.toEqual(await kernel(base, 'probabilities'));
    outcome.model.dispose();
    base.dispose();
  });

  it('on native trains a sigmoid head with the attention regulariser and keeps the best tune epoch', async (context) => {
    const backend = await nativeBackendOrSkip(context);
    const outcome = await fineTuneMultiLabel({
      baseModelDir: BASE,
      mode: 'multi-label',
      labels: MULTI_LABELS,
      train: EXAMPLES,
      tune: EXAMPLES,
      backend,
      hyperParameters: HYPER,
    });
    expect(outcome.history.map((h) => h.epoch)).toEqual([1, 2]);
    const f1 = outcome.history.map((h) => h.validation?.macroF1 ?? Number.NaN);
    expect(outcome.bestEpoch).toBe(f1[1]! > f1[0]! ? 2 : 1);
    const x = tf.tensor3d(EXAMPLES.windows, [12, 3000, 1]);
    const [p, attention] = outcome.model.predict(x) as tf.Tensor[];
    expect(p!.shape).toEqual([12, K]);
    expect(attention!.shape).toEqual([12, META.attention.steps]);
    const rows = (await tf.sum(p!, 1).data()) as Float32Array;
    expect(Array.from(rows).some((s) => Math.abs(s - 1) > 1e-3)).toBe(true); // independent sigmoids, not a softmax
    for (const s of await tf.sum(attention!, 1).data()) expect(s).toBeCloseTo(1, 4);
    const base = await loadLayersModel(BASE);
    expect(await attentionKernel(outcome.model)).not.toEqual(await attentionKernel(base));

    const single = await fineTuneMultiLabel({
      baseModelDir: BASE,
      mode: 'single-label',
      labels: MULTI_LABELS,
      train: EXAMPLES,
      tune: null,
      backend,
      hyperParameters: { epochs: 1, batchSize: 4 },
    });
    expect(single.bestEpoch).toBe(1);
    const [q] = single.model.predict(x) as tf.Tensor[];
    for (const s of await tf.sum(q!, 1).data()) expect(s).toBeCloseTo(1, 4);
    tf.dispose([x, p!, attention!, q!]);
    await initBackend({ prefer: 'wasm', log: () => undefined });
  });
});

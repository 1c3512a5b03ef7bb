import { afterEach, describe, expect, it } from 'vitest';
import { getTf, initBackend, requireTrainingBackend } from '../../../../../src/main/core/ml/backend';
import { findNativeAddon, nativeAddonFound } from '../../../../../src/main/core/ml/native-tfjs';

const quiet = { log: () => {} };
const savedEnv = process.env.ECG_TF_BACKEND;

afterEach(() => {
  if (savedEnv === undefined) delete process.env.ECG_TF_BACKEND;
  else process.env.ECG_TF_BACKEND = savedEnv;
});

/** A small conv1d classifier: enough to need Conv2DBackpropFilter when trained. */
function tinyConvModel() {
  const tf = getTf();
  const model = tf.sequential({
    layers: [
      tf.layers.conv1d({ inputShape: [64, 1], filters: 4, kernelSize: 5, activation: 'relu' }),
      tf.layers.globalAveragePooling1d(),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  return model;
}

/** A batch where the class is the sign pattern of a step: learnable in a few steps. */
function tinyBatch() {
  const tf = getTf();
  const labels = [0, 1, 2, 0, 1, 2, 0, 1];
  const level = [-1, 0, 1];
  const x = tf.tensor3d(labels.map((c) => Array.from({ length: 64 }, () => [level[c] as number])));
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 3);
  return { x, y };
}

describe('initBackend', () => {
  it('getTf refuses before initBackend has run', () => {
    expect(() => getTf()).toThrow(/initBackend/);
  });

  it('falls back to wasm when the native rungs are not allowed, and logs the choice', async () => {
    const lines: string[] = [];
    const info = await initBackend({ prefer: 'wasm', log: (l) => lines.push(l) });
    expect(info).toMatchObject({ name: 'wasm', rung: 'wasm', package: '@tensorflow/tfjs-backend-wasm' });
    expect(info.canTrain).toBe(false);
    expect(info.tfVersion).toBeNull();
    expect(info.reason).toEqual(['tensorflow-gpu: not tried (preference wasm)', 'tensorflow: not tried (preference wasm)']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tfjs backend: wasm \(@tensorflow\/tfjs-backend-wasm, inference only\)/);
  });

  it('getTf computes on the chosen backend', async () => {
    await initBackend({ prefer: 'wasm', ...quiet });
    const tf = getTf();
    expect(tf.getBackend()).toBe('wasm');
    expect(Array.from(tf.tensor1d([1, 2, 3]).mul(2).dataSync())).toEqual([2, 4, 6]);
  });

  it('wasm really cannot train conv layers (the reason canTrain is false)', async () => {
    await initBackend({ prefer: 'wasm', ...quiet });
    const { x, y } = tinyBatch();
    await expect(tinyConvModel().trainOnBatch(x, y)).rejects.toThrow(/Conv2DBackpropFilter/);
  });

  it('requireTrainingBackend refuses on wasm, says why and names npm run setup:native', async () => {
    process.env.ECG_TF_BACKEND = 'wasm';
    await expect(requireTrainingBackend('beat model training')).rejects.toThrow(
      /beat model training needs native TensorFlow.*Conv2DBackpropFilter.*npm run setup:native/,
    );
  });

  it('cpu preference gives the cpu backend, also refused for training', async () => {
    process.env.ECG_TF_BACKEND = 'cpu';
    const info = await initBackend(quiet);
    expect(info.name).toBe('cpu');
    await expect(requireTrainingBackend('rhythm model training')).rejects.toThrow(/beats\/s.*npm run setup:native/);
  });

  it('rejects an unknown ECG_TF_BACKEND value, naming the variable', async () => {
    process.env.ECG_TF_BACKEND = 'gpu';
    await expect(initBackend(quiet)).rejects.toThrow(/ECG_TF_BACKEND=gpu/);
  });
});

describe('native rung', () => {
  it('picks tfjs-node, reports TF_Version, and trains a conv1d model on it', async (ctx) => {
    const info = await initBackend({ prefer: 'native', ...quiet }).catch((error: unknown) => error as Error);
    if (info instanceof Error) {
      ctx.skip(`native backend absent (run npm run setup:native): ${info.message}`);
      return;
    }
    expect(info.name).toBe('tensorflow');
    expect(info.canTrain).toBe(true);
    expect(info.tfVersion).toMatch(/^\d+\.\d+\.\d+/);
    // what the engine asks before its workers load TensorFlow agrees (it sizes their heaps by it)
    expect(nativeAddonFound()).toBe(true);
    expect(findNativeAddon(info.package)).toHaveProperty('addon');
    await expect(requireTrainingBackend('test training')).resolves.toMatchObject({ name: 'tensorflow' });

    const tf = getTf();
    const native = tf.engine().findBackend('tensorflow');
    const idsBefore = native.numDataIds();
    const model = tinyConvModel();
    expect(native.numDataIds()).toBeGreaterThan(idsBefore); // the weights live in the native backend
    const { x, y } = tinyBatch();
    const first = (await model.trainOnBatch(x, y)) as number;
    let last = first;
    for (let step = 0; step < 30; step++) last = (await model.trainOnBatch(x, y)) as number;
    expect(Number.isFinite(first)).toBe(true);
    expect(last).toBeLessThan(first);
  });
});

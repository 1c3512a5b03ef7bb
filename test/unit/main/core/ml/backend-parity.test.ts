import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getTf, initBackend } from '../../../../../src/main/core/ml/backend';
import { loadLayersModel } from '../../../../../src/main/core/ml/load-model';

/**
 * Parity: every committed model (resources/models/NAME/model.json) gives the
 * same outputs on native TensorFlow and on wasm, within 1e-4, for real ECG
 * input (mitdb 100, MLII, in mV; see test/fixtures/ml/README.md). Skips with a
 * message when there are no committed models or no native backend.
 */
const TOLERANCE = 1e-4;
const BATCH = 4;
/** Start of example b in the fixture: b × 1.7 s at 360 Hz, so examples differ. */
const EXAMPLE_STRIDE_SAMPLES = 612;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..');
const modelsRoot = join(repoRoot, 'resources', 'models');
const modelDirs = existsSync(modelsRoot)
  ? readdirSync(modelsRoot)
      .map((name) => join(modelsRoot, name))
      .filter((dir) => existsSync(join(dir, 'model.json')))
  : [];
const ecgMv = (() => {
  const bytes = readFileSync(join(repoRoot, 'test', 'fixtures', 'ml', 'mitdb-100-lead0-60s.f32'));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
})();

/** Imports every model module (src/main/core/AREA/NAME-model.ts) so their custom layers are registered before loading. */
async function registerModelModules(): Promise<void> {
  const coreDir = join(repoRoot, 'src', 'main', 'core');
  for (const area of readdirSync(coreDir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    for (const file of readdirSync(join(coreDir, area.name)).filter((f) => f.endsWith('-model.ts'))) {
      await import(join(coreDir, area.name, file));
    }
  }
}

/** Fills a [BATCH, ...dims] input with consecutive ECG samples, example b starting b × stride samples in (cycling). */
function realInput(dims: number[]): Float32Array {
  const perExample = dims.reduce((a, b) => a * b, 1);
  const out = new Float32Array(BATCH * perExample);
  for (let b = 0; b < BATCH; b++) {
    for (let i = 0; i < perExample; i++) {
      out[b * perExample + i] = ecgMv[(b * EXAMPLE_STRIDE_SAMPLES + i) % ecgMv.length] as number;
    }
  }
  return out;
}

/** Loads the model on the current backend, runs it on the real input, returns all outputs flattened. */
async function runModel(dir: string): Promise<Float32Array[]> {
  const tf = getTf();
  const model = await loadLayersModel(dir);
  const inputs = model.inputs.map((input) => {
    const dims = input.shape.slice(1).map((d) => {
      if (d === null) throw new Error(`${dir}: input ${input.name} has a free dimension; parity needs fixed shapes`);
      return d;
    });
    return tf.tensor(realInput(dims), [BATCH, ...dims]);
  });
  const predicted = model.predict(inputs.length === 1 ? inputs[0]! : inputs);
  const outputs = Array.isArray(predicted) ? predicted : [predicted];
  const values = await Promise.all(outputs.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose([...inputs, ...outputs]);
  model.dispose();
  return values;
}

function maxAbsDifference(a: Float32Array[], b: Float32Array[]): number {
  let max = 0;
  a.forEach((values, k) => {
    const other = b[k] as Float32Array;
    expect(other.length).toBe(values.length);
    values.forEach((v, i) => {
      max = Math.max(max, Math.abs(v - (other[i] as number)));
    });
  });
  return max;
}

describe('native and wasm backends give the same model outputs', () => {
  if (modelDirs.length === 0) {
    it('has committed models to compare', (ctx) => {
      ctx.skip(`no committed models yet (no ${modelsRoot}/*/model.json)`);
    });
  }

  for (const dir of modelDirs) {
    it(`${dir.slice(repoRoot.length + 1)}: max |native - wasm| <= ${TOLERANCE}`, async (ctx) => {
      const native = await initBackend({ prefer: 'native', log: () => {} }).catch((error: unknown) => error as Error);
      if (native instanceof Error) {
        ctx.skip(`native backend absent, nothing to compare (npm run setup:native): ${native.message}`);
        return;
      }
      await registerModelModules();
      const onNative = await runModel(dir);
      await initBackend({ prefer: 'wasm', log: () => {} });
      const onWasm = await runModel(dir);
      expect(onNative.every((o) => o.every(Number.isFinite))).toBe(true);
      const difference = maxAbsDifference(onNative, onWasm);
      console.log(`parity ${dir.slice(repoRoot.length + 1)}: max |native - wasm| = ${difference.toExponential(2)}`);
      expect(difference).toBeLessThanOrEqual(TOLERANCE);
    });
  }
});

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/core/ml/backend';
import { BeatClassifier } from '../../../../../src/main/core/beats/classifier';
import { readReferenceBeats } from '../../../../../src/main/core/beats/reference-beats';
import { AAMI_CLASSES } from '../../../../../src/shared/labels';

const MODEL_DIR = resolve(process.env.BEAT_MODEL_DIR ?? 'resources/models/beats');
const FIXTURE = resolve('test/fixtures/beats/119x.hea');
const MITDB = resolve('../shared/data/mitdb');

let classifier: BeatClassifier;

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => undefined });
  classifier = await BeatClassifier.load(MODEL_DIR);
});

function rowSums(values: Float32Array, width: number): number[] {
  return Array.from({ length: values.length / width }, (_, i) => values.subarray(i * width, (i + 1) * width).reduce((a, b) => a + b, 0));
}

describe('BeatClassifier on the committed model', () => {
  it('labels most V beats of a real mitdb 119 excerpt as V, and most N beats as N', async () => {
    // 119 is a DS1 (training) record: this bounds the pipeline end to end, it is not a held-out score
    const ref = readReferenceBeats(FIXTURE);
    const result = await classifier.classify([ref.leadMv], ref.fsHz, ref.beatSamples);
    const n = ref.beatSamples.length;
    const hits = { N: 0, V: 0 };
    const totals = { N: 0, V: 0 };
    ref.beatClasses.forEach((cls, i) => {
      if (cls !== 'N' && cls !== 'V') return;
      totals[cls]++;
      if (AAMI_CLASSES[result.labels[i] as number] === cls) hits[cls]++;
    });
    expect(totals).toEqual({ N: 41, V: 25 }); // the excerpt's reference annotations (see the fixture README)
    expect(hits.V / totals.V).toBeGreaterThanOrEqual(0.8);
    expect(hits.N / totals.N).toBeGreaterThanOrEqual(0.8);
    expect(result.probabilities).toHaveLength(n * 5);
    for (const s of rowSums(result.probabilities, 5)) expect(s).toBeCloseTo(1, 4);
    expect(result.attention).toHaveLength(n * result.attentionSteps);
    expect(result.attentionSteps).toBe(classifier.meta.attention.steps);
    for (const s of rowSums(result.attention, result.attentionSteps)) expect(s).toBeCloseTo(1, 4);
    const weights = classifier.meta.decisionWeights ?? [1, 1, 1, 1, 1];
    for (let i = 0; i < n; i++) {
      const row = Array.from(result.probabilities.subarray(i * 5, i * 5 + 5));
      const weighted = row.map((p, c) => p * (weights[c] as number));
      expect(weighted.indexOf(Math.max(...weighted))).toBe(result.labels[i]);
      expect(result.confidence[i]).toBe(row[result.labels[i] as number]);
    }
  });

  it('reports progress per batch and stops when aborted', async () => {
    const ref = readReferenceBeats(FIXTURE);
    const progress: number[] = [];
    await classifier.classify([ref.leadMv], ref.fsHz, ref.beatSamples, { batchSize: 16, onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([16, 32, 48, 64, 66]);
    const controller = new AbortController();
    const aborted = classifier.classify([ref.leadMv], ref.fsHz, ref.beatSamples, {
      batchSize: 16,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('copes with zero beats, one beat and NaN samples', async () => {
    const lead = readReferenceBeats(FIXTURE).leadMv;
    const none = await classifier.classify([lead], 360, new Int32Array(0));
    expect(none.labels).toHaveLength(0);
    expect(none.attention).toHaveLength(0);
    const one = await classifier.classify([lead], 360, Int32Array.from([1000]));
    expect(one.labels).toHaveLength(1);
    expect(rowSums(one.probabilities, 5)[0]).toBeCloseTo(1, 4);
    const gappy = lead.slice();
    gappy.fill(NaN, 0, 3600);
    const allNaN = new Float32Array(lead.length).fill(NaN);
    for (const signal of [gappy, allNaN]) {
      const result = await classifier.classify([signal], 360, Int32Array.from([100, 500, 900, 5000, 9000]));
      expect(result.probabilities.every(Number.isFinite)).toBe(true);
      expect(result.attention.every(Number.isFinite)).toBe(true);
    }
    const edges = await classifier.classify([lead], 360, Int32Array.from([0, lead.length - 1]));
    expect(edges.probabilities.every(Number.isFinite)).toBe(true);
  });

  it('rejects missing leads and a bad sampling rate', async () => {
    await expect(classifier.classify([], 360, Int32Array.from([10]))).rejects.toThrow(/lead/);
    await expect(classifier.classify([new Float32Array(100)], 0, Int32Array.from([10]))).rejects.toThrow(/sampling frequency/);
  });
});

describe("BeatClassifier: a record's labels do not depend on ECG around it", () => {
  // 100's first 10 min alone, then with 3 min of 101 appended after it and put before it
  // (3 min at 360 Hz = 64,800 samples, a whole number of 360 → 128 Hz resampling cycles)
  const tenMin = 216_000;
  const threeMin = 64_800;
  const join2 = (a: Float32Array, b: Float32Array): Float32Array => {
    const out = new Float32Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  };
  const maxDifference = (a: Float32Array, b: Float32Array): number =>
    a.reduce((worst, v, i) => Math.max(worst, Math.abs(v - (b[i] as number))), 0);

  it.skipIf(!existsSync(join(MITDB, '101.hea')))(
    'keeps every probability except near the junction (halfBeats beats, longWindowS / 2 of RR context)',
    async () => {
      const a = readReferenceBeats(join(MITDB, '100.hea'));
      const b = readReferenceBeats(join(MITDB, '101.hea'));
      const lead = a.leadMv.subarray(0, tenMin);
      const peaks = a.beatSamples.filter((r) => r < tenMin);
      const other = b.leadMv.subarray(0, threeMin);
      const otherPeaks = b.beatSamples.filter((r) => r < threeMin);
      const alone = await classifier.classify([lead], 360, peaks);
      const after = await classifier.classify(
        [join2(lead, other)],
        360,
        Int32Array.from([...peaks, ...Array.from(otherPeaks, (r) => r + tenMin)]),
      );
      const before = await classifier.classify(
        [join2(other, lead)],
        360,
        Int32Array.from([...otherPeaks, ...Array.from(peaks, (r) => r + threeMin)]),
      );
      const { halfBeats } = classifier.meta.normalisation;
      const reachSamples = (classifier.meta.rrFeatures.config.longWindowS / 2 + 3) * 360; // + the longest RR that can end in the window
      const n = peaks.length;
      const firstFree = Math.max(
        halfBeats,
        peaks.findIndex((r) => r >= reachSamples),
      );
      const lastFree = Math.min(
        n - halfBeats,
        peaks.findIndex((r) => r > tenMin - reachSamples),
      );
      expect(lastFree - firstFree).toBeGreaterThan(200);
      const rows = (p: Float32Array, from: number, to: number): Float32Array => p.subarray(from * 5, to * 5);
      expect(maxDifference(rows(after.probabilities, 0, lastFree), rows(alone.probabilities, 0, lastFree))).toBeLessThan(1e-4);
      expect(
        maxDifference(
          rows(before.probabilities, otherPeaks.length + firstFree, otherPeaks.length + n),
          rows(alone.probabilities, firstFree, n),
        ),
      ).toBeLessThan(1e-4);
      expect(Array.from(after.labels.subarray(0, lastFree))).toEqual(Array.from(alone.labels.subarray(0, lastFree)));
    },
  );
});

describe('BeatClassifier.load', () => {
  it('names meta.json when it is invalid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'beat-model-'));
    try {
      cpSync(MODEL_DIR, dir, { recursive: true });
      const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(dir, 'meta.json'), JSON.stringify({ ...meta, labels: ['N', 'V', 'S', 'F', 'Q'] }));
      await expect(BeatClassifier.load(dir)).rejects.toThrow(/meta\.json: labels/);
      writeFileSync(join(dir, 'meta.json'), JSON.stringify({ ...meta, fsHz: -1 }));
      await expect(BeatClassifier.load(dir)).rejects.toThrow(/meta\.json: invalid beat model meta at fsHz/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

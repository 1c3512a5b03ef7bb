import { describe, expect, it } from 'vitest';
import { hrTrend } from '../../../../../src/main/core/analysis/hr-trend';
import { AnalysisJobQueue } from '../../../../../src/main/core/analysis/job-queue';
import type { AppContext } from '../../../../../src/main/core/api/app-context';
import { createHandlers } from '../../../../../src/main/core/api/handlers';
import { JobStore } from '../../../../../src/main/core/store/job-store';
import { ReviewStore } from '../../../../../src/main/core/store/review-store';
import { FAKE_INFO } from '../engine/fake-engine';
import { beatsOnly } from '../store/store-fixtures';
import { responseSchemas } from '../../../../../src/shared/api';
import type { AamiClass } from '../../../../../src/shared/labels';

const FS_HZ = 360;
const N_SAMPLES = FS_HZ * 60 * 10; // 10 min

async function setUp() {
  const store = new ReviewStore(':memory:');
  const ctx: AppContext = {
    store,
    engineInfo: FAKE_INFO, // record:overview does not use the engine
    jobs: new AnalysisJobQueue({ run: async () => undefined, onEnd: () => undefined, concurrency: 1, persist: new JobStore(store.db) }),
    log: () => undefined,
    emit: () => undefined,
    subscribe: () => () => undefined,
    close: async () => store.close(),
  };
  const { recordId } = store.upsertRecord({
    path: '/data/x.hea',
    name: 'x',
    contentSha256: 'cd'.repeat(32),
    fsHz: FS_HZ,
    nSamples: N_SAMPLES,
    signalNames: ['MLII'],
    signalUnits: ['mV'],
  });
  // a beat every 0.8 s (75 bpm) for 5 min, every 0.6 s (100 bpm) after; every 10th beat S, every 25th V
  const samples: number[] = [];
  for (let t = 100; t < N_SAMPLES; t += t < FS_HZ * 300 ? 288 : 216) samples.push(t);
  const labels: AamiClass[] = samples.map((_, i) => (i % 25 === 0 ? 'V' : i % 10 === 0 ? 'S' : 'N'));
  const analysisId = store.beginAnalysis(recordId, { backend: 'wasm', models: [], detector: 'test' });
  await store.completeAnalysis(analysisId, beatsOnly(samples, labels));
  return { handlers: createHandlers(ctx), store, recordId, samples: Int32Array.from(samples), labels };
}

describe('record:overview', () => {
  it('serves the trend, counts and per-minute aggregates stored with the analysis', async () => {
    const { handlers, store, recordId, samples, labels } = await setUp();
    const overview = await handlers['record:overview']({ recordId, binS: 120 });
    expect(overview.hrTrend.binS).toBe(120);
    const expected = hrTrend(samples, FS_HZ, N_SAMPLES, 120);
    expect(overview.hrTrend.hrBpm).toHaveLength(5);
    overview.hrTrend.hrBpm.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 4));
    expect(overview.beatCounts).toEqual({
      N: labels.filter((l) => l === 'N').length,
      S: labels.filter((l) => l === 'S').length,
      V: labels.filter((l) => l === 'V').length,
      F: 0,
      Q: 0,
    });
    const minutes = overview.minutes;
    expect(minutes?.minuteS).toBe(60);
    expect(minutes?.hrMeanBpm[0]).toBeCloseTo(75, 4);
    expect(minutes?.hrMinBpm[9]).toBeCloseTo(100, 4);
    expect(minutes?.hrMaxBpm[9]).toBeCloseTo(100, 4);
    const sTotal = Array.from(minutes?.sCount ?? []).reduce((a, b) => a + b, 0);
    const vTotal = Array.from(minutes?.vCount ?? []).reduce((a, b) => a + b, 0);
    expect([sTotal, vTotal]).toEqual([overview.beatCounts?.S, overview.beatCounts?.V]);
    expect(responseSchemas['record:overview'].safeParse(overview).success).toBe(true);
    store.close();
  });

  it('computes bins that are not whole minutes from the beats, with the requested binS', async () => {
    const { handlers, store, recordId, samples } = await setUp();
    for (const binS of [10, 90]) {
      const overview = await handlers['record:overview']({ recordId, binS });
      expect(overview.hrTrend.binS).toBe(binS);
      expect(overview.hrTrend.hrBpm).toEqual(hrTrend(samples, FS_HZ, N_SAMPLES, binS));
    }
    store.close();
  });
});

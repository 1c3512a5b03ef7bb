import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envelopeFromPyramid, ENVELOPE_CONFIG } from '../../../../../src/main/core/analysis/envelope-pyramid';
import { envelopeOfFrames, joinEnvelopes, type SignalEnvelope } from '../../../../../src/main/core/analysis/signal-envelope';
import { AnalysisJobQueue } from '../../../../../src/main/core/analysis/job-queue';
import type { AppContext } from '../../../../../src/main/core/api/app-context';
import { createHandlers } from '../../../../../src/main/core/api/handlers';
import { readSignalRange } from '../../../../../src/main/core/formats/read-signal-range';
import { EnvelopeStore } from '../../../../../src/main/core/store/envelope-store';
import { JobStore } from '../../../../../src/main/core/store/job-store';
import { NotFoundError, ReviewStore } from '../../../../../src/main/core/store/review-store';
import { toPhysicalFrames } from '../../../../../src/main/core/wfdb/record';
import { responseSchemas } from '../../../../../src/shared/api';
import { FAKE_INFO } from '../engine/fake-engine';
import { result, PROVENANCE } from '../store/store-fixtures';
import { REPO_ROOT } from '../wfdb/wfdb-test-paths';

/** 180 s of mitdb 208, both leads (PVCs, fusion beats). */
const EXCERPT = join(REPO_ROOT, 'test/fixtures/beats/208x.hea');
/** The whole 30 min mitdb 208, when ../shared/data is there. */
const MITDB_208 = join(REPO_ROOT, '../shared/data/mitdb/208.hea');
/** A pyramid small enough that the 180 s excerpt has four levels of several tiles each. */
const SMALL_LAYOUT = { baseBinSamples: 16, fan: 4, tileBins: 64 };

/** Every lead of a record in physical units, read whole. */
function physicalLeads(headerPath: string): Float32Array[] {
  const record = readSignalRange(headerPath, {});
  return record.adc.map((_, i) => toPhysicalFrames(record, i));
}

/**
 * The envelope computed directly from the signal, written independently of the code under test:
 * bin i of the reply covers frames [origin + i·binSamples, origin + (i+1)·binSamples) ∩ the record.
 */
function expectDirectEnvelope(
  leads: Float32Array[],
  envelope: { originSample: number; binSamples: number; min: Float32Array[]; max: Float32Array[] },
): void {
  leads.forEach((lead, s) => {
    const min = envelope.min[s] as Float32Array;
    const max = envelope.max[s] as Float32Array;
    for (let i = 0; i < min.length; i++) {
      const from = envelope.originSample + i * envelope.binSamples;
      const values = Array.from(lead.subarray(from, Math.min(lead.length, from + envelope.binSamples))).filter((v) => !Number.isNaN(v));
      const direct = [values.reduce((a, b) => Math.min(a, b), Infinity), values.reduce((a, b) => Math.max(a, b), -Infinity)];
      expect([min[i], max[i]], `signal ${s} bin ${i}`).toEqual(direct);
    }
  });
}

/** Level 0 of a record's pyramid as the analysis builds it: one envelope per chunk, cut where given, joined. */
function chunkedBase(leads: Float32Array[], cuts: number[], binSamples: number): SignalEnvelope {
  const edges = [0, ...cuts, leads[0]?.length ?? 0];
  const signals = leads.map((_, i) => i);
  const parts = edges.slice(1).map((end, k) => envelopeOfFrames(leads, signals, 0, edges[k] as number, end, binSamples));
  return joinEnvelopes(parts, leads[0]?.length ?? 0);
}

/** A handler table over an in-memory store holding one record (its real path) with one finished analysis. */
async function handlersOn(headerPath: string, nSamples: number, envelope: SignalEnvelope | undefined) {
  const store = new ReviewStore(':memory:');
  const ctx: AppContext = {
    store,
    engineInfo: FAKE_INFO,
    jobs: new AnalysisJobQueue({ run: async () => undefined, onEnd: () => undefined, concurrency: 1, persist: new JobStore(store.db) }),
    log: () => undefined,
    emit: () => undefined,
    subscribe: () => () => undefined,
    close: async () => store.close(),
  };
  const { recordId } = store.upsertRecord({
    path: headerPath,
    name: 'x',
    contentSha256: 'ef'.repeat(32),
    fsHz: 360,
    nSamples,
    signalNames: ['MLII', 'V1'],
    signalUnits: ['mV', 'mV'],
  });
  if (envelope) {
    const analysisId = store.beginAnalysis(recordId, PROVENANCE);
    await store.completeAnalysis(analysisId, { ...result([100], ['N']), signalEnvelope: envelope });
  }
  return { handlers: createHandlers(ctx), recordId, store };
}

describe('min/max pyramid of the signal', () => {
  const leads = physicalLeads(EXCERPT);
  const n = leads[0]?.length ?? 0;

  it('joins chunk envelopes cut anywhere into the whole record envelope', () => {
    const whole = envelopeOfFrames(leads, [0, 1], 0, 0, n, SMALL_LAYOUT.baseBinSamples);
    const joined = chunkedBase(leads, [10_007, 33_333, 33_344], SMALL_LAYOUT.baseBinSamples);
    expect(joined.min).toEqual(whole.min);
    expect(joined.max).toEqual(whole.max);
    expectDirectEnvelope(leads, joined);
  });

  it('reads from the stored tiles, at every level, the min and max of the signal in each returned bin', () => {
    const reviewStore = new ReviewStore(':memory:');
    const { recordId } = reviewStore.upsertRecord({
      path: EXCERPT,
      name: '208x',
      contentSha256: '12'.repeat(32),
      fsHz: 360,
      nSamples: n,
      signalNames: [],
      signalUnits: [],
    });
    const analysisId = reviewStore.beginAnalysis(recordId, PROVENANCE);
    const envelopes = new EnvelopeStore(reviewStore.db, SMALL_LAYOUT);
    envelopes.insert(analysisId, chunkedBase(leads, [20_000], SMALL_LAYOUT.baseBinSamples));
    const source = envelopes.source(analysisId);
    expect(source?.levels.map((l) => l.binSamples)).toEqual([16, 64, 256, 1024]);
    const seen = new Set<number>();
    for (const [start, end, bins] of [
      [0, n, 1],
      [0, n, 7],
      [0, n, 100],
      [1234, 50_001, 33],
      [17, 18 + 16 * 64 * 3, 64],
      [n - 500, n, 10],
      [60_000, 64_000, 250],
    ] as const) {
      const envelope = envelopeFromPyramid(source!, [0, 1], start, end, bins);
      expect(envelope).not.toBeNull();
      if (!envelope) continue;
      seen.add(envelope.binSamples);
      // the bins cover the span, are no narrower than asked, and number at most one more than asked
      expect(envelope.originSample).toBeLessThanOrEqual(start);
      expect(envelope.originSample + (envelope.min[0]?.length ?? 0) * envelope.binSamples).toBeGreaterThanOrEqual(end);
      expect(envelope.binSamples).toBeGreaterThanOrEqual(Math.ceil((end - start) / bins));
      expect(envelope.min[0]?.length).toBeLessThanOrEqual(bins + 1);
      expectDirectEnvelope(leads, envelope);
    }
    expect(seen.size).toBeGreaterThan(4);
    // bins finer than level 0 are not the pyramid's to give
    expect(envelopeFromPyramid(source!, [0], 0, 1000, 100)).toBeNull();
    reviewStore.close();
  });

  it('serves record:window envelopes from the stored pyramid and from the signal, and keeps short windows as they were', async () => {
    const base = chunkedBase(leads, [32_400], ENVELOPE_CONFIG.baseBinSamples);
    const { handlers, recordId, store } = await handlersOn(EXCERPT, n, base);
    for (const [startSample, endSample, envelopeBins] of [
      [0, n, 20],
      [5000, 40_000, 3],
      [0, n, 2048],
      [100, 2100, 1000],
    ] as const) {
      const reply = await handlers['record:window']({ recordId, startSample, endSample, envelopeBins });
      expect(responseSchemas['record:window'].safeParse(reply).success).toBe(true);
      expect(reply.endSample).toBe(Math.min(endSample, n));
      expect(reply.leads.map((l) => l.samples.length)).toEqual([0, 0]);
      const envelope = reply.envelope!;
      expectDirectEnvelope(leads, {
        originSample: envelope.startSample,
        binSamples: envelope.binSamples,
        min: envelope.leads.map((l) => l.min),
        max: envelope.leads.map((l) => l.max),
      });
      expect(envelope.leads[0]?.min.length).toBeLessThanOrEqual(envelopeBins + 1);
    }
    const strip = await handlers['record:window']({ recordId, startSample: 3600, endSample: 7200 });
    expect(strip.envelope).toBeUndefined();
    expect(strip.leads[0]?.samples).toEqual(leads[0]?.subarray(3600, 7200));
    const long = await handlers['record:window']({ recordId, startSample: 0, endSample: n });
    expect(long.endSample).toBe(60 * 360);
    store.close();
  });

  it('refuses an envelope longer than the signal it may read when the record has no stored pyramid', async () => {
    const { handlers, recordId, store } = await handlersOn(EXCERPT, 4_000_000, undefined);
    await expect(handlers['record:window']({ recordId, startSample: 0, endSample: 4_000_000, envelopeBins: 100 })).rejects.toThrow(
      NotFoundError,
    );
    store.close();
  });

  it.skipIf(!existsSync(MITDB_208))('matches the direct min/max over the whole 30 min mitdb 208 (needs ../shared/data)', async () => {
    const record = physicalLeads(MITDB_208);
    const length = record[0]?.length ?? 0;
    const cuts = [647_999, 300_001];
    const { handlers, recordId, store } = await handlersOn(
      MITDB_208,
      length,
      chunkedBase(
        record,
        cuts.sort((a, b) => a - b),
        ENVELOPE_CONFIG.baseBinSamples,
      ),
    );
    for (const envelopeBins of [1, 2, 700, 1500]) {
      const reply = await handlers['record:window']({ recordId, startSample: 0, endSample: length, envelopeBins });
      const envelope = reply.envelope!;
      expectDirectEnvelope(record, {
        originSample: envelope.startSample,
        binSamples: envelope.binSamples,
        min: envelope.leads.map((l) => l.min),
        max: envelope.leads.map((l) => l.max),
      });
    }
    store.close();
  });
});

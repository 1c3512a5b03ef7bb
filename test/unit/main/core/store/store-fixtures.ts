import { resolve } from 'node:path';
import type { AnalysisResultRows, ReviewStore } from '../../../../../src/main/core/store/review-store';
import { readAnnotations } from '../../../../../src/main/core/wfdb/annotations';
import { aamiClassOfSymbol, type AamiClass } from '../../../../../src/shared/labels';

/** A synthetic analysis result: the beats given, one AF episode and one rhythm window over [0, 3600). */
export function result(samples: number[], labels: AnalysisResultRows['beatLabels']): AnalysisResultRows {
  const n = samples.length;
  const attention = new Float32Array(n * 4).map((_, i) => (i % 4) / 6);
  return {
    elapsedMs: 12,
    beatSamples: Int32Array.from(samples),
    beatLabels: labels,
    beatConfidence: new Float32Array(n).fill(0.9),
    beatAttention: attention,
    beatAttentionSteps: 4,
    beatAttentionStartS: -0.25,
    beatAttentionEndS: 0.45,
    episodes: [{ label: 'AFIB', onsetSample: 0, endSample: 3600, meanProbability: 0.8 }],
    rhythmWindowS: 30,
    windowStartSamples: Int32Array.from([0]),
    windowLabels: ['A'],
    windowProbabilities: Float32Array.from([0.1, 0.8, 0.05, 0.05]),
    windowAttention: Float32Array.from([0.5, 0.5]),
    rhythmAttentionSteps: 2,
    afBurden: 1,
    recordCall: null,
  };
}

/** A result of beats only (no attention, no rhythm windows or episodes), each beat confidence 0.9. */
export function beatsOnly(samples: ArrayLike<number>, labels: AnalysisResultRows['beatLabels']): AnalysisResultRows {
  const n = samples.length;
  return {
    elapsedMs: 1,
    beatSamples: Int32Array.from(samples),
    beatLabels: labels,
    beatConfidence: new Float32Array(n).fill(0.9),
    beatAttention: new Float32Array(0),
    beatAttentionSteps: 0,
    beatAttentionStartS: -0.25,
    beatAttentionEndS: 0.45,
    episodes: [],
    rhythmWindowS: 30,
    windowStartSamples: new Int32Array(0),
    windowLabels: [],
    windowProbabilities: new Float32Array(0),
    windowAttention: new Float32Array(0),
    rhythmAttentionSteps: 0,
    afBurden: 0,
    recordCall: null,
  };
}

/** A result whose beats all carry one label. */
export function uniform(samples: number[], label: AnalysisResultRows['beatLabels'][number]): AnalysisResultRows {
  return result(
    samples,
    samples.map(() => label),
  );
}

/** Provenance of the synthetic analyses. */
export const PROVENANCE = { backend: 'wasm', models: [], detector: 'test' };

/** A 10 s, 360 Hz record row (not on disk). */
export const RECORD = {
  path: '/data/208.hea',
  name: '208',
  contentSha256: 'ab'.repeat(32),
  fsHz: 360,
  nSamples: 3600,
  signalNames: ['MLII', 'V1'],
  signalUnits: ['mV', 'mV'],
};

/** The beats of a reference annotation file (.atr) with their AAMI class (de Chazal's mapping); non-beat annotations left out. */
export function referenceAamiBeats(atrPath: string): { sample: number; label: AamiClass }[] {
  return readAnnotations(atrPath).flatMap((a) => {
    const label = aamiClassOfSymbol(a.symbol);
    return label ? [{ sample: a.sample, label }] : [];
  });
}

/** Stores a record row and a finished analysis of these beats (`result`: one AF episode, one window); returns their ids. */
export async function storeAnalysedRecord(
  store: ReviewStore,
  record: Parameters<ReviewStore['upsertRecord']>[0],
  beats: readonly { sample: number; label: AamiClass }[],
): Promise<{ recordId: number; analysisId: number }> {
  const { recordId } = store.upsertRecord(record);
  const analysisId = store.beginAnalysis(recordId, PROVENANCE);
  await store.completeAnalysis(
    analysisId,
    result(
      beats.map((b) => b.sample),
      beats.map((b) => b.label),
    ),
  );
  return { recordId, analysisId };
}

/** The mitdb 100 excerpt `test/fixtures/qrs/100_0.hea` (0–60 s of signal 0, MLII, 360 Hz). */
export const EXCERPT_100_0 = resolve(import.meta.dirname, '../../../../fixtures/qrs/100_0.hea');

/** Stores the 100_0 excerpt's record row and a finished analysis of its reference beats; returns their ids. */
export function storeExcerpt100(store: ReviewStore): Promise<{ recordId: number; analysisId: number }> {
  return storeAnalysedRecord(
    store,
    {
      path: EXCERPT_100_0,
      name: '100_0',
      contentSha256: '10'.repeat(32),
      fsHz: 360,
      nSamples: 21_600,
      signalNames: ['MLII'],
      signalUnits: ['mV'],
    },
    referenceAamiBeats(EXCERPT_100_0.replace(/\.hea$/, '.atr')),
  );
}

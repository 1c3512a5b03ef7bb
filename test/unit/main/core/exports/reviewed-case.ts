/**
 * A case reviewed in a real store, for the report tests: `test/fixtures/qrs/203_600` (mitdb 203, 600–660 s; see its
 * README) stored with its reference beats (`.atr`, AAMI classes) as the analysis and rhythm episodes of the test's
 * own making (two of them noise), then reviewed through `ReviewEditor` as the API does it: the first three N beats
 * relabelled V, an artefact stretch marked and part of it cleared, the last beat deleted, one noise episode deleted,
 * a strip added, marked reviewed by a technician profile ('tech A'); a physician profile ('Dr B') exists to sign.
 */
import { resolve } from 'node:path';
import type { SampleSpan } from '../../../../../src/main/core/report/report-input';
import { ReviewEditor } from '../../../../../src/main/core/store/review-editor';
import type { ReviewStore } from '../../../../../src/main/core/store/review-store';
import { readAnnotations } from '../../../../../src/main/core/wfdb/annotations';
import type { RhythmEpisode } from '../../../../../src/shared/api';
import { aamiClassOfSymbol } from '../../../../../src/shared/labels';
import { PROVENANCE, result } from '../store/store-fixtures';

/** The record's path without extension. */
export const BASE = resolve(import.meta.dirname, '../../../../fixtures/qrs/203_600');
/** Its sampling frequency, in Hz. */
export const FS_HZ = 360;
/** Its length, in samples (60 s). */
export const N_SAMPLES = 21_600;
/** A time in s as a sample index. */
export const s = (seconds: number): number => seconds * FS_HZ;

/** The reference beats (`.atr` beat annotations) with their AAMI classes, in sample order. */
export const REFERENCE = readAnnotations(`${BASE}.atr`).flatMap((a) => {
  const label = aamiClassOfSymbol(a.symbol);
  return label === null ? [] : [{ sample: a.sample, label }];
});

/** N [0, 40 s), noise [40, 45 s), N [45, 50 s), noise [50, 55 s) (deleted by the reviewer), N [55, 60 s). */
export const EPISODES: RhythmEpisode[] = [
  { label: 'N', onsetSample: 0, endSample: s(40), meanProbability: 0.9 },
  { label: 'NOISE', onsetSample: s(40), endSample: s(45), meanProbability: 0.7 },
  { label: 'N', onsetSample: s(45), endSample: s(50), meanProbability: 0.9 },
  { label: 'NOISE', onsetSample: s(50), endSample: s(55), meanProbability: 0.6 },
  { label: 'N', onsetSample: s(55), endSample: N_SAMPLES, meanProbability: 0.9 },
];
/** Marked artefact [20 s, 30 s), ... */
export const MARKED = { onsetSample: s(20), endSample: s(30) };
/** ... then [23 s, 25 s) cleared, ... */
export const CLEARED = { onsetSample: s(23), endSample: s(25) };
/** ... leaving the stretches [20, 23) and [25, 30). */
export const STRETCHES: SampleSpan[] = [
  { onsetSample: s(20), endSample: s(23) },
  { onsetSample: s(25), endSample: s(30) },
];

/** The stored, reviewed case and what the review did. */
export interface ReviewedCase {
  readonly recordId: number;
  readonly analysisId: number;
  /** Samples of the reference beats relabelled N → V. */
  readonly relabelled: readonly number[];
  /** Sample of the reference beat deleted. */
  readonly deleted: number;
}

/**
 * Stores and reviews the case (see the file comment).
 * @param store - an empty review store.
 * @returns the case.
 */
export async function storeReviewedCase(store: ReviewStore): Promise<ReviewedCase> {
  const editor = new ReviewEditor(store);
  const recordId = store.upsertRecord({
    path: `${BASE}.hea`,
    name: '203_600',
    contentSha256: 'cd'.repeat(32),
    fsHz: FS_HZ,
    nSamples: N_SAMPLES,
    signalNames: ['MLII'],
    signalUnits: ['mV'],
  }).recordId;
  const analysisId = store.beginAnalysis(recordId, PROVENANCE);
  const rows = result(
    REFERENCE.map((b) => b.sample),
    REFERENCE.map((b) => b.label),
  );
  await store.completeAnalysis(analysisId, { ...rows, episodes: EPISODES });
  const beats = store.beatsInRange(analysisId, 0, N_SAMPLES);
  const firstN = beats.filter((b) => b.label === 'N').slice(0, 3);
  const last = beats.at(-1) as { sample: number; beatId: number };
  editor.createReviewer('tech A', 'technician');
  editor.createReviewer('Dr B', 'physician');
  editor.relabelBeats(
    recordId,
    firstN.map((b) => b.beatId),
    'V',
    'tech A',
  );
  editor.setArtefact(recordId, MARKED.onsetSample, MARKED.endSample, true, 'tech A');
  editor.setArtefact(recordId, CLEARED.onsetSample, CLEARED.endSample, false, 'tech A');
  editor.deleteBeats(recordId, [last.beatId], 'tech A');
  const noise = editor.listEpisodes(recordId).find((e) => e.onsetSample === s(50));
  editor.editEpisode(recordId, noise?.episodeId ?? -1, 'delete', undefined, 'tech A');
  editor.addStrip(recordId, { startSample: s(10), endSample: s(20), lead: 0, note: 'PVC couplet' }, 'tech A');
  editor.setStatus(recordId, 'reviewed', 'tech A');
  return { recordId, analysisId, relabelled: firstN.map((b) => b.sample), deleted: last.sample };
}

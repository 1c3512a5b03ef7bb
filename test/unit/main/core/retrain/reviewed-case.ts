import { join } from 'node:path';
import { readReferenceBeats } from '../../../../../src/main/core/beats/reference-beats';
import type { ReviewStore } from '../../../../../src/main/core/store/review-store';
import { PROVENANCE, uniform } from '../store/store-fixtures';

/** The 60 s mitdb 119 excerpt (66 reference beats: 41 N, 25 V; see test/fixtures/beats/README.md). */
export const EXCERPT_119 = join(__dirname, '../../../../fixtures/beats/119x.hea');

/** Its reference beats. */
export const REFERENCE_119 = readReferenceBeats(EXCERPT_119);

/**
 * Adds the 119 excerpt as a case with a synthetic finished analysis: a beat at every reference beat,
 * each labelled N by the "model".
 * @param store - the database
 * @param name - the case's name (also makes its content hash unique)
 * @returns the record id, the analysis id, and the beat ids in reference order
 */
export async function addExcerptCase(
  store: ReviewStore,
  name: string,
): Promise<{ recordId: number; analysisId: number; beatIds: number[] }> {
  const { recordId } = store.upsertRecord({
    path: EXCERPT_119,
    name,
    contentSha256: name.padEnd(64, '0'),
    fsHz: 360,
    nSamples: 21600,
    signalNames: ['MLII', 'V1'],
    signalUnits: ['mV', 'mV'],
  });
  const analysisId = store.beginAnalysis(recordId, PROVENANCE);
  await store.completeAnalysis(analysisId, uniform(Array.from(REFERENCE_119.beatSamples), 'N'));
  return { recordId, analysisId, beatIds: store.beatsInRange(analysisId, 0, 21600).map((b) => b.beatId) };
}

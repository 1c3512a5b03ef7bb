/**
 * The report of a case reviewed in a real store: `test/fixtures/qrs/203_600` (mitdb 203, 600–660 s; see its README)
 * stored with its reference beats (`.atr`, AAMI classes) as the analysis and rhythm episodes of the test's own making
 * (two of them noise), then reviewed through `ReviewEditor` as the API does it: beats relabelled, an artefact stretch
 * marked and part of it cleared, a beat deleted, a noise episode deleted, a strip added, marked reviewed by a
 * technician profile and signed by a physician profile. The report made from the store must equal the report core run
 * on the input the test derives from the reference beats and its own actions, say how much time each cause excluded,
 * name both people with role and time, drop PRELIMINARY only while signed, and carry the added strip.
 */
import { describe, afterEach, beforeEach, expect, it } from 'vitest';
import { storedArtefactStretches, storedCaseSource } from '../../../../../src/main/core/exports/stored-case-source';
import { holterReport } from '../../../../../src/main/core/report/holter-report';
import { reportDocument } from '../../../../../src/main/core/report-document/report-document';
import { ReviewEditor } from '../../../../../src/main/core/store/review-editor';
import { ReviewStore } from '../../../../../src/main/core/store/review-store';
import type { AamiClass } from '../../../../../src/shared/labels';
import { EPISODES, FS_HZ, MARKED, N_SAMPLES, REFERENCE, s, storeReviewedCase, STRETCHES } from './reviewed-case';

describe('report of a case reviewed in the store (mitdb 203 excerpt, reference beats)', () => {
  let store: ReviewStore;
  let editor: ReviewEditor;
  let recordId: number;
  let analysisId: number;
  let relabelled: readonly number[];
  let deleted: number;

  beforeEach(async () => {
    store = new ReviewStore(':memory:');
    editor = new ReviewEditor(store);
    ({ recordId, analysisId, relabelled, deleted } = await storeReviewedCase(store));
  });
  afterEach(() => store.close());

  /** The report core on what the test knows it did: its relabels, deletion, artefact stretches and kept noise. */
  function expectedReport(): ReturnType<typeof holterReport> {
    const inStretch = (sample: number): boolean => STRETCHES.some((x) => sample >= x.onsetSample && sample < x.endSample);
    return holterReport({
      recordName: '203_600',
      fsHz: FS_HZ,
      nSamples: N_SAMPLES,
      baseTime: null,
      baseDate: null,
      beats: REFERENCE.filter((b) => b.sample !== deleted).map((b) => ({
        sample: b.sample,
        label: (relabelled.includes(b.sample) ? 'V' : b.label) as AamiClass,
        excluded: inStretch(b.sample),
      })),
      excludedSpans: [...STRETCHES, { onsetSample: s(40), endSample: s(45) }],
      rhythmEpisodes: EPISODES.filter((e) => e.onsetSample !== s(50)),
    });
  }

  it('rebuilds the artefact stretches from the marking actions, and follows their undo', () => {
    expect(storedArtefactStretches(store, analysisId)).toEqual(STRETCHES);
    // undone in turn: the strip, the episode deletion, the beat deletion, then the clear
    editor.undo(recordId, 'tech A');
    editor.undo(recordId, 'tech A');
    editor.undo(recordId, 'tech A');
    editor.undo(recordId, 'tech A');
    expect(storedArtefactStretches(store, analysisId)).toEqual([MARKED]);
    editor.undo(recordId, 'tech A');
    expect(storedArtefactStretches(store, analysisId)).toEqual([]);
    editor.redo(recordId, 'tech A');
    expect(storedArtefactStretches(store, analysisId)).toEqual([MARKED]);
  });

  it('computes every figure over the reviewed beats and analysed time, and says what was excluded by cause', () => {
    const doc = reportDocument(storedCaseSource(store, recordId, 'test').source);
    const expected = expectedReport();
    expect(doc.report).toEqual(expected);
    expect(doc.report.timeBase.excludedS).toBeCloseTo(8 + 5, 9);
    expect(doc.report.timeBase.analysedS).toBeCloseTo(60 - 13, 9);
    const inStretches = REFERENCE.filter((b) => STRETCHES.some((x) => b.sample >= x.onsetSample && b.sample < x.endSample)).length;
    const inNoise = REFERENCE.filter((b) => b.sample >= s(40) && b.sample < s(45)).length;
    expect(doc.report.timeBase.excludedBeats).toBe(inStretches + inNoise);
    expect(inStretches).toBeGreaterThan(5);
    const timeBase = doc.tables.find((t) => t.title === 'Time base');
    expect(timeBase?.rows).toContainEqual(['- artefact marked by the reviewer', '8 s']);
    expect(timeBase?.rows).toContainEqual(['- noise (rhythm stage, as reviewed)', '5 s']);
  });

  it('uses the reviewed labels: the relabelled beats count as V and the deleted beat is gone', () => {
    const { source } = storedCaseSource(store, recordId, 'test');
    expect(source.beats).toHaveLength(REFERENCE.length - 1);
    expect(source.beats.some((b) => b.sample === deleted)).toBe(false);
    for (const sample of relabelled) expect(source.beats.find((b) => b.sample === sample)).toMatchObject({ label: 'V', source: 'human' });
    expect(source.beats.filter((b) => b.artefact).map((b) => b.sample)).toEqual(
      REFERENCE.filter((b) => STRETCHES.some((x) => b.sample >= x.onsetSample && b.sample < x.endSample)).map((b) => b.sample),
    );
  });

  it('is PRELIMINARY until signed; signed, it names the reviewer and the physician with role and time', () => {
    const unsigned = reportDocument(storedCaseSource(store, recordId, 'test').source);
    expect(unsigned.preliminary).toBe(true);
    const reviewedAt = store
      .events(recordId)
      .filter((e) => e.kind === 'review-status' && e.newValue === 'reviewed')
      .at(-1)?.at;
    const signOff = (doc: typeof unsigned): Map<string, string> =>
      new Map((doc.tables.find((t) => t.title === 'Sign-off')?.rows ?? []).map((r) => [r[0] as string, r[1] as string]));
    expect(signOff(unsigned).get('Reviewed by')).toBe(`tech A (technician) at ${reviewedAt}`);
    expect(signOff(unsigned).get('Signed by')).toBe('not signed: PRELIMINARY report');

    const { signedAt } = editor.sign(recordId, 'Dr B');
    const signed = reportDocument(storedCaseSource(store, recordId, 'test').source);
    expect(signed.preliminary).toBe(false);
    expect(signOff(signed).get('Review status')).toBe('signed');
    expect(signOff(signed).get('Reviewed by')).toBe(`tech A (technician) at ${reviewedAt}`);
    expect(signOff(signed).get('Signed by')).toBe(`Dr B (physician) at ${signedAt}`);
    expect(signed.report).toEqual(expectedReport());

    editor.reopen(recordId, 'Dr B');
    const reopened = reportDocument(storedCaseSource(store, recordId, 'test').source);
    expect(reopened.preliminary).toBe(true);
    expect(signOff(reopened).get('Reviewed by')).toBe('not marked reviewed');
    expect(signOff(reopened).get('Signed by')).toBe('not signed: PRELIMINARY report');
  });

  it('prints the added strip from its lead, in rows of 7 s with its times, author and note', () => {
    const doc = reportDocument(storedCaseSource(store, recordId, 'test').source);
    expect(doc.addedStrips.map((r) => [r.startSample, r.endSample, r.leadName])).toEqual([
      [s(10), s(17), 'MLII'],
      [s(17), s(20), 'MLII'],
    ]);
    expect(doc.addedStrips[0]?.title).toBe('Added strip +00:00:10 to +00:00:20, by tech A: PVC couplet (part 1 of 2)');
    expect(doc.addedStrips[1]?.mv).toHaveLength(s(3));
    const strips = editor.listStrips(recordId);
    editor.removeStrip(recordId, strips[0]?.stripId ?? -1, 'tech A');
    expect(reportDocument(storedCaseSource(store, recordId, 'test').source).addedStrips).toEqual([]);
  });
});

/**
 * The report of a case reviewed in a real store: `test/fixtures/qrs/203_600` (mitdb 203, 600–660 s; see its README)
 * stored with its reference beats (`.atr`, AAMI classes) as the analysis and rhythm episodes of the test's own making
 * (two of them noise), then reviewed through `ReviewEditor` as the API does it: beats relabelled, an artefact stretch
 * marked and part of it cleared, a beat deleted, a noise episode deleted, a strip added, marked reviewed by a
 * technician profile and signed by a physician profile. The report made from the store must equal the report core run
 * on the input the test derives from the reference beats and its own actions, say how much time each cause excluded,
 * name both people with role and time, drop PRELIMINARY only while signed, and carry the added strip.
 */
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storedArtefactStretches, storedCaseSource } from '../../../../../src/main/core/exports/stored-case-source';
import { holterReport } from '../../../../../src/main/core/report/holter-report';
import type { SampleSpan } from '../../../../../src/main/core/report/report-input';
import { reportDocument } from '../../../../../src/main/core/report-document/report-document';
import { ReviewEditor } from '../../../../../src/main/core/store/review-editor';
import { ReviewStore } from '../../../../../src/main/core/store/review-store';
import { readAnnotations } from '../../../../../src/main/core/wfdb/annotations';
import type { RhythmEpisode } from '../../../../../src/shared/api';
import { aamiClassOfSymbol, type AamiClass } from '../../../../../src/shared/labels';
import { PROVENANCE, result } from '../store/store-fixtures';

const BASE = resolve(import.meta.dirname, '../../../../fixtures/qrs/203_600');
const FS_HZ = 360;
const N_SAMPLES = 21_600;
const s = (seconds: number): number => seconds * FS_HZ;

const REFERENCE = readAnnotations(`${BASE}.atr`).flatMap((a) => {
  const label = aamiClassOfSymbol(a.symbol);
  return label === null ? [] : [{ sample: a.sample, label }];
});

/** N [0, 40 s), noise [40, 45 s), N [45, 50 s), noise [50, 55 s) (deleted by the reviewer), N [55, 60 s). */
const EPISODES: RhythmEpisode[] = [
  { label: 'N', onsetSample: 0, endSample: s(40), meanProbability: 0.9 },
  { label: '~', onsetSample: s(40), endSample: s(45), meanProbability: 0.7 },
  { label: 'N', onsetSample: s(45), endSample: s(50), meanProbability: 0.9 },
  { label: '~', onsetSample: s(50), endSample: s(55), meanProbability: 0.6 },
  { label: 'N', onsetSample: s(55), endSample: N_SAMPLES, meanProbability: 0.9 },
];
/** Marked artefact [20 s, 30 s), then [23 s, 25 s) cleared: stretches [20, 23) and [25, 30). */
const MARKED = { onsetSample: s(20), endSample: s(30) };
const CLEARED = { onsetSample: s(23), endSample: s(25) };
const STRETCHES: SampleSpan[] = [
  { onsetSample: s(20), endSample: s(23) },
  { onsetSample: s(25), endSample: s(30) },
];

describe('report of a case reviewed in the store (mitdb 203 excerpt, reference beats)', () => {
  let store: ReviewStore;
  let editor: ReviewEditor;
  let recordId: number;
  let analysisId: number;
  /** Reference beats relabelled N → V by the test (the first three N beats). */
  let relabelled: number[];
  /** The reference beat the test deleted (the last one). */
  let deleted: number;

  beforeEach(async () => {
    store = new ReviewStore(':memory:');
    editor = new ReviewEditor(store);
    recordId = store.upsertRecord({
      path: `${BASE}.hea`,
      name: '203_600',
      contentSha256: 'cd'.repeat(32),
      fsHz: FS_HZ,
      nSamples: N_SAMPLES,
      signalNames: ['MLII'],
      signalUnits: ['mV'],
    }).recordId;
    analysisId = store.beginAnalysis(recordId, PROVENANCE);
    const rows = result(
      REFERENCE.map((b) => b.sample),
      REFERENCE.map((b) => b.label),
    );
    await store.completeAnalysis(analysisId, { ...rows, episodes: EPISODES });
    const beats = store.beatsInRange(analysisId, 0, N_SAMPLES);
    const firstN = beats.filter((b) => b.label === 'N').slice(0, 3);
    relabelled = firstN.map((b) => b.sample);
    deleted = (beats.at(-1) as { sample: number }).sample;
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
    editor.deleteBeats(recordId, [(beats.at(-1) as { beatId: number }).beatId], 'tech A');
    const noise = editor.listEpisodes(recordId).find((e) => e.onsetSample === s(50));
    editor.editEpisode(recordId, noise?.episodeId ?? -1, 'delete', undefined, 'tech A');
    editor.addStrip(recordId, { startSample: s(10), endSample: s(20), lead: 0, note: 'PVC couplet' }, 'tech A');
    editor.setStatus(recordId, 'reviewed', 'tech A');
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

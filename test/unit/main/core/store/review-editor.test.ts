/**
 * Review actions over a real SQLite store (in memory, and a file for the
 * reopen case): one action per call with its audit rows, undo and redo of
 * single and bulk actions, artefact, insert and delete, episodes, the record
 * call, case status, sign-off and the lock it puts on every edit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReviewEditor, ReviewRuleError } from '../../../../../src/main/core/store/review-editor';
import { ConflictError, NotFoundError, ReviewStore } from '../../../../../src/main/core/store/review-store';
import { checkReviewDatabase } from './check-review-database';
import type { AamiClass } from '../../../../../src/shared/labels';
import { PROVENANCE, RECORD, result, uniform } from './store-fixtures';

/** Ten beats, every 360 samples from 100, the sixth one V. */
const SAMPLES = Array.from({ length: 10 }, (_, i) => 100 + 360 * i);
const LABELS: AamiClass[] = SAMPLES.map((_, i) => (i === 5 ? 'V' : 'N'));

describe('ReviewEditor', () => {
  let store: ReviewStore;
  let editor: ReviewEditor;
  let recordId: number;
  let analysisId: number;

  beforeEach(async () => {
    store = new ReviewStore(':memory:');
    editor = new ReviewEditor(store);
    recordId = store.upsertRecord(RECORD).recordId;
    analysisId = store.beginAnalysis(recordId, PROVENANCE);
    await store.completeAnalysis(analysisId, result(SAMPLES, LABELS));
  });
  afterEach(() => store.close());

  const beats = () => store.beatsInRange(analysisId, 0, RECORD.nSamples);
  const labels = () =>
    beats()
      .map((b) => b.label)
      .join('');
  const idsAt = (...indices: number[]) => indices.map((i) => beats()[i]!.beatId);
  const actionRows = (actionId: number) => store.events(recordId).filter((e) => e.actionId === actionId);

  it('lists the latest audit rows, oldest first, when asked for a limit', () => {
    editor.relabelBeats(recordId, idsAt(1, 2, 3), 'V', 'alice');
    editor.relabelBeats(recordId, idsAt(4), 'S', 'alice');
    const all = store.events(recordId);
    expect(all.length).toBeGreaterThan(3);
    expect(store.events(recordId, 2)).toEqual(all.slice(-2));
    expect(store.events(recordId, 1000)).toEqual(all);
  });

  it('writes a bulk relabel as one action whose audit rows name each beat, and a same-label beat as a confirmation', () => {
    const action = editor.relabelBeats(recordId, idsAt(4, 5, 6), 'V', 'alice');
    expect(labels()).toBe('NNNNVVVNNN');
    expect(action).toMatchObject({ kind: 'relabel', reviewer: 'alice', state: 'done', undoable: true, changedRows: 3 });
    const rows = actionRows(action.actionId);
    const beatRows = rows.filter((e) => e.kind.startsWith('beat-')).sort((a, b) => (a.sample ?? 0) - (b.sample ?? 0));
    expect(beatRows.map((e) => [e.kind, e.sample, e.oldValue, e.newValue])).toEqual([
      ['beat-label', SAMPLES[4], 'N', 'V'],
      ['beat-confirmed', SAMPLES[5], null, 'V'],
      ['beat-label', SAMPLES[6], 'N', 'V'],
    ]);
    // the first edit moves the open case to in_review, audited with the same action
    expect(rows.filter((e) => e.kind === 'review-status').map((e) => [e.oldValue, e.newValue])).toEqual([['open', 'in_review']]);
    expect(beats().filter((b) => b.source === 'human')).toHaveLength(3);
    expect(checkReviewDatabase(store.db)).toEqual([]);
  });

  it('changes nothing when one beat named does not exist', () => {
    expect(() => editor.relabelBeats(recordId, [...idsAt(1), 999_999], 'S', 'alice')).toThrow(NotFoundError);
    expect(labels()).toBe('NNNNNVNNNN');
    expect(editor.actions(recordId)).toEqual([]);
    expect(store.events(recordId)).toEqual([]);
  });

  it('undoes and redoes a bulk action as one unit, restoring labels and sources, and a new action clears the redo stack', () => {
    const first = editor.relabelBeats(recordId, idsAt(1), 'S', 'alice');
    const bulk = editor.relabelBeats(recordId, idsAt(0, 1, 2, 3, 5), 'F', 'alice');
    expect(labels()).toBe('FFFFNFNNNN');
    const undo = editor.undo(recordId, 'bob');
    expect(undo).toMatchObject({ kind: 'undo', targetActionId: bulk.actionId, reviewer: 'bob', undoable: false });
    expect(labels()).toBe('NSNNNVNNNN');
    expect(beats().map((b) => b.source)).toEqual([
      'model',
      'human',
      'model',
      'model',
      'model',
      'model',
      'model',
      'model',
      'model',
      'model',
    ]);
    const undoRows = actionRows(undo!.actionId).filter((e) => e.kind.startsWith('beat-'));
    expect(
      undoRows
        .filter((e) => e.kind === 'beat-label')
        .map((e) => [e.oldValue, e.newValue])
        .sort(),
    ).toEqual([
      ['F', 'N'],
      ['F', 'N'],
      ['F', 'N'],
      ['F', 'S'],
      ['F', 'V'],
    ]);
    expect(editor.redo(recordId, 'bob')).toMatchObject({ kind: 'redo', targetActionId: bulk.actionId });
    expect(labels()).toBe('FFFFNFNNNN');
    editor.undo(recordId, 'bob');
    editor.undo(recordId, 'bob');
    expect(labels()).toBe('NNNNNVNNNN');
    expect(editor.actions(recordId).find((a) => a.actionId === first.actionId)?.state).toBe('undone');
    editor.relabelBeats(recordId, idsAt(9), 'Q', 'carol');
    expect(editor.redo(recordId, 'carol')).toBeNull();
    expect(
      editor
        .actions(recordId)
        .filter((a) => a.state === 'discarded')
        .map((a) => a.actionId),
    ).toEqual([first.actionId, bulk.actionId]);
    expect(editor.undo(recordId, 'carol')).not.toBeNull();
    expect(editor.undo(recordId, 'carol')).toBeNull();
    expect(checkReviewDatabase(store.db)).toEqual([]);
  });

  it('records the undo of a confirmation of a human label as changing nothing, not as an action without audit rows', () => {
    const beatId = store.beatList(analysisId).beatIds[0]!;
    editor.relabelBeats(recordId, [beatId], 'V', 'alice');
    editor.relabelBeats(recordId, [beatId], 'V', 'alice');
    const undo = editor.undo(recordId, 'alice');
    expect(undo?.changedRows).toBe(0);
    expect(checkReviewDatabase(store.db)).toEqual([]);
  });

  it('leaves artefact beats out of the counts and flags them in the beat list; undo brings them back', () => {
    const action = editor.setArtefact(recordId, SAMPLES[2]!, SAMPLES[5]! + 1, true, 'alice');
    expect(action.changedRows).toBe(4);
    expect(store.beatCounts(analysisId)).toEqual({ N: 6, S: 0, V: 0, F: 0, Q: 0 });
    expect(Array.from(store.beatList(analysisId).artefact)).toEqual([0, 0, 1, 1, 1, 1, 0, 0, 0, 0]);
    expect(
      actionRows(action.actionId)
        .filter((e) => e.kind === 'beat-artefact')
        .map((e) => e.newValue),
    ).toEqual(['artefact', 'artefact', 'artefact', 'artefact']);
    editor.undo(recordId, 'alice');
    expect(store.beatCounts(analysisId)).toEqual({ N: 9, S: 0, V: 1, F: 0, Q: 0 });
  });

  it('inserts and deletes beats as undoable actions; a deleted beat comes back with its id', () => {
    const { beat } = editor.insertBeat(recordId, 1720, 'N', 'alice');
    expect(beat).toMatchObject({ sample: 1720, label: 'N', source: 'human', artefact: false });
    expect(beats()).toHaveLength(11);
    expect(() => editor.insertBeat(recordId, SAMPLES[3]! + 10, 'N', 'alice')).toThrow(/within 100 ms/);
    const victim = beats().find((b) => b.sample === SAMPLES[5])?.beatId;
    const deletion = editor.deleteBeats(recordId, [victim!], 'alice');
    expect(beats().some((b) => b.beatId === victim)).toBe(false);
    expect(store.beatCounts(analysisId).V).toBe(0);
    expect(actionRows(deletion.actionId).map((e) => [e.kind, e.oldValue, e.newValue])).toEqual([['beat-deleted', 'V', 'absent']]);
    expect(() => editor.relabelBeats(recordId, [victim!], 'N', 'alice')).toThrow(/deleted/);
    editor.undo(recordId, 'alice');
    expect(beats().find((b) => b.beatId === victim)).toMatchObject({ label: 'V', sample: SAMPLES[5] });
    editor.undo(recordId, 'alice');
    expect(beats().map((b) => b.sample)).toEqual(SAMPLES);
    editor.redo(recordId, 'alice');
    expect(beats().map((b) => b.sample)).toContain(1720);
    expect(checkReviewDatabase(store.db)).toEqual([]);
  });

  it('accepts, retypes, deletes and adds episodes, refuses an overlapping one, and undoes an addition', () => {
    const [episode] = editor.listEpisodes(recordId);
    expect(episode).toMatchObject({ label: 'AFIB', onsetSample: 0, endSample: 3600, source: 'model', accepted: false, durationS: 10 });
    editor.editEpisode(recordId, episode!.episodeId, 'accept', undefined, 'alice');
    expect(editor.listEpisodes(recordId)[0]?.accepted).toBe(true);
    const retype = editor.editEpisode(recordId, episode!.episodeId, 'label', 'B', 'alice');
    expect(actionRows(retype.actionId).map((e) => [e.kind, e.oldValue, e.newValue])).toContainEqual(['episode-label', 'AFIB', 'B']);
    expect(() => editor.addEpisode(recordId, 100, 200, 'AFIB', 'alice')).toThrow(/overlaps the episode \[0, 3600\)/);
    editor.editEpisode(recordId, episode!.episodeId, 'delete', undefined, 'alice');
    expect(editor.listEpisodes(recordId)).toEqual([]);
    expect(store.episodes(analysisId)).toEqual([]);
    const { episode: added } = editor.addEpisode(recordId, 360, 1080, 'VT', 'alice');
    expect(added).toMatchObject({ label: 'VT', onsetSample: 360, endSample: 1080, source: 'human', accepted: true });
    editor.undo(recordId, 'alice');
    expect(editor.listEpisodes(recordId)).toEqual([]);
    editor.undo(recordId, 'alice');
    expect(editor.listEpisodes(recordId).map((e) => e.label)).toEqual(['B']);
  });

  it('overrides the record call and undoes the override', () => {
    editor.setRecordCall(recordId, 'A', 'alice');
    expect(store.reviewRow(recordId).recordCallOverride).toBe('A');
    editor.undo(recordId, 'alice');
    expect(store.reviewRow(recordId).recordCallOverride).toBeNull();
    expect(
      store
        .events(recordId)
        .filter((e) => e.kind === 'record-call')
        .map((e) => [e.oldValue, e.newValue]),
    ).toEqual([
      ['model', 'A'],
      ['A', 'model'],
    ]);
  });

  it('moves a reviewed case back to in_review on an edit, audited with that edit', () => {
    editor.setStatus(recordId, 'reviewed', 'alice');
    const action = editor.relabelBeats(recordId, idsAt(0), 'S', 'alice');
    expect(store.review(recordId).status).toBe('in_review');
    expect(
      actionRows(action.actionId)
        .filter((e) => e.kind === 'review-status')
        .map((e) => [e.oldValue, e.newValue]),
    ).toEqual([['reviewed', 'in_review']]);
  });

  it('signs only with a physician profile on a reviewed case, then refuses every edit naming the signer until reopened', () => {
    editor.createReviewer('Tess Tech', 'technician');
    editor.createReviewer('Dr Phil', 'physician');
    expect(() => editor.createReviewer('dr phil', 'technician')).toThrow(ConflictError);
    expect(editor.listReviewers().map((r) => [r.name, r.role])).toEqual([
      ['Dr Phil', 'physician'],
      ['Tess Tech', 'technician'],
    ]);
    expect(() => editor.sign(recordId, 'Dr Phil')).toThrow(/open; mark it reviewed/);
    editor.setStatus(recordId, 'reviewed', 'Tess Tech');
    expect(() => editor.sign(recordId, 'Tess Tech')).toThrow(ReviewRuleError);
    expect(() => editor.sign(recordId, 'Nobody')).toThrow(/not a reviewer profile/);
    expect(() => editor.setStatus(recordId, 'signed', 'Dr Phil')).toThrow(ReviewRuleError);
    const signed = editor.sign(recordId, 'Dr Phil');
    expect(store.reviewRow(recordId)).toMatchObject({ status: 'signed', signedBy: 'Dr Phil', signedAt: signed.signedAt });
    const refusals: (() => unknown)[] = [
      () => editor.relabelBeats(recordId, idsAt(0), 'S', 'Tess Tech'),
      () => editor.setArtefact(recordId, 0, 1000, true, 'Tess Tech'),
      () => editor.insertBeat(recordId, 1720, 'N', 'Tess Tech'),
      () => editor.deleteBeats(recordId, idsAt(0), 'Tess Tech'),
      () => editor.addEpisode(recordId, 0, 10, 'AFIB', 'Tess Tech'),
      () => editor.setRecordCall(recordId, 'A', 'Tess Tech'),
      () => editor.setStatus(recordId, 'in_review', 'Tess Tech'),
      () => editor.undo(recordId, 'Tess Tech'),
      () => editor.redo(recordId, 'Tess Tech'),
    ];
    for (const refused of refusals) {
      expect(refused).toThrow(ConflictError);
      expect(refused).toThrow(/signed by Dr Phil at .*reopen the case/);
    }
    expect(labels()).toBe('NNNNNVNNNN');
    const reopen = editor.reopen(recordId, 'Dr Phil');
    expect(actionRows(reopen.actionId).map((e) => [e.kind, e.oldValue, e.newValue])).toEqual([['review-status', 'signed', 'in_review']]);
    expect(store.reviewRow(recordId)).toMatchObject({ status: 'in_review', signedBy: null, signedAt: null });
    expect(() => editor.reopen(recordId, 'Dr Phil')).toThrow(/not signed/);
    editor.relabelBeats(recordId, idsAt(0), 'S', 'Tess Tech');
    expect(labels()).toBe('SNNNNVNNNN');
    expect(checkReviewDatabase(store.db)).toEqual([]);
  });

  it('refuses to undo an action made on an analysis since replaced', async () => {
    editor.relabelBeats(recordId, idsAt(0), 'S', 'alice');
    const second = store.beginAnalysis(recordId, PROVENANCE);
    await store.completeAnalysis(second, uniform(SAMPLES, 'N'));
    expect(() => editor.undo(recordId, 'alice')).toThrow(/re-analysed after action/);
  });

  it('keeps every acknowledged action and its audit rows across a reopen of the database file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'review-editor-'));
    try {
      const path = join(dir, 'db.sqlite');
      const fileStore = new ReviewStore(path);
      const fileEditor = new ReviewEditor(fileStore);
      const id = fileStore.upsertRecord(RECORD).recordId;
      const analysis = fileStore.beginAnalysis(id, PROVENANCE);
      await fileStore.completeAnalysis(analysis, result(SAMPLES, LABELS));
      const ids = fileStore.beatsInRange(analysis, 0, RECORD.nSamples).map((b) => b.beatId);
      const relabel = fileEditor.relabelBeats(id, ids, 'Q', 'alice');
      fileEditor.undo(id, 'alice');
      fileStore.close();
      const reopened = new ReviewStore(path);
      expect(new ReviewEditor(reopened).actions(id).map((a) => [a.kind, a.state])).toEqual([
        ['relabel', 'undone'],
        ['undo', 'done'],
      ]);
      expect(reopened.events(id).filter((e) => e.actionId === relabel.actionId && e.kind.startsWith('beat-'))).toHaveLength(10);
      expect(reopened.beatCounts(analysis)).toEqual({ N: 9, S: 0, V: 1, F: 0, Q: 0 });
      expect(checkReviewDatabase(reopened.db)).toEqual([]);
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * The retraining set drawn from the review database: only reviewed or signed cases, only human
 * labels unless model labels are opted in, artefact and deleted beats out, provenance per beat, and
 * model inputs identical to the ones classification builds for the same beats.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseBeatModelMeta } from '../../../../../src/main/core/beats/beat-model-meta';
import { beatInputWindows, prepareBeatRecord } from '../../../../../src/main/core/beats/beat-inputs';
import { computeRrFeatures, RR_FEATURE_COUNT } from '../../../../../src/main/core/beats/rr-features';
import { caseExamples, exampleCounts } from '../../../../../src/main/core/retrain/beat-examples';
import { collectReviewDataset } from '../../../../../src/main/core/retrain/review-dataset';
import { ReviewEditor } from '../../../../../src/main/core/store/review-editor';
import { ReviewStore } from '../../../../../src/main/core/store/review-store';
import { readRecord, toPhysicalFrames } from '../../../../../src/main/core/wfdb/record';
import { addExcerptCase, EXCERPT_119, REFERENCE_119 } from './reviewed-case';

const FIXTURE = EXCERPT_119;
const META = parseBeatModelMeta(JSON.parse(readFileSync('resources/models/beats/meta.json', 'utf8')), 'meta.json');

describe('collectReviewDataset', () => {
  let store: ReviewStore;
  let editor: ReviewEditor;
  const reference = REFERENCE_119;
  const samples = Array.from(reference.beatSamples);

  const addCase = (name: string) => addExcerptCase(store, name);

  beforeEach(() => {
    store = new ReviewStore(':memory:');
    editor = new ReviewEditor(store);
  });
  afterEach(() => store.close());

  it('takes the human labels of reviewed cases only, with who and when, artefact beats out', async () => {
    const reviewed = await addCase('reviewed');
    const vIds = reviewed.beatIds.filter((_, i) => reference.beatClasses[i] === 'V');
    editor.relabelBeats(reviewed.recordId, vIds, 'V', 'alice');
    editor.relabelBeats(reviewed.recordId, reviewed.beatIds.slice(0, 3), 'N', 'bob');
    const artefactSample = samples[reference.beatClasses.indexOf('V')] as number;
    editor.setArtefact(reviewed.recordId, artefactSample - 5, artefactSample + 5, true, 'bob');
    editor.setStatus(reviewed.recordId, 'reviewed', 'bob');
    const pending = await addCase('in-review');
    editor.relabelBeats(pending.recordId, pending.beatIds.slice(0, 5), 'S', 'carol');

    const dataset = collectReviewDataset(store);
    expect(dataset.cases.map((c) => c.recordName)).toEqual(['reviewed']);
    const only = dataset.cases[0]!;
    const nV = reference.beatClasses.filter((c) => c === 'V').length;
    const firstThreeN = reference.beatClasses.slice(0, 3).filter((c) => c === 'N').length;
    expect(only.classCounts).toEqual({ N: firstThreeN, S: 0, V: nV - 1, F: 0, Q: 0 });
    expect(only.beats.every((b) => b.source === 'human' && b.provenance === 'beat-event')).toBe(true);
    expect(only.beats.some((b) => b.sample === artefactSample)).toBe(false);
    for (const beat of only.beats) {
      expect(beat.reviewer).toBe(beat.label === 'V' && !reviewed.beatIds.slice(0, 3).includes(beat.beatId) ? 'alice' : 'bob');
      expect(Date.parse(beat.at ?? '')).not.toBeNaN();
    }
    expect(only.contextSamples).toHaveLength(samples.length);
  });

  it('lets the unreviewed model labels of reviewed cases in only when asked', async () => {
    const c = await addCase('signed-later');
    editor.relabelBeats(c.recordId, c.beatIds.slice(0, 2), 'V', 'alice');
    editor.setStatus(c.recordId, 'reviewed', 'alice');
    expect(collectReviewDataset(store).classCounts).toEqual({ N: 0, S: 0, V: 2, F: 0, Q: 0 });
    const all = collectReviewDataset(store, { includeModelLabels: true });
    expect(all.classCounts).toEqual({ N: samples.length - 2, S: 0, V: 2, F: 0, Q: 0 });
    expect(all.cases[0]!.beats.filter((b) => b.source === 'model').every((b) => b.reviewer === null)).toBe(true);
  });

  it('ignores an undone relabel', async () => {
    const c = await addCase('undone');
    editor.relabelBeats(c.recordId, c.beatIds.slice(0, 2), 'V', 'alice');
    editor.undo(c.recordId, 'alice');
    editor.setStatus(c.recordId, 'reviewed', 'alice');
    expect(collectReviewDataset(store).cases[0]!.beats).toEqual([]);
  });

  it('builds each beat the model inputs classification gives it over the whole beat list', async () => {
    const c = await addCase('inputs');
    const picked = [2, 7, 30];
    editor.relabelBeats(
      c.recordId,
      picked.map((i) => c.beatIds[i]!),
      'V',
      'alice',
    );
    editor.setStatus(c.recordId, 'reviewed', 'alice');
    const examples = caseExamples(collectReviewDataset(store).cases[0]!, META);
    expect(exampleCounts(examples)).toEqual({ N: 0, S: 0, V: 3, F: 0, Q: 0 });
    // independently: the record's first stored lead, every beat prepared, rows picked afterwards
    const record = readRecord(FIXTURE);
    const prepared = prepareBeatRecord([toPhysicalFrames(record, 0)], 360, reference.beatSamples, META, '119x');
    const all = beatInputWindows(prepared, Int32Array.from(prepared.rPeaksModel.keys()), META);
    const rr = computeRrFeatures(reference.beatSamples, 360, META.rrFeatures.config);
    const perBeat = META.window.samples * 2;
    picked.forEach((i, k) => {
      expect(examples.wave.subarray(k * perBeat, (k + 1) * perBeat)).toEqual(all.subarray(i * perBeat, (i + 1) * perBeat));
      expect(examples.rr.subarray(k * RR_FEATURE_COUNT, (k + 1) * RR_FEATURE_COUNT)).toEqual(
        rr.subarray(i * RR_FEATURE_COUNT, (i + 1) * RR_FEATURE_COUNT),
      );
    });
  });
});

/**
 * The rhythm training set from the review database: only reviewed or signed cases, only episodes a
 * reviewer confirmed or corrected (unless model labels are let in), cut into whole 30 s windows
 * labelled by the MIT code → CinC class mapping, with each episode's reviewer and time; and the
 * window inputs built from the record on disk equal the classifier's own normalised window.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readChunkSignal } from '../../../../../src/main/core/analysis/detect-chunk';
import { resample } from '../../../../../src/main/core/dsp/resample';
import { writeWindowInput } from '../../../../../src/main/core/rhythm/window-input';
import { collectRhythmDataset } from '../../../../../src/main/core/retrain/rhythm-dataset';
import { caseRhythmExamples } from '../../../../../src/main/core/retrain/rhythm-examples';
import { rhythmTrainingLabel } from '../../../../../src/main/core/retrain/rhythm-training-label';
import { ReviewEditor } from '../../../../../src/main/core/store/review-editor';
import { ReviewStore } from '../../../../../src/main/core/store/review-store';
import { PROVENANCE, uniform } from '../store/store-fixtures';
import { EXCERPT_119, REFERENCE_119 } from './reviewed-case';

const META = { fsHz: 100, windowS: 30, normalisation: { stdFloorMv: 0.01, clip: 10, method: '', padding: '' } } as never;

describe('collectRhythmDataset', () => {
  let dir: string;
  let store: ReviewStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rhythm-dataset-'));
    store = new ReviewStore(join(dir, 'db.sqlite'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The 60 s 119 excerpt with episodes N [0, 12 s), AFIB [12, 45 s), N [45, 60 s) as the model's. */
  async function excerptCase(name: string): Promise<{ recordId: number; episodeIds: number[] }> {
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
    const episodes = [
      { label: 'N' as const, onsetSample: 0, endSample: 4320, meanProbability: 0.9 },
      { label: 'AFIB' as const, onsetSample: 4320, endSample: 16200, meanProbability: 0.6 },
      { label: 'N' as const, onsetSample: 16200, endSample: 21600, meanProbability: 0.9 },
    ];
    await store.completeAnalysis(analysisId, { ...uniform(Array.from(REFERENCE_119.beatSamples), 'N'), episodes });
    const episodeIds = store.db
      .prepare('SELECT id FROM rhythm_episodes WHERE analysis_id = ? ORDER BY onset_sample')
      .pluck()
      .all(analysisId) as number[];
    return { recordId, episodeIds };
  }

  it('takes whole windows of the confirmed and corrected episodes of reviewed cases, with their provenance', async () => {
    const editor = new ReviewEditor(store);
    const reviewed = await excerptCase('119x');
    const open = await excerptCase('119y');
    editor.editEpisode(reviewed.recordId, reviewed.episodeIds[1] as number, 'label', 'AFL', 'bob');
    editor.editEpisode(open.recordId, open.episodeIds[1] as number, 'accept', undefined, 'carol');
    editor.setStatus(reviewed.recordId, 'reviewed', 'alice');

    const dataset = collectRhythmDataset(store, { windowS: 30 });
    expect(dataset.cases.map((c) => c.recordName)).toEqual(['119x']);
    const [c] = dataset.cases;
    // AFL over [12 s, 45 s): one whole 30 s window from its onset, class O; the unreviewed N episodes stay out
    expect(c?.windows).toEqual([{ startSample: 4320, label: 'O', episodeId: reviewed.episodeIds[1] }]);
    expect(c?.episodes).toMatchObject([
      { code: 'AFL', label: 'O', source: 'human', reviewer: 'bob', provenance: 'episode-event', windows: 1 },
    ]);
    expect(dataset.classCounts).toEqual({ N: 0, A: 0, O: 1, '~': 0 });

    const all = collectRhythmDataset(store, { windowS: 30, includeModelLabels: true });
    // the 12 s and 15 s N episodes are shorter than a window
    expect(all.cases[0]).toMatchObject({ shortEpisodes: 2, humanEpisodes: 1 });
    expect(all.cases[0]?.episodes.map((e) => e.source)).toEqual(['model', 'human', 'model']);
  });

  it('builds each window as the classifier normalises it, from the record on disk', async () => {
    const editor = new ReviewEditor(store);
    const c = await excerptCase('119x');
    editor.editEpisode(c.recordId, c.episodeIds[1] as number, 'accept', undefined, 'bob');
    editor.setStatus(c.recordId, 'reviewed', 'bob');
    const [training] = collectRhythmDataset(store, { windowS: 30 }).cases;
    const examples = caseRhythmExamples(training!, META);
    expect(Array.from(examples.labels)).toEqual([1]);
    // independently: the whole record's first lead resampled to 100 Hz, window from 12 s
    const { leadsMv } = readChunkSignal(EXCERPT_119, { readStartSample: 0, readEndSample: 21600 });
    const whole = resample(leadsMv[0] as Float32Array, 360, 100);
    const expected = new Float32Array(3000);
    writeWindowInput(whole, 1200, 3000, expected, 0);
    const maxDiff = expected.reduce((m, v, i) => Math.max(m, Math.abs(v - (examples.windows[i] as number))), 0);
    expect(maxDiff).toBeLessThan(1e-4);
  });
});

describe('rhythmTrainingLabel', () => {
  it('maps the MIT rhythm codes to the CinC 2017 classes', () => {
    expect(['(N', 'AFIB', '(NOISE', '(AFL', 'VT', '(B', 'OTHER', 'SBR', 'P'].map(rhythmTrainingLabel)).toEqual([
      'N',
      'A',
      '~',
      'O',
      'O',
      'O',
      'O',
      'O',
      'O',
    ]);
    expect(rhythmTrainingLabel('(XYZ')).toBeNull();
  });
});

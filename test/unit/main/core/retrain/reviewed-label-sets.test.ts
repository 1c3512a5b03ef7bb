/**
 * The multi-label sets of reviewed rhythm windows: AF from a confirmed AFIB episode, PVC and PAC from
 * the window's beats as the reviewer left them (a corrected V beat makes PVC, an S beat PAC, a
 * deleted one nothing), Normal when none holds; noise windows left out; bundle branch blocks unknown.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectRhythmDataset } from '../../../../../src/main/core/retrain/rhythm-dataset';
import { REVIEW_KNOWN_LABELS, reviewedLabelSets } from '../../../../../src/main/core/retrain/reviewed-label-sets';
import { MULTI_LABELS } from '../../../../../src/main/core/retrain/window-label-set';
import { ReviewEditor } from '../../../../../src/main/core/store/review-editor';
import { ReviewStore } from '../../../../../src/main/core/store/review-store';
import { PROVENANCE, uniform } from '../store/store-fixtures';

const FS_HZ = 360;
const WINDOW = 30 * FS_HZ;

/** The labels present in row i of n × K label sets. */
function labelsOf(sets: Uint8Array, i: number): string[] {
  return MULTI_LABELS.filter((_, j) => sets[i * MULTI_LABELS.length + j] === 1);
}

describe('reviewedLabelSets', () => {
  let dir: string;
  let store: ReviewStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'reviewed-label-sets-'));
    store = new ReviewStore(join(dir, 'db.sqlite'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('labels each window from its episode and its beats as reviewed', async () => {
    const { recordId } = store.upsertRecord({
      path: join(dir, 'r.hea'),
      name: 'r',
      contentSha256: 'r'.padEnd(64, '0'),
      fsHz: FS_HZ,
      nSamples: 4 * WINDOW,
      signalNames: ['MLII'],
      signalUnits: ['mV'],
    });
    const analysisId = store.beginAnalysis(recordId, PROVENANCE);
    // a beat every second over 120 s; episodes N [0, 30 s), AFIB [30, 60 s), N [60, 90 s), NOISE [90, 120 s)
    const samples = Array.from({ length: 120 }, (_, i) => i * FS_HZ + 100);
    const episodes = [
      { label: 'N' as const, onsetSample: 0, endSample: WINDOW, meanProbability: 0.9 },
      { label: 'AFIB' as const, onsetSample: WINDOW, endSample: 2 * WINDOW, meanProbability: 0.8 },
      { label: 'N' as const, onsetSample: 2 * WINDOW, endSample: 3 * WINDOW, meanProbability: 0.9 },
      { label: 'NOISE' as const, onsetSample: 3 * WINDOW, endSample: 4 * WINDOW, meanProbability: 0.9 },
    ];
    await store.completeAnalysis(analysisId, { ...uniform(samples, 'N'), episodes });
    const beatId = (sample: number): number =>
      store.db.prepare('SELECT id FROM beats WHERE analysis_id = ? AND sample = ?').pluck().get(analysisId, sample) as number;
    const episodeIds = store.db
      .prepare('SELECT id FROM rhythm_episodes WHERE analysis_id = ? ORDER BY onset_sample')
      .pluck()
      .all(analysisId) as number[];
    const editor = new ReviewEditor(store);
    for (const id of episodeIds) editor.editEpisode(recordId, id, 'accept', undefined, 'alice');
    // window 2 (the AFIB one): a V beat → AF + PVC; window 3: an S beat → PAC, and a V beat the reviewer deleted → no PVC
    editor.relabelBeat(beatId(35 * FS_HZ + 100), 'V', 'alice');
    editor.relabelBeat(beatId(70 * FS_HZ + 100), 'S', 'alice');
    editor.relabelBeat(beatId(80 * FS_HZ + 100), 'V', 'alice');
    editor.deleteBeats(recordId, [beatId(80 * FS_HZ + 100)], 'alice');
    editor.setStatus(recordId, 'reviewed', 'alice');

    const [c] = collectRhythmDataset(store, { windowS: 30 }).cases;
    if (!c) throw new Error('no reviewed case');
    expect(c.windows.map((w) => w.label)).toEqual(['N', 'A', 'N', '~']);
    const sets = reviewedLabelSets(store, c, WINDOW);
    expect(sets.windows.map((w) => w.startSample)).toEqual([0, WINDOW, 2 * WINDOW]); // the noise window is left out
    expect([0, 1, 2].map((i) => labelsOf(sets.labelSets, i))).toEqual([['Normal'], ['AF', 'PVC'], ['PAC']]);
    expect(sets.counts).toEqual({ Normal: 1, AF: 1, PVC: 1, PAC: 1, LBBB: 0, RBBB: 0 });
  });

  it('marks only the bundle branch blocks as unknown to a review', () => {
    expect(MULTI_LABELS.filter((_, j) => !REVIEW_KNOWN_LABELS[j])).toEqual(['LBBB', 'RBBB']);
  });
});

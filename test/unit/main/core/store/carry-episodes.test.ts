/**
 * Re-analysis keeps the reviewer's rhythm episodes: an accepted, a relabelled and an added episode of
 * the shown analysis replace the new analysis's model episodes over their spans (removed inside, cut
 * at an end, split around), while the new model episodes elsewhere stay as the model found them; a model
 * episode the reviewer deleted takes its span back from the new episodes of its type only, also on the
 * re-analysis after that.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RhythmEpisode } from '../../../../../src/shared/api';
import { ReviewEditor } from '../../../../../src/main/core/store/review-editor';
import { ReviewStore } from '../../../../../src/main/core/store/review-store';
import { PROVENANCE, RECORD, result } from './store-fixtures';

const LONG = { ...RECORD, nSamples: 36_000 };

function withEpisodes(episodes: [RhythmEpisode['label'], number, number][]) {
  return {
    ...result([100, 400], ['N', 'N']),
    episodes: episodes.map(([label, onsetSample, endSample]) => ({ label, onsetSample, endSample, meanProbability: 0.7 })),
  };
}

describe('carrying rhythm episodes over to a re-analysis', () => {
  let dir: string;
  let store: ReviewStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'carry-episodes-'));
    store = new ReviewStore(join(dir, 'db.sqlite'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function shown(analysisId: number): [string, number, number, string, number][] {
    return (
      store.db
        .prepare(
          'SELECT label, onset_sample, end_sample, source, accepted FROM rhythm_episodes WHERE analysis_id = ? AND deleted = 0 ORDER BY onset_sample',
        )
        .all(analysisId) as { label: string; onset_sample: number; end_sample: number; source: string; accepted: number }[]
    ).map((e) => [e.label, e.onset_sample, e.end_sample, e.source, e.accepted]);
  }

  /** A record analysed as N over [0, 12000), AFIB over [12000, 18000), N to the end; the AFIB episode's id. */
  async function analysedWithAfib(): Promise<{ recordId: number; afib: number }> {
    const { recordId } = store.upsertRecord(LONG);
    const first = store.beginAnalysis(recordId, PROVENANCE);
    await store.completeAnalysis(
      first,
      withEpisodes([
        ['N', 0, 12_000],
        ['AFIB', 12_000, 18_000],
        ['N', 18_000, 36_000],
      ]),
    );
    const afib = store.db.prepare("SELECT id FROM rhythm_episodes WHERE analysis_id = ? AND label = 'AFIB'").pluck().get(first) as number;
    return { recordId, afib };
  }

  it('keeps accepted, relabelled and added episodes and fits the new model episodes around them', async () => {
    const { recordId } = store.upsertRecord(LONG);
    const first = store.beginAnalysis(recordId, PROVENANCE);
    await store.completeAnalysis(
      first,
      withEpisodes([
        ['N', 0, 10_000],
        ['AFIB', 10_000, 20_000],
        ['N', 20_000, 30_000],
      ]),
    );
    const editor = new ReviewEditor(store);
    const ids = store.db
      .prepare('SELECT id FROM rhythm_episodes WHERE analysis_id = ? ORDER BY onset_sample')
      .pluck()
      .all(first) as number[];
    editor.editEpisode(recordId, ids[0] as number, 'accept', undefined, 'bob');
    editor.editEpisode(recordId, ids[1] as number, 'label', 'AFL', 'bob');
    editor.addEpisode(recordId, 30_000, 36_000, 'NOISE', 'bob');

    const second = store.beginAnalysis(recordId, PROVENANCE);
    // the new model: N over [0, 5000), AFIB over [5000, 33000) (spanning the relabelled episode), N to the end
    await store.completeAnalysis(
      second,
      withEpisodes([
        ['N', 0, 5_000],
        ['AFIB', 5_000, 33_000],
        ['N', 33_000, 36_000],
      ]),
    );
    expect(shown(second)).toEqual([
      ['N', 0, 10_000, 'model', 1],
      ['AFL', 10_000, 20_000, 'model', 1],
      ['AFIB', 20_000, 30_000, 'model', 0],
      ['NOISE', 30_000, 36_000, 'human', 1],
    ]);
  });

  it('splits a new model episode that spans a kept one and leaves unreviewed episodes to the new model', async () => {
    const { recordId, afib } = await analysedWithAfib();
    new ReviewEditor(store).editEpisode(recordId, afib, 'accept', undefined, 'bob');
    const second = store.beginAnalysis(recordId, PROVENANCE);
    await store.completeAnalysis(second, withEpisodes([['OTHER', 0, 36_000]]));
    expect(shown(second)).toEqual([
      ['OTHER', 0, 12_000, 'model', 0],
      ['AFIB', 12_000, 18_000, 'model', 1],
      ['OTHER', 18_000, 36_000, 'model', 0],
    ]);
  });

  it('keeps a deleted model episode deleted: new episodes of its type lose its span, others keep theirs, twice over', async () => {
    const { recordId, afib } = await analysedWithAfib();
    new ReviewEditor(store).editEpisode(recordId, afib, 'delete', undefined, 'bob');
    // the new model: AFIB over [10000, 20000) (spanning the deleted one), VT inside its span
    const newModel = withEpisodes([
      ['N', 0, 10_000],
      ['AFIB', 10_000, 14_000],
      ['VT', 14_000, 15_000],
      ['AFIB', 15_000, 20_000],
      ['N', 20_000, 36_000],
    ]);
    const second = store.beginAnalysis(recordId, PROVENANCE);
    await store.completeAnalysis(second, newModel);
    const expected = [
      ['N', 0, 10_000, 'model', 0],
      ['AFIB', 10_000, 12_000, 'model', 0],
      ['VT', 14_000, 15_000, 'model', 0],
      ['AFIB', 18_000, 20_000, 'model', 0],
      ['N', 20_000, 36_000, 'model', 0],
    ];
    expect(shown(second)).toEqual(expected);
    const third = store.beginAnalysis(recordId, PROVENANCE);
    await store.completeAnalysis(third, newModel);
    expect(shown(third)).toEqual(expected);
  });
});

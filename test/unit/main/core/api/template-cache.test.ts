/**
 * The template cache follows single-beat relabels and the undo and redo of template edits without rebuilding (a
 * rebuild costs about 6 s CPU on a 24 h record): a relabelled beat moves into its new class's largest template; the
 * set from before a template edit comes back on its undo, the edited one on its redo; the undo of an action that
 * changed no beat label or presence keeps the set; any other undo, or a replay out of order, drops the set so that
 * the next request rebuilds it.
 * Record: `test/fixtures/qrs/100_0` (mitdb 100, 0–60 s) with its reference beats as the analysis.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TemplateCache } from '../../../../../src/main/core/api/template-cache';
import { relabelTemplate } from '../../../../../src/main/core/review/relabel-template';
import { inProcessReviewComputations } from '../../../../../src/main/core/review/review-computations';
import { ReviewStore } from '../../../../../src/main/core/store/review-store';
import { storeExcerpt100 } from '../store/store-fixtures';

describe('TemplateCache', () => {
  let store: ReviewStore;
  let cache: TemplateCache;
  let recordId: number;
  let analysisId: number;

  beforeEach(async () => {
    store = new ReviewStore(':memory:');
    ({ recordId, analysisId } = await storeExcerpt100(store));
    cache = new TemplateCache(store, inProcessReviewComputations(store));
  });
  afterEach(() => store.close());

  /** Relabels the largest template to Q as action `actionId`; returns the sets before and after. */
  const relabelLargest = async (actionId: number) => {
    const before = (await cache.get(recordId, analysisId)).set;
    const largest = [...before.templates].sort((a, b) => b.count - a.count)[0]!;
    const after = relabelTemplate(before, largest.id, 'Q').set;
    cache.update(recordId, after, actionId);
    return { before, after };
  };

  it('puts back the set from before a template edit on its undo and the edited one on its redo', async () => {
    const { before, after } = await relabelLargest(7);
    expect(after).not.toBe(before);
    expect((await cache.get(recordId, analysisId)).set).toBe(after);
    cache.replay(recordId, 7, 'undo', true);
    expect((await cache.get(recordId, analysisId)).set).toBe(before);
    cache.replay(recordId, 7, 'redo', true);
    expect((await cache.get(recordId, analysisId)).set).toBe(after);
  });

  it('keeps the set when there was nothing to replay', async () => {
    const { after } = await relabelLargest(7);
    cache.replay(recordId, null, 'undo', false);
    expect((await cache.get(recordId, analysisId)).set).toBe(after);
  });

  it('rebuilds after the undo of an action that was not a template edit, or a replay that does not match the set', async () => {
    const { before, after } = await relabelLargest(7);
    cache.replay(recordId, 8, 'undo', true);
    const rebuilt = (await cache.get(recordId, analysisId)).set;
    expect(rebuilt).not.toBe(before);
    expect(rebuilt).not.toBe(after);
    // the rebuilt set does not remember edit 7: undoing it now rebuilds again
    cache.replay(recordId, 7, 'undo', true);
    expect((await cache.get(recordId, analysisId)).set).not.toBe(rebuilt);
    const second = await relabelLargest(9);
    // a redo while the set is the edited one is out of order
    cache.replay(recordId, 9, 'redo', true);
    expect((await cache.get(recordId, analysisId)).set).not.toBe(second.after);
  });

  it('keeps the set through the undo of an action that changed no beat label or presence (artefact, episode)', async () => {
    const { after } = await relabelLargest(7);
    cache.replay(recordId, 8, 'undo', false);
    expect((await cache.get(recordId, analysisId)).set).toBe(after);
  });

  it('moves a relabelled beat into the largest template of its new class, and puts the set back on the undo', async () => {
    const { set, beats } = await cache.get(recordId, analysisId);
    const n = set.templates.find((t) => t.label === 'N')!;
    const beatIndex = n.memberBeats[3]!;
    const largestV = set.templates.find((t) => t.label === 'V');
    cache.followRelabel(recordId, [beats.beatIds[beatIndex]!], 'V', 11);
    const moved = (await cache.get(recordId, analysisId)).set;
    expect(moved).not.toBe(set);
    const home = moved.templates.find((t) => t.id === moved.templateOfBeat[beatIndex]);
    expect(home?.label).toBe('V');
    if (largestV) expect(home?.id).toBe(largestV.id);
    expect(moved.templates.find((t) => t.id === n.id)?.count).toBe(n.count - 1);
    // a confirmation (the beat's template already has the label) changes nothing
    cache.followRelabel(recordId, [beats.beatIds[beatIndex]!], 'V', 12);
    expect((await cache.get(recordId, analysisId)).set).toBe(moved);
    cache.replay(recordId, 11, 'undo', true);
    expect((await cache.get(recordId, analysisId)).set).toBe(set);
  });
});

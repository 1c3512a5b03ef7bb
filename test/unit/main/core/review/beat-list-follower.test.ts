/**
 * The beat list the review worker follows across edits (`BeatListFollower`, patched after label and artefact edits)
 * and the events list computed from it equal a full read (`store.beatList`) and the events computed from that,
 * after every step of seeded random edit sequences — relabels, bulk relabels, artefact stretches, artefact marks of
 * named beats, deletions, insertions, undo and redo, episode edits — on mitdb 208 (its 2,955 reference beats over
 * 30 minutes as the analysis; `../shared/data`), and on mitdb 100's committed first minute.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BeatListFollower } from '../../../../../src/main/core/review/beat-list-follower';
import { computeStoredEvents, reviewStateKey } from '../../../../../src/main/core/review/review-computations';
import { ReviewEditor } from '../../../../../src/main/core/store/review-editor';
import { ReviewStore } from '../../../../../src/main/core/store/review-store';
import { parseHeader } from '../../../../../src/main/core/wfdb/header';
import { generator, RANDOM_EDIT_KINDS, randomReviewEdit, type EditedRecord } from '../store/random-review-edits';
import { referenceAamiBeats, storeAnalysedRecord } from '../store/store-fixtures';
import { hasSharedData, SHARED_DATA } from '../wfdb/wfdb-test-paths';

/** The edge kinds need a record of two minutes or more. */
const SHORT_KINDS = RANDOM_EDIT_KINDS.filter((k) => !k.endsWith('-edge'));
const RECORDS = [
  { header: resolve(import.meta.dirname, '../../../../fixtures/qrs/100_0.hea'), steps: 40, present: true, kinds: SHORT_KINDS },
  { header: join(SHARED_DATA, 'mitdb', '208.hea'), steps: 120, present: hasSharedData, kinds: RANDOM_EDIT_KINDS },
];
if (!hasSharedData) console.warn('beat-list-follower: mitdb 208 skipped (../shared/data/mitdb is absent)');

describe('BeatListFollower', () => {
  let store: ReviewStore | null = null;
  afterEach(() => store?.close());

  async function analysed(header: string): Promise<EditedRecord> {
    const parsed = parseHeader(readFileSync(header, 'latin1'), header);
    store = new ReviewStore(':memory:');
    const nSamples = parsed.nSamples as number;
    const { recordId, analysisId } = await storeAnalysedRecord(
      store,
      {
        path: header,
        name: parsed.recordName,
        contentSha256: 'ab'.repeat(32),
        fsHz: parsed.fsHz,
        nSamples,
        signalNames: parsed.signals.map((s) => s.description),
        signalUnits: parsed.signals.map(() => 'mV'),
      },
      referenceAamiBeats(header.replace(/\.hea$/, '.atr')),
    );
    return { store, editor: new ReviewEditor(store), recordId, analysisId, fsHz: parsed.fsHz, nSamples };
  }

  it.each(RECORDS.filter((r) => r.present))(
    'equals a full read after every step of random edits on $header',
    async ({ header, steps, kinds }) => {
      const r = await analysed(header);
      const follower = new BeatListFollower(r.store);
      const random = generator(7);
      const performed = new Set<string>();
      for (let step = 0; step < steps; step++) {
        // every fifth step an episode edit, which changes no beat (the follower keeps its list)
        if (step % 5 === 4) {
          const episode = r.editor.listEpisodes(r.recordId)[0];
          if (episode) r.editor.editEpisode(r.recordId, episode.episodeId, 'label', step % 2 === 0 ? 'VT' : 'AFIB', 'test');
        } else performed.add(randomReviewEdit(r, random, kinds));
        const at = reviewStateKey(r.store, r.recordId);
        expect(follower.beatsAt(r.recordId, at), `step ${step}`).toEqual(r.store.beatList(r.analysisId));
        expect(computeStoredEvents(r.store, r.recordId, follower).events, `step ${step}`).toEqual(
          computeStoredEvents(r.store, r.recordId).events,
        );
      }
      expect(performed.size).toBeGreaterThanOrEqual(8);
    },
  );

  it('patches the list it holds after a relabel instead of reading every beat', async () => {
    const r = await analysed(RECORDS[0]!.header);
    const follower = new BeatListFollower(r.store);
    const first = follower.beatsAt(r.recordId, reviewStateKey(r.store, r.recordId));
    const ids = Array.from(first.beatIds.subarray(10, 20));
    r.editor.relabelBeats(r.recordId, ids, 'V', 'test');
    const after = follower.beatsAt(r.recordId, reviewStateKey(r.store, r.recordId));
    // the same sample and id arrays (patched), labels changed at the relabelled beats only
    expect(after.samples).toBe(first.samples);
    expect(after.labels.slice(10, 20)).toEqual(new Array(10).fill('V'));
    expect(after.labels.filter((l, i) => l !== first.labels[i]).length).toBe(first.labels.slice(10, 20).filter((l) => l !== 'V').length);
    // a delete reads the list again
    r.editor.deleteBeats(r.recordId, [ids[0] as number], 'test');
    const reread = follower.beatsAt(r.recordId, reviewStateKey(r.store, r.recordId));
    expect(reread.samples).not.toBe(first.samples);
    expect(reread.samples.length).toBe(first.samples.length - 1);
  });
});

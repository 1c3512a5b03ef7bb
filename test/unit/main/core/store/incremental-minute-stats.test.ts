/**
 * The per-minute aggregates a review edit updates in place (only the minutes it touched) equal a full
 * recompute (`minuteStats` over the beats as they then stand) after every step of seeded random edit
 * sequences — relabels, bulk relabels, artefact stretches and clearings, artefact marks of named beats, deletions, insertions (also of a minute's last beat,
 * whose next RR interval closes in the next minute), undo and redo —
 * on mitdb 208 (its 2,955 reference beats over 30 minutes as the analysis; `../shared/data`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { minuteStats } from '../../../../../src/main/core/analysis/minute-stats';
import { parseHeader } from '../../../../../src/main/core/wfdb/header';
import { ReviewEditor } from '../../../../../src/main/core/store/review-editor';
import { ReviewStore } from '../../../../../src/main/core/store/review-store';
import { hasSharedData, SHARED_DATA } from '../wfdb/wfdb-test-paths';
import { generator, randomReviewEdit } from './random-review-edits';
import { referenceAamiBeats, storeAnalysedRecord } from './store-fixtures';

const HEADER = join(SHARED_DATA, 'mitdb', '208.hea');
const STEPS = 80;
const SEEDS = [1, 2, 3];

describe.skipIf(!hasSharedData)('incremental minute aggregates on mitdb 208', () => {
  let store: ReviewStore;
  let editor: ReviewEditor;
  let recordId: number;
  let analysisId: number;
  let fsHz: number;
  let nSamples: number;

  beforeEach(async () => {
    const header = parseHeader(readFileSync(HEADER, 'latin1'), HEADER);
    fsHz = header.fsHz;
    nSamples = header.nSamples as number;
    const beats = referenceAamiBeats(join(SHARED_DATA, 'mitdb', '208.atr'));
    store = new ReviewStore(':memory:');
    editor = new ReviewEditor(store);
    ({ recordId, analysisId } = await storeAnalysedRecord(
      store,
      {
        path: HEADER,
        name: '208',
        contentSha256: '20'.repeat(32),
        fsHz,
        nSamples,
        signalNames: ['MLII', 'V1'],
        signalUnits: ['mV', 'mV'],
      },
      beats,
    ));
  });
  afterEach(() => store.close());

  const fullRecompute = () => {
    const beats = store.beatList(analysisId);
    return minuteStats(beats.samples, beats.labels, fsHz, nSamples, undefined, beats.artefact);
  };

  it.each(SEEDS)('equals a full recompute after every step of random edit sequence %i', (seed) => {
    const random = generator(seed);
    const performed = new Set<string>();
    for (let step = 0; step < STEPS; step++) {
      const kind = randomReviewEdit({ store, editor, recordId, analysisId, fsHz, nSamples }, random);
      performed.add(kind);
      expect(store.minuteStats(analysisId), `seed ${seed}, step ${step} (${kind})`).toEqual(fullRecompute());
    }
    expect(performed.size).toBeGreaterThanOrEqual(8);
  });

  it('undoing every action brings the aggregates back to those stored with the analysis', () => {
    const stored = store.minuteStats(analysisId);
    const ids = store.beatList(analysisId).beatIds;
    editor.setArtefact(recordId, 60 * fsHz, 200 * fsHz, true, 'test');
    editor.deleteBeats(recordId, [ids[500] as number, ids[501] as number], 'test');
    editor.relabelBeats(recordId, Array.from(ids.subarray(1000, 3000)), 'Q', 'test');
    expect(store.minuteStats(analysisId)).not.toEqual(stored);
    while (editor.undo(recordId, 'test')) {
      // undo to the bottom of the stack
    }
    expect(store.minuteStats(analysisId)).toEqual(stored);
  });
});

if (!hasSharedData) console.warn('skipping the incremental minute aggregates test: ../shared/data/mitdb is absent');

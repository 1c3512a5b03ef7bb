/**
 * The per-minute aggregates a review edit updates in place (only the minutes it touched) equal a full
 * recompute (`minuteStats` over the beats as they then stand) after every step of seeded random edit
 * sequences — relabels, bulk relabels, artefact stretches and clearings, deletions, insertions (also of a minute's last beat,
 * whose next RR interval closes in the next minute), undo and redo —
 * on mitdb 208 (its 2,955 reference beats over 30 minutes as the analysis; `../shared/data`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { minuteStats } from '../../../../../src/main/core/analysis/minute-stats';
import { parseHeader } from '../../../../../src/main/core/wfdb/header';
import { ReviewEditor } from '../../../../../src/main/core/store/review-editor';
import { ConflictError, ReviewStore } from '../../../../../src/main/core/store/review-store';
import { AAMI_CLASSES, type AamiClass } from '../../../../../src/shared/labels';
import { hasSharedData, SHARED_DATA } from '../wfdb/wfdb-test-paths';
import { referenceAamiBeats, storeAnalysedRecord } from './store-fixtures';

const HEADER = join(SHARED_DATA, 'mitdb', '208.hea');
const STEPS = 80;
const SEEDS = [1, 2, 3];

/** Park–Miller minimal standard generator, so a failing sequence can be replayed from its seed. */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 48_271) % 2_147_483_647;
    return state % n;
  };
}

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
    // the *-edge kinds hit the last beat of a minute, whose next RR interval closes in the next minute
    const kinds = [
      'relabel',
      'bulk-relabel',
      'artefact',
      'clear-artefact',
      'artefact-edge',
      'delete',
      'delete-edge',
      'insert',
      'undo',
      'redo',
    ] as const;
    const performed = new Set<string>();
    for (let step = 0; step < STEPS; step++) {
      const beats = store.beatList(analysisId);
      const at = random(beats.samples.length);
      const id = beats.beatIds[at] as number;
      const sample = beats.samples[at] as number;
      const label = AAMI_CLASSES[random(AAMI_CLASSES.length)] as AamiClass;
      const minuteStart = (1 + random(Math.floor(nSamples / fsHz / 60) - 1)) * 60 * fsHz;
      const edge = beats.samples.findIndex((s) => s >= minuteStart) - 1;
      const kind = kinds[random(kinds.length)] as (typeof kinds)[number];
      switch (kind) {
        case 'relabel':
          editor.relabelBeats(recordId, [id], label, 'test');
          break;
        case 'bulk-relabel':
          editor.relabelBeats(recordId, Array.from(beats.beatIds.subarray(at, at + 1 + random(400))), label, 'test');
          break;
        case 'artefact':
        case 'clear-artefact':
          editor.setArtefact(recordId, sample, sample + random(120 * fsHz), kind === 'artefact', 'test');
          break;
        case 'artefact-edge':
          editor.setArtefact(recordId, beats.samples[edge] as number, minuteStart, true, 'test');
          break;
        case 'delete-edge':
          editor.deleteBeats(recordId, [beats.beatIds[edge] as number], 'test');
          break;
        case 'delete':
          editor.deleteBeats(recordId, Array.from(beats.beatIds.subarray(at, at + 1 + random(3))), 'test');
          break;
        case 'insert': {
          const next = beats.samples[at + 1] ?? nSamples;
          try {
            editor.insertBeat(recordId, Math.round((sample + next) / 2), label, 'test');
          } catch (error) {
            // a gap shorter than 200 ms has no room for a beat 100 ms from both sides
            if (!(error instanceof ConflictError)) throw error;
          }
          break;
        }
        case 'undo':
          editor.undo(recordId, 'test');
          break;
        case 'redo':
          editor.redo(recordId, 'test');
          break;
      }
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

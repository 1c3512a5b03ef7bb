/**
 * Seeded random review edits for the tests that check an incremental path (minute aggregates, the events list's
 * beat list) against a full recompute after every step.
 */
import type { ReviewEditor } from '../../../../../src/main/core/store/review-editor';
import { ConflictError, type ReviewStore } from '../../../../../src/main/core/store/review-store';
import { AAMI_CLASSES, type AamiClass } from '../../../../../src/shared/labels';

/** Park–Miller minimal standard generator, so a failing sequence can be replayed from its seed. */
export function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 48_271) % 2_147_483_647;
    return state % n;
  };
}

/** The edits {@link randomReviewEdit} draws from; the *-edge kinds hit the last beat of a minute, whose next RR interval closes in the next minute. */
export const RANDOM_EDIT_KINDS = [
  'relabel',
  'bulk-relabel',
  'artefact',
  'clear-artefact',
  'artefact-edge',
  'beats-artefact',
  'delete',
  'delete-edge',
  'insert',
  'undo',
  'redo',
] as const;

/** The record an edit acts on. */
export interface EditedRecord {
  store: ReviewStore;
  editor: ReviewEditor;
  recordId: number;
  analysisId: number;
  fsHz: number;
  nSamples: number;
}

/**
 * Makes one random review edit (an insert that finds no room is skipped).
 * @param random - from {@link generator}
 * @param kinds - the kinds to draw from
 * @returns the kind drawn
 */
export function randomReviewEdit(
  r: EditedRecord,
  random: (n: number) => number,
  kinds: readonly (typeof RANDOM_EDIT_KINDS)[number][] = RANDOM_EDIT_KINDS,
): (typeof RANDOM_EDIT_KINDS)[number] {
  const { editor, recordId, fsHz, nSamples } = r;
  const beats = r.store.beatList(r.analysisId);
  const at = random(beats.samples.length);
  const id = beats.beatIds[at] as number;
  const sample = beats.samples[at] as number;
  const label = AAMI_CLASSES[random(AAMI_CLASSES.length)] as AamiClass;
  const minuteStart = (1 + random(Math.floor(nSamples / fsHz / 60) - 1)) * 60 * fsHz;
  const edge = beats.samples.findIndex((s) => s >= minuteStart) - 1;
  const kind = kinds[random(kinds.length)] as (typeof RANDOM_EDIT_KINDS)[number];
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
    case 'beats-artefact':
      editor.setBeatsArtefact(recordId, Array.from(beats.beatIds.subarray(at, at + 1 + random(200))), random(3) > 0, 'test');
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
  return kind;
}

import type { AamiClass } from '../../../shared/labels';
import type { BeatList, ReviewStore } from '../store/review-store';
import { sameReviewState, type ReviewStateKey } from './review-computations';

/** One record's beats as last read, with the state they are of and where each beat id sits. */
interface FollowedBeats {
  key: ReviewStateKey;
  beats: BeatList;
  indexOf: Map<number, number>;
}

/**
 * A record's beat list kept current across review actions without reading every beat again: the events list is
 * recomputed after each edit, and reading the 24 h record's 110,000 beats is a third of that. Since the list was
 * last read, when the actions taken (and those undone or redone) changed only labels and artefact flags of beats
 * it holds, those beats' current label and flag are read from the store (through the actions' beat snapshots) and
 * patched into a copy; any action that added or removed a beat, a new analysis, or a beat it does not hold reads
 * the whole list again. The result always equals `store.beatList` at the given state.
 */
export class BeatListFollower {
  private readonly records = new Map<number, FollowedBeats>();

  constructor(private readonly store: ReviewStore) {}

  /**
   * The record's beats at state `at` (call inside the read transaction that read `at`).
   * @param at - the record's current review state (`reviewStateKey`)
   * @returns the beats of the shown analysis, deleted ones left out, by sample (do not modify)
   */
  beatsAt(recordId: number, at: ReviewStateKey): BeatList {
    const followed = this.records.get(recordId);
    const beats = followed && (sameReviewState(followed.key, at) ? followed.beats : this.patched(recordId, followed, at));
    if (beats) {
      this.records.set(recordId, { key: at, beats, indexOf: (followed as FollowedBeats).indexOf });
      return beats;
    }
    const read = this.store.beatList(at.analysisId);
    const indexOf = new Map<number, number>();
    read.beatIds.forEach((beatId, i) => indexOf.set(beatId, i));
    this.records.set(recordId, { key: at, beats: read, indexOf });
    return read;
  }

  /** The followed list patched up to `at`, or null when it has to be read again. */
  private patched(recordId: number, followed: FollowedBeats, at: ReviewStateKey): BeatList | null {
    const from = followed.key;
    if (from.analysisId !== at.analysisId || from.createdAt !== at.createdAt || at.lastActionId < from.lastActionId) return null;
    const db = this.store.db;
    // the beat snapshots the newer actions wrote or replayed (an undo or redo replays its target's)
    const snapshots = db
      .prepare(
        `SELECT DISTINCT CASE WHEN kind IN ('undo', 'redo') THEN target_action_id ELSE id END FROM review_actions
         WHERE record_id = ? AND id > ? AND id <= ?`,
      )
      .pluck()
      .all(recordId, from.lastActionId, at.lastActionId) as number[];
    const ids = JSON.stringify(snapshots);
    const presence = db
      .prepare('SELECT 1 FROM action_beats WHERE action_id IN (SELECT value FROM json_each(?)) AND old_deleted <> new_deleted LIMIT 1')
      .get(ids);
    if (presence !== undefined) return null;
    const rows = db
      .prepare(
        `SELECT DISTINCT b.id, b.label, b.artefact, b.deleted, b.analysis_id FROM action_beats s JOIN beats b ON b.id = s.beat_id
         WHERE s.action_id IN (SELECT value FROM json_each(?))`,
      )
      .raw()
      .all(ids) as [number, AamiClass, number, number, number][];
    const labels = [...followed.beats.labels];
    const artefact = followed.beats.artefact.slice();
    for (const [beatId, label, flag, deleted, analysisId] of rows) {
      const i = followed.indexOf.get(beatId);
      if (i === undefined || deleted !== 0 || analysisId !== at.analysisId) return null;
      labels[i] = label;
      artefact[i] = flag;
    }
    return { beatIds: followed.beats.beatIds, samples: followed.beats.samples, labels, artefact };
  }
}

import { buildBeatTemplates } from '../review/build-beat-templates';
import type { TemplateSet } from '../review/template-set';
import type { BeatList, ReviewStore } from '../store/review-store';

/** A record's templates as built from one state of its shown analysis. */
export interface CachedTemplates {
  analysisId: number;
  /** The beats the set was built from (index i of the set = beat i here). */
  beats: BeatList;
  set: TemplateSet;
  /** The set before and after each template edit (by its review action id), newest last, for undo and redo. */
  edits: Map<number, { before: TemplateSet; after: TemplateSet }>;
}

/** Template edits remembered per record for undo and redo (older ones rebuild the set when undone). */
const MAX_REMEMBERED_EDITS = 100;

/**
 * Builds a record's morphology templates (per class, `buildBeatTemplates`)
 * once and keeps them in memory while the review goes on: a template relabel
 * or move replaces the set with the edited one, and the undo or redo of such
 * an edit puts back the set from before or after it; any other beat edit (insert,
 * delete, relabel of single beats, artefact) or a new analysis drops it, and
 * the next request rebuilds it from the stored beats (about 6 s CPU for a 24 h
 * record, milliseconds for a 30 min one).
 */
export class TemplateCache {
  private readonly entries = new Map<number, CachedTemplates>();

  constructor(private readonly store: ReviewStore) {}

  /**
   * @returns the record's templates for its shown analysis, built when missing or stale
   * @throws NotFoundError when the record or its analysis does not exist; errors of the record reader
   */
  get(recordId: number, analysisId: number): CachedTemplates {
    const cached = this.entries.get(recordId);
    if (cached && cached.analysisId === analysisId) return cached;
    const { path } = this.store.getRecord(recordId);
    const beats = this.store.beatList(analysisId);
    const set = buildBeatTemplates(path, { samples: beats.samples, labels: beats.labels });
    const entry: CachedTemplates = { analysisId, beats, set, edits: new Map() };
    this.entries.set(recordId, entry);
    return entry;
  }

  /**
   * Replaces the set after a template edit whose beat labels were persisted.
   * @param actionId - the edit's review action, whose undo and redo {@link replay} follows
   */
  update(recordId: number, set: TemplateSet, actionId: number): void {
    const cached = this.entries.get(recordId);
    if (!cached) return;
    cached.edits.set(actionId, { before: cached.set, after: set });
    if (cached.edits.size > MAX_REMEMBERED_EDITS) cached.edits.delete(cached.edits.keys().next().value as number);
    cached.set = set;
  }

  /**
   * Follows the undo or redo of a review action: a template edit's set from before (undo) or after (redo) is put
   * back when the current set is the one the edit left (undo) or started from (redo); any other action drops the
   * record's templates.
   * @param actionId - the undone or redone action, or null when there was nothing to undo or redo
   */
  replay(recordId: number, actionId: number | null, direction: 'undo' | 'redo'): void {
    const cached = this.entries.get(recordId);
    if (!cached || actionId === null) return;
    const edit = cached.edits.get(actionId);
    const [from, to] = edit ? (direction === 'undo' ? [edit.after, edit.before] : [edit.before, edit.after]) : [null, null];
    if (to && from === cached.set) cached.set = to;
    else this.invalidate(recordId);
  }

  /** Drops a record's templates (its beats changed outside a template edit). */
  invalidate(recordId: number): void {
    this.entries.delete(recordId);
  }
}

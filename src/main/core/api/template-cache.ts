import type { AamiClass } from '../../../shared/labels';
import { moveBeats } from '../review/move-beats';
import { readBeatWindows } from '../review/read-beat-windows';
import { reviewStateKey, sameReviewState, type ReviewComputations, type StoredTemplates } from '../review/review-computations';
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
 * or move replaces the set with the edited one, a relabel of single beats moves
 * them into their new class's largest template, and the undo or redo of such
 * an edit puts back the set from before or after it; an insert, a delete, the
 * undo of either or a new analysis drops it, and
 * the next request rebuilds it from the stored beats through `computations`
 * (on the server a worker thread: about 6 s CPU for a 24 h record, milliseconds
 * for a 30 min one, during which the serving loop answers other requests). A
 * build that finds the record changed since it read the beats (an edit landed
 * meanwhile) is built again, so the set always equals a full rebuild of the
 * beats it is used with.
 */
export class TemplateCache {
  private readonly entries = new Map<number, CachedTemplates>();
  /** Builds under way, by record; a change of the record while one runs drops it from here. */
  private readonly building = new Map<number, Promise<StoredTemplates>>();

  constructor(
    private readonly store: ReviewStore,
    private readonly computations: ReviewComputations,
  ) {}

  /**
   * @returns the record's templates for its shown analysis, built when missing or stale
   * @throws NotFoundError when the record or its analysis does not exist; errors of the record reader
   */
  async get(recordId: number, analysisId: number): Promise<CachedTemplates> {
    for (;;) {
      const cached = this.entries.get(recordId);
      if (cached && cached.analysisId === analysisId) return cached;
      let build = this.building.get(recordId);
      if (!build) {
        build = this.computations.templates(recordId);
        this.building.set(recordId, build);
      }
      const { key, beats, set } = await build;
      if (this.building.get(recordId) === build) this.building.delete(recordId);
      // installed only when no edit landed since the beats were read (else built again)
      if (sameReviewState(key, reviewStateKey(this.store, recordId))) {
        this.entries.set(recordId, { analysisId: key.analysisId, beats, set, edits: new Map() });
      }
    }
  }

  /**
   * @returns the record's templates for its shown analysis when held now (no build is started), else null
   */
  peek(recordId: number, analysisId: number): CachedTemplates | null {
    const cached = this.entries.get(recordId);
    return cached && cached.analysisId === analysisId ? cached : null;
  }

  /**
   * Replaces the set after a template edit whose beat labels were persisted.
   * @param actionId - the edit's review action, whose undo and redo {@link replay} follows
   */
  update(recordId: number, set: TemplateSet, actionId: number): void {
    const cached = this.entries.get(recordId);
    if (!cached) return this.invalidate(recordId);
    cached.edits.set(actionId, { before: cached.set, after: set });
    if (cached.edits.size > MAX_REMEMBERED_EDITS) cached.edits.delete(cached.edits.keys().next().value as number);
    cached.set = set;
  }

  /**
   * Follows a relabel of beats outside a template edit (persisted as `actionId`): each beat whose template has
   * another label moves to the largest template of its new label (a new template when the class has none), so the
   * 24 h record's set is not rebuilt after every key press. Drops the set when a beat is not one it was built from.
   */
  followRelabel(recordId: number, beatIds: readonly number[], label: AamiClass, actionId: number): void {
    const cached = this.entries.get(recordId);
    if (!cached) return this.invalidate(recordId);
    const { set, beats } = cached;
    const indexOf = new Map<number, number>();
    beats.beatIds.forEach((beatId, i) => indexOf.set(beatId, i));
    const indices = beatIds.map((beatId) => indexOf.get(beatId));
    if (indices.some((i) => i === undefined)) return this.invalidate(recordId);
    const labelOf = new Map(set.templates.map((t) => [t.id, t.label]));
    const moved = Int32Array.from(new Set(indices as number[])).filter((i) => labelOf.get(set.templateOfBeat[i] as number) !== label);
    if (moved.length === 0) return;
    const largest = set.templates.find((t) => t.label === label);
    const windows = readBeatWindows(this.store.getRecord(recordId).path, set, beats.samples, moved);
    this.update(recordId, moveBeats(set, moved, largest ? { templateId: largest.id } : { newTemplateLabel: label }, windows).set, actionId);
  }

  /**
   * Follows the undo or redo of a review action: a template edit's set from before (undo) or after (redo) is put
   * back when the current set is the one the edit left (undo) or started from (redo); any other action that
   * changed beat labels or presence (an insert, a delete) drops the record's templates.
   * @param actionId - the undone or redone action, or null when there was nothing to undo or redo
   * @param regroups - whether that action changed a beat's label or presence (artefact and episode actions do not)
   */
  replay(recordId: number, actionId: number | null, direction: 'undo' | 'redo', regroups: boolean): void {
    const cached = this.entries.get(recordId);
    if (actionId === null) return;
    if (!cached) return this.invalidate(recordId);
    const edit = cached.edits.get(actionId);
    const [from, to] = edit ? (direction === 'undo' ? [edit.after, edit.before] : [edit.before, edit.after]) : [null, null];
    if (to && from === cached.set) cached.set = to;
    else if (edit || regroups) this.invalidate(recordId);
  }

  /**
   * Follows an action that changed artefact flags (an artefact edit, or the undo or redo of one), persisted as
   * `actionId`: the flags of the beats its snapshot names are read back from the store, so that the templates list
   * counts each template's artefact beats as they now are (the flag changes neither a label nor a template).
   */
  followArtefact(recordId: number, actionId: number): void {
    const cached = this.entries.get(recordId);
    if (!cached) return;
    const rows = this.store.db
      .prepare('SELECT b.id, b.artefact FROM action_beats s JOIN beats b ON b.id = s.beat_id WHERE s.action_id = ?')
      .all(actionId) as { id: number; artefact: number }[];
    if (rows.length === 0) return;
    const indexOf = new Map<number, number>();
    cached.beats.beatIds.forEach((beatId, i) => indexOf.set(beatId, i));
    for (const { id, artefact } of rows) {
      const i = indexOf.get(id);
      if (i === undefined) return this.invalidate(recordId);
      cached.beats.artefact[i] = artefact;
    }
  }

  /** Drops a record's templates (its beats changed outside a template edit). */
  invalidate(recordId: number): void {
    this.entries.delete(recordId);
    this.building.delete(recordId);
  }
}

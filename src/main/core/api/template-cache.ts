import { buildBeatTemplates } from '../review/build-beat-templates';
import type { TemplateSet } from '../review/template-set';
import type { BeatList, ReviewStore } from '../store/review-store';

/** A record's templates as built from one state of its shown analysis. */
export interface CachedTemplates {
  analysisId: number;
  /** The beats the set was built from (index i of the set = beat i here). */
  beats: BeatList;
  set: TemplateSet;
}

/**
 * Builds a record's morphology templates (per class, `buildBeatTemplates`)
 * once and keeps them in memory while the review goes on: a template relabel
 * or move replaces the set with the edited one; any other beat edit (insert,
 * delete, relabel of single beats, undo, redo) or a new analysis drops it, and
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
    const entry = { analysisId, beats, set: buildBeatTemplates(path, { samples: beats.samples, labels: beats.labels }) };
    this.entries.set(recordId, entry);
    return entry;
  }

  /** Replaces the set after a template edit whose beat labels were persisted. */
  update(recordId: number, set: TemplateSet): void {
    const cached = this.entries.get(recordId);
    if (cached) cached.set = set;
  }

  /** Drops a record's templates (its beats changed outside a template edit). */
  invalidate(recordId: number): void {
    this.entries.delete(recordId);
  }
}

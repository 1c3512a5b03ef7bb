import type {
  BeatView,
  EpisodeView,
  HolterRhythm,
  LabelEvent,
  ReportStripView,
  ReviewAction,
  ReviewerProfile,
  ReviewStatus,
  RhythmLabel,
} from '../../../shared/api';
import { MAX_REPORT_STRIP_S, MAX_REPORT_STRIPS } from '../../../shared/api-bounds';
import type { AamiClass } from '../../../shared/labels';
import type { BeatAggregateState } from '../analysis/update-minute-stats';
import { beatFromRow, ConflictError, eventFromRow, NotFoundError, nowIso, type ReviewStore, type Row } from './review-store';

/** Thrown when a reviewer names something the rules do not allow (an unknown or non-physician signer). API code `bad_request`. */
export class ReviewRuleError extends Error {
  override readonly name = 'ReviewRuleError';
}

/** Which side of an action's snapshot rows to write back. */
type Side = 'old' | 'new';

/** Where an action's snapshot rows and the rows they describe live, for their audit rows. */
interface SnapshotTarget {
  column: 'beat_id' | 'episode_id';
  snapshot: 'action_beats' | 'action_episodes';
  table: 'beats' | 'rhythm_episodes';
  alias: 'b' | 'e';
  sample: 'sample' | 'onset_sample';
}

const SNAPSHOT_TARGETS = {
  beats: { column: 'beat_id', snapshot: 'action_beats', table: 'beats', alias: 'b', sample: 'sample' },
  episodes: { column: 'episode_id', snapshot: 'action_episodes', table: 'rhythm_episodes', alias: 'e', sample: 'onset_sample' },
} as const satisfies Record<string, SnapshotTarget>;

/** New values an action sets on every beat it touches (undefined: unchanged). */
interface BeatChange {
  label?: AamiClass;
  artefact?: 0 | 1;
  deleted?: 0 | 1;
}

/** New values an action sets on every episode it touches. */
interface EpisodeChange {
  label?: HolterRhythm;
  accepted?: 0 | 1;
  deleted?: 0 | 1;
}

/** Minimum distance between an inserted beat and an existing one, in s (a refractory period). */
const MIN_BEAT_GAP_S = 0.1;

/**
 * Every review action on a case, each one immediate SQLite transaction
 * committed before it returns, with its audit rows (`label_events`, who,
 * when, old value, new value, action id) and an entry in the record's action
 * log (`review_actions`) that undo and redo replay as one unit.
 *
 * Rules:
 * - A signed case refuses every edit, status change, undo and redo with a
 *   {@link ConflictError} naming the signer, until it is reopened.
 * - An edit (undo and redo included) on an open case moves it to in_review;
 *   on a reviewed case it moves it back to in_review: the review has to be
 *   marked reviewed again after a change. Both are audited with the action.
 * - Edits act on the analysis the record shows (its latest 'done' one); an
 *   action on an earlier analysis is refused as conflict, and so is undoing
 *   an action made on an analysis since replaced.
 * - A new action clears the redo stack (undone actions become 'discarded').
 * - Status changes, sign-off and reopening are audited but not undoable.
 * - Re-labelling a beat to its own label is a confirmation (`beat-confirmed`,
 *   old value null), not "N → N".
 */
export class ReviewEditor {
  constructor(private readonly store: ReviewStore) {}

  private get db() {
    return this.store.db;
  }

  /**
   * Creates a reviewer profile.
   * @param name - display name, unique (case-insensitive)
   * @throws ConflictError when a profile of that name exists
   */
  createReviewer(name: string, role: ReviewerProfile['role']): ReviewerProfile {
    return this.store.write(() => {
      if (this.reviewerByName(name)) throw new ConflictError(`a reviewer profile named "${name}" exists already`);
      const createdAt = nowIso();
      const info = this.db.prepare('INSERT INTO reviewers (name, role, created_at) VALUES (?, ?, ?)').run(name, role, createdAt);
      return { reviewerId: Number(info.lastInsertRowid), name, role, createdAt };
    });
  }

  /** @returns every reviewer profile, by name */
  listReviewers(): ReviewerProfile[] {
    const rows = this.db.prepare('SELECT * FROM reviewers ORDER BY name').all() as Row[];
    return rows.map(profileFromRow);
  }

  private reviewerByName(name: string): ReviewerProfile | null {
    const row = this.db.prepare('SELECT * FROM reviewers WHERE name = ?').get(name) as Row | undefined;
    return row ? profileFromRow(row) : null;
  }

  /**
   * Relabels one beat (a confirmation when the label is its own).
   * @throws NotFoundError, ConflictError (see the class rules)
   */
  relabelBeat(beatId: number, label: AamiClass, reviewer: string): { beat: BeatView; event: LabelEvent; action: ReviewAction } {
    const recordId = this.recordOfBeat(beatId);
    const action = this.relabelBeats(recordId, [beatId], label, reviewer);
    const row = this.db.prepare('SELECT * FROM beats WHERE id = ?').get(beatId) as Row;
    const { attention: _attention, ...beat } = beatFromRow(row);
    const event = eventFromRow(
      this.db.prepare(`SELECT * FROM label_events WHERE action_id = ? AND kind LIKE 'beat-%'`).get(action.actionId) as Row,
    );
    return { beat, event, action };
  }

  /**
   * Relabels beats of one record as one action.
   * @throws NotFoundError when a beat does not exist; ConflictError when one
   *   belongs to another record or an earlier analysis, or is deleted, or the case is signed
   */
  relabelBeats(recordId: number, beatIds: readonly number[], label: AamiClass, reviewer: string): ReviewAction {
    return this.beatAction(recordId, 'relabel', reviewer, beatIds, { label });
  }

  /**
   * Flags (or clears) as artefact every beat with startSample ≤ sample < endSample, as one action; beats already
   * flagged so are left out (`changedRows` counts the beats changed, possibly 0). The action keeps the span itself
   * (`onset_sample`, `end_sample`; `new_value` '1' marks, '0' clears), so the report excludes a marked stretch with
   * no beats in it too (see `storedArtefactStretches`).
   * @throws ConflictError when the case is signed or has no analysis shown
   */
  setArtefact(recordId: number, startSample: number, endSample: number, artefact: boolean, reviewer: string): ReviewAction {
    return this.store.write(() => {
      const analysisId = this.shownAnalysis(recordId);
      const ids = this.db
        .prepare('SELECT id FROM beats WHERE analysis_id = ? AND deleted = 0 AND artefact <> ? AND sample >= ? AND sample < ?')
        .pluck()
        .all(analysisId, artefact ? 1 : 0, startSample, endSample) as number[];
      const action = this.beatAction(recordId, 'artefact', reviewer, ids, { artefact: artefact ? 1 : 0 });
      this.db
        .prepare('UPDATE review_actions SET onset_sample = ?, end_sample = ?, new_value = ? WHERE id = ?')
        .run(startSample, endSample, artefact ? '1' : '0', action.actionId);
      return action;
    });
  }

  /**
   * Flags (or clears) as artefact the named beats, as one action (a whole template of noise); beats already flagged
   * so are left out (`changedRows` counts the beats changed, possibly 0). Unlike {@link setArtefact} the action keeps
   * no span: the report excludes these beats, not a stretch of the record.
   * @throws ConflictError when a named beat is not a shown beat of the record (deleted, of another record or of an
   *   earlier analysis), or the case is signed
   */
  setBeatsArtefact(recordId: number, beatIds: readonly number[], artefact: boolean, reviewer: string): ReviewAction {
    return this.store.write(() => {
      const analysisId = this.shownAnalysis(recordId);
      const flag = artefact ? 1 : 0;
      const rows = this.db
        .prepare('SELECT id, artefact FROM beats WHERE id IN (SELECT value FROM json_each(?)) AND analysis_id = ? AND deleted = 0')
        .all(JSON.stringify(beatIds), analysisId) as { id: number; artefact: number }[];
      const unique = new Set(beatIds).size;
      if (rows.length < unique) {
        const { name } = this.store.getRecord(recordId);
        throw new ConflictError(
          `${unique - rows.length} of the ${unique} beats named are not beats of record "${name}" as shown ` +
            '(deleted, of another record or of an earlier analysis); reload the record',
        );
      }
      const changing = rows.filter((r) => r.artefact !== flag).map((r) => r.id);
      return this.beatAction(recordId, 'artefact', reviewer, changing, { artefact: flag });
    });
  }

  /**
   * Deletes false beats as one action (kept flagged, so undo restores them).
   * @throws as {@link relabelBeats}
   */
  deleteBeats(recordId: number, beatIds: readonly number[], reviewer: string): ReviewAction {
    return this.beatAction(recordId, 'delete-beats', reviewer, beatIds, { deleted: 1 });
  }

  /**
   * Inserts a beat at `sample` (already snapped by the caller) as one action.
   * @returns the action and the new beat (source 'human', confidence 1)
   * @throws ConflictError when a beat lies within 100 ms, or the case is signed
   */
  insertBeat(recordId: number, sample: number, label: AamiClass, reviewer: string): { action: ReviewAction; beat: BeatView } {
    return this.store.write(() => {
      const analysisId = this.shownAnalysis(recordId);
      const { fsHz, name, nSamples } = this.store.getRecord(recordId);
      if (sample >= nSamples) throw new ConflictError(`sample ${sample} is beyond the end of record "${name}" (${nSamples} samples)`);
      const gap = Math.max(1, Math.round(MIN_BEAT_GAP_S * fsHz));
      const near = this.db
        .prepare('SELECT sample FROM beats WHERE analysis_id = ? AND deleted = 0 AND sample > ? AND sample < ? LIMIT 1')
        .pluck()
        .get(analysisId, sample - gap, sample + gap) as number | undefined;
      if (near !== undefined) {
        throw new ConflictError(`record "${name}" has a beat at sample ${near}, within ${MIN_BEAT_GAP_S * 1000} ms of ${sample}`);
      }
      const info = this.db
        .prepare(`INSERT INTO beats (analysis_id, sample, label, source, confidence, deleted) VALUES (?, ?, ?, 'human', 1, 1)`)
        .run(analysisId, sample, label);
      const beatId = Number(info.lastInsertRowid);
      const action = this.beatAction(recordId, 'insert-beat', reviewer, [beatId], { deleted: 0 });
      const { attention: _attention, ...beat } = beatFromRow(this.db.prepare('SELECT * FROM beats WHERE id = ?').get(beatId) as Row);
      return { action, beat };
    });
  }

  /** @returns the record's shown episodes (not deleted), by onset */
  listEpisodes(recordId: number): EpisodeView[] {
    const analysis = this.store.latestAnalysis(recordId, 'done');
    if (!analysis) return [];
    const { fsHz } = this.store.getRecord(recordId);
    const rows = this.db
      .prepare('SELECT * FROM rhythm_episodes WHERE analysis_id = ? AND deleted = 0 ORDER BY onset_sample')
      .all(analysis.analysisId) as Row[];
    return rows.map((row) => episodeFromRow(row, fsHz));
  }

  /**
   * Accepts, relabels or deletes one episode of the shown analysis.
   * @throws NotFoundError when the episode is not one of the record's shown ones; ConflictError when signed
   */
  editEpisode(
    recordId: number,
    episodeId: number,
    change: 'accept' | 'delete' | 'label',
    label: HolterRhythm | undefined,
    reviewer: string,
  ): ReviewAction {
    const values: EpisodeChange =
      change === 'accept' ? { accepted: 1 } : change === 'delete' ? { deleted: 1 } : { label: label as HolterRhythm, accepted: 1 };
    const kind = change === 'accept' ? 'episode-accept' : change === 'delete' ? 'episode-delete' : 'episode-label';
    return this.episodeAction(recordId, kind, reviewer, episodeId, values);
  }

  /**
   * Adds an episode over [onsetSample, endSample) as one action.
   * @throws ConflictError when it overlaps a shown episode, leaves the record, or the case is signed
   */
  addEpisode(
    recordId: number,
    onsetSample: number,
    endSample: number,
    label: HolterRhythm,
    reviewer: string,
  ): { action: ReviewAction; episode: EpisodeView } {
    return this.store.write(() => {
      const analysisId = this.shownAnalysis(recordId);
      const { name, nSamples, fsHz } = this.store.getRecord(recordId);
      if (endSample > nSamples) throw new ConflictError(`episode end ${endSample} is beyond the end of record "${name}" (${nSamples})`);
      const overlap = this.db
        .prepare(
          'SELECT onset_sample, end_sample FROM rhythm_episodes WHERE analysis_id = ? AND deleted = 0 AND end_sample > ? AND onset_sample < ? LIMIT 1',
        )
        .get(analysisId, onsetSample, endSample) as Row | undefined;
      if (overlap) {
        throw new ConflictError(
          `record "${name}": the new episode [${onsetSample}, ${endSample}) overlaps the episode [${String(overlap.onset_sample)}, ` +
            `${String(overlap.end_sample)}); change or delete that one first`,
        );
      }
      const info = this.db
        .prepare(
          `INSERT INTO rhythm_episodes (analysis_id, label, onset_sample, end_sample, mean_probability, source, accepted, deleted)
           VALUES (?, ?, ?, ?, 1, 'human', 1, 1)`,
        )
        .run(analysisId, label, onsetSample, endSample);
      const episodeId = Number(info.lastInsertRowid);
      const action = this.episodeAction(recordId, 'episode-add', reviewer, episodeId, { deleted: 0 });
      return { action, episode: episodeFromRow(this.db.prepare('SELECT * FROM rhythm_episodes WHERE id = ?').get(episodeId) as Row, fsHz) };
    });
  }

  /** @returns the strips added to the record's report (not removed), by start sample */
  listStrips(recordId: number): ReportStripView[] {
    const { signalNames } = this.store.getRecord(recordId);
    const rows = this.db
      .prepare('SELECT * FROM report_strips WHERE record_id = ? AND removed = 0 ORDER BY start_sample, id')
      .all(recordId) as Row[];
    return rows.map((row) => stripFromRow(row, signalNames));
  }

  /**
   * Adds a strip of lead `lead` over [startSample, endSample) to the record's report, as one undoable action with a
   * `strip-added` audit row; moves an open or reviewed case to in_review like every edit.
   * @throws ReviewRuleError when the span leaves the record or lasts over `MAX_REPORT_STRIP_S`, the lead does not
   *   exist, or the report has `MAX_REPORT_STRIPS` strips already; ConflictError when the case is signed
   */
  addStrip(
    recordId: number,
    strip: { startSample: number; endSample: number; lead: number; note?: string | undefined },
    reviewer: string,
  ): { action: ReviewAction; strip: ReportStripView } {
    return this.store.write(() => {
      this.refuseIfSigned(recordId);
      const { name, nSamples, fsHz, signalNames } = this.store.getRecord(recordId);
      const { startSample, endSample, lead } = strip;
      const refuse = (problem: string): never => {
        throw new ReviewRuleError(`record "${name}": ${problem}`);
      };
      if (endSample > nSamples) refuse(`strip end ${endSample} is beyond the end of the record (${nSamples} samples)`);
      if (endSample - startSample > MAX_REPORT_STRIP_S * fsHz)
        refuse(`a strip of ${((endSample - startSample) / fsHz).toFixed(1)} s is longer than ${MAX_REPORT_STRIP_S} s`);
      if (lead >= signalNames.length) refuse(`lead ${lead} does not exist (the record has ${signalNames.length})`);
      const held = this.db
        .prepare('SELECT COUNT(*) FROM report_strips WHERE record_id = ? AND removed = 0')
        .pluck()
        .get(recordId) as number;
      if (held >= MAX_REPORT_STRIPS) refuse(`the report has ${held} strips already (at most ${MAX_REPORT_STRIPS}); remove one first`);
      const info = this.db
        .prepare(
          'INSERT INTO report_strips (record_id, start_sample, end_sample, lead, note, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(recordId, startSample, endSample, lead, strip.note ?? null, reviewer, nowIso());
      const stripId = Number(info.lastInsertRowid);
      const action = this.stripAction(recordId, 'strip-add', reviewer, stripId);
      const row = this.db.prepare('SELECT * FROM report_strips WHERE id = ?').get(stripId) as Row;
      return { action, strip: stripFromRow(row, signalNames) };
    });
  }

  /**
   * Removes an added strip from the record's report, as one undoable action with a `strip-removed` audit row.
   * @throws NotFoundError when the record's report has no such strip; ConflictError when the case is signed
   */
  removeStrip(recordId: number, stripId: number, reviewer: string): ReviewAction {
    return this.store.write(() => {
      this.refuseIfSigned(recordId);
      const { name } = this.store.getRecord(recordId);
      const removed = this.db.prepare('SELECT removed FROM report_strips WHERE id = ? AND record_id = ?').pluck().get(stripId, recordId);
      if (removed !== 0) throw new NotFoundError(`record "${name}" has no strip ${stripId} in its report; reload the strip list`);
      this.db.prepare('UPDATE report_strips SET removed = 1 WHERE id = ?').run(stripId);
      return this.stripAction(recordId, 'strip-remove', reviewer, stripId);
    });
  }

  /** The action and audit row of a strip added or removed (the strip row is already written). */
  private stripAction(recordId: number, kind: 'strip-add' | 'strip-remove', reviewer: string, stripId: number): ReviewAction {
    const action = this.beginAction(recordId, null, kind, reviewer, true, null, null, null, 1);
    this.db.prepare('UPDATE review_actions SET strip_id = ? WHERE id = ?').run(stripId, action.actionId);
    this.auditStrip(recordId, action, stripId);
    this.moveToInReview(recordId, action, reviewer);
    return action;
  }

  /** The audit row of a strip's presence as it now is: `strip-added` when present, `strip-removed` when removed. */
  private auditStrip(recordId: number, action: ReviewAction, stripId: number): void {
    const row = this.db.prepare('SELECT start_sample, removed FROM report_strips WHERE id = ?').get(stripId) as Row;
    const present = row.removed === 0;
    this.db
      .prepare(
        'INSERT INTO label_events (record_id, sample, kind, reviewer, at, old_value, new_value, action_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        recordId,
        row.start_sample,
        present ? 'strip-added' : 'strip-removed',
        action.reviewer,
        action.at,
        present ? 'not in report' : `strip ${stripId} in report`,
        present ? `strip ${stripId} in report` : 'not in report',
        action.actionId,
      );
  }

  /**
   * Overrides the record-level rhythm call (null withdraws the override), as one action.
   * @throws ConflictError when the case is signed
   */
  setRecordCall(recordId: number, label: RhythmLabel | null, reviewer: string): ReviewAction {
    return this.store.write(() => {
      const analysisId = this.shownAnalysis(recordId);
      const old = this.store.reviewRow(recordId).recordCallOverride;
      const action = this.beginAction(recordId, analysisId, 'record-call', reviewer, true, null, old, label, 1);
      this.writeRecordCall(recordId, action, old, label);
      return action;
    });
  }

  private writeRecordCall(recordId: number, action: ReviewAction, from: string | null, to: string | null): void {
    this.db.prepare('UPDATE reviews SET record_call_override = ? WHERE record_id = ?').run(to, recordId);
    this.audit(recordId, action, { kind: 'record-call', oldValue: from ?? 'model', newValue: to ?? 'model' });
  }

  /**
   * Sets a case's review status ('open', 'in_review' or 'reviewed'), audited, not undoable.
   * @throws ReviewRuleError for 'signed' (use {@link sign}); ConflictError when the case is signed
   */
  setStatus(recordId: number, status: ReviewStatus, reviewer: string): { event: LabelEvent; action: ReviewAction } {
    if (status === 'signed') throw new ReviewRuleError(`record ${recordId}: a case is signed with review:sign by a physician profile`);
    return this.store.write(() => {
      this.refuseIfSigned(recordId);
      const old = this.store.review(recordId).status;
      const action = this.beginAction(recordId, null, 'status', reviewer, false, null, old, status, 1);
      const event = this.writeStatus(recordId, action, old, status, reviewer);
      return { event, action };
    });
  }

  /**
   * Signs a reviewed case: records who and when; every edit is refused until {@link reopen}.
   * @throws ReviewRuleError when `reviewer` is not a physician profile; ConflictError when the case is not 'reviewed'
   */
  sign(recordId: number, reviewer: string): { signedBy: string; signedAt: string; action: ReviewAction } {
    return this.store.write(() => {
      const profile = this.reviewerByName(reviewer);
      if (!profile) throw new ReviewRuleError(`"${reviewer}" is not a reviewer profile; create a physician profile to sign`);
      if (profile.role !== 'physician')
        throw new ReviewRuleError(`"${profile.name}" is a ${profile.role}; only a physician profile can sign a case`);
      this.refuseIfSigned(recordId);
      const old = this.store.review(recordId).status;
      const { name } = this.store.getRecord(recordId);
      if (old !== 'reviewed') throw new ConflictError(`record "${name}" is ${old}; mark it reviewed before signing`);
      const action = this.beginAction(recordId, null, 'sign', profile.name, false, null, old, 'signed', 1);
      this.writeStatus(recordId, action, old, 'signed', profile.name);
      this.db.prepare('UPDATE reviews SET signed_by = ?, signed_at = ? WHERE record_id = ?').run(profile.name, action.at, recordId);
      return { signedBy: profile.name, signedAt: action.at, action };
    });
  }

  /**
   * Reopens a signed case (back to in_review), audited.
   * @throws ConflictError when the case is not signed
   */
  reopen(recordId: number, reviewer: string): ReviewAction {
    return this.store.write(() => {
      const { name } = this.store.getRecord(recordId);
      const old = this.store.review(recordId).status;
      if (old !== 'signed') throw new ConflictError(`record "${name}" is ${old}, not signed; there is nothing to reopen`);
      const action = this.beginAction(recordId, null, 'reopen', reviewer, false, null, old, 'in_review', 1);
      this.writeStatus(recordId, action, old, 'in_review', reviewer);
      this.db.prepare('UPDATE reviews SET signed_by = NULL, signed_at = NULL WHERE record_id = ?').run(recordId);
      return action;
    });
  }

  /**
   * Undoes the record's latest undoable action ('done'), as one new action.
   * @returns the undo action, or null when there is nothing to undo
   * @throws ConflictError when the case is signed, or the action was made on an analysis since replaced
   */
  undo(recordId: number, reviewer: string): ReviewAction | null {
    return this.replay(recordId, reviewer, 'undo');
  }

  /**
   * Redoes the record's most recently undone action, as one new action.
   * @returns the redo action, or null when there is nothing to redo
   * @throws as {@link undo}
   */
  redo(recordId: number, reviewer: string): ReviewAction | null {
    return this.replay(recordId, reviewer, 'redo');
  }

  /** @returns the record's action log, oldest first */
  actions(recordId: number): ReviewAction[] {
    this.store.getRecord(recordId);
    const rows = this.db.prepare('SELECT * FROM review_actions WHERE record_id = ? ORDER BY id').all(recordId) as Row[];
    return rows.map(actionFromRow);
  }

  /** @returns the id of the record's latest review action (0 when none): it changes with every edit, undo and redo */
  lastActionId(recordId: number): number {
    return this.db.prepare('SELECT COALESCE(MAX(id), 0) FROM review_actions WHERE record_id = ?').pluck().get(recordId) as number;
  }

  /** @returns the kind of a review action @throws NotFoundError when it does not exist */
  actionKind(actionId: number): ReviewAction['kind'] {
    const kind = this.db.prepare('SELECT kind FROM review_actions WHERE id = ?').pluck().get(actionId) as ReviewAction['kind'] | undefined;
    if (kind === undefined) throw new NotFoundError(`review action ${actionId} does not exist`);
    return kind;
  }

  /** @returns whether an action changed a beat's label or presence (an artefact flag, an episode or a status does not) */
  regroupsBeats(actionId: number): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM action_beats WHERE action_id = ? AND (old_label <> new_label OR old_deleted <> new_deleted) LIMIT 1')
        .get(actionId) !== undefined
    );
  }

  private replay(recordId: number, reviewer: string, kind: 'undo' | 'redo'): ReviewAction | null {
    return this.store.write(() => {
      this.refuseIfSigned(recordId);
      const target = (
        kind === 'undo'
          ? this.db.prepare(`SELECT * FROM review_actions WHERE record_id = ? AND state = 'done' AND undoable = 1 ORDER BY id DESC LIMIT 1`)
          : this.db.prepare(`SELECT * FROM review_actions WHERE record_id = ? AND state = 'undone' ORDER BY id LIMIT 1`)
      ).get(recordId) as Row | undefined;
      if (!target) return null;
      const targetId = target.id as number;
      const analysisId = this.store.latestAnalysis(recordId, 'done')?.analysisId;
      const stripId = target.strip_id as number | null;
      if (stripId === null && target.analysis_id !== analysisId) {
        throw new ConflictError(
          `record "${this.store.getRecord(recordId).name}" was re-analysed after action ${targetId} (${String(target.kind)}); it cannot be ${kind === 'undo' ? 'undone' : 'redone'}`,
        );
      }
      const side: Side = kind === 'undo' ? 'old' : 'new';
      const action = this.beginAction(recordId, analysisId, kind, reviewer, false, targetId, null, null, target.changed_rows as number);
      if (stripId !== null) {
        const present = (target.kind === 'strip-add') === (kind === 'redo');
        this.db.prepare('UPDATE report_strips SET removed = ? WHERE id = ?').run(present ? 0 : 1, stripId);
        this.auditStrip(recordId, action, stripId);
      } else if (target.kind === 'record-call') {
        const [from, to] = kind === 'undo' ? [target.new_value, target.old_value] : [target.old_value, target.new_value];
        this.writeRecordCall(recordId, action, from as string | null, to as string | null);
      } else {
        this.applyBeats(recordId, targetId, action, side, side === 'new' && target.kind === 'relabel');
        this.applyEpisodes(recordId, targetId, action, side);
        if (analysisId !== undefined) this.updateAggregates(analysisId, targetId, side);
      }
      this.db.prepare('UPDATE review_actions SET state = ? WHERE id = ?').run(kind === 'undo' ? 'undone' : 'done', targetId);
      // What a replay changes can be less than its target did (undoing a confirmation of a human label changes nothing).
      const changedRows = this.db.prepare('SELECT COUNT(*) FROM label_events WHERE action_id = ?').pluck().get(action.actionId) as number;
      this.db.prepare('UPDATE review_actions SET changed_rows = ? WHERE id = ?').run(changedRows, action.actionId);
      this.moveToInReview(recordId, action, reviewer);
      return { ...action, changedRows };
    });
  }

  /** One beat action: checks, snapshot rows, audit rows, the change, status move. */
  private beatAction(
    recordId: number,
    kind: ReviewAction['kind'],
    reviewer: string,
    beatIds: readonly number[],
    change: BeatChange,
  ): ReviewAction {
    return this.store.write(() => {
      const analysisId = this.shownAnalysis(recordId);
      const ids = JSON.stringify(beatIds);
      const found = this.db
        .prepare(
          `SELECT COUNT(*) AS n, SUM(analysis_id <> ?) AS other, SUM(deleted) AS gone, MIN(id) AS first FROM beats
           WHERE id IN (SELECT value FROM json_each(?))`,
        )
        .get(analysisId, ids) as { n: number; other: number | null; gone: number | null };
      const unique = new Set(beatIds).size;
      if (found.n < unique) throw new NotFoundError(`${unique - found.n} of the ${unique} beats named do not exist`);
      const { name } = this.store.getRecord(recordId);
      if ((found.other ?? 0) > 0) {
        throw new ConflictError(
          `${found.other} of the beats named belong to another record or to an earlier analysis of record "${name}": ` +
            'this record was re-analysed; reload it and relabel the beat again',
        );
      }
      if (kind !== 'insert-beat' && (found.gone ?? 0) > 0)
        throw new ConflictError(`${found.gone} of the beats named were deleted from record "${name}"`);
      const action = this.beginAction(recordId, analysisId, kind, reviewer, true, null, null, null, unique);
      this.db
        .prepare(
          `INSERT INTO action_beats (action_id, beat_id, old_label, new_label, old_source, new_source,
             old_artefact, new_artefact, old_deleted, new_deleted)
           SELECT ?, id, label, COALESCE(?, label), source, CASE WHEN ? THEN 'human' ELSE source END,
             artefact, COALESCE(?, artefact), deleted, COALESCE(?, deleted)
           FROM beats WHERE id IN (SELECT value FROM json_each(?))`,
        )
        .run(
          action.actionId,
          change.label ?? null,
          change.label !== undefined ? 1 : 0,
          change.artefact ?? null,
          change.deleted ?? null,
          ids,
        );
      this.applyBeats(recordId, action.actionId, action, 'new', kind === 'relabel');
      this.updateAggregates(analysisId, action.actionId, 'new');
      this.moveToInReview(recordId, action, reviewer);
      return action;
    });
  }

  /**
   * Writes one side of an action's beat snapshot back onto the beats, with
   * the audit rows of what changed (one set-based statement each).
   * @param confirmations - write `beat-confirmed` rows for beats whose state does not change (a relabel)
   */
  private applyBeats(recordId: number, snapshotId: number, action: ReviewAction, to: Side, confirmations = false): void {
    const from: Side = to === 'new' ? 'old' : 'new';
    const audit = (kind: LabelEvent['kind'], oldValue: string, newValue: string, where: string): void =>
      this.auditSnapshot(SNAPSHOT_TARGETS.beats, recordId, snapshotId, action, { kind, oldValue, newValue, where });
    const presence = (side: Side): string => `CASE WHEN s.${side}_deleted = 1 THEN 'absent' ELSE s.${side}_label END`;
    const cleanliness = (side: Side): string => `CASE WHEN s.${side}_artefact = 1 THEN 'artefact' ELSE 'clean' END`;
    audit('beat-deleted', presence(from), presence(to), `s.${from}_deleted = 0 AND s.${to}_deleted = 1`);
    audit('beat-inserted', presence(from), presence(to), `s.${from}_deleted = 1 AND s.${to}_deleted = 0`);
    audit('beat-label', `s.${from}_label`, `s.${to}_label`, `s.${from}_label <> s.${to}_label AND s.${to}_deleted = 0`);
    audit('beat-artefact', cleanliness(from), cleanliness(to), `s.${from}_artefact <> s.${to}_artefact`);
    const unchanged = `s.old_label = s.new_label AND s.old_artefact = s.new_artefact AND s.old_deleted = s.new_deleted`;
    if (confirmations) audit('beat-confirmed', 'NULL', `s.${to}_label`, unchanged);
    else if (to === 'old') audit('beat-confirmed', `s.old_label`, `'unconfirmed'`, `${unchanged} AND s.old_source <> s.new_source`);
    this.db
      .prepare(
        `UPDATE beats SET label = s.${to}_label, source = s.${to}_source, artefact = s.${to}_artefact, deleted = s.${to}_deleted
         FROM action_beats s WHERE s.action_id = ? AND beats.id = s.beat_id`,
      )
      .run(snapshotId);
  }

  /** Updates the analysis's minute aggregates for the beats of an action's snapshot just written back to side `to`. */
  private updateAggregates(analysisId: number, snapshotId: number, to: Side): void {
    const from: Side = to === 'new' ? 'old' : 'new';
    // rows as arrays (raw): a template relabel reads 10,000 of them inside the write
    const rows = this.db
      .prepare(
        `SELECT b.sample, s.${from}_label, s.${from}_artefact, s.${from}_deleted, s.${to}_label, s.${to}_artefact, s.${to}_deleted
         FROM action_beats s JOIN beats b ON b.id = s.beat_id
         WHERE s.action_id = ? AND (s.old_label <> s.new_label OR s.old_artefact <> s.new_artefact OR s.old_deleted <> s.new_deleted)`,
      )
      .raw()
      .all(snapshotId) as [number, AamiClass, number, number, AamiClass, number, number][];
    const state = (label: AamiClass, artefact: number, deleted: number): BeatAggregateState => ({
      label,
      artefact: artefact === 1,
      deleted: deleted === 1,
    });
    this.store.updateMinuteStats(
      analysisId,
      rows.map(([sample, fromLabel, fromArtefact, fromDeleted, toLabel, toArtefact, toDeleted]) => ({
        sample,
        from: state(fromLabel, fromArtefact, fromDeleted),
        to: state(toLabel, toArtefact, toDeleted),
      })),
    );
  }

  /** One episode action: checks, snapshot row, audit rows, the change, status move. */
  private episodeAction(
    recordId: number,
    kind: ReviewAction['kind'],
    reviewer: string,
    episodeId: number,
    change: EpisodeChange,
  ): ReviewAction {
    return this.store.write(() => {
      const analysisId = this.shownAnalysis(recordId);
      const row = this.db.prepare('SELECT analysis_id, deleted FROM rhythm_episodes WHERE id = ?').get(episodeId) as Row | undefined;
      const { name } = this.store.getRecord(recordId);
      if (!row || row.analysis_id !== analysisId || (row.deleted === 1 && kind !== 'episode-add')) {
        throw new NotFoundError(`episode ${episodeId} is not one of the episodes record "${name}" shows; reload the episode list`);
      }
      const action = this.beginAction(recordId, analysisId, kind, reviewer, true, null, null, null, 1);
      this.db
        .prepare(
          `INSERT INTO action_episodes (action_id, episode_id, old_label, new_label, old_accepted, new_accepted, old_deleted, new_deleted)
           SELECT ?, id, label, COALESCE(?, label), accepted, COALESCE(?, accepted), deleted, COALESCE(?, deleted)
           FROM rhythm_episodes WHERE id = ?`,
        )
        .run(action.actionId, change.label ?? null, change.accepted ?? null, change.deleted ?? null, episodeId);
      this.applyEpisodes(recordId, action.actionId, action, 'new');
      this.moveToInReview(recordId, action, reviewer);
      return action;
    });
  }

  /**
   * Writes one audit row per snapshot row matching `where` (one set-based statement); the SQL
   * expressions see the snapshot as `s` and the beat or episode as the target's alias.
   */
  private auditSnapshot(
    target: SnapshotTarget,
    recordId: number,
    snapshotId: number,
    action: ReviewAction,
    row: { kind: LabelEvent['kind']; oldValue: string; newValue: string; where: string },
  ): void {
    const { column, snapshot, table, alias, sample } = target;
    this.db
      .prepare(
        `INSERT INTO label_events (record_id, ${column}, sample, kind, reviewer, at, old_value, new_value, action_id)
         SELECT ?, ${alias}.id, ${alias}.${sample}, ?, ?, ?, ${row.oldValue}, ${row.newValue}, ?
         FROM ${snapshot} s JOIN ${table} ${alias} ON ${alias}.id = s.${column} WHERE s.action_id = ? AND ${row.where}`,
      )
      .run(recordId, row.kind, action.reviewer, action.at, action.actionId, snapshotId);
  }

  /** Writes one side of an action's episode snapshot back, with its audit rows. */
  private applyEpisodes(recordId: number, snapshotId: number, action: ReviewAction, to: Side): void {
    const from: Side = to === 'new' ? 'old' : 'new';
    const audit = (kind: LabelEvent['kind'], oldValue: string, newValue: string, where: string): void =>
      this.auditSnapshot(SNAPSHOT_TARGETS.episodes, recordId, snapshotId, action, { kind, oldValue, newValue, where });
    const presence = (side: Side): string =>
      `CASE WHEN s.${side}_deleted = 1 THEN 'absent' ELSE s.${side}_label || ' [' || e.onset_sample || ', ' || e.end_sample || ')' END`;
    const acceptance = (side: Side): string => `CASE WHEN s.${side}_accepted = 1 THEN 'accepted' ELSE 'unaccepted' END`;
    audit('episode-deleted', presence(from), presence(to), `s.${from}_deleted = 0 AND s.${to}_deleted = 1`);
    audit('episode-added', presence(from), presence(to), `s.${from}_deleted = 1 AND s.${to}_deleted = 0`);
    audit('episode-label', `s.${from}_label`, `s.${to}_label`, `s.${from}_label <> s.${to}_label`);
    audit('episode-accepted', acceptance(from), acceptance(to), `s.${from}_accepted <> s.${to}_accepted AND s.old_deleted = s.new_deleted`);
    this.db
      .prepare(
        `UPDATE rhythm_episodes SET label = s.${to}_label, accepted = s.${to}_accepted, deleted = s.${to}_deleted
         FROM action_episodes s WHERE s.action_id = ? AND rhythm_episodes.id = s.episode_id`,
      )
      .run(snapshotId);
  }

  /** The shown analysis of an editable case. @throws ConflictError when signed or not analysed */
  private shownAnalysis(recordId: number): number {
    this.refuseIfSigned(recordId);
    const analysis = this.store.latestAnalysis(recordId, 'done');
    if (!analysis) throw new ConflictError(`record "${this.store.getRecord(recordId).name}" has no finished analysis to edit`);
    return analysis.analysisId;
  }

  private refuseIfSigned(recordId: number): void {
    const review = this.store.reviewRow(recordId);
    if (review.status === 'signed') {
      throw new ConflictError(
        `record "${this.store.getRecord(recordId).name}" is signed by ${String(review.signedBy)} at ${String(review.signedAt)}; ` +
          'reopen the case to edit it',
      );
    }
  }

  /** An edit on an open or reviewed case moves it to in_review, audited with the action. */
  private moveToInReview(recordId: number, action: ReviewAction, reviewer: string): void {
    const old = this.store.review(recordId).status;
    if (old === 'open' || old === 'reviewed') this.writeStatus(recordId, action, old, 'in_review', reviewer);
  }

  private writeStatus(recordId: number, action: ReviewAction, old: ReviewStatus, status: ReviewStatus, reviewer: string): LabelEvent {
    this.db
      .prepare('UPDATE reviews SET status = ?, reviewer = ?, updated_at = ? WHERE record_id = ?')
      .run(status, reviewer, action.at, recordId);
    return this.audit(recordId, action, { kind: 'review-status', oldValue: old, newValue: status });
  }

  private audit(
    recordId: number,
    action: ReviewAction,
    row: { kind: LabelEvent['kind']; oldValue: string | null; newValue: string },
  ): LabelEvent {
    const info = this.db
      .prepare('INSERT INTO label_events (record_id, kind, reviewer, at, old_value, new_value, action_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(recordId, row.kind, action.reviewer, action.at, row.oldValue, row.newValue, action.actionId);
    return eventFromRow(this.db.prepare('SELECT * FROM label_events WHERE id = ?').get(Number(info.lastInsertRowid)) as Row);
  }

  private beginAction(
    recordId: number,
    analysisId: number | null | undefined,
    kind: ReviewAction['kind'],
    reviewer: string,
    undoable: boolean,
    targetActionId: number | null,
    oldValue: string | null,
    newValue: string | null,
    changedRows: number,
  ): ReviewAction {
    if (undoable) this.db.prepare(`UPDATE review_actions SET state = 'discarded' WHERE record_id = ? AND state = 'undone'`).run(recordId);
    const info = this.db
      .prepare(
        `INSERT INTO review_actions (record_id, analysis_id, kind, reviewer, at, state, undoable, target_action_id, old_value, new_value, changed_rows)
         VALUES (?, ?, ?, ?, ?, 'done', ?, ?, ?, ?, ?)`,
      )
      .run(recordId, analysisId ?? null, kind, reviewer, nowIso(), undoable ? 1 : 0, targetActionId, oldValue, newValue, changedRows);
    return actionFromRow(this.db.prepare('SELECT * FROM review_actions WHERE id = ?').get(Number(info.lastInsertRowid)) as Row);
  }

  /** @returns the record a beat belongs to @throws NotFoundError when the beat does not exist */
  recordOfBeat(beatId: number): number {
    const recordId = this.db
      .prepare('SELECT a.record_id FROM beats b JOIN analyses a ON a.id = b.analysis_id WHERE b.id = ?')
      .pluck()
      .get(beatId) as number | undefined;
    if (recordId === undefined) throw new NotFoundError(`beat ${beatId} does not exist`);
    return recordId;
  }
}

function actionFromRow(row: Row): ReviewAction {
  return {
    actionId: row.id as number,
    recordId: row.record_id as number,
    kind: row.kind as ReviewAction['kind'],
    reviewer: row.reviewer as string,
    at: row.at as string,
    state: row.state as ReviewAction['state'],
    undoable: row.undoable === 1,
    targetActionId: row.target_action_id as number | null,
    changedRows: row.changed_rows as number,
  };
}

function profileFromRow(row: Row): ReviewerProfile {
  return {
    reviewerId: row.id as number,
    name: row.name as string,
    role: row.role as ReviewerProfile['role'],
    createdAt: row.created_at as string,
  };
}

function stripFromRow(row: Row, signalNames: readonly string[]): ReportStripView {
  const lead = row.lead as number;
  return {
    stripId: row.id as number,
    recordId: row.record_id as number,
    startSample: row.start_sample as number,
    endSample: row.end_sample as number,
    lead,
    leadName: signalNames[lead] ?? `signal ${lead}`,
    note: row.note as string | null,
    addedBy: row.added_by as string,
    addedAt: row.added_at as string,
  };
}

function episodeFromRow(row: Row, fsHz: number): EpisodeView {
  const onsetSample = row.onset_sample as number;
  const endSample = row.end_sample as number;
  return {
    episodeId: row.id as number,
    label: row.label as HolterRhythm,
    onsetSample,
    endSample,
    durationS: (endSample - onsetSample) / fsHz,
    meanProbability: row.mean_probability as number,
    source: row.source as EpisodeView['source'],
    accepted: row.accepted === 1,
  };
}

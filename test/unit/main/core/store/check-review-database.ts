import type Database from 'better-sqlite3';

/**
 * Consistency problems of a review database, for the two-process and kill
 * tests (empty when it is sound):
 * - `PRAGMA integrity_check` and `foreign_key_check`;
 * - an analysis still 'running' (call after restart handling);
 * - rows left by a failed or cancelled analysis (a half-written one);
 * - done analyses of one record with different row counts (all analyses of a
 *   record use the same models, so a shorter one was half-written);
 * - a beat position whose last audit row (label, confirmation, insertion,
 *   deletion; not one an undo wrote, which may restore a model label, nor an
 *   insertion or deletion on an earlier analysis: those do not carry over) is
 *   not what the record shows, or a human label without audit row;
 * - a review status other than the last status audit row's;
 * - a review action without audit rows (half-applied).
 * @param db - an open database (read only)
 * @returns one line per problem
 */
export function checkReviewDatabase(db: Database.Database): string[] {
  const problems: string[] = [];
  const integrity = db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
  const fk = db.pragma('foreign_key_check') as unknown[];
  if (fk.length > 0) problems.push(`foreign_key_check: ${JSON.stringify(fk)}`);
  for (const row of db.prepare(`SELECT id FROM analyses WHERE state = 'running'`).all() as { id: number }[]) {
    problems.push(`analysis ${row.id} is still running`);
  }
  const leftovers = db
    .prepare(
      `SELECT a.id, (SELECT COUNT(*) FROM beats WHERE analysis_id = a.id) + (SELECT COUNT(*) FROM rhythm_windows WHERE analysis_id = a.id)
         + (SELECT COUNT(*) FROM rhythm_episodes WHERE analysis_id = a.id) AS n FROM analyses a WHERE a.state IN ('failed', 'cancelled')`,
    )
    .all() as { id: number; n: number }[];
  for (const row of leftovers) if (row.n > 0) problems.push(`failed analysis ${row.id} kept ${row.n} rows`);
  const counts = db
    .prepare(
      `SELECT a.record_id AS recordId, a.id, (SELECT COUNT(*) FROM beats WHERE analysis_id = a.id) AS beats,
         (SELECT COUNT(*) FROM rhythm_windows WHERE analysis_id = a.id) AS windows FROM analyses a WHERE a.state = 'done' ORDER BY a.id`,
    )
    .all() as { recordId: number; id: number; beats: number; windows: number }[];
  const firstOf = new Map<number, (typeof counts)[number]>();
  for (const row of counts) {
    const first = firstOf.get(row.recordId);
    if (!first) firstOf.set(row.recordId, row);
    else if (first.beats !== row.beats || first.windows !== row.windows) {
      problems.push(
        `record ${row.recordId}: analysis ${row.id} has ${row.beats} beats / ${row.windows} windows, analysis ${first.id} ${first.beats} / ${first.windows}`,
      );
    }
  }
  const shown = db
    .prepare(`SELECT record_id AS recordId, MAX(id) AS analysisId FROM analyses WHERE state = 'done' GROUP BY record_id`)
    .all() as { recordId: number; analysisId: number }[];
  // the last audit row of each beat position, unless it was written by an undo (which may restore a model label)
  const labelEvents = db.prepare(
    `SELECT e.sample, e.new_value AS label, e.kind, a.kind AS actionKind, a.analysis_id AS analysisId
     FROM label_events e LEFT JOIN review_actions a ON a.id = e.action_id
     WHERE e.record_id = ? AND e.kind IN ('beat-label', 'beat-confirmed', 'beat-inserted', 'beat-deleted') AND e.new_value <> 'unconfirmed'
     ORDER BY e.id`,
  );
  const shownBeats = db.prepare(`SELECT sample, label, source FROM beats WHERE analysis_id = ? AND deleted = 0`);
  for (const { recordId, analysisId } of shown) {
    type AuditRow = { sample: number; label: string; kind: string; actionKind: string | null; analysisId: number | null };
    const last = new Map<number, AuditRow>();
    for (const row of labelEvents.all(recordId) as AuditRow[]) last.set(row.sample, row);
    const beats = shownBeats.all(analysisId) as { sample: number; label: string; source: string }[];
    const actual = new Map(beats.map((b) => [b.sample, b.label]));
    for (const [sample, { label, kind, actionKind, analysisId: editedAnalysis }] of last) {
      if (actionKind === 'undo') continue;
      // insertions and deletions stay with their analysis; only labels carry over to a re-analysis
      if ((kind === 'beat-inserted' || kind === 'beat-deleted') && editedAnalysis !== analysisId) continue;
      const shownLabel = actual.get(sample) ?? 'absent';
      if (shownLabel !== label) problems.push(`record ${recordId} sample ${sample}: audit says ${label}, shown ${shownLabel}`);
    }
    for (const b of beats)
      if (b.source === 'human' && !last.has(b.sample))
        problems.push(`record ${recordId} sample ${b.sample}: human label without audit row`);
  }
  const statuses = db
    .prepare(
      `SELECT r.record_id AS recordId, r.status, (SELECT new_value FROM label_events WHERE record_id = r.record_id AND kind = 'review-status'
         ORDER BY id DESC LIMIT 1) AS audited FROM reviews r`,
    )
    .all() as { recordId: number; status: string; audited: string | null }[];
  for (const row of statuses) {
    const audited = row.audited ?? 'open';
    // a relabel moves an open case to in_review without a status audit row
    if (row.status !== audited && !(audited === 'open' && row.status === 'in_review')) {
      problems.push(`record ${row.recordId}: status ${row.status}, audit says ${audited}`);
    }
  }
  const bare = db
    .prepare(
      `SELECT a.id FROM review_actions a WHERE NOT EXISTS (SELECT 1 FROM label_events e WHERE e.action_id = a.id) AND a.changed_rows > 0`,
    )
    .all() as { id: number }[];
  for (const row of bare) problems.push(`review action ${row.id} has no audit rows`);
  return problems;
}

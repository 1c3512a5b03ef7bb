import type Database from 'better-sqlite3';

/**
 * Consistency problems of a review database, for the two-process and kill
 * tests (empty when it is sound):
 * - `PRAGMA integrity_check` and `foreign_key_check`;
 * - an analysis still 'running' (call after restart handling);
 * - rows left by a failed or cancelled analysis (a half-written one);
 * - done analyses of one record with different row counts (all analyses of a
 *   record use the same models, so a shorter one was half-written);
 * - a human label that is not what the record's audit trail says last for
 *   that beat position, or a beat position whose last audit row is not shown
 *   (on the analysis the record shows);
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
  const labelEvents = db.prepare(
    `SELECT sample, new_value AS label FROM label_events WHERE record_id = ? AND kind IN ('beat-label', 'beat-confirmed') ORDER BY id`,
  );
  const humans = db.prepare(`SELECT sample, label FROM beats WHERE analysis_id = ? AND source = 'human' AND deleted = 0`);
  for (const { recordId, analysisId } of shown) {
    // later audit rows of a beat position overwrite earlier ones
    const expected = new Map((labelEvents.all(recordId) as { sample: number; label: string }[]).map((r) => [r.sample, r.label]));
    const actual = new Map((humans.all(analysisId) as { sample: number; label: string }[]).map((r) => [r.sample, r.label]));
    for (const [sample, label] of expected) {
      if (actual.get(sample) !== label)
        problems.push(`record ${recordId} sample ${sample}: audit says ${label}, shown ${String(actual.get(sample))}`);
    }
    for (const sample of actual.keys())
      if (!expected.has(sample)) problems.push(`record ${recordId} sample ${sample}: human label without audit row`);
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
    .prepare(`SELECT a.id FROM review_actions a WHERE NOT EXISTS (SELECT 1 FROM label_events e WHERE e.action_id = a.id) AND a.changed_rows > 0`)
    .all() as { id: number }[];
  for (const row of bare) problems.push(`review action ${row.id} has no audit rows`);
  return problems;
}

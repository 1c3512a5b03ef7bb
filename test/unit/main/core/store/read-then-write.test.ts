/**
 * A store write that reads before it writes must hold the write lock from its
 * first statement (BEGIN IMMEDIATE). In a deferred transaction SQLite cannot
 * upgrade a read snapshot that another connection has committed past: the
 * write fails at once with SQLITE_BUSY ("database is locked"), without waiting
 * the busy timeout. That is how an import job lost its content-hash step to an
 * analysis a worker thread was storing (issue 14, CLI corpus run).
 *
 * Each case makes another connection try to commit right after the method's
 * first read, inside the method: with an immediate transaction that commit is
 * refused (the other connection has no busy timeout) and the method succeeds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logExport } from '../../../../../src/main/core/store/export-log';
import { JobStore } from '../../../../../src/main/core/store/job-store';
import { PENDING_HASH_PREFIX, ReviewStore } from '../../../../../src/main/core/store/review-store';
import { RECORD } from './store-fixtures';

/** What the other connection's attempt did. */
interface Interleave {
  tried: number;
  committed: number;
}

/**
 * Makes `other` try one commit right after the first row-returning read `db` runs from now on.
 * @returns the counts, filled in as it happens
 */
function commitAfterFirstRead(db: Database.Database, other: Database.Database): Interleave {
  const seen: Interleave = { tried: 0, committed: 0 };
  const prepare = db.prepare.bind(db);
  const interleave = (): void => {
    if (seen.tried > 0) return;
    seen.tried++;
    try {
      other.prepare('UPDATE records SET name = name WHERE id = (SELECT MIN(id) FROM records)').run();
      seen.committed++;
    } catch {
      // refused: the method holds the write lock
    }
  };
  db.prepare = ((source: string) => {
    const statement = prepare(source);
    for (const method of ['get', 'all'] as const) {
      const read = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      Object.defineProperty(statement, method, {
        value: (...args: unknown[]) => {
          const rows = read(...args);
          interleave();
          return rows;
        },
      });
    }
    return statement;
  }) as typeof db.prepare;
  return seen;
}

describe('store writes that read first', () => {
  let dir: string;
  let store: ReviewStore;
  let other: Database.Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'read-then-write-'));
    store = new ReviewStore(join(dir, 'db.sqlite'));
    other = new Database(store.path, { timeout: 0 });
  });
  afterEach(() => {
    other.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const { contentSha256: _, ...pendingRecord } = RECORD;

  it('settleContentHash of a new recording keeps the write lock from its first read', () => {
    const recordId = store.addPendingRecord(pendingRecord);
    const seen = commitAfterFirstRead(store.db, other);
    expect(store.settleContentHash(recordId, 'cd'.repeat(32))).toEqual({ recordId, alreadyKnown: false });
    expect(seen).toEqual({ tried: 1, committed: 0 });
    expect(store.getRecord(recordId).contentSha256).toBe('cd'.repeat(32));
  });

  it('settleContentHash of a recording imported before merges it while holding the lock', () => {
    const known = store.upsertRecord({ ...RECORD, path: '/data/first/208.hea' }).recordId;
    const pending = store.addPendingRecord({ ...pendingRecord, path: '/data/second/208.hea' });
    expect(store.getRecord(pending).contentSha256.startsWith(PENDING_HASH_PREFIX)).toBe(true);
    const seen = commitAfterFirstRead(store.db, other);
    expect(store.settleContentHash(pending, RECORD.contentSha256)).toEqual({ recordId: known, alreadyKnown: true });
    expect(seen).toEqual({ tried: 1, committed: 0 });
    expect(store.getRecord(known).path).toBe('/data/second/208.hea');
  });

  it('upsertRecord of a known recording keeps the lock from its first read', () => {
    const recordId = store.upsertRecord(RECORD).recordId;
    const seen = commitAfterFirstRead(store.db, other);
    expect(store.upsertRecord({ ...RECORD, path: '/elsewhere/208.hea' })).toEqual({ recordId, alreadyKnown: true });
    expect(seen).toEqual({ tried: 1, committed: 0 });
  });

  it('adopting orphaned jobs keeps the lock from its first read', () => {
    const recordId = store.upsertRecord(RECORD).recordId;
    const jobs = new JobStore(store.db);
    jobs.add('job-1', recordId, { kind: 'analysis', force: false });
    store.db.prepare("UPDATE jobs SET owner_pid = NULL, owner_host = NULL, owner_token = NULL WHERE id = 'job-1'").run();
    const seen = commitAfterFirstRead(store.db, other);
    expect(jobs.adoptOrphans().map((j) => j.jobId)).toEqual(['job-1']);
    expect(seen).toEqual({ tried: 1, committed: 0 });
  });

  it('logging an export keeps the lock from its first read', () => {
    const recordId = store.upsertRecord(RECORD).recordId;
    const seen = commitAfterFirstRead(store.db, other);
    const event = logExport(store, {
      recordId,
      format: 'beats-csv',
      reviewer: 'tech',
      fileName: '208.csv',
      bytes: new Uint8Array([1, 2, 3]),
      details: { analysisId: 1, models: [], reviewStatus: 'unreviewed' },
    });
    expect(event.recordId).toBe(recordId);
    expect(seen).toEqual({ tried: 1, committed: 0 });
  });
});

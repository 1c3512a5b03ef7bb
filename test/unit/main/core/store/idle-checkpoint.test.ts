/**
 * The store checkpoints its WAL when idle, not in a commit (IdleCheckpoint). What a checkpoint did is seen in the
 * database file alone: a copy of it without its -wal file holds a committed row only once the row was checkpointed.
 * Timers are Vitest's fake ones, so no test waits for real time.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IDLE_CHECKPOINT_CONFIG } from '../../../../../src/main/core/store/idle-checkpoint';
import { ReviewStore } from '../../../../../src/main/core/store/review-store';

const { idleMs, maxDeferMs } = IDLE_CHECKPOINT_CONFIG;

describe('ReviewStore WAL checkpoints', () => {
  let dir: string;
  let store: ReviewStore;

  beforeEach(() => {
    vi.useFakeTimers();
    dir = mkdtempSync(join(tmpdir(), 'idle-checkpoint-'));
    store = new ReviewStore(join(dir, 'review.sqlite'));
    // the migrations' commits are checkpointed first
    vi.advanceTimersByTime(maxDeferMs);
  });

  afterEach(() => {
    store.close();
    vi.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The reviewer names in the database file alone (a copy of it without the WAL). */
  function namesInDatabaseFile(): string[] {
    const copy = join(dir, `file-only-${Date.now()}-${Math.random()}.sqlite`);
    copyFileSync(store.path, copy);
    const db = new Database(copy, { readonly: true });
    try {
      return db.prepare('SELECT name FROM reviewers ORDER BY name').pluck().all() as string[];
    } finally {
      db.close();
    }
  }

  const addReviewer = (name: string): void =>
    void store.write(() => store.db.prepare(`INSERT INTO reviewers (name, role, created_at) VALUES (?, 'technician', 'now')`).run(name));

  it('leaves a commit in the WAL, and checkpoints it once the store has been idle for idleMs', () => {
    addReviewer('ada');
    expect(store.db.prepare('SELECT COUNT(*) FROM reviewers').pluck().get()).toBe(1);
    expect(namesInDatabaseFile()).toEqual([]);
    vi.advanceTimersByTime(idleMs - 1);
    expect(namesInDatabaseFile()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(namesInDatabaseFile()).toEqual(['ada']);
  });

  it('checkpoints a store that never idles maxDeferMs after its first pending commit', () => {
    const stepMs = Math.floor(idleMs / 2);
    let n = 0;
    for (let elapsed = 0; elapsed + stepMs < maxDeferMs; elapsed += stepMs) {
      addReviewer(`r${String(n++).padStart(3, '0')}`);
      vi.advanceTimersByTime(stepMs);
    }
    expect(namesInDatabaseFile()).toEqual([]);
    vi.advanceTimersByTime(maxDeferMs);
    expect(namesInDatabaseFile()).toHaveLength(n);
  });

  it('checkpoints once per write burst, with nested writes counted as one commit', () => {
    store.write(() => {
      addReviewer('outer');
      store.write(() => addReviewer('inner'));
    });
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(idleMs);
    expect(namesInDatabaseFile()).toEqual(['inner', 'outer']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('drops a pending checkpoint when the store closes (closing checkpoints the WAL itself)', () => {
    addReviewer('bo');
    store.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(namesInDatabaseFile()).toEqual(['bo']);
    store = new ReviewStore(store.path);
  });
});

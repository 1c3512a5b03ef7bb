import type Database from 'better-sqlite3';

/** When {@link IdleCheckpoint} copies the write-ahead log into the database. */
export interface IdleCheckpointConfig {
  /** Checkpoint once no transaction has committed for this long, in ms. */
  idleMs: number;
  /** ... or at the latest this long after the first commit not yet checkpointed (a connection that never idles), in ms. */
  maxDeferMs: number;
  /**
   * SQLite's own automatic checkpoint, kept as a bound for a write burst the timers have not caught up with (and for
   * writes made outside `ReviewStore.write`), in WAL pages (SQLite's default is 1,000).
   */
  fallbackPages: number;
}

/** Defaults of {@link IdleCheckpoint}. */
export const IDLE_CHECKPOINT_CONFIG: Readonly<IdleCheckpointConfig> = Object.freeze({
  idleMs: 1_000,
  maxDeferMs: 5_000,
  fallbackPages: 10_000,
});

/**
 * Moves a WAL connection's checkpoints off its commits. SQLite checkpoints in the commit that takes the WAL past
 * `wal_autocheckpoint` pages (1,000 by default, https://www.sqlite.org/wal.html#automatic_checkpoint), so a review
 * action inherits the copying of every page written since the last one: a template relabel of 13,417 beats on the
 * 24 h record dirties about 3,000 pages and its commit took 18-27 ms with the checkpoint, 6-8 ms without (measured
 * under load 3-4 on 2 cores). Here each commit (re)arms a timer instead, and a PASSIVE checkpoint (it never waits
 * for readers or writers) runs once the connection has been idle for `idleMs`, or `maxDeferMs` after the first
 * deferred commit. Durability does not change: a committed transaction is in the WAL either way, and a process
 * killed before its checkpoint leaves a WAL that the next open replays.
 */
export class IdleCheckpoint {
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Date.now() of the first commit since the last checkpoint, or null when there is none. */
  private firstPendingMs: number | null = null;

  /**
   * @param db - an open connection in WAL mode (on another journal mode the checkpoint is a no-op)
   * @param config - see {@link IdleCheckpointConfig}
   */
  constructor(
    private readonly db: Database.Database,
    private readonly config: Readonly<IdleCheckpointConfig> = IDLE_CHECKPOINT_CONFIG,
  ) {
    db.pragma(`wal_autocheckpoint = ${config.fallbackPages}`);
  }

  /** Called after each committed transaction: (re)arms the checkpoint timer. */
  committed(): void {
    const nowMs = Date.now();
    this.firstPendingMs ??= nowMs;
    const dueMs = Math.min(nowMs + this.config.idleMs, this.firstPendingMs + this.config.maxDeferMs);
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.checkpoint(), Math.max(0, dueMs - nowMs));
    // a pending checkpoint does not keep the process alive: the WAL is replayed (or checkpointed by close) anyway
    this.timer.unref();
  }

  /** Cancels a pending checkpoint (before the connection closes; closing checkpoints). */
  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.firstPendingMs = null;
  }

  private checkpoint(): void {
    this.timer = null;
    this.firstPendingMs = null;
    if (!this.db.open) return;
    if (this.db.inTransaction) return this.committed();
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Nothing is lost: the WAL stays valid, the next commit re-arms the timer, and an I/O fault that stops the
      // checkpoint surfaces in that commit, where it reaches the caller (a timer's throw would end the process).
    }
  }
}

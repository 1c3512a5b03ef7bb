/**
 * The migration that lets model versions be rhythm models, run on a database built with every
 * earlier migration and holding a beat version fine-tuned from another (the active one) and its
 * activation audit row.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../../src/main/core/store/migrations';
import { ReviewStore } from '../../../../../src/main/core/store/review-store';

/** Index of the migration (found by what it creates, so renumbering after another one keeps the test). */
const MODEL_KINDS = MIGRATIONS.findIndex((sql) => sql.includes('model_versions_v11'));
const AT = '2026-12-01T10:00:00.000Z';
const VERSION_COLUMNS = 'parent_version, dir, data, hyper_parameters, metrics, backend, scope, created_by, created_at';
const VERSION_VALUES = `'1.0.0', '/v', '{}', '{}', '{}', '{}', 'whole-model', 'alice', '${AT}'`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'model-kind-migration-'));
  const db = new Database(join(dir, 'review.sqlite'));
  for (let v = 0; v < MODEL_KINDS; v++) {
    db.exec(MIGRATIONS[v] as string);
    db.pragma(`user_version = ${v + 1}`);
  }
  db.exec(`
    INSERT INTO model_versions (id, kind, version, parent_id, ${VERSION_COLUMNS}, active) VALUES
      (1, 'beats', '1.0.0-site.1', NULL, ${VERSION_VALUES}, 0),
      (2, 'beats', '1.0.0-site.2', 1, ${VERSION_VALUES}, 1);
    INSERT INTO model_events (id, kind, model_kind, version_id, version, reviewer, at) VALUES (5, 'activated', 'beats', 2, '1.0.0-site.2', 'alice', '${AT}');
  `);
  db.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('model kind migration', () => {
  it('keeps every version row, parent link, active flag and audit link, and admits rhythm versions', () => {
    const store = new ReviewStore(join(dir, 'review.sqlite'));
    try {
      expect(store.db.prepare('SELECT id, kind, version, parent_id, active FROM model_versions ORDER BY id').all()).toEqual([
        { id: 1, kind: 'beats', version: '1.0.0-site.1', parent_id: null, active: 0 },
        { id: 2, kind: 'beats', version: '1.0.0-site.2', parent_id: 1, active: 1 },
      ]);
      expect(store.db.pragma('foreign_key_check')).toEqual([]);
      store.db
        .prepare(
          `INSERT INTO model_versions (kind, version, parent_id, ${VERSION_COLUMNS}, active) VALUES ('rhythm', '1.1.0-site.3', NULL, ${VERSION_VALUES}, 1)`,
        )
        .run();
      expect(() =>
        store.db
          .prepare(`INSERT INTO model_versions (kind, version, parent_id, ${VERSION_COLUMNS}) VALUES ('qrs', 'q', NULL, ${VERSION_VALUES})`)
          .run(),
      ).toThrow(/CHECK/);
      // one active version per kind still: a second active beat version is refused
      expect(() => store.db.prepare('UPDATE model_versions SET active = 1 WHERE id = 1').run()).toThrow(/UNIQUE/);
      // the parent link is a live foreign key: deleting the parent nulls the child's link
      store.db.prepare('DELETE FROM model_versions WHERE id = 1').run();
      expect(store.db.prepare('SELECT parent_id FROM model_versions WHERE id = 2').pluck().get()).toBeNull();
      store.db.prepare('DELETE FROM model_versions WHERE id = 2').run();
      expect(store.db.prepare('SELECT version_id FROM model_events WHERE id = 5').pluck().get()).toBeNull();
    } finally {
      store.close();
    }
  });
});

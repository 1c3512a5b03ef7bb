import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ModelVersion, RhythmHead } from '../../../shared/api';
import { modelVersion } from '../analysis/model-version';
import { parseBeatModelMeta } from '../beats/beat-model-meta';
import { ConflictError, NotFoundError, nowIso, type ReviewStore, type Row } from '../store/review-store';
import type { FineTunedModel } from './fine-tune-beats';
import type { TrainableScope } from './fine-tune-outcome';

/** Which model a version is: the beat or the rhythm classifier. */
export type ModelKind = FineTunedModel;

/** What a finished fine-tuning run (beat or rhythm) hands over to be stored as a version. */
export interface FinishedRun {
  /** its folder (must exist, with meta.json) */
  modelDir: string;
  parentVersion: string;
  cases: unknown[];
  reviewers: string[];
  trainCounts: unknown;
  validationCounts: unknown;
  replay: unknown;
  hyperParameters: Record<string, number>;
  before: unknown;
  history: unknown[];
  seconds: number;
  backend: { name: string; package: string; tfVersion: string | null };
  scope: TrainableScope;
  /** rhythm runs: which head was trained (absent: 'single-label'); stored in the row's data */
  head?: RhythmHead;
  /** multi-label runs: the epoch whose weights were kept; stored in the row's data */
  bestEpoch?: number;
}

/** A fine-tuned model version as stored (`model_versions`). */
export interface ModelVersionRow {
  versionId: number;
  kind: ModelKind;
  version: string;
  /** the version it was fine-tuned from, null for the shipped model */
  parentId: number | null;
  parentVersion: string;
  /** its folder (model.json, weights.bin, meta.json) */
  dir: string;
  /** cases, reviewers, class counts, replay (JSON as run) */
  data: unknown;
  hyperParameters: Record<string, number>;
  /** held-out scores before and after each epoch (JSON as run) */
  metrics: unknown;
  backend: { name: string; package: string; tfVersion: string | null };
  scope: TrainableScope;
  createdBy: string;
  createdAt: string;
  active: boolean;
}

/** The beat (or rhythm) model analyses use now. */
export interface ActiveBeatModel {
  /** its folder */
  dir: string;
  /** what analyses store as their model provenance */
  model: ModelVersion;
  /** the stored row, null while the shipped model is in use */
  row: ModelVersionRow | null;
}

/** Checks that a folder holds a model of the kind with a meta.json this build can use. @throws Error naming the file otherwise */
function checkModel(kind: ModelKind, dir: string): void {
  const metaPath = join(dir, 'meta.json');
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Record<string, unknown>;
  if (kind === 'beats') parseBeatModelMeta(meta, metaPath);
  else if (typeof meta.fsHz !== 'number' || typeof meta.windowS !== 'number' || typeof meta.attention !== 'object')
    throw new Error(`${metaPath}: not a rhythm model meta.json (fsHz, windowS, attention)`);
  if (!existsSync(join(dir, 'model.json'))) throw new Error(`${join(dir, 'model.json')} is missing`);
}

function rowOf(row: Row): ModelVersionRow {
  return {
    versionId: row.id as number,
    kind: row.kind as ModelKind,
    version: row.version as string,
    parentId: row.parent_id as number | null,
    parentVersion: row.parent_version as string,
    dir: row.dir as string,
    data: JSON.parse(row.data as string) as unknown,
    hyperParameters: JSON.parse(row.hyper_parameters as string) as Record<string, number>,
    metrics: JSON.parse(row.metrics as string) as unknown,
    backend: JSON.parse(row.backend as string) as ModelVersionRow['backend'],
    scope: row.scope as TrainableScope,
    createdBy: row.created_by as string,
    createdAt: row.created_at as string,
    active: row.active === 1,
  };
}

/**
 * The beat and rhythm model versions made by retraining: their folders under `<rootDir>/beats/` and
 * `<rootDir>/rhythm/` (in the app, the user-data folder; tests use a temporary one) and their rows in
 * the review database (`model_versions`, migrations 9 and 11), which of them is active per kind
 * (none: the shipped model), and an audit row per activation and rollback (`model_events`). Every
 * write is one immediate transaction.
 */
export class ModelVersions {
  /** folder new beat versions are written to */
  readonly beatsRoot: string;
  /** folder new rhythm versions are written to */
  readonly rhythmRoot: string;

  /**
   * @param store - the review database
   * @param rootDir - the versions folder (created if missing)
   * @param shippedBeatsDir - the shipped beat model (resources/models/beats)
   * @param shippedRhythmDir - the shipped rhythm model (default: `rhythm` beside the beat model's folder)
   */
  constructor(
    private readonly store: ReviewStore,
    rootDir: string,
    readonly shippedBeatsDir: string,
    readonly shippedRhythmDir: string = join(dirname(shippedBeatsDir), 'rhythm'),
  ) {
    this.beatsRoot = join(rootDir, 'beats');
    this.rhythmRoot = join(rootDir, 'rhythm');
    mkdirSync(this.beatsRoot, { recursive: true });
    mkdirSync(this.rhythmRoot, { recursive: true });
  }

  /** The shipped model's folder of a kind. */
  shippedDir(kind: ModelKind): string {
    return kind === 'beats' ? this.shippedBeatsDir : this.shippedRhythmDir;
  }

  /**
   * Removes the temporary folders a killed fine-tuning run left (`.<name>.tmp-<uuid>`; a finished
   * run renames its folder, a cancelled or failed one removes it).
   * @returns the names removed
   */
  removeLeftovers(): string[] {
    return [this.beatsRoot, this.rhythmRoot].flatMap((root) => {
      const left = readdirSync(root).filter((name) => name.startsWith('.') && name.includes('.tmp-'));
      for (const name of left) rmSync(join(root, name), { recursive: true, force: true });
      return left;
    });
  }

  /** @returns every version (of one kind when given), oldest first */
  list(kind?: ModelKind): ModelVersionRow[] {
    return (this.store.db.prepare('SELECT * FROM model_versions ORDER BY id').all() as Row[])
      .map(rowOf)
      .filter((r) => !kind || r.kind === kind);
  }

  /**
   * @returns the version
   * @throws NotFoundError when there is no such version
   */
  get(versionId: number): ModelVersionRow {
    const row = this.store.db.prepare('SELECT * FROM model_versions WHERE id = ?').get(versionId) as Row | undefined;
    if (!row) throw new NotFoundError(`model version ${versionId} does not exist`);
    return rowOf(row);
  }

  /** The shipped model's provenance (name, version, checksums), of the beat model unless `kind` says otherwise. */
  shippedVersion(kind: ModelKind = 'beats'): ModelVersion {
    return modelVersion(this.shippedDir(kind));
  }

  /**
   * The reviewed cases a version learnt from: its own run's and its ancestors' (a version fine-tuned
   * from another inherits what that one saw), so a comparison knows which cases are held out for it.
   * @returns record ids, ascending
   * @throws NotFoundError when there is no such version
   */
  trainedOn(versionId: number): number[] {
    const seen = new Set<number>();
    for (let id: number | null = versionId; id !== null;) {
      const row = this.get(id);
      for (const c of (row.data as { cases?: { recordId: number }[] }).cases ?? []) seen.add(c.recordId);
      id = row.parentId;
    }
    return [...seen].sort((a, b) => a - b);
  }

  /** The model of a kind analyses use: the active version, else the shipped model. */
  activeModel(kind: ModelKind): ActiveBeatModel {
    const row = this.store.db.prepare(`SELECT * FROM model_versions WHERE kind = ? AND active = 1`).get(kind) as Row | undefined;
    const active = row ? rowOf(row) : null;
    const dir = active?.dir ?? this.shippedDir(kind);
    return { dir, model: modelVersion(dir), row: active };
  }

  /** The shipped multi-label rhythm model's folder (`rhythm-multilabel` beside the shipped rhythm model's). */
  get shippedMultiLabelDir(): string {
    return join(dirname(this.shippedRhythmDir), 'rhythm-multilabel');
  }

  /**
   * The model a multi-label rhythm run starts from: the active rhythm version when it is a multi-label
   * one (its row's data says `head: 'multi-label'`), else the shipped multi-label model.
   */
  multiLabelBase(): ActiveBeatModel {
    const active = this.activeModel('rhythm');
    if ((active.row?.data as { head?: string } | undefined)?.head === 'multi-label') return active;
    const dir = this.shippedMultiLabelDir;
    return { dir, model: modelVersion(dir), row: null };
  }

  /** The beat model analyses use: the active version, else the shipped model. */
  activeBeatModel(): ActiveBeatModel {
    return this.activeModel('beats');
  }

  /**
   * The name and folder of the next version of a kind, fine-tuned from its active model (or `base`).
   * @param kind - beat (default) or rhythm model
   * @param base - the model it starts from (default: the kind's active model)
   * @returns version `<parent version>-site.<n>` and its folder (not created)
   */
  nextVersion(kind: ModelKind = 'beats', base?: ActiveBeatModel): { version: string; dir: string; parentId: number | null } {
    const active = base ?? this.activeModel(kind);
    const n = (this.store.db.prepare('SELECT COALESCE(MAX(id), 0) + 1 FROM model_versions').pluck().get() as number) ?? 1;
    const stem = active.model.version.replace(/-site\.\d+$/, '');
    const version = `${stem}-site.${n}`;
    return { version, dir: join(kind === 'beats' ? this.beatsRoot : this.rhythmRoot, version), parentId: active.row?.versionId ?? null };
  }

  /**
   * Stores a finished run as a version (not active).
   * @param summary - what the run returned (its folder must exist)
   * @param version - the version string it was written with
   * @param parentId - the version it started from (null: the shipped model)
   * @param createdBy - who started it
   * @param kind - beat (default) or rhythm model
   * @returns the stored row
   * @throws ConflictError when the folder is missing or the version exists already
   */
  add(summary: FinishedRun, version: string, parentId: number | null, createdBy: string, kind: ModelKind = 'beats'): ModelVersionRow {
    if (!existsSync(join(summary.modelDir, 'meta.json'))) throw new ConflictError(`${summary.modelDir}: the new model's folder is missing`);
    return this.store.write(() => {
      if (this.store.db.prepare('SELECT 1 FROM model_versions WHERE version = ?').get(version))
        throw new ConflictError(`model version ${version} exists already`);
      const data = {
        head: summary.head ?? 'single-label',
        ...(summary.bestEpoch === undefined ? {} : { bestEpoch: summary.bestEpoch }),
        cases: summary.cases,
        reviewers: summary.reviewers,
        trainCounts: summary.trainCounts,
        validationCounts: summary.validationCounts,
        replay: summary.replay,
      };
      const info = this.store.db
        .prepare(
          `INSERT INTO model_versions (kind, version, parent_id, parent_version, dir, data, hyper_parameters, metrics, backend, scope, created_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          kind,
          version,
          parentId,
          summary.parentVersion,
          summary.modelDir,
          JSON.stringify(data),
          JSON.stringify(summary.hyperParameters),
          JSON.stringify({ before: summary.before, history: summary.history, seconds: summary.seconds }),
          JSON.stringify(summary.backend),
          summary.scope,
          createdBy,
          nowIso(),
        );
      return this.get(Number(info.lastInsertRowid));
    });
  }

  /**
   * Makes a version the one analyses use, audited.
   * @throws NotFoundError when there is no such version; ConflictError when its folder is gone or unreadable
   */
  activate(versionId: number, reviewer: string): ModelVersionRow {
    return this.store.write(() => {
      const row = this.get(versionId);
      try {
        checkModel(row.kind, row.dir);
      } catch (error) {
        throw new ConflictError(`model version ${row.version}: its folder ${row.dir} cannot be used (${(error as Error).message})`);
      }
      this.store.db.prepare(`UPDATE model_versions SET active = 0 WHERE kind = ? AND active = 1`).run(row.kind);
      this.store.db.prepare('UPDATE model_versions SET active = 1 WHERE id = ?').run(versionId);
      this.audit('activated', row.kind, versionId, row.version, reviewer);
      return this.get(versionId);
    });
  }

  /** Goes back to the shipped model of a kind (beat model by default; no version of it active), audited. */
  rollback(reviewer: string, kind: ModelKind = 'beats'): void {
    this.store.write(() => {
      this.store.db.prepare(`UPDATE model_versions SET active = 0 WHERE kind = ? AND active = 1`).run(kind);
      this.audit('rolled-back', kind, null, modelVersion(this.shippedDir(kind)).version, reviewer);
    });
  }

  /** @returns the activation and rollback audit rows, oldest first */
  events(): { kind: 'activated' | 'rolled-back'; version: string; reviewer: string; at: string }[] {
    return this.store.db.prepare('SELECT kind, version, reviewer, at FROM model_events ORDER BY id').all() as {
      kind: 'activated' | 'rolled-back';
      version: string;
      reviewer: string;
      at: string;
    }[];
  }

  private audit(kind: 'activated' | 'rolled-back', modelKind: string, versionId: number | null, version: string, reviewer: string): void {
    this.store.db
      .prepare('INSERT INTO model_events (kind, model_kind, version_id, version, reviewer, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(kind, modelKind, versionId, version, reviewer, nowIso());
  }
}

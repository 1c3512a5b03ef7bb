/**
 * The pure-noise record `em` (MIT-BIH Noise Stress Test Database, electrode motion, no ECG) analysed by the real
 * core (committed models) through the real handlers: the detector and classifier find beats in the noise (the
 * issue's defect: thousands of V beats a technician could not remove). Marking every template artefact, one
 * `templates:artefact` action each, clears it: afterwards no N, S, V or F beat is counted, the HR trend is empty and
 * the events list holds no beat finding; each action is audited beat by beat and undoable.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../../../../src/main/core/api/app-context';
import { createHandlers } from '../../../../../src/main/core/api/handlers';
import { AAMI_CLASSES } from '../../../../../src/shared/labels';
import { SHARED_DATA } from '../wfdb/wfdb-test-paths';
import { contractCaller, type ContractCall } from './contract-caller';

const EM = join(SHARED_DATA, 'nstdb', 'em.hea');
const hasEm = existsSync(EM);
if (!hasEm) console.warn(`template-artefact test skipped: ${EM} is missing (../shared/data)`);

describe.skipIf(!hasEm)('a template of noise marked artefact in one action (nstdb em)', () => {
  let dir: string;
  let ctx: AppContext;
  let recordId: number;
  let call: ContractCall;
  const reviewer = 'tech';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'template-artefact-'));
    ctx = await createAppContext({ databasePath: join(dir, 'review.sqlite'), log: () => undefined });
    call = contractCaller(createHandlers(ctx));
    recordId = (await call('cases:import', { path: EM })).imported[0]?.recordId ?? -1;
    await ctx.jobs.idle();
  }, 600_000);
  afterAll(async () => {
    await ctx?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('clears every beat of the noise from the counts, the HR trend and the events, audited, and undoes one template', async () => {
    const before = await call('record:overview', { recordId, binS: 60 });
    const counted = (c: typeof before.beatCounts): number => (c ? c.N + c.S + c.V + c.F : 0);
    // the defect: beats are counted in a record without any ECG
    expect(counted(before.beatCounts)).toBeGreaterThan(100);
    const total = Object.values(before.beatCounts ?? {}).reduce((a, b) => a + b, 0);

    const marked: { actionId: number; beats: number }[] = [];
    let firstTemplate: { templateId: number; label: string; count: number } | null = null;
    for (const label of AAMI_CLASSES) {
      // a marked template is listed after the unmarked ones, so the first page always holds one still to mark
      for (;;) {
        const list = await call('templates:list', { recordId, label, limit: 10, representatives: 0 });
        const next = list.templates.find((t) => t.artefactCount < t.count);
        if (!next) break;
        const { action } = await call('templates:artefact', { recordId, templateId: next.templateId, artefact: true, reviewer });
        expect(action).toMatchObject({ kind: 'artefact', changedRows: next.count - next.artefactCount });
        marked.push({ actionId: action.actionId, beats: action.changedRows });
        firstTemplate ??= { templateId: next.templateId, label: next.label, count: next.count };
      }
    }
    expect(marked.reduce((n, m) => n + m.beats, 0)).toBe(total);

    const after = await call('record:overview', { recordId, binS: 60 });
    expect(after.beatCounts).toEqual({ N: 0, S: 0, V: 0, F: 0, Q: 0 });
    expect(after.hrTrend.hrBpm.every((bpm) => !Number.isFinite(bpm))).toBe(true);
    expect(Array.from(after.minutes?.vCount ?? []).every((n) => n === 0)).toBe(true);
    const events = await call('record:events', { recordId });
    expect(events.filter((e) => e.kind !== 'af-episode')).toEqual([]);

    // one action per template, one artefact audit row per beat it changed
    const db = new Database(ctx.store.path, { readonly: true });
    try {
      for (const { actionId, beats } of marked) {
        const n = db.prepare(`SELECT COUNT(*) FROM label_events WHERE action_id = ? AND kind = 'beat-artefact'`).pluck().get(actionId);
        expect(n).toBe(beats);
      }
    } finally {
      db.close();
    }

    // undo the last one, then all but the first: the first template's beats count again under its label
    const undone = await call('review:undo', { recordId, reviewer });
    expect(undone).toMatchObject({ action: { targetActionId: marked.at(-1)?.actionId }, targetKind: 'artefact' });
    for (let i = marked.length - 2; i >= 1; i--) await call('review:undo', { recordId, reviewer });
    await call('review:redo', { recordId, reviewer });
    // the redo marked the second template again; undo it so that only the first stays marked
    await call('review:undo', { recordId, reviewer });
    const first = firstTemplate as { templateId: number; label: 'N' | 'S' | 'V' | 'F' | 'Q'; count: number };
    const partly = await call('record:overview', { recordId, binS: 60 });
    expect(Object.values(partly.beatCounts ?? {}).reduce((a, b) => a + b, 0)).toBe(total - first.count);
    const list = await call('templates:list', { recordId, label: first.label, limit: 500, representatives: 0 });
    const shown = list.templates.find((t) => t.templateId === first.templateId);
    expect(shown?.artefactCount).toBe(first.count);
    expect(list.templates.filter((t) => t.templateId !== first.templateId).every((t) => t.artefactCount === 0)).toBe(true);
    // the marked template is listed last
    expect(list.templates.at(-1)?.templateId).toBe(first.templateId);
  });
});

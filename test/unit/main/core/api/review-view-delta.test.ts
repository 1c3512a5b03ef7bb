/**
 * The bulk beat edits' replies, and a single beat's relabel's, carry what they changed in the record screen's views (`views`, a ReviewViewDelta),
 * so that the screen patches the overview, the audit trail and the templates list instead of reloading them. On a
 * real record (mitdb 208, analysed by the real core with the committed models, through the real handlers), after
 * each of a seeded random series of template relabels, template artefact marks, undos and redos, the views patched
 * from the deltas with the renderer's own functions equal full reloads: `record:overview`, `review:events` and
 * `templates:list` of every class; the strip a bulk edit names (a 10 s span around a beat of the edited template, or
 * the last one for an undo or redo) equals its `record:window` reply less the samples; and the events list rebuilt
 * from `record:eventsSince` deltas equals `record:events`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../../src/main/core/ml/seeded-random';
import { createAppContext, type AppContext } from '../../../../../src/main/core/api/app-context';
import { createHandlers } from '../../../../../src/main/core/api/handlers';
import { overviewAfterDelta } from '../../../../../src/renderer/src/lib/overview-after-delta';
import { templatesAfterDelta } from '../../../../../src/renderer/src/lib/templates-after-delta';
import { applyListDelta } from '../../../../../src/shared/list-delta';
import {
  VIEW_DELTA_AUDIT_ROWS,
  type RecordOverview,
  type Results,
  type ReviewViewDelta,
  type TemplateView,
} from '../../../../../src/shared/api';
import { AAMI_CLASSES, type AamiClass } from '../../../../../src/shared/labels';
import { SHARED_DATA } from '../wfdb/wfdb-test-paths';
import { contractCaller, type ContractCall } from './contract-caller';

const RECORD = join(SHARED_DATA, 'mitdb', '208.hea');
const hasRecord = existsSync(RECORD);
if (!hasRecord) console.warn(`review-view-delta test skipped: ${RECORD} is missing (../shared/data)`);

const EDITS = 24;
const LIMIT = 30;
const REPRESENTATIVES = 6;
const BIN_S = 60;
/** The strip span the bulk edits name, in samples (10 s at 360 Hz). */
const STRIP_SAMPLES = 3_600;

describe.skipIf(!hasRecord)('the views patched from bulk edits’ deltas equal full reloads (mitdb 208)', () => {
  let dir: string;
  let ctx: AppContext;
  let recordId: number;
  let call: ContractCall;
  const reviewer = 'tech';

  const listOf = (label: AamiClass) => call('templates:list', { recordId, label, limit: LIMIT, representatives: REPRESENTATIVES });
  const audit = () => call('review:events', { recordId, limit: VIEW_DELTA_AUDIT_ROWS });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'review-view-delta-'));
    ctx = await createAppContext({ databasePath: join(dir, 'review.sqlite'), log: () => undefined });
    call = contractCaller(createHandlers(ctx));
    recordId = (await call('cases:import', { path: RECORD })).imported[0]?.recordId ?? -1;
    await ctx.jobs.idle();
  }, 600_000);
  afterAll(async () => {
    await ctx?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('patches overview, audit trail, every class’s templates and the events list exactly after random edits, undos and redos', async () => {
    const random = seededRandom(208);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    let overview: RecordOverview = await call('record:overview', { recordId, binS: BIN_S });
    const lists = new Map<AamiClass, Results['templates:list']>();
    const known = new Map<number, TemplateView>();
    const remember = (label: AamiClass, list: Results['templates:list']): void => {
      lists.set(label, list);
      for (const t of list.templates) known.set(t.templateId, t);
    };
    for (const label of AAMI_CLASSES) remember(label, await listOf(label));
    const first = await call('record:eventsSince', { recordId });
    let events = first.events ?? [];
    let eventsVersion = first.version;
    let eventDeltas = 0;
    let patchedOverviews = 0;
    let patchedLists = 0;
    const kinds = new Set<string>();
    let strip = { startSample: 0, endSample: STRIP_SAMPLES };
    let stripsChecked = 0;

    for (let edit = 0; edit < EDITS; edit++) {
      const roll = random();
      let views: ReviewViewDelta | undefined;
      let stripAsked = true;
      if (roll < 0.3) {
        views = (await call('review:undo', { recordId, reviewer, strip })).views;
        kinds.add('undo');
      } else if (roll < 0.4) {
        views = (await call('review:redo', { recordId, reviewer, strip })).views;
        kinds.add('redo');
      } else {
        const listed = [...lists.values()].flatMap((l) => l.templates);
        const template = pick(listed);
        const first = (await call('templates:beats', { recordId, templateId: template.templateId, offset: 0, limit: 1 })).beats[0];
        const startSample = Math.max(0, (first?.sample ?? 0) - STRIP_SAMPLES / 2);
        strip = { startSample, endSample: startSample + STRIP_SAMPLES };
        if (roll < 0.55) {
          // one beat of the template, relabelled from the keyboard: it leaves its template (the panel's counts follow)
          const { total } = await call('templates:beats', { recordId, templateId: template.templateId, offset: 0, limit: 1 });
          const offset = Math.floor(random() * total);
          const beat = (await call('templates:beats', { recordId, templateId: template.templateId, offset, limit: 1 })).beats[0];
          if (!beat) throw new Error(`template ${template.templateId} has no beat ${offset}`);
          views = (await call('beats:relabel', { beatId: beat.beatId, label: pick(AAMI_CLASSES), reviewer })).views;
          stripAsked = false;
          kinds.add('beat');
        } else if (roll < 0.85) {
          views = (
            await call('templates:relabel', { recordId, templateId: template.templateId, label: pick(AAMI_CLASSES), reviewer, strip })
          ).views;
          kinds.add('relabel');
        } else {
          const artefact = template.artefactCount < template.count;
          views = (await call('templates:artefact', { recordId, templateId: template.templateId, artefact, reviewer, strip })).views;
          kinds.add('artefact');
        }
      }
      const since = await call('record:eventsSince', { recordId, since: eventsVersion });
      if (since.delta) eventDeltas++;
      events =
        since.events ?? applyListDelta(events, since.delta ?? { removed: new Uint32Array(0), addedAt: new Uint32Array(0), added: [] });
      eventsVersion = since.version;
      expect(events).toEqual(await call('record:events', { recordId }));
      const reloaded = await call('record:overview', { recordId, binS: BIN_S });
      if (views === undefined) {
        // nothing to undo or redo: no delta, and nothing changed
        expect(reloaded).toEqual(overview);
        continue;
      }
      const patched = overviewAfterDelta(overview, views);
      if (patched) {
        patchedOverviews++;
        expect(patched).toEqual(reloaded);
      } else {
        // only a change of RR intervals (an artefact mark) leaves the overview to a reload
        expect(views.minutes?.heartRateChanged).toBe(true);
      }
      overview = reloaded;
      expect(views.auditEvents).toEqual(await audit());
      if (stripAsked) {
        const { startSample, endSample, beats, episodes, attention } = await call('record:window', { recordId, ...strip });
        expect(views.strip).toEqual({ startSample, endSample, beats, episodes, attention });
        stripsChecked++;
      } else expect(views.strip).toBeNull();
      for (const label of AAMI_CLASSES) {
        const current = lists.get(label);
        const full = await listOf(label);
        const fromDelta = current && views.templates && templatesAfterDelta(current, known, views.templates, label, LIMIT);
        if (fromDelta) {
          patchedLists++;
          expect(fromDelta).toEqual(full);
        }
        remember(label, full);
      }
    }
    // the series covered each kind and the deltas were usable, not only fallbacks
    expect([...kinds].sort()).toEqual(['artefact', 'beat', 'redo', 'relabel', 'undo']);
    expect(patchedOverviews).toBeGreaterThan(EDITS / 3);
    expect(patchedLists).toBeGreaterThan(EDITS * 2);
    expect(eventDeltas).toBeGreaterThan(EDITS / 2);
    expect(stripsChecked).toBeGreaterThan(EDITS / 2);
  }, 600_000);
});

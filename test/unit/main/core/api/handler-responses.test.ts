/**
 * The real handlers over a real AppContext (SQLite store, committed models,
 * job queue) on real records, every reply and pushed event checked against
 * the contract's response and event schemas, and the cost bounds of
 * `record:overview` and `record:window` enforced on real records.
 *
 * Records: `test/fixtures/qrs/100_0` (mitdb 100, 0–60 s, see its README), and
 * a 120 s record made here by writing that excerpt's samples twice (so the
 * 60 s window cap can bite).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../../../../src/main/core/api/app-context';
import { dispatch } from '../../../../../src/main/core/api/dispatch';
import { createHandlers, type Handlers } from '../../../../../src/main/core/api/handlers';
import { eventSchemas, responseSchemas, type EventName, type Method, type ParamsIn, type Results } from '../../../../../src/shared/api';
import { MAX_TREND_BINS, MAX_WINDOW_S } from '../../../../../src/shared/api-bounds';

const EXCERPT = resolve(import.meta.dirname, '../../../../fixtures/qrs/100_0.hea');

/** Writes `100_0` twice over as record `doubled` (format 16, checksum recomputed) in `dir`. */
function writeDoubledExcerpt(dir: string): string {
  const once = readFileSync(resolve(import.meta.dirname, '../../../../fixtures/qrs/100_0.dat'));
  const twice = Buffer.concat([once, once]);
  let checksum = 0;
  for (let i = 0; i < twice.length; i += 2) checksum = (checksum + twice.readInt16LE(i)) & 0xffff;
  const nSamples = twice.length / 2;
  writeFileSync(join(dir, 'doubled.dat'), twice);
  writeFileSync(
    join(dir, 'doubled.hea'),
    `doubled 1 360 ${nSamples}\ndoubled.dat 16 200(1024) 11 1024 ${twice.readInt16LE(0)} ${(checksum << 16) >> 16} 0 MLII\n`,
  );
  return join(dir, 'doubled.hea');
}

describe('handler responses match the contract (real store, models and records)', () => {
  let dir: string;
  let ctx: AppContext;
  let handlers: Handlers;
  const events: { event: EventName; payload: unknown }[] = [];
  let nextId = 1;

  /** Calls through `dispatch`, as every transport does, and checks the result against the method's response schema. */
  async function call<M extends Method>(method: M, params: ParamsIn<M>): Promise<Results[M]> {
    const reply = await dispatch(handlers, { id: nextId++, method, params });
    if ('error' in reply) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
    return responseSchemas[method].parse(reply.result) as Results[M];
  }

  async function refusal<M extends Method>(method: M, params: ParamsIn<M>): Promise<{ code: string; message: string }> {
    const reply = await dispatch(handlers, { id: nextId++, method, params });
    if (!('error' in reply)) throw new Error(`${method} should have been refused`);
    return reply.error;
  }

  let excerptId: number;
  let doubledId: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'handler-responses-'));
    mkdirSync(join(dir, 'records'));
    writeDoubledExcerpt(join(dir, 'records'));
    ctx = await createAppContext({ databasePath: join(dir, 'review.sqlite'), log: () => undefined });
    ctx.subscribe((event, payload) => events.push({ event, payload }));
    handlers = createHandlers(ctx);
    const excerpt = await call('cases:import', { path: EXCERPT });
    const folder = await call('cases:import', { path: join(dir, 'records') });
    excerptId = excerpt.imported[0]?.recordId ?? -1;
    doubledId = folder.imported[0]?.recordId ?? -1;
    await ctx.jobs.idle();
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports and analyses both records, and re-import knows them', async () => {
    const again = await call('cases:import', { path: EXCERPT });
    expect(again.imported).toEqual([{ recordId: excerptId, name: '100_0', jobId: null, alreadyKnown: true, warnings: [] }]);
    const missing = await call('cases:import', { path: join(dir, 'nowhere') });
    expect(missing.imported).toEqual([]);
    expect(missing.failed).toEqual([
      {
        path: join(dir, 'nowhere'),
        message: `${join(dir, 'nowhere')}: not a readable record (no WFDB header .hea, EDF/EDF+ .edf or ISHNE .ecg file found for this path)`,
      },
    ]);
    const cases = await call('cases:list', {});
    expect(cases.map((c) => [c.name, c.analysisState, c.nSamples])).toEqual(
      expect.arrayContaining([
        ['100_0', 'done', 21_600],
        ['doubled', 'done', 43_200],
      ]),
    );
  });

  it('app:info, record:overview and record:window replies match their schemas', async () => {
    const info = await call('app:info', {});
    expect(info.models.length).toBeGreaterThan(0);
    const overview = await call('record:overview', { recordId: excerptId, binS: 1 });
    expect(overview.analysis).not.toBeNull();
    expect(overview.recordCall).not.toBeNull();
    expect(overview.hrTrend.hrBpm).toHaveLength(60);
    const window = await call('record:window', { recordId: excerptId, startSample: 3600, endSample: 7200 });
    expect(window.beats.length).toBeGreaterThan(0);
    expect(window.leads[0]?.samples).toHaveLength(3600);
    expect(window.attention.beat.length).toBeGreaterThan(0);
  });

  it('beats:find, beats:relabel, review:setStatus and review:events replies match their schemas', async () => {
    const { sample } = await call('beats:find', { recordId: excerptId, fromSample: 0, label: 'N', direction: 1 });
    expect(sample).not.toBeNull();
    const window = await call('record:window', { recordId: excerptId, startSample: sample ?? 0, endSample: (sample ?? 0) + 1 });
    const beat = window.beats.find((b) => b.sample === sample);
    expect(beat).toBeDefined();
    const relabel = await call('beats:relabel', { beatId: beat?.beatId ?? -1, label: 'V', reviewer: 'dr. contract' });
    expect(relabel.beat).toMatchObject({ label: 'V', source: 'human' });
    const status = await call('review:setStatus', { recordId: excerptId, status: 'in_review', reviewer: 'dr. contract' });
    expect(status.event.kind).toBe('review-status');
    const audit = await call('review:events', { recordId: excerptId });
    // the relabel moved the open case to in_review (audited), then the explicit status change
    expect(audit.map((e) => e.kind).sort()).toEqual(['beat-label', 'review-status', 'review-status']);
  });

  it('review actions, templates, episodes, events, undo/redo and sign-off replies match their schemas', async () => {
    const recordId = doubledId;
    const reviewer = 'tech';
    const list = await call('templates:list', { recordId, limit: 5 });
    expect(list.templates.length).toBeGreaterThan(0);
    const largest = list.templates.reduce((a, b) => (b.count > a.count ? b : a));
    expect(largest.waveformMv).toHaveLength(list.leadNames.length * list.samplesPerLead);
    const ofClass = await call('templates:list', { recordId, limit: 5, label: largest.label, representatives: 1 });
    expect(ofClass.templates.every((t) => t.label === largest.label)).toBe(true);
    expect(ofClass.totalTemplates).toBeLessThanOrEqual(list.totalTemplates);
    for (const t of ofClass.templates) {
      expect(t.representatives).toBe(1);
      expect(t.representativeWaveformsMv).toHaveLength(list.leadNames.length * list.samplesPerLead);
    }
    const before = await call('record:overview', { recordId });
    const relabel = await call('templates:relabel', { recordId, templateId: largest.templateId, label: 'Q', reviewer });
    expect(relabel.action).toMatchObject({ kind: 'relabel', changedRows: largest.count });
    const relabelled = await call('record:overview', { recordId });
    expect(relabelled.beatCounts?.Q).toBe((before.beatCounts?.Q ?? 0) + (largest.label === 'Q' ? 0 : largest.count));
    const page = await call('templates:beats', { recordId, templateId: largest.templateId, limit: 3 });
    expect(page.total).toBe(largest.count);
    expect(page.beats.map((b) => b.label)).toEqual(['Q', 'Q', 'Q']);
    const moved = await call('templates:moveBeats', { recordId, beatIds: [page.beats[0]!.beatId], label: 'S', reviewer });
    expect(moved.action.changedRows).toBe(1);
    expect(await call('review:undo', { recordId, reviewer })).toMatchObject({
      action: { kind: 'undo', targetActionId: moved.action.actionId },
      targetKind: 'relabel',
    });
    expect((await call('review:undo', { recordId, reviewer })).action?.targetActionId).toBe(relabel.action.actionId);
    expect((await call('record:overview', { recordId })).beatCounts).toEqual(before.beatCounts);
    expect((await call('review:redo', { recordId, reviewer })).action?.targetActionId).toBe(relabel.action.actionId);
    expect((await call('review:undo', { recordId, reviewer })).action?.kind).toBe('undo');

    // delete a detected beat, then insert it back 20 samples (56 ms) late: the snap finds the R peak again
    const strip = await call('record:window', { recordId, startSample: 3600, endSample: 7200 });
    const target = strip.beats[2]!;
    await call('beats:delete', { recordId, beatIds: [target.beatId], reviewer });
    const inserted = await call('beats:insert', { recordId, sample: target.sample + 20, label: 'N', reviewer });
    expect(Math.abs(inserted.beat.sample - target.sample)).toBeLessThanOrEqual(5);
    const artefact = await call('beats:artefact', { recordId, startSample: 3600, endSample: 7200, artefact: true, reviewer });
    expect(artefact.action.changedRows).toBe(strip.beats.length);
    expect((await call('record:window', { recordId, startSample: 3600, endSample: 7200 })).beats.every((b) => b.artefact)).toBe(true);

    const episodes = await call('episodes:list', { recordId });
    expect(episodes.length).toBeGreaterThan(0);
    await call('episodes:edit', { recordId, episodeId: episodes[0]!.episodeId, change: 'label', label: 'VT', reviewer });
    expect((await call('episodes:list', { recordId }))[0]).toMatchObject({ label: 'VT', accepted: true });
    const overlap = await refusal('episodes:add', {
      recordId,
      onsetSample: episodes[0]!.onsetSample,
      endSample: episodes[0]!.onsetSample + 10,
      label: 'AFIB',
      reviewer,
    });
    expect(overlap.code).toBe('conflict');
    await call('record:setCall', { recordId, label: 'A', reviewer });
    expect((await call('record:overview', { recordId })).recordCallOverride).toBe('A');
    const eventsList = await call('record:events', { recordId });
    expect(eventsList.every((e) => e.endSample > e.onsetSample)).toBe(true);
    expect(eventsList.some((e) => e.kind === 'min-hr')).toBe(true);

    await call('reviewers:create', { name: 'Dr Sign', role: 'physician' });
    expect((await call('reviewers:list', {})).map((r) => r.name)).toContain('Dr Sign');
    expect((await refusal('review:setStatus', { recordId, status: 'signed', reviewer: 'Dr Sign' })).code).toBe('bad_request');
    await call('review:setStatus', { recordId, status: 'reviewed', reviewer });
    expect((await refusal('review:sign', { recordId, reviewer })).code).toBe('bad_request');
    const signed = await call('review:sign', { recordId, reviewer: 'Dr Sign' });
    expect((await call('record:overview', { recordId })).signed).toEqual({ by: 'Dr Sign', at: signed.signedAt });
    const locked = await refusal('beats:relabel', { beatId: inserted.beat.beatId, label: 'V', reviewer });
    expect(locked).toMatchObject({ code: 'conflict', message: expect.stringContaining('signed by Dr Sign') });
    expect((await refusal('review:undo', { recordId, reviewer })).code).toBe('conflict');
    await call('review:reopen', { recordId, reviewer: 'Dr Sign' });
    expect((await call('beats:relabel', { beatId: inserted.beat.beatId, label: 'V', reviewer })).beat.label).toBe('V');
    const log = await call('review:actions', { recordId });
    expect(log.map((a) => a.kind)).toEqual(
      expect.arrayContaining(['relabel', 'delete-beats', 'insert-beat', 'artefact', 'sign', 'reopen']),
    );
  });

  it('strips:add, strips:list and strips:remove match their schemas, are audited, undoable and refused when signed', async () => {
    const recordId = excerptId;
    const reviewer = 'tech strips';
    expect(await call('strips:list', { recordId })).toEqual([]);
    const added = await call('strips:add', { recordId, startSample: 3600, endSample: 7200, lead: 0, note: 'wide QRS?', reviewer });
    expect(added.strip).toMatchObject({ recordId, startSample: 3600, endSample: 7200, lead: 0, leadName: 'MLII', note: 'wide QRS?' });
    expect(added.strip.addedBy).toBe(reviewer);
    expect(added.action).toMatchObject({ kind: 'strip-add', undoable: true, changedRows: 1 });
    const second = await call('strips:add', { recordId, startSample: 0, endSample: 1800, lead: 0, reviewer });
    expect((await call('strips:list', { recordId })).map((s) => [s.stripId, s.note])).toEqual([
      [second.strip.stripId, null],
      [added.strip.stripId, 'wide QRS?'],
    ]);
    const audit = (await call('review:events', { recordId })).filter((e) => e.kind.startsWith('strip-'));
    expect(audit.map((e) => [e.kind, e.sample, e.actionId, e.reviewer])).toEqual([
      ['strip-added', 3600, added.action.actionId, reviewer],
      ['strip-added', 0, second.action.actionId, reviewer],
    ]);

    // bounds the schema cannot know: the record's end, its leads, the longest strip
    expect((await refusal('strips:add', { recordId, startSample: 21_000, endSample: 21_601, lead: 0, reviewer })).code).toBe('bad_request');
    expect((await refusal('strips:add', { recordId, startSample: 0, endSample: 360, lead: 1, reviewer })).message).toMatch(
      /lead 1 does not exist/,
    );
    const long = await refusal('strips:add', { recordId, startSample: 0, endSample: 360 * 60 + 1, lead: 0, reviewer });
    expect(long.code).toBe('bad_request');
    expect((await refusal('strips:add', { recordId, startSample: 10, endSample: 10, lead: 0, reviewer })).code).toBe('bad_request');
    expect((await refusal('strips:remove', { recordId: doubledId, stripId: added.strip.stripId, reviewer })).code).toBe('not_found');

    const removed = await call('strips:remove', { recordId, stripId: second.strip.stripId, reviewer });
    expect(removed.action).toMatchObject({ kind: 'strip-remove', changedRows: 1 });
    expect((await call('strips:list', { recordId })).map((s) => s.stripId)).toEqual([added.strip.stripId]);
    expect((await refusal('strips:remove', { recordId, stripId: second.strip.stripId, reviewer })).code).toBe('not_found');
    expect((await call('review:undo', { recordId, reviewer })).action?.targetActionId).toBe(removed.action.actionId);
    expect((await call('strips:list', { recordId })).map((s) => s.stripId)).toEqual([second.strip.stripId, added.strip.stripId]);
    expect(await call('review:redo', { recordId, reviewer })).toMatchObject({
      action: { targetActionId: removed.action.actionId },
      targetKind: 'strip-remove',
    });
    expect((await call('strips:list', { recordId })).map((s) => s.stripId)).toEqual([added.strip.stripId]);
    const replays = (await call('review:events', { recordId })).filter((e) => e.kind.startsWith('strip-')).slice(2);
    expect(replays.map((e) => e.kind)).toEqual(['strip-removed', 'strip-added', 'strip-removed']);

    await call('reviewers:create', { name: 'Dr Strips', role: 'physician' });
    await call('review:setStatus', { recordId, status: 'reviewed', reviewer });
    await call('review:sign', { recordId, reviewer: 'Dr Strips' });
    const locked = await refusal('strips:add', { recordId, startSample: 0, endSample: 360, lead: 0, reviewer });
    expect(locked).toMatchObject({ code: 'conflict', message: expect.stringContaining('signed by Dr Strips') });
    expect((await refusal('strips:remove', { recordId, stripId: added.strip.stripId, reviewer })).code).toBe('conflict');
    await call('review:reopen', { recordId, reviewer: 'Dr Strips' });
    expect((await call('strips:list', { recordId })).map((s) => s.stripId)).toEqual([added.strip.stripId]);
  });

  it('analysis:start and analysis:cancel replies match their schemas, and the cancelled job ends in job:done', async () => {
    const { jobId } = await call('analysis:start', { recordId: excerptId });
    expect(await call('analysis:cancel', { jobId })).toEqual({ cancelled: true });
    await ctx.jobs.idle();
    expect(await call('analysis:cancel', { jobId })).toEqual({ cancelled: false });
    expect(events).toContainEqual({ event: 'job:done', payload: { jobId, recordId: excerptId, state: 'cancelled', error: null } });
  });

  it('every pushed event matches its payload schema', () => {
    const seen = new Set(events.map((e) => e.event));
    expect([...seen].sort()).toEqual(['cases:changed', 'job:done', 'job:progress']);
    for (const { event, payload } of events) expect(() => eventSchemas[event].parse(payload), event).not.toThrow();
  });

  it('clamps record:window to MAX_WINDOW_S and to the record', async () => {
    const long = await call('record:window', { recordId: doubledId, startSample: 0, endSample: 43_200 });
    expect(long.endSample - long.startSample).toBe(MAX_WINDOW_S * 360);
    expect(long.leads[0]?.samples).toHaveLength(MAX_WINDOW_S * 360);
    const past = await call('record:window', { recordId: doubledId, startSample: 40_000, endSample: 2 ** 40 });
    expect([past.startSample, past.endSample]).toEqual([40_000, 43_200]);
    const beyond = await refusal('record:window', { recordId: doubledId, startSample: 0, endSample: 2 ** 40 + 1 });
    expect(beyond.code).toBe('bad_request');
  });

  it('refuses a trend of more than MAX_TREND_BINS bins with bad_request naming the smallest binS that fits', async () => {
    const { recordId } = ctx.store.upsertRecord({
      path: join(dir, 'day.hea'),
      name: 'day',
      contentSha256: 'cd'.repeat(32),
      fsHz: 360,
      nSamples: 86_400 * 360,
      signalNames: ['MLII'],
      signalUnits: ['mV'],
    });
    const tooFine = await refusal('record:overview', { recordId, binS: 17 });
    expect(tooFine.code).toBe('bad_request');
    expect(tooFine.message).toMatch(/binS 17 s .*5000 trend bins.*record day .*use binS >= 18 s/);
    const fits = await call('record:overview', { recordId, binS: 18 });
    expect(fits.hrTrend.hrBpm).toHaveLength(4800);
    expect(fits.hrTrend.hrBpm.length).toBeLessThanOrEqual(MAX_TREND_BINS);
    expect((await refusal('record:overview', { recordId, binS: 0.999 })).code).toBe('bad_request');
  });
});

/**
 * Exports through the real handlers (real store, committed models, `dispatch` as every transport calls it) on
 * `test/fixtures/qrs/203_600` (mitdb 203, 10:00–11:00, multiform PVCs; see its README): each export is read back and
 * compared with the stored analysis, carries the model versions and review status, and leaves one audit row whose
 * size and sha256 are the bytes'.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../../../../src/main/core/api/app-context';
import { dispatch } from '../../../../../src/main/core/api/dispatch';
import { createHandlers, type Handlers } from '../../../../../src/main/core/api/handlers';
import { readAnnotations } from '../../../../../src/main/core/wfdb/annotations';
import { responseSchemas, type Method, type ParamsIn, type Results, type RhythmEpisode } from '../../../../../src/shared/api';
import { AAMI_TO_MIT_SYMBOL } from '../../../../../src/shared/labels';
import { parseCsv } from './parse-csv';

const RECORD = resolve(import.meta.dirname, '../../../../fixtures/qrs/203_600.hea');
const PDFTOTEXT = '/usr/bin/pdftotext';

describe('exports of a stored case (real handlers, store and models)', () => {
  let dir: string;
  let ctx: AppContext;
  let handlers: Handlers;
  let recordId: number;
  let nextId = 1;
  let stored: { beats: { sample: number; label: string; source: string }[]; episodes: RhythmEpisode[] };

  async function call<M extends Method>(method: M, params: ParamsIn<M>): Promise<Results[M]> {
    const reply = await dispatch(handlers, { id: nextId++, method, params });
    if ('error' in reply) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
    return responseSchemas[method].parse(reply.result) as Results[M];
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'exports-'));
    ctx = await createAppContext({ databasePath: join(dir, 'review.sqlite'), log: () => undefined });
    handlers = createHandlers(ctx);
    recordId = (await call('cases:import', { path: RECORD })).imported[0]?.recordId ?? -1;
    await ctx.jobs.idle();
    const overview = await call('record:overview', { recordId, binS: 10 });
    const analysisId = overview.analysis?.analysisId ?? -1;
    const first = ctx.store.beatsInRange(analysisId, 0, Number.MAX_SAFE_INTEGER)[0];
    if (first === undefined) throw new Error('the analysis found no beats');
    await call('beats:relabel', { beatId: first.beatId, label: first.label === 'V' ? 'N' : 'V', reviewer: 'tech A' });
    await call('review:setStatus', { recordId, status: 'reviewed', reviewer: 'tech A' });
    stored = {
      beats: ctx.store
        .beatsInRange(analysisId, 0, Number.MAX_SAFE_INTEGER)
        .map((b) => ({ sample: b.sample, label: b.label, source: b.source })),
      episodes: ctx.store.episodes(analysisId),
    };
  }, 120_000);
  afterAll(async () => {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const versions = (): string[] => ctx.engineInfo.models.map((m) => `model: ${m.name} ${m.version} sha256 ${m.sha256}`);

  it('WFDB annotations read back as the stored beats (MIT symbols), rhythm changes and provenance notes', async () => {
    const result = await call('export:create', { recordId, format: 'wfdb-annotations', reviewer: 'tech A' });
    expect(result.fileName).toBe('203_600.hws');
    const path = join(dir, result.fileName);
    writeFileSync(path, result.bytes);
    const read = readAnnotations(path);
    const notes = read.filter((a) => a.symbol === '"');
    const rhythm = read.filter((a) => a.symbol === '+');
    const beats = read.filter((a) => a.symbol !== '"' && a.symbol !== '+');
    expect(notes.every((a) => a.sample === 0)).toBe(true);
    expect(notes.map((a) => a.aux)).toEqual(expect.arrayContaining([...versions(), 'review status: reviewed (PRELIMINARY, not signed)']));
    expect(beats.map((a) => [a.sample, a.symbol])).toEqual(stored.beats.map((b) => [b.sample, AAMI_TO_MIT_SYMBOL[b.label as 'N']]));
    expect(stored.beats.some((b) => b.source === 'human')).toBe(true);
    expect(rhythm.map((a) => a.sample)).toEqual(stored.episodes.map((e) => e.onsetSample));
    expect(rhythm.map((a) => a.aux)).toEqual(stored.episodes.map((e) => `(${e.label}`));
  });

  it('beats CSV reads back as the stored beats, headed by model versions and review status', async () => {
    const result = await call('export:create', { recordId, format: 'beats-csv', reviewer: 'tech A' });
    const { comments, header, rows } = parseCsv(new TextDecoder().decode(result.bytes));
    expect(comments).toEqual(expect.arrayContaining([...versions(), 'review status: reviewed (PRELIMINARY, not signed)']));
    expect(comments.some((c) => c.startsWith('reviewer: tech A at '))).toBe(true);
    expect(header).toEqual(['sample', 'time_s', 'label', 'source', 'artefact']);
    expect(rows.map((r) => ({ sample: Number(r[0]), label: r[2], source: r[3] }))).toEqual(stored.beats);
    expect(rows.every((r) => r[4] === '0')).toBe(true);
    for (const r of rows) expect(Number(r[1])).toBeCloseTo(Number(r[0]) / 360, 3);
  });

  it('episodes CSV reads back as the stored episodes', async () => {
    const result = await call('export:create', { recordId, format: 'episodes-csv', reviewer: 'tech A' });
    const { header, rows } = parseCsv(new TextDecoder().decode(result.bytes));
    expect(header).toEqual(['label', 'wfdb_aux', 'onset_sample', 'end_sample', 'onset_s', 'duration_s', 'mean_probability']);
    expect(rows.length).toBe(stored.episodes.length);
    rows.forEach((r, i) => {
      const e = stored.episodes[i] as RhythmEpisode;
      expect([r[0], r[1], Number(r[2]), Number(r[3])]).toEqual([e.label, `(${e.label}`, e.onsetSample, e.endSample]);
      expect(Number(r[6])).toBeCloseTo(e.meanProbability, 4);
    });
  });

  it.skipIf(!existsSync(PDFTOTEXT))('report PDF of an unsigned case says PRELIMINARY on every page and names the models', async () => {
    const result = await call('export:create', { recordId, format: 'report-pdf', reviewer: 'tech A' });
    const path = join(dir, result.fileName);
    writeFileSync(path, result.bytes);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))?.[1]);
    expect(pages).toBeGreaterThan(1);
    for (let p = 1; p <= pages; p++) {
      const text = execFileSync(PDFTOTEXT, ['-f', String(p), '-l', String(p), '-layout', path, '-'], { encoding: 'utf8' });
      expect(text, `page ${p}`).toContain('PRELIMINARY');
    }
    const all = execFileSync(PDFTOTEXT, [path, '-'], { encoding: 'utf8' });
    for (const m of ctx.engineInfo.models) expect(all).toContain(`model: ${m.name} ${m.version}`);
  });

  it('logs every export in the audit trail with the bytes’ size and sha256, the analysis and the review status', async () => {
    const before = await call('export:events', { recordId });
    const result = await call('export:create', { recordId, format: 'beats-csv', reviewer: 'tech B' });
    const after = await call('export:events', { recordId });
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)).toEqual(result.event);
    expect(result.event).toMatchObject({
      recordId,
      kind: 'export',
      format: 'beats-csv',
      reviewer: 'tech B',
      details: {
        fileName: '203_600-beats.csv',
        bytes: result.bytes.byteLength,
        sha256: createHash('sha256').update(result.bytes).digest('hex'),
        reviewStatus: 'reviewed',
        models: ctx.engineInfo.models,
      },
    });
    expect(after.map((e) => e.format)).toEqual(expect.arrayContaining(['wfdb-annotations', 'beats-csv', 'episodes-csv']));
  });

  it('refuses an export without a reviewer, and logs nothing', async () => {
    const before = await call('export:events', { recordId });
    const reply = await dispatch(handlers, {
      id: nextId++,
      method: 'export:create',
      params: { recordId, format: 'beats-csv', reviewer: ' ' },
    });
    expect('error' in reply && reply.error.code).toBe('bad_request');
    expect(await call('export:events', { recordId })).toEqual(before);
  });
});

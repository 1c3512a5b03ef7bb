/**
 * EDF/EDF+ and ISHNE files through the real `cases:import` over a real AppContext (SQLite store, committed models,
 * job queue): each ends in a finished analysis whose beats lie where the analysis of the same mitdb signal read
 * from WFDB puts them.
 *
 * Records (see the fixtures' READMEs): `test/fixtures/edf/mitdb100-edflib.edf`, `mitdb100-biosig.edf`,
 * `test/fixtures/ishne/mitdb100.ecg` (all the first 10 s of mitdb 100), compared with `test/fixtures/qrs/100_0`
 * (mitdb 100, 0–60 s, WFDB); `mitdb208-edflib.edf` and `mitdb208-edfplus-d.edf` (first 10 s of mitdb 208, the
 * EDF+D one without 4.0–6.0 s), compared with the first 10 s of `../shared/data/mitdb/208` cut here as a WFDB record
 * (skipped when the data is absent).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../../../../src/main/core/api/app-context';
import { createHandlers } from '../../../../../src/main/core/api/handlers';

const FIXTURES = resolve(import.meta.dirname, '../../../../fixtures');
const MITDB208 = resolve(import.meta.dirname, '../../../../../../shared/data/mitdb/208');
const FS_HZ = 360;
const EXCERPT_FRAMES = 3600;

/** Writes the first 10 s of mitdb 208 (format 212, 3 bytes per frame) as WFDB record `208_10s`, checksums left out. */
function write208Excerpt(dir: string): string {
  const dat = readFileSync(`${MITDB208}.dat`).subarray(0, EXCERPT_FRAMES * 3);
  writeFileSync(join(dir, '208_10s.dat'), dat);
  writeFileSync(
    join(dir, '208_10s.hea'),
    `208_10s 2 ${FS_HZ} ${EXCERPT_FRAMES}\n208_10s.dat 212 200 11 1024 1003\n208_10s.dat 212 200 11 1024 1062\n`,
  );
  return join(dir, '208_10s.hea');
}

describe('cases:import of EDF/EDF+ and ISHNE files (real store, models and job queue)', () => {
  let dir: string;
  let ctx: AppContext;
  const beatsOf = new Map<string, number[]>();
  const fsOf = new Map<string, number>();
  const idOf = new Map<string, number>();
  const has208 = existsSync(`${MITDB208}.dat`);

  async function importAndAnalyse(path: string): Promise<void> {
    const handlers = createHandlers(ctx);
    const result = await handlers['cases:import']({ path, reanalyse: false });
    expect(result.failed).toEqual([]);
    const recordId = result.imported[0]?.recordId ?? -1;
    await ctx.jobs.idle();
    const analysis = ctx.store.latestAnalysis(recordId, 'done');
    expect(analysis, `${path}: finished analysis`).not.toBeNull();
    const record = ctx.store.getRecord(recordId);
    fsOf.set(path, record.fsHz);
    idOf.set(path, recordId);
    beatsOf.set(path, Array.from(ctx.store.beatList(analysis?.analysisId ?? -1).samples));
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'import-edf-ishne-'));
    ctx = await createAppContext({ databasePath: join(dir, 'review.sqlite'), log: () => undefined });
    const paths = [
      join(FIXTURES, 'qrs/100_0.hea'),
      join(FIXTURES, 'edf/mitdb100-edflib.edf'),
      join(FIXTURES, 'edf/mitdb100-biosig.edf'),
      join(FIXTURES, 'ishne/mitdb100.ecg'),
      join(FIXTURES, 'edf/mitdb208-edflib.edf'),
      join(FIXTURES, 'edf/mitdb208-edfplus-d.edf'),
    ];
    if (has208) paths.push(write208Excerpt(dir));
    for (const path of paths) await importAndAnalyse(path);
  }, 240_000);
  afterAll(async () => {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Beats of `path` in [fromS, toS) seconds, and whether each has a reference beat within 2 frames (same time). */
  function matchBeats(path: string, reference: number[], fromS: number, toS: number): { n: number; unmatched: number[] } {
    const fsHz = fsOf.get(path) ?? NaN;
    const beats = (beatsOf.get(path) ?? []).filter((b) => b >= fromS * fsHz && b < toS * fsHz);
    const refInWindow = reference.filter((b) => b >= fromS * FS_HZ && b < toS * FS_HZ);
    const unmatched = beats.filter((b) => !reference.some((r) => Math.abs(r - (b * FS_HZ) / fsHz) <= 2));
    expect(beats.length, `${path}: beats in [${fromS}, ${toS}) s`).toBe(refInWindow.length);
    return { n: beats.length, unmatched };
  }

  it.each(['edf/mitdb100-edflib.edf', 'edf/mitdb100-biosig.edf', 'ishne/mitdb100.ecg'])(
    '%s: beats within 2 samples of the WFDB analysis of mitdb 100',
    (name) => {
      const reference = beatsOf.get(join(FIXTURES, 'qrs/100_0.hea')) ?? [];
      const { n, unmatched } = matchBeats(join(FIXTURES, name), reference, 1, 9);
      expect(n).toBeGreaterThanOrEqual(8);
      expect(unmatched).toEqual([]);
    },
  );

  it('EDF+C and EDF+D 208: beats within 2 samples of the WFDB analysis, none inside the EDF+D gap', (ctx2) => {
    if (!has208) {
      ctx2.skip();
      console.log('skipped: ../shared/data/mitdb/208 absent');
      return;
    }
    const reference = beatsOf.get(join(dir, '208_10s.hea')) ?? [];
    const edfC = matchBeats(join(FIXTURES, 'edf/mitdb208-edflib.edf'), reference, 1, 9);
    expect(edfC.n).toBeGreaterThanOrEqual(8);
    expect(edfC.unmatched).toEqual([]);
    const plusD = join(FIXTURES, 'edf/mitdb208-edfplus-d.edf');
    expect(fsOf.get(plusD)).toBe(FS_HZ);
    const inGap = (beatsOf.get(plusD) ?? []).filter((b) => b >= 4 * FS_HZ && b < 6 * FS_HZ);
    expect(inGap).toEqual([]);
    for (const [from, to] of [
      [1, 3.5],
      [6.5, 9],
    ] as const) {
      const part = matchBeats(plusD, reference, from, to);
      expect(part.unmatched).toEqual([]);
    }
  });

  it('record:overview takes the recording start from the ISHNE and EDF headers', async () => {
    const handlers = createHandlers(ctx);
    const overview = async (name: string) =>
      (await handlers['record:overview']({ recordId: idOf.get(join(FIXTURES, name)) ?? -1, binS: 60 })).recordingStart;
    // ISHNE README: Record_Date 1/12/2026, Start_Time 08:30:00; EDF README / biosig JSON: 208 starts at 08:30:00.
    expect(await overview('ishne/mitdb100.ecg')).toEqual({ timeOfDayS: 8.5 * 3600, date: '2026-12-01' });
    expect((await overview('edf/mitdb208-edfplus-d.edf'))?.timeOfDayS).toBe(8.5 * 3600);
  });
});

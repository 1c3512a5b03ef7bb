import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRecordingStart, recordingStartOf } from '../../../../../src/main/core/wfdb/recording-start';

describe('recordingStartOf', () => {
  it('reads hh:mm:ss and dd/mm/yyyy as seconds after midnight and an ISO date', () => {
    expect(recordingStartOf({ baseTime: '13:05:07', baseDate: '02/03/1999' })).toEqual({
      timeOfDayS: 13 * 3600 + 5 * 60 + 7,
      date: '1999-03-02',
    });
  });

  it('counts shorter time forms from the right, keeps fractions, and allows no date', () => {
    expect(recordingStartOf({ baseTime: '5:30', baseDate: null })).toEqual({ timeOfDayS: 330, date: null });
    expect(recordingStartOf({ baseTime: '0:0:1.25', baseDate: null })).toEqual({ timeOfDayS: 1.25, date: null });
  });

  it('gives null without a base time, for a time of a day or more, and for a date that is no calendar day', () => {
    expect(recordingStartOf({ baseTime: null, baseDate: '01/01/2000' })).toBeNull();
    expect(recordingStartOf({ baseTime: '24:00:00', baseDate: null })).toBeNull();
    expect(recordingStartOf({ baseTime: '10:00:00', baseDate: '31/02/2020' })).toBeNull();
  });
});

describe('readRecordingStart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recording-start-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the base time and date from a header file', () => {
    const path = join(dir, 'r.hea');
    writeFileSync(path, 'r 1 360 1000 08:15:00 20/11/2026\nr.dat 212 200 11 1024 0 0 0 MLII\n');
    expect(readRecordingStart(path)).toEqual({ timeOfDayS: 8 * 3600 + 15 * 60, date: '2026-11-20' });
  });

  it('names the header when it is missing', () => {
    expect(() => readRecordingStart(join(dir, 'none.hea'))).toThrow(/none\.hea/);
  });
});

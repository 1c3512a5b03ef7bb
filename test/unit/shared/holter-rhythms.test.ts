import { describe, expect, it } from 'vitest';
import { requestSchemas } from '../../../src/shared/api';
import {
  CINC_TO_HOLTER_RHYTHM,
  HOLTER_RHYTHM_AUX,
  HOLTER_RHYTHM_CODES,
  HOLTER_RHYTHMS,
  holterRhythmOfAux,
} from '../../../src/shared/holter-rhythms';
import { MIGRATIONS } from '../../../src/main/core/store/migrations';

describe('Holter rhythm table', () => {
  it('has unique codes whose aux strings are the WFDB rhythm strings "(" + code', () => {
    expect(new Set(HOLTER_RHYTHM_CODES).size).toBe(HOLTER_RHYTHMS.length);
    for (const code of HOLTER_RHYTHM_CODES) expect(HOLTER_RHYTHM_AUX[code]).toBe(`(${code}`);
    // the MIT-BIH and vfdb strings this workstation must write (WFDB Applications Guide, annotation codes)
    for (const aux of ['(N', '(AFIB', '(AFL', '(B', '(T', '(VT', '(SVTA', '(VFL', '(NOISE']) expect(holterRhythmOfAux(aux)).not.toBeNull();
  });

  it('reads aux strings with trailing NULs and refuses unknown ones', () => {
    expect(holterRhythmOfAux('(AFIB\0')).toBe('AFIB');
    expect(holterRhythmOfAux('(BII')).toBeNull();
    expect(holterRhythmOfAux('AFIB')).toBeNull();
  });

  it('maps each CinC 2017 strip class to a Holter type', () => {
    expect(CINC_TO_HOLTER_RHYTHM).toEqual({ N: 'N', A: 'AFIB', O: 'OTHER', '~': 'NOISE' });
  });

  it('is the list the store CHECK accepts', () => {
    const sql = MIGRATIONS.find((m) => m.includes('rhythm_episodes_v8')) as string;
    const list = /label\s+TEXT NOT NULL CHECK \(label IN \(([^)]*)\)\)/.exec(sql)?.[1] ?? '';
    expect(list.split(',').map((s) => s.trim().replace(/'/g, ''))).toEqual([...HOLTER_RHYTHM_CODES]);
  });

  it('is what episode edits accept, and the record call keeps the strip classes', () => {
    const edit = (label: string) =>
      requestSchemas['episodes:edit'].safeParse({ recordId: 1, episodeId: 1, change: 'label', label, reviewer: 'r' }).success;
    expect(edit('VT')).toBe(true);
    expect(edit('A')).toBe(false);
    const call = (label: string) => requestSchemas['record:setCall'].safeParse({ recordId: 1, label, reviewer: 'r' }).success;
    expect(call('A')).toBe(true);
    expect(call('AFIB')).toBe(false);
  });
});

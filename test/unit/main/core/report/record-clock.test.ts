import { describe, expect, it } from 'vitest';
import { recordClock } from '../../../../../src/main/core/report/record-clock';

describe('recordClock (WFDB base time and date)', () => {
  it('gives elapsed time only without a base time', () => {
    expect(recordClock('r', 360, null, '01/12/2026').at(720)).toEqual({ sample: 720, elapsedS: 2, timeOfDay: null, date: null });
  });

  it('adds elapsed time to the base time and date, across midnight and a month end', () => {
    const clock = recordClock('r', 360, '23:59:30', '30/11/2026');
    expect(clock.at(0)).toMatchObject({ timeOfDay: '23:59:30', date: '2026-11-30' });
    expect(clock.at(360 * 45)).toMatchObject({ elapsedS: 45, timeOfDay: '00:00:15', date: '2026-12-01' });
    expect(clock.at(360 * (86_400 + 29))).toMatchObject({ timeOfDay: '23:59:59', date: '2026-12-01' });
  });

  it('wraps the time of day without a date', () => {
    expect(recordClock('r', 1, '22:00:00', null).at(3 * 3600)).toMatchObject({ timeOfDay: '01:00:00', date: null });
  });

  it('reads the shorter WFDB forms and fractions of a second (truncated for display)', () => {
    expect(recordClock('r', 1, '5:03', null).at(0).timeOfDay).toBe('00:05:03');
    expect(recordClock('r', 1, '12', null).at(0).timeOfDay).toBe('00:00:12');
    const fractional = recordClock('r', 2, '10:00:00.5', null);
    expect(fractional.at(0).timeOfDay).toBe('10:00:00');
    expect(fractional.at(1).timeOfDay).toBe('10:00:01');
    expect(fractional.startOfDayS).toBe(36_000.5);
  });

  it('names the record and the field for malformed or impossible values', () => {
    expect(() => recordClock('208', 360, '25:00:00', null)).toThrow(/record 208: base time '25:00:00' is out of range/);
    expect(() => recordClock('208', 360, 'noon', null)).toThrow(/record 208: base time 'noon'/);
    expect(() => recordClock('208', 360, '10:00:00', '31/02/2020')).toThrow(/record 208: base date '31\/02\/2020'/);
    expect(() => recordClock('208', 360, '10:00:00', '2020-01-01')).toThrow(/base date/);
  });
});

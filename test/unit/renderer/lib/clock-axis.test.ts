import { describe, expect, it } from 'vitest';
import { clockLabel, clockTicks, describeRecordingStart, stepLabel } from '../../../../src/renderer/src/lib/clock-axis';

describe('overview clock axis', () => {
  it('puts the ticks of a 24 h record started at 08:14:30 on whole clock hours', () => {
    const start = { timeOfDayS: 8 * 3600 + 14 * 60 + 30, date: '2026-11-20' };
    const { stepS, ticksS } = clockTicks(86_400, start, 13);
    expect(stepS).toBe(7200);
    expect(ticksS.length).toBeLessThanOrEqual(13);
    for (const t of ticksS) expect((start.timeOfDayS + t) % 3600).toBe(0);
    expect(clockLabel(ticksS[0]!, start, false)).toBe('10:00');
    expect(ticksS[0]).toBe(10 * 3600 - start.timeOfDayS);
  });

  it('labels clock times past midnight with the day count', () => {
    const start = { timeOfDayS: 23 * 3600, date: null };
    expect(clockLabel(3600, start, false)).toBe('00:00 +1d');
    expect(clockLabel(30.9, start, true)).toBe('23:00:30');
  });

  it('uses whole elapsed steps from 0 without a start: 5 min for mitdb’s 30 min, seconds for a 30 s record', () => {
    expect(clockTicks(1805.6, null, 13)).toEqual({ stepS: 300, ticksS: [0, 300, 600, 900, 1200, 1500, 1800] });
    expect(clockTicks(30, null, 13).stepS).toBe(5);
    expect(clockLabel(5400, null, false)).toBe('01:30');
    expect(clockLabel(90_000, null, false)).toBe('25:00');
  });

  it('describes the start with its date, without a date, or says the header has none', () => {
    expect(describeRecordingStart({ timeOfDayS: 3661, date: '2001-02-03' })).toBe('2001-02-03 01:01:01');
    expect(describeRecordingStart({ timeOfDayS: 0, date: null })).toMatch(/^00:00:00 \(no date/);
    expect(describeRecordingStart(null)).toMatch(/not in the record header/);
  });

  it('names the tick step with its unit', () => {
    expect(stepLabel(10)).toBe('10 s');
    expect(stepLabel(300)).toBe('5 min');
    expect(stepLabel(7200)).toBe('2 h');
  });
});

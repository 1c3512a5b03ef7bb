import { describe, expect, it } from 'vitest';
import { formatHms, formatHmsTenths, parseTimeInput } from '../../../src/shared/time-format';

describe('record time formatting', () => {
  it('formats seconds as hh:mm:ss without wrapping at 24 h', () => {
    expect(formatHms(0)).toBe('00:00:00');
    expect(formatHms(3723.9)).toBe('01:02:03');
    expect(formatHms(25 * 3600)).toBe('25:00:00');
    expect(formatHms(-5)).toBe('00:00:00');
    expect(formatHms(NaN)).toBe('00:00:00');
  });

  it('formats tenths for beat times', () => {
    expect(formatHmsTenths(12.34)).toBe('00:00:12.3');
    expect(formatHmsTenths(3599.99)).toBe('00:59:59.9');
    expect(formatHmsTenths(0.3)).toBe('00:00:00.3');
  });

  it('parses hh:mm:ss, mm:ss and seconds', () => {
    expect(parseTimeInput('01:02:03')).toBe(3723);
    expect(parseTimeInput(' 2:30 ')).toBe(150);
    expect(parseTimeInput('95.5')).toBe(95.5);
    expect(parseTimeInput('0:00:12.5')).toBe(12.5);
  });

  it('rejects text that is not a time', () => {
    expect(parseTimeInput('')).toBeNull();
    expect(parseTimeInput('abc')).toBeNull();
    expect(parseTimeInput('1:75')).toBeNull();
    expect(parseTimeInput('1:60:00')).toBeNull();
    expect(parseTimeInput('1:2:3:4')).toBeNull();
    expect(parseTimeInput('-5')).toBeNull();
  });
});

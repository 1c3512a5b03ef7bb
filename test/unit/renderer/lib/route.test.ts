import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from '../../../../src/renderer/src/lib/route';

describe('hash routes', () => {
  it('reads the case list from an empty or unknown hash', () => {
    expect(parseRoute('')).toEqual({ name: 'cases' });
    expect(parseRoute('#/')).toEqual({ name: 'cases' });
    expect(parseRoute('#/nonsense/3')).toEqual({ name: 'cases' });
    expect(parseRoute('#/record/0')).toEqual({ name: 'cases' });
    expect(parseRoute('#/record/abc')).toEqual({ name: 'cases' });
  });

  it('reads a record with and without a time', () => {
    expect(parseRoute('#/record/12')).toEqual({ name: 'record', recordId: 12, tS: null });
    expect(parseRoute('#/record/12?t=120.5')).toEqual({ name: 'record', recordId: 12, tS: 120.5 });
    expect(parseRoute('#/record/12?t=-3')).toEqual({ name: 'record', recordId: 12, tS: null });
    expect(parseRoute('#/record/12?t=')).toEqual({ name: 'record', recordId: 12, tS: null });
  });

  it('writes routes that read back the same', () => {
    const routes = [
      { name: 'cases' as const },
      { name: 'record' as const, recordId: 7, tS: null },
      { name: 'record' as const, recordId: 7, tS: 3723.25 },
    ];
    for (const route of routes) expect(parseRoute(formatRoute(route))).toEqual(route);
    expect(formatRoute({ name: 'record', recordId: 7, tS: 1 / 3 })).toBe('#/record/7?t=0.33');
  });
});

import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../../../src/main/core/api/dispatch';
import type { Handlers } from '../../../../../src/main/core/api/handlers';
import { withResponseChecks } from '../../../../../src/main/core/api/response-checks';

describe('withResponseChecks', () => {
  const handlers = withResponseChecks({
    'analysis:cancel': async ({ jobId }: { jobId: string }) => (jobId === 'bad' ? { cancelled: 'yes' } : { cancelled: true }),
    'beats:find': async () => ({ sample: 12, attention: [0.5] }),
    'record:overview': async () => ({ hrTrend: { binS: 10, hrBpm: [60, 61] } }),
  } as unknown as Handlers);

  it('passes a reply that keeps the contract through unchanged', async () => {
    expect(await dispatch(handlers, { id: 1, method: 'analysis:cancel', params: { jobId: 'ok' } })).toEqual({
      id: 1,
      result: { cancelled: true },
    });
  });

  it('turns a reply with a wrong type, an extra field or a JSON array for a typed array into an internal error naming the field', async () => {
    const wrongType = await dispatch(handlers, { id: 2, method: 'analysis:cancel', params: { jobId: 'bad' } });
    expect(wrongType).toMatchObject({ id: 2, error: { code: 'internal' } });
    expect(JSON.stringify(wrongType)).toMatch(/analysis:cancel: reply breaks the API contract.*cancelled/);
    const extra = await dispatch(handlers, {
      id: 3,
      method: 'beats:find',
      params: { recordId: 1, fromSample: 0, label: 'V', direction: 1 },
    });
    expect(JSON.stringify(extra)).toMatch(/internal.*attention/);
    const arrayOfNumbers = await dispatch(handlers, { id: 4, method: 'record:overview', params: { recordId: 1 } });
    expect(JSON.stringify(arrayOfNumbers)).toMatch(/internal.*Float32Array/);
  });
});

import { z } from 'zod';
import { responseSchemas, type Method } from '../../../shared/api';
import type { Handlers } from './handlers';

/**
 * Wraps every handler so its result is checked against the contract's
 * response schema (`responseSchemas` in `shared/api.ts`) before it is sent:
 * a dev-time and test check (`npm run serve -- --check-responses`, used by
 * the e2e test), not for production, where it would cost a walk of every
 * reply.
 * @param handlers - from `createHandlers`
 * @returns handlers with the same results; a result that breaks the contract
 *   becomes an Error (an `internal` reply) naming the method and each
 *   mismatching field
 */
export function withResponseChecks(handlers: Handlers): Handlers {
  const checked = Object.entries(handlers).map(([method, handler]) => [
    method,
    async (params: unknown) => {
      const result: unknown = await (handler as (p: unknown) => Promise<unknown>)(params);
      const check = responseSchemas[method as Method].safeParse(result);
      if (!check.success) throw new Error(`${method}: reply breaks the API contract: ${z.prettifyError(check.error)}`);
      return result;
    },
  ]);
  return Object.fromEntries(checked) as Handlers;
}

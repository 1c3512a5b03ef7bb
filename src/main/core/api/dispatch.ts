import { z } from 'zod';
import { requestSchemas, type ErrorCode, type Method } from '../../../shared/api';
import { ReviewRuleError } from '../store/review-editor';
import { ConflictError, NotFoundError } from '../store/review-store';
import { WfdbError } from '../wfdb/errors';
import { BadRequestError } from './bad-request-error';
import type { Handlers } from './handlers';

/** A reply as it crosses any transport. */
export type Reply = { id: number; result: unknown } | { id: number; error: { code: ErrorCode; message: string } };

/**
 * Validates one request against the contract's schema and runs its handler.
 * Errors never escape: they are flattened to `{code, message}` (bad_request
 * for unknown methods, invalid params, requests a handler refuses
 * ({@link BadRequestError}), review rules ({@link ReviewRuleError}) and invalid input files, not_found for
 * missing rows, conflict for writes on something that changed since the
 * caller loaded it ({@link ConflictError}), internal otherwise).
 * @param handlers - from `createHandlers`
 * @param request - `{id, method, params}` as received (untrusted)
 * @returns the reply to send back
 */
export async function dispatch(handlers: Handlers, request: unknown): Promise<Reply> {
  const envelope = z.object({ id: z.number().int(), method: z.string(), params: z.unknown().optional() }).safeParse(request);
  if (!envelope.success) return { id: -1, error: { code: 'bad_request', message: 'malformed request: expected {id, method, params}' } };
  const { id, method, params } = envelope.data;
  if (!Object.hasOwn(requestSchemas, method)) return { id, error: { code: 'bad_request', message: `unknown method ${method}` } };
  const parsed = requestSchemas[method as Method].safeParse(params ?? {});
  if (!parsed.success) {
    return { id, error: { code: 'bad_request', message: `${method}: ${z.prettifyError(parsed.error)}` } };
  }
  try {
    const handler = handlers[method as Method] as (p: unknown) => Promise<unknown>;
    return { id, result: await handler(parsed.data) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code: ErrorCode =
      error instanceof NotFoundError
        ? 'not_found'
        : error instanceof ConflictError
          ? 'conflict'
          : error instanceof WfdbError || error instanceof BadRequestError || error instanceof ReviewRuleError
            ? 'bad_request'
            : 'internal';
    return { id, error: { code, message } };
  }
}

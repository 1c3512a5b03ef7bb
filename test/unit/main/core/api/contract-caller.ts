/**
 * One API call through the dispatcher as a transport makes it, for the API tests: the reply parsed by the method's
 * response schema, an error reply thrown as an Error carrying its code.
 */
import { dispatch } from '../../../../../src/main/core/api/dispatch';
import type { Handlers } from '../../../../../src/main/core/api/handlers';
import { responseSchemas, type Method, type ParamsIn, type Results } from '../../../../../src/shared/api';

/** A contract-checked caller of these handlers (request ids counted from 1). */
export type ContractCall = <M extends Method>(method: M, params: ParamsIn<M>) => Promise<Results[M]>;

/**
 * @param handlers - from createHandlers
 * @returns the caller; it rejects with `Error & { code }` on an error reply and with a ZodError on a reply outside the contract
 */
export function contractCaller(handlers: Handlers): ContractCall {
  let nextId = 1;
  return async (method, params) => {
    const reply = await dispatch(handlers, { id: nextId++, method, params });
    if ('error' in reply) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
    return responseSchemas[method].parse(reply.result) as never;
  };
}

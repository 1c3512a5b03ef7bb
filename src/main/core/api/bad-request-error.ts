/**
 * A request that passed its schema but cannot be served as asked (for
 * example a trend bin too narrow for the record's length); `dispatch` replies
 * `bad_request` with its message.
 */
export class BadRequestError extends Error {
  override name = 'BadRequestError';
}

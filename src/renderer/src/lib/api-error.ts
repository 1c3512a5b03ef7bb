/**
 * Normalises whatever an API call rejected with into what the error banner shows.
 */

/** An error as the banner shows it. */
export interface ShownError {
  /** Contract error code (`bad_request`, `not_found`, …), or `client` for failures in the page itself. */
  code: string;
  message: string;
}

/**
 * Reads the code and message of a rejection: API errors carry `.code` and `.message`; anything else is shown as text.
 * @param error - the rejection value
 * @returns code and a non-empty message
 */
export function describeError(error: unknown): ShownError {
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' && message.trim() !== '' ? message : String(error);
    return { code: typeof code === 'string' && code !== '' ? code : 'client', message: text };
  }
  const text = String(error);
  return { code: 'client', message: text.trim() === '' ? 'unknown error' : text };
}

/**
 * Error thrown by the WFDB and PhysioNet readers and writers for bad or missing input.
 *
 * The message is `${file}: ${problem}`, so it always names the file at fault.
 */
export class WfdbError extends Error {
  /** Path of the file at fault (header, signal file, annotation file…). */
  readonly file: string;
  /** What is wrong with it, without the file name. */
  readonly problem: string;

  /**
   * @param file path of the file at fault.
   * @param problem description of the problem.
   * @param options standard `ErrorOptions` (e.g. `{ cause }` from the underlying fs error).
   */
  constructor(file: string, problem: string, options?: ErrorOptions) {
    super(`${file}: ${problem}`, options);
    this.name = 'WfdbError';
    this.file = file;
    this.problem = problem;
  }
}

/**
 * Wraps a failed file-system call in a WfdbError: `${what} not found` for a missing file,
 * `cannot ${verb} ${what} (ERRNO)` otherwise; the fs error is kept as `cause`.
 * @param path the file the call was about.
 * @param err what the fs call threw.
 * @param what kind of file, e.g. 'signal file'.
 * @param verb the failed action, e.g. 'read' (default), 'open', 'write'.
 */
export function fileSystemError(path: string, err: unknown, what: string, verb = 'read'): WfdbError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' && verb !== 'write') return new WfdbError(path, `${what} not found`, { cause: err });
  return new WfdbError(path, `cannot ${verb} ${what} (${code ?? String(err)})`, { cause: err });
}

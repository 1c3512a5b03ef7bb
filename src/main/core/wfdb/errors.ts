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

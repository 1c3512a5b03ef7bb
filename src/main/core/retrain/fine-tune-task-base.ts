/**
 * What every fine-tuning run (beat or rhythm model) gives the engine, as plain data (it crosses a
 * thread or process): where the reviews are, which model it starts from, where the new version goes
 * and which cases it learns from.
 */
export interface FineTuneTaskBase {
  /** SQLite file of the review database (the worker opens its own connection) */
  databasePath: string;
  /** the model to start from (the active version's folder, or the shipped one) */
  baseModelDir: string;
  /** where the new version goes (must not exist) */
  outDir: string;
  /** version string of the new model */
  version: string;
  /** let unreviewed model labels or episodes of reviewed cases in (default false) */
  includeModelLabels: boolean;
  /** only these cases (default: every reviewed or signed case) */
  recordIds?: number[];
}

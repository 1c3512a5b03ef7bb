import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * Where the review database lives when the caller names none:
 * `ECG_DB` if set, else `~/.holter-workstation/holter.sqlite`. Its folder is
 * created if missing.
 * @returns absolute path of the SQLite file
 */
export function defaultDatabasePath(): string {
  const path = process.env.ECG_DB ? resolve(process.env.ECG_DB) : join(homedir(), '.holter-workstation', 'holter.sqlite');
  mkdirSync(dirname(path), { recursive: true });
  return path;
}

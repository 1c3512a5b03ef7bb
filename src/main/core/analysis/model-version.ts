import type { ModelVersion } from '../../../shared/api';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

/**
 * A model folder's provenance as analyses store it.
 * @param dir - a model folder with meta.json
 * @returns its name, version and weights.bin hash (from meta.json; the folder name and '0' when absent)
 * @throws Error when meta.json is missing or not JSON
 */
export function modelVersion(dir: string): ModelVersion {
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as {
    name?: string;
    version?: string;
    sha256?: Record<string, string>;
  };
  return { name: meta.name ?? dir, version: meta.version ?? '0', sha256: meta.sha256?.['weights.bin'] ?? '' };
}

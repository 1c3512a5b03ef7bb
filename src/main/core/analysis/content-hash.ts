import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';
import type { WfdbHeader } from '../wfdb/header';

/**
 * SHA-256 over a record's header file and each distinct signal file it
 * names, in header order, so the same recording imported from another folder
 * is recognised.
 * @param headerPath - path of the `.hea`
 * @param header - its parsed header
 * @returns lowercase hex digest
 * @throws Error (from fs) naming the file when one cannot be read
 */
export async function recordContentHash(headerPath: string, header: WfdbHeader): Promise<string> {
  const hash = createHash('sha256');
  const files = [headerPath, ...new Set(header.signals.map((s) => join(dirname(headerPath), s.fileName)))];
  for (const file of files) {
    await new Promise<void>((resolveRead, reject) => {
      createReadStream(file)
        .on('data', (chunk) => hash.update(chunk))
        .on('error', reject)
        .on('end', () => resolveRead());
    });
  }
  return hash.digest('hex');
}

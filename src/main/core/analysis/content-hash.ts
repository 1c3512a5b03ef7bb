import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { dirname } from 'node:path';
import type { WfdbHeader } from '../wfdb/header';
import { probeFormat } from '../formats/format-probe';
import { isNullSignal } from '../wfdb/open-record';
import { openRecordFile, recordFilePath } from '../wfdb/record-file';

/**
 * SHA-256 over a record's header file and each distinct signal file it
 * names, in header order, so the same recording imported from another folder
 * is recognised; an EDF/EDF+ or ISHNE record is one file, hashed alone. Null signals (`~`, format 0) have no file and are skipped;
 * files are opened with the record readers' checks (inside the header's
 * folder, regular files), so a FIFO cannot stall the hash.
 * @param headerPath - path of the `.hea`, `.edf` or ISHNE `.ecg`
 * @param header - its parsed header
 * @returns lowercase hex digest
 * @throws WfdbError naming the file when one cannot be read
 */
export async function recordContentHash(headerPath: string, header: WfdbHeader): Promise<string> {
  const hash = createHash('sha256');
  const imported = probeFormat(headerPath) !== 'wfdb';
  const signalFiles = imported
    ? []
    : header.signals
        .map((s, i) => ({ s, i }))
        .filter(({ s }) => !isNullSignal(s))
        .map(({ s, i }) => recordFilePath(headerPath, s.fileName, `signal ${i} file`));
  const folder = dirname(headerPath);
  for (const [path, what] of [[headerPath, 'header file'] as const, ...[...new Set(signalFiles)].map((p) => [p, 'signal file'] as const)]) {
    const { fd } = openRecordFile(path, imported ? 'signal file' : what, what === 'header file' ? undefined : folder);
    await new Promise<void>((resolveRead, reject) => {
      createReadStream('', { fd, autoClose: true })
        .on('data', (chunk) => hash.update(chunk))
        .on('error', reject)
        .on('end', () => resolveRead());
    });
  }
  return hash.digest('hex');
}

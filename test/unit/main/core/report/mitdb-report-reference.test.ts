import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHeader } from '../../../../../src/main/core/wfdb/header';
import { hasSharedData, SHARED_DATA, SHARED_REFERENCE } from '../wfdb/wfdb-test-paths';
import { checkRecordAgainstReference, readReferenceCsv, type FigureComparison } from './report-reference';

const MITDB = join(SHARED_DATA, 'mitdb');
const REFERENCE_CSV = join(SHARED_REFERENCE, 'hrv/mitdb-report-reference.csv');

describe.skipIf(!hasSharedData)('Holter report figures against ../shared/reference/hrv on all 48 mitdb records', () => {
  it('matches every figure of mitdb-report-reference.csv with the reference beats as input', () => {
    const rows = readReferenceCsv(REFERENCE_CSV);
    const records = readFileSync(join(MITDB, 'RECORDS'), 'utf8').split(/\s+/).filter(Boolean);
    expect(records).toHaveLength(48);
    expect([...rows.keys()]).toEqual(records);
    const all: FigureComparison[] = [];
    for (const record of records) {
      const headerPath = join(MITDB, `${record}.hea`);
      const { nSamples } = parseHeader(readFileSync(headerPath, 'latin1'), headerPath);
      all.push(...checkRecordAgainstReference(record, join(MITDB, `${record}.atr`), nSamples, rows.get(record) ?? {}));
    }
    const worst = new Map<string, FigureComparison>();
    for (const c of all) if (!(c.difference <= (worst.get(c.figure)?.difference ?? -1))) worst.set(c.figure, c);
    console.info(
      'largest |ours − reference| per figure over 48 records:\n' +
        [...worst.values()].map((c) => `  ${c.figure}: ${c.difference.toExponential(2)} (record ${c.record})`).join('\n'),
    );
  });
});

if (!hasSharedData) console.warn('skipping the 48-record mitdb report comparison: ../shared/data/mitdb is absent');

import { join } from 'node:path';
import { describe, it } from 'vitest';
import { FIXTURES, REPO_ROOT } from '../wfdb/wfdb-test-paths';
import { checkRecordAgainstReference, readReferenceCsv } from './report-reference';

const MITDB_N_SAMPLES = 650_000;
const rows = readReferenceCsv(join(REPO_ROOT, 'test/fixtures/report/mitdb-report-reference-4.csv'));

describe('Holter report figures against the independent reference on the committed mitdb annotations', () => {
  for (const [record, row] of rows) {
    it(`record ${record}: every figure of hrv_reference.py (see report-reference.ts for the definitions)`, () => {
      checkRecordAgainstReference(record, join(FIXTURES, 'rdann', `${record}.atr`), MITDB_N_SAMPLES, row);
    });
  }
});

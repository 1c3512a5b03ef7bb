import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callPacing, loadPacingModel } from '../../../../../src/main/core/beats/pacing-classifier';
import { pacingFeatures } from '../../../../../src/main/core/beats/pacing-features';
import { detectQrsMultiLead } from '../../../../../src/main/core/qrs/multi-lead';
import { readRecord, toPhysicalFrames } from '../../../../../src/main/core/wfdb/record';
import { readAnnotations } from '../../../../../src/main/core/wfdb/annotations';

const VFDB = resolve('../shared/data/vfdb');
const MODEL = resolve('resources/models/pacing');

function call(headerPath: string) {
  const record = readRecord(headerPath);
  const leads = record.adc.map((_, i) => toPhysicalFrames(record, i));
  return callPacing(loadPacingModel(MODEL), pacingFeatures(leads, record.fsHz, detectQrsMultiLead(leads, record.fsHz).beats));
}

// vfdb was never fitted on (npm run train:pacing fits on mitdb only) and is at another rate (250 Hz)
describe.skipIf(!existsSync(VFDB))('the committed pacing model on vfdb', () => {
  it('calls records without (PM pacemaker-rhythm episodes not paced', { timeout: 120_000 }, () => {
    for (const name of ['418', '605', '610']) {
      expect(readAnnotations(join(VFDB, `${name}.atr`)).some((a) => a.aux === '(PM')).toBe(false);
      const pacing = call(join(VFDB, `${name}.hea`));
      expect(pacing.recordPaced).toBe(false);
      expect(pacing.paced.every((v) => v === 0)).toBe(true);
    }
  });
});
if (!existsSync(VFDB)) describe.skip(`pacing on vfdb: ${VFDB} is absent`, () => undefined);

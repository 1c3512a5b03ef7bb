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
  it(
    'calls 602, whose reference holds (PM pacemaker-rhythm episodes, paced, and 418 and 605 without them not',
    { timeout: 120_000 },
    () => {
      expect(readAnnotations(join(VFDB, '602.atr')).some((a) => a.aux === '(PM')).toBe(true);
      expect(call(join(VFDB, '602.hea')).recordPaced).toBe(true);
      for (const name of ['418', '605']) {
        expect(readAnnotations(join(VFDB, `${name}.atr`)).some((a) => a.aux === '(PM')).toBe(false);
        expect(call(join(VFDB, `${name}.hea`)).recordPaced).toBe(false);
      }
    },
  );
});
if (!existsSync(VFDB)) describe.skip(`pacing on vfdb: ${VFDB} is absent`, () => undefined);

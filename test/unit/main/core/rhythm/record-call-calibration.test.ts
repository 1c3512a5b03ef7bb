import { describe, expect, it } from 'vitest';
import {
  fitRecordCallCalibration,
  recordCallCalibrationError,
  recordCallLogits,
} from '../../../../../src/main/core/rhythm/record-call-calibration';
import type { RhythmLabel } from '../../../../../src/main/core/rhythm/rhythm-labels';

const call = (N: number, A: number, O: number, noisy: number): Record<RhythmLabel, number> => ({ N, A, O, '~': noisy });

describe('recordCallLogits', () => {
  it('takes the logarithm of each probability, floored', () => {
    expect(Array.from(recordCallLogits([0.5, 0.25, 0, 0.25], 1e-4))).toEqual([
      Math.log(0.5),
      Math.log(0.25),
      Math.log(1e-4),
      Math.log(0.25),
    ]);
  });
});

describe('recordCallCalibrationError', () => {
  it('scores the top label of each call against the reference', () => {
    // top labels N (0.9, right), A (0.6, wrong), O (0.7, right); one bin: accuracy 2/3, confidence 2.2/3
    const result = recordCallCalibrationError(
      [call(0.9, 0.05, 0.05, 0), call(0.3, 0.6, 0.1, 0), call(0.1, 0.1, 0.7, 0.1)],
      ['N', 'N', 'O'],
      1,
    );
    expect(result.ece).toBeCloseTo(2.2 / 3 - 2 / 3, 12);
  });
});

describe('fitRecordCallCalibration', () => {
  it('softens over-confident calls (T > 1) and sharpens under-confident ones (T < 1)', () => {
    // over-confident: 0.99 on the top label, but only 6 of 10 right
    const over = Array.from({ length: 10 }, () => call(0.99, 0.004, 0.003, 0.003));
    const overReference: RhythmLabel[] = ['N', 'N', 'N', 'N', 'N', 'N', 'A', 'O', 'A', '~'];
    const soft = fitRecordCallCalibration(over, overReference, 'tune');
    expect(soft.temperature).toBeGreaterThan(1);
    expect(soft.nllAfter).toBeLessThan(soft.nllBefore);
    // under-confident: 0.4 on the top label and always right
    const under = Array.from({ length: 10 }, () => call(0.4, 0.2, 0.2, 0.2));
    const sharp = fitRecordCallCalibration(under, Array<RhythmLabel>(10).fill('N'), 'tune');
    expect(sharp.temperature).toBeLessThan(1);
    expect(sharp).toMatchObject({ method: 'temperature', fittedOn: 'tune', records: 10 });
  });

  it('rejects calls and labels of different lengths', () => {
    expect(() => fitRecordCallCalibration([call(1, 0, 0, 0)], [], 'tune')).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { expectedCalibrationError } from '../../../../../src/main/core/evaluate/calibration-error';

describe('expectedCalibrationError', () => {
  it('matches a hand-computed example', () => {
    // 2 bins, (0, 0.5] and (0.5, 1]:
    //   bin 1: {0.3 correct} → accuracy 1, confidence 0.3, gap 0.7, weight 1/4
    //   bin 2: {0.9 correct, 0.8 wrong, 0.6 correct} → accuracy 2/3, confidence 2.3/3, gap 0.1, weight 3/4
    //   ECE = 0.7/4 + 0.1·3/4 = 0.25; MCE = 0.7
    const result = expectedCalibrationError([0.9, 0.8, 0.3, 0.6], [true, false, true, true], 2);
    expect(result.ece).toBeCloseTo(0.25, 12);
    expect(result.mce).toBeCloseTo(0.7, 12);
    expect(result.bins.map((b) => b.count)).toEqual([1, 3]);
    expect(result.bins[1]?.accuracy).toBeCloseTo(2 / 3, 12);
    expect(result.bins[1]?.meanConfidence).toBeCloseTo(2.3 / 3, 12);
  });

  it('puts a confidence on a bin edge in the lower bin and 0 in the first', () => {
    const result = expectedCalibrationError([0.5, 0, 1], [true, false, true], 2);
    expect(result.bins.map((b) => b.count)).toEqual([2, 1]);
    // bin 1: confidences 0.5 and 0, accuracy 1/2, confidence 1/4 → gap 1/4, weight 2/3; bin 2: gap 0
    expect(result.ece).toBeCloseTo(1 / 6, 12);
  });

  it('is 0 for perfectly calibrated bins and leaves empty bins out', () => {
    const confidence = [0.75, 0.75, 0.75, 0.75];
    const result = expectedCalibrationError(confidence, [true, true, true, false], 10);
    expect(result.ece).toBeCloseTo(0, 12);
    expect(result.bins.filter((b) => b.count > 0)).toHaveLength(1);
    expect(Number.isNaN(result.bins[0]?.accuracy)).toBe(true);
  });

  it('rejects bad input', () => {
    expect(() => expectedCalibrationError([], [], 15)).toThrow(RangeError);
    expect(() => expectedCalibrationError([0.5], [true, false], 15)).toThrow(RangeError);
    expect(() => expectedCalibrationError([1.2], [true], 15)).toThrow(/confidence 0 is 1.2/);
    expect(() => expectedCalibrationError([0.5], [true], 0)).toThrow(/bins/);
  });
});

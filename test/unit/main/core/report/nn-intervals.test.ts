import { describe, expect, it } from 'vitest';
import { analysedBeats } from '../../../../../src/main/core/report/analysed-beats';
import { mergeExcludedSpans } from '../../../../../src/main/core/report/excluded-spans';
import { NN_EDITING_CONFIG, nnIntervals } from '../../../../../src/main/core/report/nn-intervals';
import type { ReportBeat } from '../../../../../src/main/core/report/report-input';
import { beatTrain, FS_HZ } from './synthetic-beats';

const analyse = (beats: ReportBeat[]) => analysedBeats(beats, mergeExcludedSpans([]), FS_HZ);

describe('nnIntervals (NN editing rule)', () => {
  it('rejects out-of-range intervals and changes over 20 % from the preceding candidate, without locking out', () => {
    // RR 800, 800, 1000 (+25 % → rejected), 1000 (0 % from the rejected candidate → accepted), 250 (< 300 ms).
    const nn = nnIntervals(analyse(beatTrain('NNNNNN', [800, 800, 1000, 1000, 250])));
    expect(nn.candidates).toBe(5);
    expect(nn.nnMs).toEqual([800, 800, 1000]);
    expect(nn.rejectedByRange).toBe(1);
    expect(nn.rejectedByChange).toBe(1);
    expect(nn.onsetSample).toEqual([1000, 1800, 3600]);
    expect(nn.followsPrevious).toEqual([false, true, false]);
  });

  it('accepts a change of exactly 20 % and intervals at the range limits', () => {
    const nn = nnIntervals(analyse(beatTrain('NNNN', [1000, 1200, 2000])), { ...NN_EDITING_CONFIG, maxChangeFraction: null });
    expect(nn.nnMs).toEqual([1000, 1200, 2000]);
    expect(nnIntervals(analyse(beatTrain('NNN', [1000, 1200]))).nnMs).toEqual([1000, 1200]);
    expect(nnIntervals(analyse(beatTrain('NN', [300]))).nnMs).toEqual([300]);
  });

  it('never takes an interval touching a non-N beat or crossing an excluded beat', () => {
    expect(nnIntervals(analyse(beatTrain('NNVNNSNFNQN', 800))).candidates).toBe(2);
    const beats = beatTrain('NNNN', 800).map((b, i) => (i === 2 ? { ...b, excluded: true } : b));
    const nn = nnIntervals(analyse(beats));
    expect(nn.candidates).toBe(1);
    expect(nn.nnMs).toEqual([800]);
  });

  it('refuses an invalid rule', () => {
    expect(() => nnIntervals(analyse([]), { minNnMs: 500, maxNnMs: 400, maxChangeFraction: null })).toThrow(RangeError);
    expect(() => nnIntervals(analyse([]), { minNnMs: 0, maxNnMs: 400, maxChangeFraction: Number.NaN })).toThrow(RangeError);
  });
});

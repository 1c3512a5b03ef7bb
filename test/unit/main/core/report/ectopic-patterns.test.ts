import { describe, expect, it } from 'vitest';
import { analysedBeats } from '../../../../../src/main/core/report/analysed-beats';
import { ectopicPatterns } from '../../../../../src/main/core/report/ectopic-patterns';
import { mergeExcludedSpans } from '../../../../../src/main/core/report/excluded-spans';
import type { ReportBeat } from '../../../../../src/main/core/report/report-input';
import { beatTrain, FS_HZ } from './synthetic-beats';

const analyse = (beats: ReportBeat[]) => analysedBeats(beats, mergeExcludedSpans([]), FS_HZ);
const summary = (labels: string, kind: 'bigeminy' | 'trigeminy', beatClass: 'S' | 'V' = 'V', minCycles = 3) =>
  ectopicPatterns(analyse(beatTrain(labels, 1000, 0)), kind, beatClass, minCycles).map((p) => [p.cycles, p.onsetSample, p.lastSample]);

describe('ectopicPatterns (bigeminy, trigeminy)', () => {
  it('finds three bigeminal cycles, from the first cycle’s normal beat to the last ectopic beat', () => {
    expect(summary('NNVNVNVNN', 'bigeminy')).toEqual([[3, 1000, 6000]]);
    expect(summary('NNVNVNVNN', 'trigeminy')).toEqual([]);
  });

  it('needs the minimum number of cycles', () => {
    expect(summary('NVNVNN', 'bigeminy')).toEqual([]);
    expect(summary('NVNVNN', 'bigeminy', 'V', 2)).toEqual([[2, 0, 3000]]);
    // V N V N V N: the first V has no normal beat before it, so only two full cycles.
    expect(summary('VNVNVN', 'bigeminy')).toEqual([]);
  });

  it('finds trigeminy, and a couplet or another class ends a chain', () => {
    expect(summary('NNVNNVNNVN', 'trigeminy')).toEqual([[3, 0, 8000]]);
    expect(summary('NVNVVNVNV', 'bigeminy', 'V', 2)).toEqual([
      [2, 0, 3000],
      [2, 5000, 8000],
    ]);
    expect(summary('NVNVNFNVNV', 'bigeminy')).toEqual([]);
  });

  it('works for supraventricular beats and is broken by an excluded beat', () => {
    expect(summary('NSNSNS', 'bigeminy', 'S')).toEqual([[3, 0, 5000]]);
    const beats = beatTrain('NVNVNVNV', 1000, 0).map((b, i) => (i === 4 ? { ...b, excluded: true } : b));
    expect(ectopicPatterns(analyse(beats), 'bigeminy', 'V', 3)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { markedSpans } from '../../../../../src/main/core/report/marked-spans';

const mark = (onsetSample: number, endSample: number) => ({ onsetSample, endSample, marked: true });
const clear = (onsetSample: number, endSample: number) => ({ onsetSample, endSample, marked: false });

describe('markedSpans', () => {
  it('is empty without marks, and ignores empty spans', () => {
    expect(markedSpans([])).toEqual([]);
    expect(markedSpans([mark(5, 5), clear(0, 10)])).toEqual([]);
  });

  it('joins overlapping and touching marks, keeps apart ones apart, sorted', () => {
    expect(markedSpans([mark(50, 60), mark(0, 10), mark(10, 20), mark(15, 30)])).toEqual([
      { onsetSample: 0, endSample: 30 },
      { onsetSample: 50, endSample: 60 },
    ]);
  });

  it('a clear inside a span splits it; one over its edge trims it; one over it removes it', () => {
    expect(markedSpans([mark(0, 100), clear(40, 60)])).toEqual([
      { onsetSample: 0, endSample: 40 },
      { onsetSample: 60, endSample: 100 },
    ]);
    expect(markedSpans([mark(0, 100), clear(80, 200)])).toEqual([{ onsetSample: 0, endSample: 80 }]);
    expect(markedSpans([mark(10, 20), mark(30, 40), clear(0, 50)])).toEqual([]);
  });

  it('applies marks and clears in order: a mark after a clear marks again', () => {
    expect(markedSpans([mark(0, 100), clear(0, 100), mark(20, 30)])).toEqual([{ onsetSample: 20, endSample: 30 }]);
    expect(markedSpans([clear(0, 100), mark(20, 30)])).toEqual([{ onsetSample: 20, endSample: 30 }]);
  });
});

import { describe, expect, it } from 'vitest';
import { padBatch } from '../../../../../src/main/core/ml/pad-batch';

const BEATS = { batchSize: 1024, quantum: 64 };

/** `rows` rows of `rowLength` values 1, 2, 3, … */
function rowsOf(rows: number, rowLength: number): Float32Array {
  return Float32Array.from({ length: rows * rowLength }, (_, i) => i + 1);
}

describe('padBatch', () => {
  it.each([
    [1, 1],
    [2, 2],
    [3, 4],
    [33, 64],
    [64, 64],
    [65, 128],
    [1000, 1024],
    [1024, 1024],
  ])('runs %i rows as a batch of %i', (rows, expected) => {
    expect(padBatch(rowsOf(rows, 3), 3, BEATS).rows).toBe(expected);
  });

  it('keeps the rows and fills the padding with zeros', () => {
    const values = rowsOf(65, 2);
    const padded = padBatch(values, 2, BEATS);
    expect(padded.values.length).toBe(128 * 2);
    expect(padded.values.subarray(0, values.length)).toEqual(values);
    expect(padded.values.subarray(values.length).every((v) => v === 0)).toBe(true);
  });

  it('returns the input itself when it is already a batch size', () => {
    const values = rowsOf(128, 2);
    expect(padBatch(values, 2, BEATS).values).toBe(values);
  });

  it('never pads past the batch size, nor past a batch size smaller than the quantum', () => {
    expect(padBatch(rowsOf(100, 1), 1, { batchSize: 120, quantum: 64 }).rows).toBe(120);
    expect(padBatch(rowsOf(10, 1), 1, { batchSize: 12, quantum: 64 }).rows).toBe(12);
  });

  it('bounds the number of shapes of every row count a record can give', () => {
    const shapes = new Set<number>();
    for (let rows = 1; rows <= BEATS.batchSize; rows++) shapes.add(padBatch(new Float32Array(rows), 1, BEATS).rows);
    // 1, 2, 4, …, 64, then 128, 192, …, 1024
    expect(shapes.size).toBe(7 + 15);
    for (const rows of shapes) expect(rows <= BEATS.quantum ? Math.log2(rows) % 1 : rows % BEATS.quantum).toBe(0);
  });

  it('rejects an empty batch, a batch over the batch size and a partial row', () => {
    expect(() => padBatch(new Float32Array(0), 3, BEATS)).toThrow(RangeError);
    expect(() => padBatch(new Float32Array(1025), 1, BEATS)).toThrow(/not 1…1024 rows of 1/);
    expect(() => padBatch(new Float32Array(7), 3, BEATS)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { CHUNK_CONFIG, chunkAlignment, planChunks } from '../../../../../src/main/core/analysis/chunk-plan';

describe('chunkAlignment', () => {
  it('is the least common multiple of the resampling cycles: 360 Hz to 128 Hz (45 inputs) and 100 Hz (18 inputs) gives 90', () => {
    expect(chunkAlignment(360, [128, 100])).toBe(90);
    expect(chunkAlignment(360, [360])).toBe(1);
    expect(chunkAlignment(250, [128])).toBe(125); // 128/250 = 64/125
  });
});

describe('planChunks', () => {
  it('covers the record with consecutive owned ranges and aligned read stretches that hold the documented context', () => {
    const fsHz = 360;
    const nSamples = 650_000;
    const chunks = planChunks(nSamples, fsHz, 90, { chunkS: 120 });
    expect(chunks).toHaveLength(Math.ceil(nSamples / 43_200));
    chunks.forEach((c, i) => {
      expect(c.index).toBe(i);
      expect(c.count).toBe(chunks.length);
      expect(c.recordSamples).toBe(nSamples);
      expect(c.startSample).toBe(i === 0 ? 0 : chunks[i - 1]?.endSample);
      expect(c.readStartSample % 90).toBe(0);
      expect(c.classifyStartSample % 90).toBe(0);
      expect(c.readStartSample).toBeLessThanOrEqual(Math.max(0, c.startSample - CHUNK_CONFIG.qrsWarmupS * fsHz));
      expect(c.classifyStartSample).toBeLessThanOrEqual(Math.max(0, c.startSample - CHUNK_CONFIG.marginS * fsHz));
      expect(c.readEndSample).toBe(Math.min(nSamples, c.endSample + CHUNK_CONFIG.lookaheadS * fsHz));
    });
    expect(chunks[chunks.length - 1]?.endSample).toBe(nSamples);
  });

  it('keeps a record of at most 61 s in one chunk (its record call needs it whole) and an empty record in none', () => {
    expect(planChunks(61 * 300, 300, 1, { chunkS: 10 })).toHaveLength(1);
    expect(planChunks(62 * 300, 300, 1, { chunkS: 10 })).toHaveLength(7);
    expect(planChunks(0, 360, 90)).toEqual([]);
  });

  it('rejects a chunk shorter than the minimum and a non-positive rate', () => {
    expect(() => planChunks(1000, 360, 90, { chunkS: CHUNK_CONFIG.minChunkS / 2 })).toThrow(RangeError);
    expect(() => planChunks(1000, 0, 90)).toThrow(RangeError);
  });
});

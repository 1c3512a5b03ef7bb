import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from '../../../src/shared/wire';

describe('wire codec', () => {
  it('round-trips typed arrays as base64, not as JSON number arrays', () => {
    const message = { id: 3, result: { samples: Float32Array.from([0.5, -1.25, NaN]), beats: Int32Array.from([1, 70000]) } };
    const text = encodeWire(message);
    expect(text).not.toContain('-1.25');
    expect(text).toContain('"$typed":"Float32Array"');
    const back = decodeWire(text) as typeof message;
    expect(back.result.samples).toBeInstanceOf(Float32Array);
    expect(Array.from(back.result.samples)).toEqual([0.5, -1.25, NaN]);
    expect(Array.from(back.result.beats)).toEqual([1, 70000]);
  });

  it('encodes a subarray view without its neighbours', () => {
    const whole = Float32Array.from([1, 2, 3, 4]);
    const back = decodeWire(encodeWire(whole.subarray(1, 3))) as Float32Array;
    expect(Array.from(back)).toEqual([2, 3]);
  });

  it('rejects an unknown typed array name', () => {
    expect(() => decodeWire('{"$typed":"BigFloat","b64":""}')).toThrow(/unknown typed array/);
  });
});

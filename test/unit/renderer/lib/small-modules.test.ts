import { describe, expect, it } from 'vitest';
import { describeError } from '../../../../src/renderer/src/lib/api-error';
import { attentionCells } from '../../../../src/renderer/src/lib/attention-cells';
import { backendLabel, modelsLabel } from '../../../../src/renderer/src/lib/backend-label';
import { leadBaseline, millivoltsPerUnit } from '../../../../src/renderer/src/lib/lead-scaling';

describe('attention cells', () => {
  it('makes one column per step, skips negligible values, clamps and cuts the last column at the strip end', () => {
    const cells = attentionCells(new Float32Array([0, 0.5, 1.5, NaN, 0.8]), 10, 45, 2);
    expect(cells).toEqual([
      { x: 20, width: 20, value: 0.5 },
      { x: 40, width: 20, value: 1 },
      { x: 80, width: 10, value: Math.fround(0.8) },
    ]);
  });

  it('returns nothing for a bad step', () => {
    expect(attentionCells(new Float32Array([1]), 0, 10, 1)).toEqual([]);
  });
});

describe('lead scaling', () => {
  it('converts WFDB units to mV, taking unknown units as mV', () => {
    expect(millivoltsPerUnit('mV')).toBe(1);
    expect(millivoltsPerUnit('uV')).toBe(0.001);
    expect(millivoltsPerUnit('V')).toBe(1000);
    expect(millivoltsPerUnit('')).toBe(1);
  });

  it('centres a trace on the median of its finite samples', () => {
    expect(leadBaseline(new Float32Array([5, -1, 2, NaN, 100]))).toBe(3.5);
    expect(leadBaseline(new Float32Array([3, 1, 2]))).toBe(2);
    expect(leadBaseline(new Float32Array([NaN]))).toBe(0);
  });
});

describe('header labels', () => {
  it('names the backend with the native TensorFlow version when there is one', () => {
    expect(backendLabel({ name: 'tensorflow', package: '@tensorflow/tfjs-node', tfVersion: '2.21.0' })).toBe(
      'tfjs: tensorflow (TF 2.21.0)',
    );
    expect(backendLabel({ name: 'wasm', package: '@tensorflow/tfjs-backend-wasm', tfVersion: null })).toBe('tfjs: wasm');
  });

  it('lists models by name and version', () => {
    expect(modelsLabel([])).toBe('no models');
    expect(
      modelsLabel([
        { name: 'beat', version: '1.0.0', sha256: 'a' },
        { name: 'rhythm', version: '0.2.0', sha256: 'b' },
      ]),
    ).toBe('beat 1.0.0 · rhythm 0.2.0');
  });
});

describe('API error description', () => {
  it('keeps the code and message of an API rejection', () => {
    expect(describeError(Object.assign(new Error('record 9 not found'), { code: 'not_found' }))).toEqual({
      code: 'not_found',
      message: 'record 9 not found',
    });
  });

  it('labels other failures as client errors', () => {
    expect(describeError(new Error('boom'))).toEqual({ code: 'client', message: 'boom' });
    expect(describeError('plain')).toEqual({ code: 'client', message: 'plain' });
    expect(describeError('')).toEqual({ code: 'client', message: 'unknown error' });
  });
});

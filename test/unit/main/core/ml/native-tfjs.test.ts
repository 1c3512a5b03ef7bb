import { describe, expect, it } from 'vitest';
import { loadNativeTfjs } from '../../../../../src/main/core/ml/native-tfjs';

describe('loadNativeTfjs', () => {
  it('reports a package that is not installed instead of throwing', () => {
    const result = loadNativeTfjs('@tensorflow/tfjs-node-does-not-exist', () => null);
    expect(result).toEqual({ loaded: false, reason: '@tensorflow/tfjs-node-does-not-exist is not installed' });
  });
});

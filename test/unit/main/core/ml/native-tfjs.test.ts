import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findNativeAddon, loadNativeTfjs } from '../../../../../src/main/core/ml/native-tfjs';

describe('loadNativeTfjs', () => {
  it('reports a package that is not installed instead of throwing', () => {
    const result = loadNativeTfjs('@tensorflow/tfjs-node-does-not-exist', () => null);
    expect(result).toEqual({ loaded: false, reason: '@tensorflow/tfjs-node-does-not-exist is not installed' });
  });
});

describe('findNativeAddon', () => {
  it('reports a package that is not installed', () => {
    expect(findNativeAddon('@tensorflow/tfjs-node-does-not-exist')).toEqual({
      reason: '@tensorflow/tfjs-node-does-not-exist is not installed',
    });
  });

  it("gives tfjs-node's addon file when it is built, and why not when it is not (the GPU package here has none)", () => {
    for (const name of ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']) {
      const found = findNativeAddon(name);
      if ('addon' in found) expect(existsSync(found.addon)).toBe(true);
      else expect(found.reason).toMatch(new RegExp(`^${name}( is not installed| has no built addon)`));
    }
  });
});

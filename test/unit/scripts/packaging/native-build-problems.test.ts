import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nativeBuildProblems } from '../../../../scripts/packaging/native-build-problems';

const nodeModulesDir = '/p/node_modules';
const tfjs = (name: string, ...files: string[]) => [
  join(nodeModulesDir, name, 'package.json'),
  ...files.map((file) => join(nodeModulesDir, name, file)),
];
const linuxReady = ['deps/include/tensorflow/c/c_api.h', 'deps/lib/libtensorflow.so', 'deps/lib/libtensorflow_framework.so'];
const existing = (paths: string[]) => (path: string) => paths.includes(path);

describe('nativeBuildProblems', () => {
  it('lets a Linux build go ahead with tfjs-node set up and tfjs-node-gpu not installed', () => {
    const setting = { targetPlatform: 'linux', hostPlatform: 'linux', nodeModulesDir } as const;
    expect(nativeBuildProblems(setting, existing(tfjs('@tensorflow/tfjs-node', ...linuxReady)))).toEqual([]);
  });

  it('lets a build go ahead with neither tfjs package installed (the app then runs on wasm)', () => {
    expect(nativeBuildProblems({ targetPlatform: 'linux', hostPlatform: 'linux', nodeModulesDir }, () => false)).toEqual([]);
  });

  it('names tfjs-node-gpu installed without its library, the missing files and both fixes', () => {
    const present = [...tfjs('@tensorflow/tfjs-node', ...linuxReady), ...tfjs('@tensorflow/tfjs-node-gpu')];
    const problems = nativeBuildProblems({ targetPlatform: 'linux', hostPlatform: 'linux', nodeModulesDir }, existing(present));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^@tensorflow\/tfjs-node-gpu is installed without its TensorFlow library/);
    expect(problems[0]).toContain('deps/lib/libtensorflow.so');
    expect(problems[0]).toContain('npm rebuild @tensorflow/tfjs-node-gpu --dangerously-allow-all-scripts');
    expect(problems[0]).toContain('remove node_modules/@tensorflow/tfjs-node-gpu');
    expect(problems[0]).not.toContain('setup:native');
  });

  it('asks on Windows for the import library and the DLL staged beside the addon', () => {
    const present = tfjs(
      '@tensorflow/tfjs-node',
      'deps/include/tensorflow/c/c_api.h',
      'deps/lib/tensorflow.dll',
      'deps/lib/tensorflow.lib',
    );
    const problems = nativeBuildProblems({ targetPlatform: 'win32', hostPlatform: 'win32', nodeModulesDir }, existing(present));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('missing lib/napi-v8/tensorflow.dll');
  });

  it('refuses a cross-build before looking at any package', () => {
    const problems = nativeBuildProblems({ targetPlatform: 'win32', hostPlatform: 'linux', nodeModulesDir }, () => true);
    expect(problems).toEqual([
      'the win32 installer must be built on win32, not on linux: native modules (better-sqlite3, tfjs-node) cannot be cross-compiled',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { asarUnpackedPath } from '../../../../../src/main/core/ml/asar-unpacked-path';

describe('asarUnpackedPath', () => {
  it('maps a tfjs-node addon inside a Linux app.asar to the unpacked twin with the same layout', () => {
    const addon = '/opt/Holter Workstation/resources/app.asar/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node';
    expect(asarUnpackedPath(addon)).toBe(
      '/opt/Holter Workstation/resources/app.asar.unpacked/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node',
    );
  });

  it('keeps Windows backslashes and the drive', () => {
    expect(
      asarUnpackedPath(
        'C:\\Program Files\\Holter Workstation\\resources\\app.asar\\node_modules\\better-sqlite3\\build\\Release\\better_sqlite3.node',
      ),
    ).toBe(
      'C:\\Program Files\\Holter Workstation\\resources\\app.asar.unpacked\\node_modules\\better-sqlite3\\build\\Release\\better_sqlite3.node',
    );
  });

  it('maps the archive itself', () => {
    expect(asarUnpackedPath('/opt/h/resources/app.asar')).toBe('/opt/h/resources/app.asar.unpacked');
  });

  it('returns null outside an archive: a checkout, an already unpacked path, a name merely containing .asar', () => {
    expect(asarUnpackedPath('/work/main/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node')).toBeNull();
    expect(asarUnpackedPath('/opt/h/resources/app.asar.unpacked/node_modules/x/x.node')).toBeNull();
    expect(asarUnpackedPath('/data/my.asarfile/x.node')).toBeNull();
  });

  it('replaces only the first archive segment', () => {
    expect(asarUnpackedPath('/a/app.asar/b/inner.asar/c.node')).toBe('/a/app.asar.unpacked/b/inner.asar/c.node');
  });
});

/**
 * `tsx scripts/check-dist-native.ts win32|linux` — run by `npm run dist:win`
 * and `npm run dist:linux` before electron-builder: stops with exit status 1
 * and one line per problem when the installer cannot be built here (see
 * script./packaging/native-build-problems.ts), else prints which native packages
 * electron-builder will rebuild for Electron.
 */
import { Argument, Command } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nativeBuildProblems, TFJS_NATIVE_PACKAGES, type NativeBuildSetting } from './packaging/native-build-problems';

const program = new Command()
  .name('tsx scripts/check-dist-native.ts')
  .addArgument(new Argument('<platform>', 'platform the installer is built for').choices(['win32', 'linux']))
  .parse();
const targetPlatform = program.args[0] as NativeBuildSetting['targetPlatform'];
const setting: NativeBuildSetting = {
  targetPlatform,
  hostPlatform: process.platform,
  nodeModulesDir: join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'node_modules'),
};
const problems = nativeBuildProblems(setting, existsSync);
if (problems.length > 0) {
  for (const problem of problems) console.error(`dist: ${problem}`);
  process.exit(1);
}
const tfjs = TFJS_NATIVE_PACKAGES.filter((name) => existsSync(join(setting.nodeModulesDir, name, 'package.json')));
const fallback = tfjs.length === 0 ? ' (no native TensorFlow: the installed app runs its models on wasm)' : '';
console.log(`dist: rebuilding for Electron from source: ${['better-sqlite3', ...tfjs].join(', ')}${fallback}`);

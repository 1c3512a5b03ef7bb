/**
 * `npm run setup:native` — gives @tensorflow/tfjs-node a local TensorFlow C
 * library and builds its addon, so training runs on native TensorFlow.
 *
 * tfjs-node's own install script downloads libtensorflow 2.9.1 from
 * storage.googleapis.com, which offline machines cannot reach; the project
 * disables that script (package.json `allowScripts`). This script fills
 * `node_modules/@tensorflow/tfjs-node/deps/` instead from one of:
 *
 * - `--from DIR`: an offline folder holding `libtensorflow_cc.so.2` (or the
 *   official tarball's `libtensorflow.so.2`) and `libtensorflow_framework.so.2`,
 *   in `DIR/lib/` or `DIR/`, and the C headers in `DIR/include/` or `DIR/`.
 *   The `deps/` folder this script writes has exactly that layout.
 * - `--wheel FILE`: a TensorFlow wheel (`tensorflow_cpu-*.whl`, a zip file).
 * - neither: `pip download tensorflow-cpu==2.21.* --no-deps` from the index
 *   pip is configured with.
 *
 * It keeps only what the addon needs (the two libraries, stripped with
 * `strip --strip-unneeded`, and the C API headers), adds the link-time names
 * the addon's binding.gyp expects, builds the addon with node-pre-gyp/node-gyp
 * against the local Node headers, loads it in a child process and prints the
 * backend and TF_Version. Running it again when everything already works
 * exits at once (`--force` redoes it). Exit status 1 with a message when no
 * source is available or a step fails. Linux x86-64 only.
 *
 * Method: docs/native-backend.md and PLATFORM-NOTES §5 (tfjs-node 4.22.0 built
 * against the TensorFlow 2.21 C library; all TF_/TFE_ symbols the addon calls
 * are exported by it).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';

/** Tunables of the native setup. */
const SETUP_CONFIG = Object.freeze({
  /** pip requirement for the default source. */
  wheelRequirement: 'tensorflow-cpu==2.21.*',
  /** pip: seconds per connection attempt and retries, so an unreachable pypi.org fails fast and pip falls back to the local index. */
  pipTimeoutS: 5,
  pipRetries: 0,
  /** Main library names, first found wins: the wheel's, then the official libtensorflow tarball's. */
  mainLibraryNames: ['libtensorflow_cc.so.2', 'libtensorflow.so.2'],
  frameworkLibraryName: 'libtensorflow_framework.so.2',
  /** Link names in deps/lib: binding.gyp links -ltensorflow -ltensorflow_framework; install.js skips its download when libtensorflow.so.2.9.1 exists. */
  mainLinkNames: ['libtensorflow.so', 'libtensorflow.so.2.9.1'],
  frameworkLinkName: 'libtensorflow_framework.so',
  /** Headers kept, as regular expressions over paths relative to the include root. */
  headerPatterns: ['tensorflow/c/.+\\.h', 'xla/tsl/c/.+\\.h', '(tensorflow/core|tsl)/platform/ctstring[^/]*\\.h'],
  /** Headers whose presence marks a complete include folder (binding.gyp's tensorflow_headers). */
  requiredHeaders: ['tensorflow/c/c_api.h', 'tensorflow/c/eager/c_api.h'],
  /** Where the wheel keeps the libraries and headers. */
  wheelLibraryDir: 'tensorflow',
  wheelIncludeDir: 'tensorflow/include',
});

/** Where the libraries and headers of one TensorFlow source are. */
interface TfSource {
  mainLibrary: string;
  frameworkLibrary: string;
  includeRoot: string;
}

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workDir = join(projectRoot, 'node_modules', '.cache', 'setup-native');
const startMs = Date.now();

function log(line: string): void {
  console.log(`[setup:native ${((Date.now() - startMs) / 1000).toFixed(1)} s] ${line}`);
}

/** Runs a command with inherited output; throws naming the command when it fails. */
function run(command: string, args: string[], cwd = projectRoot): void {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.error) throw new Error(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with status ${result.status}`);
}

function findTfjsNodeDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve('@tensorflow/tfjs-node/package.json'));
  } catch {
    throw new Error(
      '@tensorflow/tfjs-node is not in node_modules. It is an optional dependency: run `npm install` ' +
        '(with its install script disabled by package.json "allowScripts") and then this script again.',
    );
  }
}

/** Result of loading tfjs-node in a fresh Node process. */
interface AddonProbe {
  backend: string;
  tfVersion: string;
}

/** Loads tfjs-node in a child process; returns its backend and TF_Version, or the error text. */
function probeAddon(packageDir: string): AddonProbe | string {
  const code =
    `const tf = require(${JSON.stringify(packageDir)});` +
    `process.stdout.write(JSON.stringify({ backend: tf.getBackend(), tfVersion: tf.backend().binding.TF_Version }));`;
  const result = spawnSync(process.execPath, ['-e', code], { cwd: projectRoot, encoding: 'utf8' });
  if (result.status === 0) {
    try {
      return JSON.parse(result.stdout) as AddonProbe;
    } catch {
      return `unexpected output: ${result.stdout}`;
    }
  }
  const lines = `${result.stderr}`.split('\n').filter((l) => /Error/.test(l));
  return lines.slice(0, 2).join(' ') || `exit status ${result.status}`;
}

function depsComplete(depsDir: string): boolean {
  const lib = join(depsDir, 'lib');
  const include = join(depsDir, 'include');
  const links = [...SETUP_CONFIG.mainLinkNames, SETUP_CONFIG.frameworkLinkName];
  return links.every((name) => existsSync(join(lib, name))) && SETUP_CONFIG.requiredHeaders.every((h) => existsSync(join(include, h)));
}

function firstExisting(paths: string[]): string | undefined {
  return paths.find((p) => existsSync(p));
}

/** Locates the libraries and headers in an offline folder (see the file header for its layout). */
function sourceFromDir(dir: string): TfSource {
  const root = resolve(dir);
  if (!existsSync(root)) throw new Error(`--from ${dir}: folder not found`);
  const libDirs = [join(root, 'lib'), root];
  const inLibDirs = (name: string): string[] => libDirs.map((d) => join(d, name));
  const mainLibrary = firstExisting(SETUP_CONFIG.mainLibraryNames.flatMap(inLibDirs));
  const frameworkLibrary = firstExisting(inLibDirs(SETUP_CONFIG.frameworkLibraryName));
  const includeRoot = [join(root, 'include'), root].find((d) => SETUP_CONFIG.requiredHeaders.every((h) => existsSync(join(d, h))));
  const missing = [
    mainLibrary ? '' : SETUP_CONFIG.mainLibraryNames.join(' or '),
    frameworkLibrary ? '' : SETUP_CONFIG.frameworkLibraryName,
    includeRoot ? '' : SETUP_CONFIG.requiredHeaders.join(' and '),
  ].filter(Boolean);
  if (!mainLibrary || !frameworkLibrary || !includeRoot) {
    throw new Error(`--from ${dir}: missing ${missing.join(', ')} (looked in ${root}/lib, ${root}/include and ${root})`);
  }
  return { mainLibrary, frameworkLibrary, includeRoot };
}

/** Extracts only the two libraries and the kept headers from a wheel into workDir/wheel. */
function sourceFromWheel(wheel: string): TfSource {
  if (!existsSync(wheel)) throw new Error(`--wheel ${wheel}: file not found`);
  const out = join(workDir, 'wheel');
  rmSync(out, { recursive: true, force: true });
  const libDir = SETUP_CONFIG.wheelLibraryDir;
  const members = [
    ...SETUP_CONFIG.mainLibraryNames.map((n) => `${libDir}/${n.replaceAll('.', '\\.')}`),
    `${libDir}/${SETUP_CONFIG.frameworkLibraryName.replaceAll('.', '\\.')}`,
    ...SETUP_CONFIG.headerPatterns.map((p) => `${SETUP_CONFIG.wheelIncludeDir}/${p}`),
  ];
  const extract =
    'import re, sys, zipfile\n' +
    'z = zipfile.ZipFile(sys.argv[1])\n' +
    'pats = [re.compile(p) for p in sys.argv[3:]]\n' +
    'for n in z.namelist():\n' +
    '    if any(p.fullmatch(n) for p in pats): z.extract(n, sys.argv[2])\n';
  log(`extracting the libraries and C headers from ${wheel}`);
  run('python3', ['-c', extract, wheel, out, ...members]);
  return sourceFromDir(join(out, libDir));
}

/** Downloads the tensorflow-cpu wheel with pip into workDir/pip and returns its path. */
function downloadWheel(): string {
  const dest = join(workDir, 'pip');
  mkdirSync(dest, { recursive: true });
  log(`pip download ${SETUP_CONFIG.wheelRequirement} (from the configured index)`);
  const args = [
    '-m',
    'pip',
    'download',
    SETUP_CONFIG.wheelRequirement,
    '--no-deps',
    '--only-binary=:all:',
    '-d',
    dest,
    '--retries',
    String(SETUP_CONFIG.pipRetries),
    '--timeout',
    String(SETUP_CONFIG.pipTimeoutS),
  ];
  const result = spawnSync('python3', args, { cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  const wheel = existsSync(dest) ? readdirSync(dest).find((f) => /^tensorflow_cpu-.*\.whl$/.test(f)) : undefined;
  if (result.status !== 0 || !wheel) {
    throw new Error(
      `no TensorFlow source: \`python3 -m pip download ${SETUP_CONFIG.wheelRequirement}\` ` +
        `${result.error ? `could not start (${result.error.message})` : `failed (status ${result.status})`}. ` +
        'Give an offline folder with `npm run setup:native -- --from DIR` or a wheel with `-- --wheel FILE` ' +
        '(see docs/native-backend.md).',
    );
  }
  return join(dest, wheel);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
}

/** Copies a library, stripping unneeded symbols when `strip` exists. */
function copyLibrary(from: string, to: string): void {
  const result = spawnSync('strip', ['--strip-unneeded', '-o', to, from], { stdio: 'inherit' });
  if (result.error) {
    log(`strip not found (install binutils to save ~200 MB); copying ${from} unstripped`);
    cpSync(from, to, { dereference: true });
  } else if (result.status !== 0) {
    throw new Error(`strip --strip-unneeded ${from} failed (status ${result.status})`);
  }
}

/** Writes deps/ (lib/ with libraries and link names, include/ with headers) atomically via a staging folder. */
function fillDeps(source: TfSource, depsDir: string): void {
  const staging = `${depsDir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  const lib = join(staging, 'lib');
  const include = join(staging, 'include');
  mkdirSync(lib, { recursive: true });
  const mainName = source.mainLibrary.split('/').pop() as string;
  for (const library of [source.mainLibrary, source.frameworkLibrary]) {
    const name = library.split('/').pop() as string;
    log(`strip ${name}`);
    copyLibrary(library, join(lib, name));
  }
  for (const link of SETUP_CONFIG.mainLinkNames) symlinkSync(mainName, join(lib, link));
  symlinkSync(SETUP_CONFIG.frameworkLibraryName, join(lib, SETUP_CONFIG.frameworkLinkName));
  const patterns = SETUP_CONFIG.headerPatterns.map((p) => new RegExp(`^(${p})$`));
  const headers = listFiles(source.includeRoot)
    .map((f) => relative(source.includeRoot, join(source.includeRoot, f)))
    .filter((f) => patterns.some((p) => p.test(f)));
  for (const header of headers) cpSync(join(source.includeRoot, header), join(include, header));
  log(`kept ${headers.length} C headers`);
  rmSync(depsDir, { recursive: true, force: true });
  renameSync(staging, depsDir);
}

/** Builds tfjs_binding.node from source with node-pre-gyp (which runs node-gyp with the local Node headers). */
function buildAddon(packageDir: string): void {
  const require = createRequire(join(packageDir, 'package.json'));
  const nodePreGyp = require.resolve('@mapbox/node-pre-gyp/bin/node-pre-gyp');
  log('building the tfjs-node addon (node-gyp)');
  run(process.execPath, [nodePreGyp, 'rebuild', '--build-from-source', '--build-latest-napi-version-only'], packageDir);
}

function main(): void {
  const values = new Command()
    .name('npm run setup:native --')
    .description('Give @tensorflow/tfjs-node a local TensorFlow C library and build its addon.')
    .option('--from <dir>', 'offline folder with the TensorFlow libraries and C headers')
    .option('--wheel <file>', 'a tensorflow_cpu wheel')
    .option('--force', 'redo the setup even when it already works', false)
    .parse()
    .opts<{ from?: string; wheel?: string; force: boolean }>();
  if (values.from && values.wheel) throw new Error('give either --from DIR or --wheel FILE, not both');
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`only Linux x86-64 is supported here (this is ${process.platform}-${process.arch})`);
  }
  const packageDir = findTfjsNodeDir();
  const depsDir = join(packageDir, 'deps');
  const before = probeAddon(packageDir);
  if (!values.force && depsComplete(depsDir) && typeof before !== 'string') {
    log(`already set up: backend ${before.backend}, TF_Version ${before.tfVersion} (--force redoes it)`);
    return;
  }
  if (values.force || !depsComplete(depsDir)) {
    const source = values.from ? sourceFromDir(values.from) : sourceFromWheel(values.wheel ? resolve(values.wheel) : downloadWheel());
    fillDeps(source, depsDir);
  } else {
    log('deps/ is complete; only the addon needs building');
  }
  buildAddon(packageDir);
  const after = probeAddon(packageDir);
  if (typeof after === 'string') throw new Error(`the addon was built but does not load: ${after}`);
  log(`done: backend ${after.backend}, TF_Version ${after.tfVersion}`);
}

try {
  main();
} catch (error) {
  console.error(`setup:native: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

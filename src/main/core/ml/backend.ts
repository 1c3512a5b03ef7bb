import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadNativeTfjs, NATIVE_TFJS_PACKAGES } from './native-tfjs';
import { resolvePreference, type BackendPreference } from './backend-preference';

/**
 * A rung of the backend ladder. Both native packages register the tfjs
 * backend named `tensorflow`; the rung says which package provides it.
 */
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** What {@link initBackend} chose. */
export interface BackendInfo {
  /** tfjs backend name as `tf.getBackend()` reports it: `tensorflow`, `wasm` or `cpu`. */
  name: string;
  /** The ladder rung, which tells tfjs-node-gpu from tfjs-node. */
  rung: BackendName;
  /** npm package that provides the backend, e.g. `@tensorflow/tfjs-node`. */
  package: string;
  /** Whether training the project's models here is allowed (native only; see {@link requireTrainingBackend}). */
  canTrain: boolean;
  /** `TF_Version()` of the TensorFlow C library for native rungs, else null. */
  tfVersion: string | null;
  /** Why each higher rung was skipped, one line per rung, in ladder order. */
  reason: string[];
}

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /** Which rungs to try; overrides `ECG_TF_BACKEND`; default `ECG_TF_BACKEND` or `auto`. */
  prefer?: BackendPreference;
  /** Receives the one-line log of the choice; default writes to stderr. */
  log?: (line: string) => void;
}

/** Ladder settings. */
const BACKEND_CONFIG = Object.freeze({
  /** TensorFlow C++ log level set for native rungs unless already set: 1 hides INFO lines. */
  tfCppMinLogLevel: '1',
  ladder: Object.freeze([
    { rung: 'tensorflow-gpu', package: NATIVE_TFJS_PACKAGES[0] },
    { rung: 'tensorflow', package: NATIVE_TFJS_PACKAGES[1] },
    { rung: 'wasm', package: '@tensorflow/tfjs-backend-wasm' },
    { rung: 'cpu', package: '@tensorflow/tfjs-backend-cpu' },
  ] as const),
  /** Why a non-native rung may not train (PLATFORM-NOTES §2–§3). */
  cannotTrain: Object.freeze({
    wasm: 'the wasm backend has no Conv2DBackpropFilter kernel, so it cannot train conv layers',
    cpu: 'the pure-JS cpu backend trains the beat model at 3-5 beats/s, hours per epoch',
  }),
  setupHint: 'Run `npm run setup:native` to build native TensorFlow for Node (see docs/native-backend.md).',
});

const requireHere = createRequire(import.meta.url);
let wasmPathsSet = false;
let current: { prefer: BackendPreference; info: BackendInfo } | null = null;

/** Which rungs a preference allows. */
function allowedRungs(prefer: BackendPreference): readonly BackendName[] {
  switch (prefer) {
    case 'native':
      return ['tensorflow-gpu', 'tensorflow'];
    case 'wasm':
      return ['wasm', 'cpu'];
    case 'cpu':
      return ['cpu'];
    case 'auto':
      return ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];
  }
}

/** Tries one rung; returns its TF version (null for JS rungs) or the reason it is unavailable. */
async function tryRung(rung: BackendName, packageName: string): Promise<{ tfVersion: string | null } | string> {
  if (rung === 'tensorflow-gpu' || rung === 'tensorflow') {
    process.env.TF_CPP_MIN_LOG_LEVEL ??= BACKEND_CONFIG.tfCppMinLogLevel;
    const load = loadNativeTfjs(packageName, (name) => tf.engine().findBackend(name));
    if (!load.loaded) return load.reason;
    return (await tf.setBackend('tensorflow')) ? { tfVersion: load.tfVersion } : `${packageName}: setBackend('tensorflow') failed`;
  }
  if (rung === 'wasm' && !wasmPathsSet) {
    setWasmPaths(`${dirname(requireHere.resolve(packageName))}/`);
    wasmPathsSet = true;
  }
  return (await tf.setBackend(rung)) ? { tfVersion: null } : `${packageName}: backend failed to initialise`;
}

function describeChoice(info: BackendInfo): string {
  const detail = info.tfVersion ? `${info.package}, TF ${info.tfVersion}` : info.package;
  const training = info.canTrain ? '' : ', inference only';
  const skipped = info.reason.length > 0 ? `; skipped: ${info.reason.join('; ')}` : '';
  return `tfjs backend: ${info.name} (${detail}${training})${skipped}`;
}

/**
 * Chooses the tfjs backend by walking the ladder tfjs-node-gpu → tfjs-node →
 * wasm → cpu and taking the first that loads, then logs the choice, e.g.
 * `tfjs backend: tensorflow (@tensorflow/tfjs-node, TF 2.21.0)`.
 *
 * The preference comes from `options.prefer`, else the environment variable
 * `ECG_TF_BACKEND` (`auto` | `native` | `wasm` | `cpu`), else `auto`.
 * `native` allows only the two native rungs, `wasm` allows wasm then cpu,
 * `cpu` allows cpu only. Calling it again with the same preference returns
 * the same choice without logging; a different preference switches
 * `tf.setBackend` between registered backends (models keep working; their
 * tensors move on first use).
 *
 * The native packages are optional dependencies whose addon is built by
 * `npm run setup:native`; the wasm binaries are read from
 * node_modules/@tensorflow/tfjs-backend-wasm/dist/.
 *
 * @param options - `prefer` and `log` (see {@link InitBackendOptions})
 * @returns the chosen backend, with the reasons higher rungs were skipped
 * @throws Error when `ECG_TF_BACKEND` has an unknown value, or no allowed
 *   rung loads (with `prefer: 'native'`: the message names `npm run setup:native`)
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const prefer = resolvePreference(options.prefer);
  if (current && current.prefer === prefer && tf.getBackend() === current.info.name) return current.info;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const reason: string[] = [];
  const allowed = allowedRungs(prefer);
  for (const { rung, package: packageName } of BACKEND_CONFIG.ladder) {
    if (!allowed.includes(rung)) {
      reason.push(`${rung}: not tried (preference ${prefer})`);
      continue;
    }
    const outcome = await tryRung(rung, packageName);
    if (typeof outcome === 'string') {
      reason.push(`${rung}: ${outcome}`);
      continue;
    }
    const native = rung === 'tensorflow-gpu' || rung === 'tensorflow';
    const info: BackendInfo = {
      name: tf.getBackend(),
      rung,
      package: packageName,
      canTrain: native,
      tfVersion: outcome.tfVersion,
      reason,
    };
    current = { prefer, info };
    log(describeChoice(info));
    return info;
  }
  const hint = prefer === 'native' ? ` ${BACKEND_CONFIG.setupHint}` : '';
  throw new Error(`no tfjs backend loads with preference ${prefer}: ${reason.join('; ')}.${hint}`);
}

/**
 * The tfjs namespace, bound to the backend {@link initBackend} chose. Every
 * model in the project uses this one tfjs-core instance (tfjs-node re-exports
 * the same @tensorflow/tfjs), so layers models built with it run on the
 * native backend when that was chosen.
 *
 * @returns the `@tensorflow/tfjs` namespace
 * @throws Error when initBackend has not completed yet
 */
export function getTf(): typeof tf {
  if (!current) throw new Error('getTf(): call `await initBackend()` first, so models run on the chosen backend');
  return tf;
}

/**
 * Makes sure training can run in reasonable time: initialises the backend and
 * refuses a backend that cannot train the project's models (wasm has no
 * conv-backprop kernel; pure-JS cpu runs at a few beats/s).
 *
 * @param what - what is about to be trained, for the message, e.g. `beat model training`
 * @returns the backend info when it can train
 * @throws Error saying why the chosen backend cannot train, why the native
 *   rungs were skipped, and to run `npm run setup:native`
 */
export async function requireTrainingBackend(what: string): Promise<BackendInfo> {
  const info = await initBackend();
  if (info.canTrain) return info;
  const why = info.name === 'wasm' ? BACKEND_CONFIG.cannotTrain.wasm : BACKEND_CONFIG.cannotTrain.cpu;
  throw new Error(
    `${what} needs native TensorFlow, but the tfjs backend is ${info.name} (${info.package}): ${why}. ` +
      `Native backend skipped: ${info.reason.join('; ') || 'none tried'}. ${BACKEND_CONFIG.setupHint}`,
  );
}

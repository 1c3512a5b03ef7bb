/**
 * Backend preference: `auto` walks the whole ladder (tfjs-node-gpu, tfjs-node, wasm, cpu; see
 * backend.ts), `native` requires a native rung, `wasm` and `cpu` allow only the JS rungs.
 */
export type BackendPreference = 'auto' | 'wasm' | 'cpu' | 'native';

/** Every preference, in the order errors list them. */
const PREFERENCES: readonly BackendPreference[] = ['auto', 'wasm', 'cpu', 'native'];

/** Environment variable that sets the default preference. */
const BACKEND_PREFERENCE_VARIABLE = 'ECG_TF_BACKEND';

/**
 * The preference a backend choice will use: the given one, else the environment variable
 * `ECG_TF_BACKEND`, else `auto`. Loads no TensorFlow code, so the serving process can resolve it
 * without the library that only its workers run.
 * @param prefer - an explicit preference, or undefined
 * @returns the preference
 * @throws Error when the environment variable holds no known preference
 */
export function resolvePreference(prefer: BackendPreference | undefined): BackendPreference {
  if (prefer) return prefer;
  const fromEnv = process.env[BACKEND_PREFERENCE_VARIABLE];
  if (fromEnv === undefined || fromEnv === '') return 'auto';
  if (!(PREFERENCES as readonly string[]).includes(fromEnv)) {
    throw new Error(`${BACKEND_PREFERENCE_VARIABLE}=${fromEnv} is not one of ${PREFERENCES.join(', ')}`);
  }
  return fromEnv as BackendPreference;
}

import type { TestContext } from 'vitest';
import { initBackend, type BackendInfo } from '../../../../../src/main/core/ml/backend';

/**
 * The native TensorFlow backend for a training test, or the test skipped with the reason when it is
 * not set up (CI runs on wasm).
 * @param context - the running test's context
 * @returns the backend (the test is skipped, and this never returns, when native is missing)
 */
export async function nativeBackendOrSkip(context: TestContext): Promise<BackendInfo> {
  try {
    return await initBackend({ prefer: 'native', log: () => undefined });
  } catch (error) {
    context.skip(`native TensorFlow not set up (${(error as Error).message.slice(0, 80)}…)`);
    throw error;
  }
}

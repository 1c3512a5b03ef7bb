/**
 * How the header names the inference backend.
 */
import type { BackendSummary, ModelVersion } from '../../../shared/api';

/**
 * The backend as shown in the header, e.g. `tfjs: tensorflow (TF 2.21.0)` or `tfjs: wasm`.
 * @param backend - `app:info` backend summary
 */
export function backendLabel(backend: BackendSummary): string {
  return backend.tfVersion ? `tfjs: ${backend.name} (TF ${backend.tfVersion})` : `tfjs: ${backend.name}`;
}

/**
 * The loaded models as one line, e.g. `beat-net 1.0.0 · rhythm-net 0.3.1`.
 * @param models - `app:info` / analysis model versions
 * @returns the line, or `no models` for an empty list
 */
export function modelsLabel(models: readonly ModelVersion[]): string {
  return models.length === 0 ? 'no models' : models.map((m) => `${m.name} ${m.version}`).join(' · ');
}

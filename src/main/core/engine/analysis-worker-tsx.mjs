// Entry of the analysis worker when the app runs from source (tsx: serve, CLI,
// tests). Node 20 does not carry tsx's loader into worker threads, so the
// worker registers it itself, then loads the TypeScript task module. The
// bundled app (electron-vite) uses out/main/analysis-worker.js instead.
import { register } from 'tsx/esm/api';

register();
// tsx turns on Node's source maps, which keep every loaded module's map (tfjs's
// included) in the worker's heap: about 30 MB per worker. The bundled worker
// runs without them too; a failed task's message names the record and the
// problem either way.
process.setSourceMapsEnabled(false);
const { default: runWorkerTask } = await import('./analysis-worker.ts');
export default runWorkerTask;

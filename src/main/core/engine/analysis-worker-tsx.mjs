// Entry of the analysis worker when the app runs from source (tsx: serve, CLI,
// tests). Node 20 does not carry tsx's loader into worker threads, so the
// worker registers it itself, then loads the TypeScript task module. The
// bundled app (electron-vite) uses out/main/analysis-worker.js instead.
import { register } from 'tsx/esm/api';

register();
const { default: runWorkerTask } = await import('./analysis-worker.ts');
export default runWorkerTask;

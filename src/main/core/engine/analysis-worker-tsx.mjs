// Entry of the analysis worker when the app runs from source (tsx: serve, CLI,
// tests): the tsx loader first (tsx-worker-loader.mjs), then the TypeScript
// task module. The bundled app (electron-vite) uses out/main/analysis-worker.js instead.
import './tsx-worker-loader.mjs';

const { default: runWorkerTask } = await import('./analysis-worker.ts');
export default runWorkerTask;

// Entry of the review worker when the app runs from source (tsx: serve, tests).
// Node 20 does not carry tsx's loader into worker threads, so the worker
// registers it itself, then loads the TypeScript task module. The bundled app
// (electron-vite) uses out/main/review-worker.js instead.
import { register } from 'tsx/esm/api';

register();
const { default: runReviewTask } = await import('./review-worker.ts');
export default runReviewTask;

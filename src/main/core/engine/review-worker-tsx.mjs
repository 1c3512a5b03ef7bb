// Entry of the review worker when the app runs from source (tsx: serve, tests):
// the tsx loader first (tsx-worker-loader.mjs), then the TypeScript task
// module. The bundled app (electron-vite) uses out/main/review-worker.js instead.
import './tsx-worker-loader.mjs';

const { default: runReviewTask } = await import('./review-worker.ts');
export default runReviewTask;

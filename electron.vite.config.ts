import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          // the utility process that runs the analysis engine, and the worker_threads task module of its pool
          'engine-host': resolve('src/main/engine-host.ts'),
          'analysis-worker': resolve('src/main/core/engine/analysis-worker.ts'),
          // the worker_threads task module that builds templates and events lists off the serving thread
          'review-worker': resolve('src/main/core/engine/review-worker.ts'),
        },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        // sandboxed preloads must be CommonJS
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    plugins: [vue()],
    build: { rollupOptions: { input: { index: resolve('src/renderer/index.html') } } },
  },
});

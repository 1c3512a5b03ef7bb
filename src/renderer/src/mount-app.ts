import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { wireServerEvents } from './stores/server-events';
import { useErrorsStore } from './stores/errors';

/**
 * Creates the Vue app with Pinia, routes uncaught errors to the error banner and subscribes to server pushes.
 * @param root - the element to mount into
 */
export function mountApp(root: Element): void {
  const app = createApp(App);
  const pinia = createPinia();
  app.use(pinia);
  const errors = useErrorsStore(pinia);
  app.config.errorHandler = (error) => errors.report('Display', error);
  window.addEventListener('unhandledrejection', (event) => errors.report('Background task', event.reason));
  wireServerEvents(pinia);
  app.mount(root);
}

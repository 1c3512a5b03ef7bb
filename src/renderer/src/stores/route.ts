import { defineStore } from 'pinia';
import { ref } from 'vue';
import { formatRoute, parseRoute, type Route } from '../lib/route';

/**
 * The current screen, mirrored from `location.hash`. Only the hash is ever written, so the page's `?token=` query
 * survives navigation and reloads.
 */
export const useRouteStore = defineStore('route', () => {
  const current = ref<Route>(parseRoute(location.hash));

  window.addEventListener('hashchange', () => {
    current.value = parseRoute(location.hash);
  });

  /** Opens a screen as a new history entry. */
  function go(route: Route): void {
    location.hash = formatRoute(route);
  }

  /** Rewrites the current history entry's hash (strip moves), without a `hashchange`. */
  function replace(route: Route): void {
    const hash = formatRoute(route);
    if (hash !== location.hash) history.replaceState(history.state, '', hash);
    current.value = route;
  }

  return { current, go, replace };
});

import type { EcgApi } from '../../../shared/api';
import { createWsClient, wsUrl } from './ws-client';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent when the page is served by `npm run serve`. */
    ecg?: EcgApi;
  }
}

/**
 * The API for this page: Electron's preload bridge when present, otherwise
 * the loopback WebSocket client with the token from the page URL.
 * @throws Error when neither transport is available (no bridge and no token)
 */
function connect(): EcgApi {
  if (window.ecg) return window.ecg;
  const token = new URLSearchParams(location.search).get('token');
  if (!token) throw new Error('No API: open the address that `npm run serve` printed (it carries the access token).');
  return createWsClient(wsUrl(location, token));
}

/** The typed API shared by every component and store. */
export const api: EcgApi = connect();

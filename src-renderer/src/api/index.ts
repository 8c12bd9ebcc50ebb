// The renderer's one way to the core. It picks the carrier at start: the preload's object when
// running in Electron, else the browser-mode WebSocket with the token from the page URL.
import { ApiError, type ApiClient, type XendeckBridge } from '@shared/api';
import { ElectronClient } from './electron-client';
import { takeToken } from './token';
import { WebClient } from './web-client';

export { ElectronClient } from './electron-client';
export { WebClient } from './web-client';

declare global {
  interface Window {
    xendeck?: XendeckBridge;
  }
}

export function webSocketUrl(loc: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/api?token=${encodeURIComponent(token)}`;
}

let shared: Promise<ApiClient> | null = null;

/** One client per page: later calls get the same one (after a failed start, a fresh attempt). */
export function createApiClient(): Promise<ApiClient> {
  shared ??= connect().catch((e: unknown) => {
    shared = null;
    throw e;
  });
  return shared;
}

async function connect(): Promise<ApiClient> {
  if (window.xendeck) return new ElectronClient(window.xendeck);
  const token = takeToken();
  if (!token) {
    throw new ApiError({
      code: 'UNAUTHORIZED',
      message: 'This page has no access token for the XenDeck core.',
      hint: 'Open the full link `npm run web` printed; it ends with ?token=…',
    });
  }
  const client = new WebClient({ url: webSocketUrl(window.location, token) });
  await client.start();
  return client;
}

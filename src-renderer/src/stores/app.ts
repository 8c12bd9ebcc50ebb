// The app's link to its core: the contract client, the carrier's status and app.info.
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import { ApiError, type ApiClient, type AppInfo } from '@shared/api';
import { createApiClient } from '@/api';
import { toApiError } from '@/services/api-error';

export type CarrierStatus = 'connecting' | 'connected' | 'reconnecting' | 'failed';

export const useAppStore = defineStore('app', () => {
  const client = shallowRef<ApiClient | null>(null);
  const status = ref<CarrierStatus>('connecting');
  const info = ref<AppInfo | null>(null);
  const error = shallowRef<ApiError | null>(null);
  let connecting: Promise<ApiClient> | null = null;

  const carrier = computed(() => client.value?.carrier ?? null);

  let stopFollowing: (() => void) | null = null;

  /**
   * The top bar shows the carrier's own state: the web carrier loses and dials its WebSocket
   * again by itself, and requests made meanwhile fail with DISCONNECTED. The Electron carrier has
   * no onStatus and stays connected.
   */
  function follow(c: ApiClient): void {
    stopFollowing?.();
    stopFollowing =
      c.onStatus?.((s) => {
        if (s === 'closed') {
          status.value = 'failed';
          error.value ??= new ApiError({ code: 'DISCONNECTED', message: 'The connection to the XenDeck core was closed.' });
          return;
        }
        status.value = s;
        if (s === 'connected') {
          error.value = null;
          // The core may have been restarted meanwhile: its facts are asked for again.
          c.invoke('app.info', {}).then(
            (i) => (info.value = i),
            () => undefined, // a drop right after the reconnect shows as the status itself
          );
        }
      }) ?? null;
  }

  async function doConnect(): Promise<ApiClient> {
    status.value = 'connecting';
    error.value = null;
    try {
      // markRaw: the client holds sockets and ports; Vue must not wrap it in a proxy.
      const c = markRaw(await createApiClient());
      client.value = c;
      // Followed before the first request, so a drop while it runs is not missed.
      follow(c);
      info.value = await c.invoke('app.info', {});
      status.value = c.status === undefined || c.status === 'connected' ? 'connected' : c.status === 'closed' ? 'failed' : c.status;
      return c;
    } catch (e) {
      status.value = 'failed';
      error.value = toApiError(e);
      throw error.value;
    }
  }

  /** Connects once; later callers share the same attempt. After a failure, call again to retry. */
  function connect(): Promise<ApiClient> {
    if (connecting && status.value !== 'failed') return connecting;
    connecting = doConnect();
    return connecting;
  }

  /** The client, waiting for the connection if it is still being made. */
  async function ready(): Promise<ApiClient> {
    return client.value ?? connect();
  }

  return { client, status, info, error, carrier, connect, ready };
});

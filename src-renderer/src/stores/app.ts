// The app's link to its core: the contract client, the carrier's status and app.info.
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { ApiClient, ApiError, AppInfo } from '@shared/api';
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

  async function doConnect(): Promise<ApiClient> {
    status.value = 'connecting';
    error.value = null;
    try {
      // markRaw: the client holds sockets and ports; Vue must not wrap it in a proxy.
      const c = markRaw(await createApiClient());
      client.value = c;
      info.value = await c.invoke('app.info', {});
      status.value = 'connected';
      // The web carrier can lose its WebSocket and dial again: the top bar follows it.
      c.onStatus?.((s) => {
        status.value = s === 'closed' ? 'failed' : s;
      });
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

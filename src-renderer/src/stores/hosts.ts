// The hosts the core knows, their connection state, and the host-key question the core is
// waiting on. Subscribed once, for the whole page: the sidebar and every host page read from here.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ApiClient, ApiErrorInfo } from '@shared/api';
import type { ConnectionState, HostAddInput, HostAddResult, HostKeyPrompted, HostView } from '@shared/api/hosts-types';
import { useAppStore } from './app';

export interface HostState {
  state: ConnectionState;
  reason?: ApiErrorInfo;
}

export const useHostsStore = defineStore('hosts', () => {
  const app = useAppStore();
  const hosts = ref<HostView[]>([]);
  const states = ref<Record<string, HostState>>({});
  const loaded = ref(false);
  /** The unknown host key the core asks about, shown as a dialog until answered. */
  const prompt = shallowRef<HostKeyPrompted | null>(null);
  let started: Promise<void> | null = null;

  function stateOf(h: HostView): HostState {
    return states.value[h.id] ?? states.value[h.name] ?? { state: h.state };
  }

  async function refresh(): Promise<void> {
    const c = await app.ready();
    hosts.value = await c.invoke('hosts.list', {});
    loaded.value = true;
  }

  function subscribe(c: ApiClient): void {
    c.on('hosts.connectionChanged', (e) => {
      states.value = { ...states.value, [e.host]: { state: e.state, reason: e.reason } };
    });
    c.on('hosts.hostKeyPrompted', (e) => {
      prompt.value = e;
    });
    // After the core comes back, its list may differ.
    c.onStatus?.((s) => {
      if (s === 'connected') void refresh().catch(() => undefined);
    });
  }

  /** Subscribes and lists once; later callers share it. */
  function start(): Promise<void> {
    started ??= app.ready().then(async (c) => {
      subscribe(c);
      await refresh();
    });
    started.catch(() => (started = null));
    return started;
  }

  async function add(input: HostAddInput): Promise<HostAddResult> {
    const c = await app.ready();
    const r = await c.invoke('hosts.add', input);
    await refresh();
    return r;
  }

  async function trustKey(mode: 'once' | 'always' | 'refuse'): Promise<void> {
    const p = prompt.value;
    if (!p) return;
    prompt.value = null;
    const c = await app.ready();
    await c.invoke('hosts.trustKey', { host: p.host, fingerprint: p.fingerprint, mode });
  }

  function find(ref: string): HostView | undefined {
    return hosts.value.find((h) => h.id === ref || h.name === ref);
  }

  return { hosts, states, loaded, prompt, stateOf, refresh, start, add, trustKey, find };
});

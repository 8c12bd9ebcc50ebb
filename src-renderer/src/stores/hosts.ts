// The hosts the core knows, their connection state, what was last read from each (for the guest
// counts and "last seen"), the host-key questions the core is waiting on, and the host the user
// asked to remove. Subscribed once, for the whole page: the sidebar, the hosts page and every
// host page read from here. While the app is open it listens to inventory.changed, so the core
// keeps every host connected and read (the sidebar's dots are live, not a guess).
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ApiClient, ApiErrorInfo } from '@shared/api';
import type { ConnectionState, HostAddInput, HostAddResult, HostKeyPrompted, HostUpdateInput, HostView, InventoryChanged, InventoryView } from '@shared/api/hosts-types';
import { toApiError } from '@/services/api-error';
import { applyChanges } from '@/views/guest-actions';
import { useAppStore } from './app';

export interface HostState {
  state: ConnectionState;
  reason?: ApiErrorInfo;
  /** Offline: the core tries again by itself in about this long; absent when only the user can. */
  retryInMs?: number;
}

/** The last answer of inventory.get for a host, kept current by inventory.changed. */
export type HostRead = Omit<InventoryView, 'host'>;

export const useHostsStore = defineStore('hosts', () => {
  const app = useAppStore();
  const hosts = ref<HostView[]>([]);
  /** By host name, as the contract's events name hosts. */
  const states = ref<Record<string, HostState>>({});
  const reads = ref<Record<string, HostRead>>({});
  const loaded = ref(false);
  /** Unknown host keys the core asks about, one dialog after the other (ST-2). */
  const prompts = ref<HostKeyPrompted[]>([]);
  const prompt = computed<HostKeyPrompted | null>(() => prompts.value[0] ?? null);
  /** The host whose removal the user asked for, until confirmed or cancelled. */
  const removeRequest = ref<string | null>(null);
  let started: Promise<void> | null = null;
  const reading = new Map<string, Promise<void>>();

  function stateOf(h: HostView): HostState {
    return states.value[h.name] ?? states.value[h.id] ?? { state: h.state };
  }

  function find(ref: string): HostView | undefined {
    return hosts.value.find((h) => h.id === ref || h.name === ref);
  }

  function forget(name: string): void {
    const { [name]: _s, ...restStates } = states.value;
    const { [name]: _r, ...restReads } = reads.value;
    states.value = restStates;
    reads.value = restReads;
    prompts.value = prompts.value.filter((p) => p.host !== name);
  }

  async function refresh(): Promise<void> {
    const c = await app.ready();
    const list = await c.invoke('hosts.list', {});
    hosts.value = list;
    loaded.value = true;
    const names = new Set(list.map((h) => h.name));
    for (const name of Object.keys({ ...states.value, ...reads.value })) if (!names.has(name)) forget(name);
  }

  /** Reads the host's inventory (the core answers an offline host at once, with the last seen guests and the reason). */
  function readHost(name: string): Promise<void> {
    const running = reading.get(name);
    if (running) return running;
    const p = (async () => {
      try {
        const c = await app.ready();
        const { host: _host, ...read } = await c.invoke('inventory.get', { host: name });
        if (find(name)) reads.value = { ...reads.value, [name]: read };
      } finally {
        reading.delete(name);
      }
    })();
    reading.set(name, p);
    return p;
  }

  function readAll(): void {
    for (const h of hosts.value) void readHost(h.name).catch(() => undefined);
  }

  function onConnection(e: { host: string; state: ConnectionState; reason?: ApiErrorInfo; retryInMs?: number }): void {
    const before = states.value[e.host]?.state;
    states.value = { ...states.value, [e.host]: { state: e.state, reason: e.reason, retryInMs: e.retryInMs } };
    // A pending question about this host's key was answered or timed out once it is no longer connecting.
    if (e.state !== 'connecting') prompts.value = prompts.value.filter((p) => p.host !== e.host);
    // Online again: read at once; gone offline: the core's last read and its time ("last seen").
    if (e.state !== 'connecting' && e.state !== before) void readHost(e.host).catch(() => undefined);
  }

  function onInventory(e: InventoryChanged): void {
    const read = reads.value[e.host];
    if (!read) {
      void readHost(e.host).catch(() => undefined);
      return;
    }
    const { error: _error, ...rest } = read;
    reads.value = { ...reads.value, [e.host]: { ...rest, state: 'online', lastSeen: e.at, guests: applyChanges(read.guests, e.changes) } };
  }

  function subscribe(c: ApiClient): void {
    c.on('hosts.connectionChanged', onConnection);
    c.on('hosts.hostKeyPrompted', (e) => {
      prompts.value = [...prompts.value.filter((p) => p.host !== e.host), e];
    });
    c.on('inventory.changed', onInventory);
    // After the link comes back the core may be another process: its list and states may differ,
    // so they are read again rather than trusted (hosts.list carries each state). A pending
    // host-key question stays: the same core still waits on it, and a stale answer is ignored.
    c.onStatus?.((s) => {
      if (s !== 'connected') return;
      states.value = {};
      void refresh()
        .then(() => readAll())
        .catch(() => undefined);
    });
  }

  /** Subscribes, lists and reads every host once; later callers share it. */
  function start(): Promise<void> {
    started ??= app.ready().then(async (c) => {
      subscribe(c);
      await refresh();
      readAll();
    });
    started.catch(() => (started = null));
    return started;
  }

  async function add(input: HostAddInput): Promise<HostAddResult> {
    const c = await app.ready();
    const r = await c.invoke('hosts.add', input);
    await refresh();
    void readHost(r.host.name).catch(() => undefined);
    return r;
  }

  /** Saves an edit (hosts.update); a rename carries the host's state and last read over to the new name. */
  async function update(input: HostUpdateInput): Promise<HostAddResult> {
    const c = await app.ready();
    const before = find(input.host);
    const r = await c.invoke('hosts.update', input);
    const from = before?.name;
    const to = r.host.name;
    if (from !== undefined && from !== to) {
      const st = states.value[from];
      const rd = reads.value[from];
      if (st) states.value = { ...states.value, [to]: st };
      if (rd) reads.value = { ...reads.value, [to]: rd };
    }
    await refresh();
    void readHost(to).catch(() => undefined);
    return r;
  }

  /** Forgets the host in the core (profile, secrets, cached data) and everywhere in the UI. */
  async function remove(name: string): Promise<boolean> {
    const c = await app.ready();
    const r = await c.invoke('hosts.remove', { host: name });
    hosts.value = hosts.value.filter((h) => h.name !== name);
    forget(name);
    await refresh();
    return r.removed;
  }

  /**
   * Connects now (the user's Connect / Retry). A failure is the host's state, with its reason,
   * as the page shows it: not a second notification.
   */
  async function connect(name: string): Promise<void> {
    states.value = { ...states.value, [name]: { state: 'connecting', reason: states.value[name]?.reason } };
    try {
      const c = await app.ready();
      const r = await c.invoke('hosts.connect', { host: name });
      states.value = { ...states.value, [name]: { state: r.state } };
    } catch (e) {
      const now = states.value[name];
      if (now?.state !== 'offline' || !now.reason) states.value = { ...states.value, [name]: { state: 'offline', reason: toApiError(e).toInfo() } };
    }
    await readHost(name).catch(() => undefined);
  }

  async function trustKey(mode: 'once' | 'always' | 'refuse'): Promise<void> {
    const p = prompts.value[0];
    if (!p) return;
    prompts.value = prompts.value.slice(1);
    const c = await app.ready();
    await c.invoke('hosts.trustKey', { host: p.host, fingerprint: p.fingerprint, mode });
  }

  function askRemove(name: string): void {
    removeRequest.value = name;
  }

  return {
    hosts,
    states,
    reads,
    loaded,
    prompts,
    prompt,
    removeRequest,
    stateOf,
    find,
    refresh,
    readHost,
    start,
    add,
    update,
    remove,
    connect,
    trustKey,
    askRemove,
  };
});

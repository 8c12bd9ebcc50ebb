// The hosts store against a fake core: connection events, the last read per host (what "last
// seen" and the counts come from), host-key prompts answered one after the other, a refused
// Retry kept as the host's reason, and a removed host gone from every list.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { ApiError, type ApiClient, type ConnectionStatus, type EventName, type EventPayload } from '@shared/api';
import type { GuestView, HostView, InventoryView } from '@shared/api/hosts-types';

function hostView(name: string): HostView {
  return { id: `id-${name}`, name, address: '127.0.0.2', port: 22, user: 'root', auth: { method: 'agent' }, sudo: false, cfgDirs: ['/etc/xen'], autostartDir: '/etc/xen/auto', saveDir: '/var/lib/xen/save', tags: [], state: 'offline' };
}
const guest = (name: string, state: GuestView['state']): GuestView => ({ name, domid: state === 'stopped' ? null : 1, state, memoryMiB: 64, vcpus: 1, cfg: null, live: null });

class FakeCore {
  readonly carrier = 'web' as const;
  hosts = [hostView('a'), hostView('b')];
  inventories: Record<string, InventoryView> = {};
  calls: { name: string; input: unknown }[] = [];
  connectError: ApiError | null = null;
  private readonly handlers = new Map<string, ((p: unknown) => void)[]>();
  private readonly statusCbs: ((s: ConnectionStatus) => void)[] = [];

  onStatus(cb: (s: ConnectionStatus) => void): () => void {
    this.statusCbs.push(cb);
    return () => undefined;
  }
  emitStatus(s: ConnectionStatus): void {
    for (const cb of this.statusCbs) cb(s);
  }

  on<N extends EventName>(name: N, cb: (p: EventPayload<N>) => void): () => void {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), cb as (p: unknown) => void]);
    return () => undefined;
  }
  emit<N extends EventName>(name: N, p: EventPayload<N>): void {
    for (const cb of this.handlers.get(name) ?? []) cb(p);
  }
  invoke(name: string, input: Record<string, unknown>): Promise<unknown> {
    if (name !== 'app.info') this.calls.push({ name, input });
    switch (name) {
      case 'app.info':
        return Promise.resolve({ name: 'XenDeck', version: '0', platform: 'linux', carrier: 'web' });
      case 'hosts.list':
        return Promise.resolve(this.hosts);
      case 'inventory.get': {
        const host = String(input.host);
        return Promise.resolve(this.inventories[host] ?? { host, state: 'offline', lastSeen: null, guests: [] });
      }
      case 'hosts.remove':
        this.hosts = this.hosts.filter((h) => h.name !== input.host);
        return Promise.resolve({ removed: true });
      case 'hosts.connect':
        return this.connectError ? Promise.reject(this.connectError) : Promise.resolve({ host: input.host, state: 'online' });
      case 'hosts.trustKey':
        return Promise.resolve({ answered: true });
      default:
        return Promise.reject(new ApiError({ code: 'UNKNOWN_NAME', message: name }));
    }
  }
}

let core: FakeCore;
vi.mock('@/api', () => ({ createApiClient: () => Promise.resolve(core as unknown as ApiClient) }));
const { useHostsStore } = await import('@/stores/hosts');

const settle = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  setActivePinia(createPinia());
  core = new FakeCore();
});

describe('hosts store', () => {
  it('lists the hosts and reads each once; inventory.changed keeps the read current', async () => {
    core.inventories.a = { host: 'a', state: 'online', lastSeen: '2026-11-25T10:00:00.000Z', guests: [guest('g1', 'running'), guest('g2', 'stopped')] };
    const s = useHostsStore();
    await s.start();
    await settle();
    expect(s.hosts.map((h) => h.name)).toEqual(['a', 'b']);
    expect(core.calls.filter((c) => c.name === 'inventory.get').map((c) => (c.input as { host: string }).host).sort()).toEqual(['a', 'b']);
    expect(s.reads.a?.guests.map((g) => g.name)).toEqual(['g1', 'g2']);

    core.emit('inventory.changed', { host: 'a', at: '2026-11-25T10:00:05.000Z', changes: [{ kind: 'changed', guest: guest('g2', 'running'), fields: ['state'] }] });
    expect(s.reads.a?.lastSeen).toBe('2026-11-25T10:00:05.000Z');
    expect(s.reads.a?.guests.find((g) => g.name === 'g2')?.state).toBe('running');
  });

  it('going offline records the reason and reads the last seen guests again; coming back reads them again', async () => {
    const s = useHostsStore();
    await s.start();
    await settle();
    const before = core.calls.length;
    const reason = { code: 'HOST_UNREACHABLE' as const, message: 'a refused the connection.' };
    core.emit('hosts.connectionChanged', { host: 'a', state: 'offline', reason, retryInMs: 2000 });
    expect(s.stateOf(s.hosts[0]!)).toEqual({ state: 'offline', reason, retryInMs: 2000 });
    await settle();
    expect(core.calls.slice(before).map((c) => c.name)).toEqual(['inventory.get']);
    core.emit('hosts.connectionChanged', { host: 'a', state: 'connecting' });
    core.emit('hosts.connectionChanged', { host: 'a', state: 'online' });
    await settle();
    expect(core.calls.slice(before).map((c) => c.name)).toEqual(['inventory.get', 'inventory.get']);
  });

  it('asks about host keys one after the other, and drops a question the core no longer waits on', async () => {
    const s = useHostsStore();
    await s.start();
    const fa = `SHA256:${'a'.repeat(43)}`;
    const fb = `SHA256:${'b'.repeat(43)}`;
    core.emit('hosts.hostKeyPrompted', { host: 'a', fingerprint: fa, keyType: 'ssh-ed25519' });
    core.emit('hosts.hostKeyPrompted', { host: 'b', fingerprint: fb, keyType: 'ssh-ed25519' });
    expect(s.prompt?.host).toBe('a');
    expect(s.prompts).toHaveLength(2);
    await s.trustKey('refuse');
    expect(core.calls.at(-1)).toEqual({ name: 'hosts.trustKey', input: { host: 'a', fingerprint: fa, mode: 'refuse' } });
    expect(s.prompt?.host).toBe('b');
    // b's question timed out in the core: the host is offline, the dialog goes.
    core.emit('hosts.connectionChanged', { host: 'b', state: 'offline', reason: { code: 'HOST_KEY_UNKNOWN', message: 'not trusted' } });
    expect(s.prompt).toBeNull();
  });

  it("a Retry the core refuses leaves the host offline with the core's reason", async () => {
    const s = useHostsStore();
    await s.start();
    core.connectError = new ApiError({ code: 'AUTH_FAILED', message: 'a refused the login of root.' });
    await s.connect('a');
    expect(s.states.a).toMatchObject({ state: 'offline', reason: { code: 'AUTH_FAILED', message: 'a refused the login of root.' } });
  });

  it('a removed host is gone from the list, its state, its read and its questions', async () => {
    const s = useHostsStore();
    await s.start();
    await settle();
    core.emit('hosts.connectionChanged', { host: 'b', state: 'connecting' });
    core.emit('hosts.hostKeyPrompted', { host: 'b', fingerprint: `SHA256:${'b'.repeat(43)}`, keyType: 'ssh-ed25519' });
    s.askRemove('b');
    expect(s.removeRequest).toBe('b');
    expect(await s.remove('b')).toBe(true);
    expect(s.hosts.map((h) => h.name)).toEqual(['a']);
    expect(s.states.b).toBeUndefined();
    expect(s.reads.b).toBeUndefined();
    expect(s.prompts).toEqual([]);
  });

  it('when the link to the core comes back, states and reads are taken from the core again', async () => {
    const s = useHostsStore();
    await s.start();
    await settle();
    core.emit('hosts.connectionChanged', { host: 'a', state: 'offline', reason: { code: 'HOST_UNREACHABLE', message: 'gone' } });
    await settle();
    core.hosts = [{ ...hostView('a'), state: 'online' }];
    core.calls = [];
    core.emitStatus('reconnecting');
    core.emitStatus('connected');
    await settle();
    await settle();
    expect(s.hosts.map((h) => h.name)).toEqual(['a']);
    expect(s.stateOf(s.hosts[0]!)).toEqual({ state: 'online' });
    expect(core.calls.map((c) => c.name)).toEqual(['hosts.list', 'inventory.get']);
  });
});

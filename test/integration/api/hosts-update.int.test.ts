// hosts.update end to end: editing a host profile through the real browser-mode carrier against a
// simulated xl dom0 that takes keys and passwords. A login change (port, password) ends the
// connection and the host reconnects with the new profile; a cosmetic one (tags, directories,
// name) keeps the connection. Secrets go in and never come out (EH-8, ST-7).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src-main/core/dispatch/create-dispatcher';
import { createServices, type Services } from '../../../src-main/core/dispatch/services';
import { HostsArea } from '../../../src-main/core/services/hosts-area';
import type { ServerFrame } from '../../../src-main/shared/api/wire';
import type { ConnectionChanged, HostView, InventoryView } from '../../../src-main/shared/api/hosts-types';
import type { ApiErrorInfo } from '../../../src-main/shared/api/errors';
import { startWebServer, type WebServer } from '../../../src-main/transport/web-server';
import { startHosts, stopHosts, TEST_PASSWORD, type HostInfo } from '../../dom0-sim';
import { RawClient } from '../transport/helpers';

const dir = mkdtempSync(join(tmpdir(), 'xendeck-host-edit-'));
const dataDir = join(dir, 'data');
const rendererDir = join(dir, 'renderer');
const WRONG_PASSWORD = 'not-the-xendeck-pw-7';
let h: HostInfo;
let services: Services;
let server: WebServer;
let c: RawClient;

type Evt = Extract<ServerFrame, { t: 'evt' }>;
const CONNECTION = 201;
/** The connection events of HOST since frame FROM. */
const changes = (host: string, from: number) =>
  c.frames
    .slice(from)
    .filter((f): f is Evt => f.t === 'evt' && f.id === CONNECTION)
    .map((e) => e.payload as ConnectionChanged)
    .filter((p) => p.host === host);

async function ok<T>(name: string, input: unknown): Promise<T> {
  const r = await c.request(name, input);
  if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`);
  return r.result as T;
}

async function fails(name: string, input: unknown): Promise<ApiErrorInfo> {
  const r = await c.request(name, input);
  if (r.ok) throw new Error(`${name} succeeded, expected an error`);
  return r.error as ApiErrorInfo;
}

/** A local port nothing listens on (taken from the OS, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  [h] = (await startHosts({ count: 1, legacy: 0, passwordHost: true, dir })) as [HostInfo];
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>XenDeck test</title>');
  const hosts = new HostsArea({ dataDir, userKnownHosts: [], refreshMs: 500, backoffBaseMs: 200 });
  services = createServices({ name: 'XenDeck', version: '0.0.0-test' }, { hosts });
  server = await startWebServer({ host: '127.0.0.1', port: 0, rendererDir, dispatcher: createDispatcher(services) });
  c = new RawClient(`ws://127.0.0.1:${server.port}/api?token=${encodeURIComponent(server.token)}`, `http://127.0.0.1:${server.port}`);
  await new Promise<void>((resolve, reject) => {
    c.ws.once('open', () => resolve());
    c.ws.once('error', reject);
  });
  c.sendJson({ t: 'sub', id: CONNECTION, name: 'hosts.connectionChanged' });
  await ok('hosts.add', {
    name: 'edit-key',
    address: h.address,
    port: h.port,
    user: h.user,
    auth: { method: 'key', keyFile: h.identityFile },
    hostKeyFingerprint: h.hostKeyFingerprint,
    cfgDirs: [h.cfgDir],
  });
  expect((await ok<InventoryView>('inventory.get', { host: 'edit-key' })).state).toBe('online');
});

afterAll(async () => {
  c?.close();
  await server?.close();
  await services?.hosts.close();
  await stopHosts(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('hosts.update through browser mode', () => {
  it('a wrong port takes the host offline with HOST_UNREACHABLE; the right one brings it back', async () => {
    const before = c.frames.length;
    const wrong = await closedPort();
    const r = await ok<{ host: HostView }>('hosts.update', { host: 'edit-key', port: wrong });
    expect(r.host).toMatchObject({ name: 'edit-key', port: wrong });
    const off = await c.until(() => changes('edit-key', before).find((e) => e.state === 'offline'), 'edit-key offline', 20_000);
    expect(off.reason?.code).toBe('HOST_UNREACHABLE');
    const inv = await ok<InventoryView>('inventory.get', { host: 'edit-key' });
    expect(inv.state).not.toBe('online');
    expect(inv.error?.code).toBe('HOST_UNREACHABLE');

    const back = c.frames.length;
    await ok('hosts.update', { host: 'edit-key', port: h.port });
    await c.until(() => changes('edit-key', back).find((e) => e.state === 'online'), 'edit-key online again', 20_000);
    expect((await ok<InventoryView>('inventory.get', { host: 'edit-key' })).state).toBe('online');
  });

  it('a cosmetic change (tags, group, cfg and save directories) keeps the connection', async () => {
    expect((await ok<InventoryView>('inventory.get', { host: 'edit-key' })).state).toBe('online');
    const before = c.frames.length;
    const r = await ok<{ host: HostView }>('hosts.update', { host: 'edit-key', tags: ['lab', 'rack-2'], group: 'Lab', cfgDirs: [h.cfgDir, '/srv/xen'], saveDir: '/srv/save' });
    expect(r.host).toMatchObject({ tags: ['lab', 'rack-2'], group: 'Lab', cfgDirs: [h.cfgDir, '/srv/xen'], saveDir: '/srv/save', state: 'online' });
    const inv = await ok<InventoryView>('inventory.get', { host: 'edit-key' });
    expect(inv.state).toBe('online');
    expect(inv.guests.length).toBeGreaterThan(0);
    // A reconnect would have said 'connecting' before the reply to hosts.update.
    expect(changes('edit-key', before).map((e) => e.state)).toEqual([]);
    const listed = (await ok<HostView[]>('hosts.list', {})).find((x) => x.name === 'edit-key');
    expect(listed).toMatchObject({ tags: ['lab', 'rack-2'], group: 'Lab', saveDir: '/srv/save' });
    // null clears the group
    expect((await ok<{ host: HostView }>('hosts.update', { host: 'edit-key', group: null })).host.group).toBeUndefined();
  });

  it('renames a host: the list shows the new name, the inventory answers under it, a taken name is refused', async () => {
    const before = c.frames.length;
    const id = (await ok<HostView[]>('hosts.list', {})).find((x) => x.name === 'edit-key')?.id;
    const r = await ok<{ host: HostView }>('hosts.update', { host: 'edit-key', name: 'edit-renamed' });
    expect(r.host).toMatchObject({ id, name: 'edit-renamed' });
    const names = (await ok<HostView[]>('hosts.list', {})).map((x) => x.name);
    expect(names).toContain('edit-renamed');
    expect(names).not.toContain('edit-key');
    const inv = await ok<InventoryView>('inventory.get', { host: 'edit-renamed' });
    expect(inv).toMatchObject({ host: 'edit-renamed', state: 'online' });
    expect(changes('edit-renamed', before)).toEqual([]);
    expect((await fails('inventory.get', { host: 'edit-key' })).code).toBe('HOST_NOT_FOUND');

    await ok('hosts.add', { name: 'edit-other', address: h.address, port: h.port, auth: { method: 'agent' } });
    const clash = await fails('hosts.update', { host: 'edit-renamed', name: 'edit-other' });
    expect(clash.code).toBe('INVALID_INPUT');
    expect(clash.message).toMatch(/edit-other/);
    expect((await ok<HostView[]>('hosts.list', {})).find((x) => x.id === id)?.name).toBe('edit-renamed');
    await ok('hosts.remove', { host: 'edit-other' });
  });

  it('a wrong password fails the login with AUTH_FAILED, the right one logs in; neither is ever sent back or written (EH-8, ST-7)', async () => {
    await ok('hosts.add', {
      name: 'edit-pw',
      address: h.address,
      port: h.port,
      user: h.user,
      auth: { method: 'password' },
      password: TEST_PASSWORD,
      hostKeyFingerprint: h.hostKeyFingerprint,
      cfgDirs: [h.cfgDir],
    });
    expect((await ok<InventoryView>('inventory.get', { host: 'edit-pw' })).state).toBe('online');

    const before = c.frames.length;
    await ok('hosts.update', { host: 'edit-pw', password: WRONG_PASSWORD });
    const off = await c.until(() => changes('edit-pw', before).find((e) => e.state === 'offline'), 'edit-pw offline', 20_000);
    expect(off.reason?.code).toBe('AUTH_FAILED');
    expect((await ok<InventoryView>('inventory.get', { host: 'edit-pw' })).error?.code).toBe('AUTH_FAILED');

    const back = c.frames.length;
    await ok('hosts.update', { host: 'edit-pw', password: TEST_PASSWORD });
    await c.until(() => changes('edit-pw', back).find((e) => e.state === 'online'), 'edit-pw online again', 20_000);
    expect((await ok<InventoryView>('inventory.get', { host: 'edit-pw' })).state).toBe('online');

    // a password only belongs to the password method
    expect((await fails('hosts.update', { host: 'edit-renamed', password: 'x' })).code).toBe('INVALID_INPUT');

    const everything = JSON.stringify(c.frames);
    expect(everything).toContain('edit-pw');
    for (const secret of [TEST_PASSWORD, WRONG_PASSWORD]) {
      expect(everything).not.toContain(secret);
      const files = readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      expect(files.map((e) => e.name)).toContain('hosts.json');
      for (const f of files) expect(readFileSync(join(f.parentPath, f.name), 'utf8')).not.toContain(secret);
    }
  });
});

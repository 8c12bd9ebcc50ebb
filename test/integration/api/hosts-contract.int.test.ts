// Issue 5 §8 end to end: the hosts, inventory, domains and cfgFiles areas of the contract through
// the real browser-mode carrier (startWebServer + a raw `ws` client) against one simulated xl dom0
// that takes keys and passwords. Requirement ids from ../shared/RELIABILITY.md.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionChanged, InventoryChanged, InventoryView } from '../../../src-main/shared/api/hosts-types';
import { killSshd, startHosts, stopHosts, TEST_PASSWORD, type HostInfo } from '../../dom0-sim';
import { startContractServer, type ContractServer, type Evt } from './contract-harness';

const dir = mkdtempSync(join(tmpdir(), 'xendeck-api-sim-'));
const dataDir = join(dir, 'data');
let h: HostInfo;
let api: ContractServer;
let services: ContractServer['services'];
let c: ContractServer['c'];

const events = (id: number) => c.frames.filter((f): f is Evt => f.t === 'evt' && f.id === id);
const INVENTORY = 100;
const CONNECTION = 101;

const ok = <T>(name: string, input: unknown): Promise<T> => api.ok<T>(name, input);

beforeAll(async () => {
  [h] = (await startHosts({ count: 1, legacy: 0, passwordHost: true, dir })) as [HostInfo];
  // userKnownHosts: [] so the developer's ~/.ssh/known_hosts plays no part; the key is pinned.
  api = await startContractServer({ dir, hosts: { dataDir, userKnownHosts: [], refreshMs: 500, backoffBaseMs: 200 } });
  ({ services, c } = api);
});

afterAll(async () => {
  await api?.close();
  await stopHosts(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('hosts, inventory, domains and cfgFiles through browser mode', () => {
  it('adds a host with a pinned key and lists its guests (issue 5 §8, ST-4)', async () => {
    const added = await ok<{ host: { name: string; auth: unknown; hostKeyFingerprint: string } }>('hosts.add', {
      name: 'dom0a',
      address: h.address,
      port: h.port,
      user: h.user,
      auth: { method: 'key', keyFile: h.identityFile },
      hostKeyFingerprint: h.hostKeyFingerprint,
      cfgDirs: [h.cfgDir],
    });
    expect(added.host).toMatchObject({ name: 'dom0a', auth: { method: 'key', keyFile: h.identityFile }, hostKeyFingerprint: h.hostKeyFingerprint });
    c.sendJson({ t: 'sub', id: INVENTORY, name: 'inventory.changed' });
    c.sendJson({ t: 'sub', id: CONNECTION, name: 'hosts.connectionChanged' });
    const inv = await ok<InventoryView>('inventory.get', { host: 'dom0a' });
    expect(inv.state).toBe('online');
    expect(inv.lastSeen).not.toBeNull();
    expect(inv.guests.map((g) => [g.name, g.state])).toEqual(expect.arrayContaining([['win2003', 'stopped'], ['ExampleHVMDomain', 'stopped']]));
    expect((await ok<{ name: string; state: string }[]>('hosts.list', {})).map((x) => [x.name, x.state])).toEqual([['dom0a', 'online']]);
    await c.until(() => events(CONNECTION).some((e) => (e.payload as ConnectionChanged).state === 'online'), 'hosts.connectionChanged online');
  });

  it('pushes a paused guest as an inventory.changed event (issue 5 §6)', async () => {
    await ok('domains.start', { host: 'dom0a', name: 'win2003' });
    await ok('domains.pause', { host: 'dom0a', name: 'win2003' });
    const ev = await c.until(
      () =>
        events(INVENTORY)
          .map((e) => e.payload as InventoryChanged)
          .find((p) => p.host === 'dom0a' && p.changes.some((ch) => ch.kind === 'changed' && ch.guest.name === 'win2003' && ch.guest.state === 'paused')),
      'an inventory.changed event with win2003 paused',
    );
    const ch = ev.changes.find((x) => x.kind === 'changed' && x.guest.name === 'win2003');
    expect(ch?.kind === 'changed' && ch.fields).toContain('state');
    // only changes are pushed: no event lists the untouched guests
    expect(events(INVENTORY).every((e) => (e.payload as InventoryChanged).changes.every((x) => x.kind === 'removed' || x.guest.name === 'win2003' || x.kind === 'added'))).toBe(true);
  });

  it('writes a cfg with the hash it read and refuses a stale hash with CFG_CONFLICT (FS-4)', async () => {
    const files = await ok<{ dir: string; name: string }[]>('cfgFiles.list', { host: 'dom0a' });
    expect(files).toContainEqual(expect.objectContaining({ dir: h.cfgDir, name: 'win2003.cfg' }));
    const read = await ok<{ text: string; sha256: string }>('cfgFiles.read', { host: 'dom0a', dir: h.cfgDir, name: 'win2003.cfg' });
    expect(read.text).toMatch(/name\s*=\s*"win2003"/);
    const edited = `${read.text}\n# edited by the test\n`;
    const written = await ok<{ sha256: string }>('cfgFiles.write', { host: 'dom0a', dir: h.cfgDir, name: 'win2003.cfg', text: edited, expectedSha256: read.sha256 });
    expect(written.sha256).not.toBe(read.sha256);
    expect((await ok<{ text: string }>('cfgFiles.read', { host: 'dom0a', dir: h.cfgDir, name: 'win2003.cfg' })).text).toBe(edited);
    const stale = await c.request('cfgFiles.write', { host: 'dom0a', dir: h.cfgDir, name: 'win2003.cfg', text: 'name = "x"\n', expectedSha256: read.sha256 });
    expect(stale.ok).toBe(false);
    if (stale.ok) return;
    expect(stale.error.code).toBe('CFG_CONFLICT');
    expect(stale.error.message).toMatch(/win2003\.cfg.*dom0a|dom0a.*win2003\.cfg/);
    const history = await ok<{ id: string }[]>('cfgFiles.history', { host: 'dom0a', dir: h.cfgDir, name: 'win2003.cfg' });
    expect(history.length).toBeGreaterThanOrEqual(1);
    // IN-8: only the host's cfg directories and plain names
    const outside = await c.request('cfgFiles.read', { host: 'dom0a', dir: '/etc', name: 'shadow' });
    expect(!outside.ok && outside.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/not one of the cfg directories of dom0a/) });
    const climb = await c.request('cfgFiles.read', { host: 'dom0a', dir: h.cfgDir, name: '../../etc/passwd' });
    expect(!climb.ok && climb.error.code).toBe('INVALID_INPUT');
  });

  it('treats a hostile guest name as a name: DOMAIN_NOT_FOUND, nothing runs (IN-1, EH-6)', async () => {
    const marker = join(tmpdir(), `xendeck-pwned-${randomBytes(6).toString('hex')}`);
    for (const name of [`a;touch ${marker}`, `$(touch ${marker})`, `\`touch ${marker}\``]) {
      const r = await c.request('domains.pause', { host: 'dom0a', name });
      expect(!r.ok && ['DOMAIN_NOT_FOUND', 'INVALID_INPUT'].includes(r.error.code)).toBe(true);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('asks about an unknown host key and connects once the user trusts it (ST-2)', async () => {
    const PROMPT = 102;
    c.sendJson({ t: 'sub', id: PROMPT, name: 'hosts.hostKeyPrompted' });
    await ok('hosts.add', { name: 'dom0new', address: h.address, port: h.port, user: h.user, auth: { method: 'key', keyFile: h.identityFile }, cfgDirs: [h.cfgDir] });
    const connecting = c.request('hosts.connect', { host: 'dom0new' });
    const prompt = await c.until(() => events(PROMPT).find((e) => (e.payload as { host: string }).host === 'dom0new'), 'hosts.hostKeyPrompted');
    expect(prompt.payload).toEqual({ host: 'dom0new', fingerprint: h.hostKeyFingerprint, keyType: expect.stringMatching(/^ssh-|^ecdsa-/) });
    // a different fingerprint answers nothing
    const wrong = `SHA256:${'A'.repeat(43)}`;
    expect(await ok('hosts.trustKey', { host: 'dom0new', fingerprint: wrong, mode: 'once' })).toEqual({ answered: false });
    expect(await ok('hosts.trustKey', { host: 'dom0new', fingerprint: h.hostKeyFingerprint, mode: 'once' })).toEqual({ answered: true });
    const r = await connecting;
    expect(r).toEqual({ ok: true, result: { host: 'dom0new', state: 'online' } });
    c.sendJson({ t: 'unsub', id: PROMPT });
    expect((await ok<{ removed: boolean }>('hosts.remove', { host: 'dom0new' })).removed).toBe(true);
  });

  it('keeps a password out of every reply and event (EH-8, ST-7)', async () => {
    const added = await c.request('hosts.add', {
      name: 'dom0pw',
      address: h.address,
      port: h.port,
      user: h.user,
      auth: { method: 'password' },
      password: TEST_PASSWORD,
      hostKeyFingerprint: h.hostKeyFingerprint,
      cfgDirs: [h.cfgDir],
    });
    expect(added.ok).toBe(true);
    // the password reached Secrets and logs in
    const inv = await ok<InventoryView>('inventory.get', { host: 'dom0pw' });
    expect(inv.state).toBe('online');
    await ok('hosts.list', {});
    const everything = JSON.stringify(c.frames);
    expect(everything).toContain('dom0pw');
    expect(everything).not.toContain(TEST_PASSWORD);
    // nor in the data directory (browser mode keeps secrets in memory only)
    const files = readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.map((e) => e.name)).toContain('hosts.json');
    for (const f of files) expect(readFileSync(join(f.parentPath, f.name), 'utf8')).not.toContain(TEST_PASSWORD);
    expect((await ok<{ removed: boolean }>('hosts.remove', { host: 'dom0pw' })).removed).toBe(true);
  });

  it('reports a killed sshd as offline with a reason and answers last-seen data (issue 5 §6, RS-3)', async () => {
    const seen = c.frames.length;
    await killSshd(dir, h.name);
    const off = await c.until(
      () =>
        c.frames
          .slice(seen)
          .filter((f): f is Evt => f.t === 'evt' && f.id === CONNECTION)
          .map((e) => e.payload as ConnectionChanged)
          .find((p) => p.host === 'dom0a' && p.state === 'offline'),
      'hosts.connectionChanged offline',
      20_000,
    );
    expect(off.reason?.code).toBe('HOST_UNREACHABLE');
    expect(off.reason?.message).toMatch(/dom0a/);
    const inv = await ok<InventoryView>('inventory.get', { host: 'dom0a' });
    expect(inv.state).not.toBe('online');
    expect(inv.error?.code).toBe('HOST_UNREACHABLE');
    expect(inv.lastSeen).not.toBeNull();
    expect(inv.guests.find((g) => g.name === 'win2003')?.state).toBe('paused');
    c.sendJson({ t: 'unsub', id: INVENTORY });
    await c.until(() => !services.hosts.live.running, 'the live loop to stop with its last subscriber');
  });
});

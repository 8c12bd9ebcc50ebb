// The core against the simulated dom0 hosts (test/dom0-sim): an xl host that also takes
// passwords and a legacy xm host, reached through HostConnection with the fingerprints pinned in
// hosts.json, driven through the Toolstack adapters (issue 5 §2–§5; ST-3, ST-5, IN-1).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiError } from '@shared/api/errors';
import { HostConnection } from '../../../src-main/core/hosts/connection';
import { KnownHosts } from '../../../src-main/core/hosts/known-hosts';
import { MemorySecrets } from '../../../src-main/core/store/secrets';
import type { HostAuth } from '../../../src-main/core/store/host-profile';
import { detectToolstack, type Toolstack } from '../../../src-main/core/toolstack/adapter';
import { HostSession, type SessionStatus } from '../../../src-main/core/hosts/host-session';
import { restartSshd, startHosts, stopHosts, swapHostKey, TEST_PASSWORD, type HostInfo } from '../../dom0-sim';

const dir = mkdtempSync(join(tmpdir(), 'xendeck-core-sim-'));
let hosts: HostInfo[] = [];
const open: HostConnection[] = [];

beforeAll(async () => {
  hosts = await startHosts({ count: 2, legacy: 1, passwordHost: true, dir });
});
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});
afterAll(async () => {
  await stopHosts(dir);
  rmSync(dir, { recursive: true, force: true });
});

function connection(h: HostInfo, auth: HostAuth = { method: 'key', keyFile: h.identityFile }, secrets = new MemorySecrets()): HostConnection {
  const c = new HostConnection({
    profile: { name: h.name, address: h.address, port: h.port, user: h.user, auth, hostKeyFingerprint: h.hostKeyFingerprint },
    knownHosts: new KnownHosts(),
    secrets,
  });
  open.push(c);
  return c;
}

async function toolstackOf(h: HostInfo): Promise<Toolstack> {
  const c = connection(h);
  await c.connect();
  return (await detectToolstack({ host: h.name, exec: (argv, o) => c.exec(argv, o) })).toolstack;
}

describe('simulated dom0 hosts', () => {
  it('detects xl and xm and reads each host, Domain-0 first', async () => {
    for (const h of hosts) {
      const c = connection(h);
      await c.connect();
      const { toolstack, info } = await detectToolstack({ host: h.name, exec: (argv, o) => c.exec(argv, o) });
      expect(toolstack.kind).toBe(h.toolstack);
      expect(info.hostname).not.toBe('');
      expect(info.totalMemoryMiB).toBeGreaterThan(0);
      expect((await toolstack.list())[0]).toMatchObject({ name: 'Domain-0', domid: 0, state: 'running' });
      expect((await toolstack.listLong())[0]).toMatchObject({ name: 'Domain-0', domid: 0 });
      expect((await toolstack.metrics())[0]).toMatchObject({ name: 'Domain-0', maxMemoryKiB: null });
    }
  });

  it('creates an HVM guest on the xl host after a dry run, finds its VNC port, pauses and destroys it', async () => {
    const h = hosts.find((x) => x.toolstack === 'xl') as HostInfo;
    const ts = await toolstackOf(h);
    const cfg = join(h.cfgDir, 'seed-hvm.cfg');
    expect(await ts.validate(cfg)).toBe(true);
    await ts.create(cfg);
    const guest = (await ts.list()).find((d) => d.name !== 'Domain-0');
    expect(guest).toBeDefined();
    const domid = guest?.domid as number;
    const [details] = await ts.listLong(domid);
    expect(details).toMatchObject({ type: 'hvm', serial: 'pty', vnc: { enabled: true } });
    expect(details.disks.length).toBeGreaterThan(0);
    const vnc = await ts.vncEndpoint(domid);
    expect(vnc?.port).toBeGreaterThanOrEqual(5900);
    await ts.pause(domid);
    expect((await ts.list()).find((d) => d.domid === domid)?.state).toBe('paused');
    await ts.unpause(domid);
    await ts.destroy(domid);
    expect((await ts.list()).map((d) => d.name)).toEqual(['Domain-0']);
  });

  it('maps an xl syntax error to the cfg line (CFG_INVALID) without creating anything', async () => {
    const h = hosts.find((x) => x.toolstack === 'xl') as HostInfo;
    const ts = await toolstackOf(h);
    const bad = join(h.cfgDir, 'broken.cfg');
    writeFileSync(bad, 'name = "broken"\nmemory = 128\nvcpus = = 2\n');
    try {
      await expect(ts.validate(bad)).rejects.toMatchObject({ code: 'CFG_INVALID', details: { line: 3, file: bad } });
      expect((await ts.list()).map((d) => d.name)).toEqual(['Domain-0']);
    } finally {
      rmSync(bad, { force: true });
    }
  });

  it('creates and lists a guest on the legacy xm host', async () => {
    const h = hosts.find((x) => x.toolstack === 'xm') as HostInfo;
    const ts = await toolstackOf(h);
    expect(await ts.validate(join(h.cfgDir, 'seed-hvm'))).toBe(false);
    await ts.create(join(h.cfgDir, 'seed-hvm'));
    const guest = (await ts.list()).find((d) => d.name !== 'Domain-0');
    expect(guest?.state === 'running' || guest?.state === 'blocked').toBe(true);
    const long = await ts.listLong(guest?.domid as number);
    expect(long[0]).toMatchObject({ name: guest?.name, type: 'hvm' });
    await ts.destroy(guest?.domid as number);
    await expect(ts.create(join(h.cfgDir, 'missing'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('passes hostile guest names as data: DOMAIN_NOT_FOUND, nothing runs (IN-1)', async () => {
    const ts = await toolstackOf(hosts[0]);
    const marker = join(dir, 'pwned');
    for (const name of [`a;touch ${marker}`, `$(touch ${marker})`, `\`touch ${marker}\``, '-F']) {
      await expect(ts.destroy(name)).rejects.toMatchObject({ code: 'DOMAIN_NOT_FOUND' });
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('logs in with the stored password on the password host', async () => {
    const h = hosts.find((x) => x.password !== undefined) as HostInfo;
    const secrets = new MemorySecrets();
    await secrets.set('pw', TEST_PASSWORD);
    const c = connection(h, { method: 'password', secretId: 'pw' }, secrets);
    await c.connect().catch((e: ApiError) => {
      throw new Error(`${e.message} | ${readFileSync(join(dir, 'hosts', h.name, 'sshd.log'), 'utf8').slice(-800)}`);
    });
    expect((await c.exec(['echo', 'in'])).stdout).toBe('in\n');
  });

  it('refuses a swapped host key before the password is read or sent (ST-3, ST-5)', async () => {
    const h = hosts.find((x) => x.password !== undefined) as HostInfo;
    const log = join(dir, 'hosts', h.name, 'sshd.log');
    const newFingerprint = await swapHostKey(dir, h.name);
    const before = existsSync(log) ? readFileSync(log, 'utf8').length : 0;
    const secrets = new MemorySecrets();
    await secrets.set('pw', TEST_PASSWORD);
    const get = vi.spyOn(secrets, 'get');
    const err = (await connection(h, { method: 'password', secretId: 'pw' }, secrets).connect().catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('HOST_KEY_CHANGED');
    expect(err.details).toMatchObject({ fingerprint: newFingerprint, oldFingerprint: h.hostKeyFingerprint });
    expect(get).not.toHaveBeenCalled();
    const after = existsSync(log) ? readFileSync(log, 'utf8').slice(before) : '';
    expect(after).not.toMatch(/password|Accepted|Failed/);
  });

  it('goes offline when sshd restarts and reconnects by itself (RS-3)', async () => {
    const h = hosts.find((x) => x.toolstack === 'xm') as HostInfo;
    const session = new HostSession({ host: h.name, create: () => connection(h), rng: () => 0.05 });
    const seen: SessionStatus[] = [];
    const reach = (status: SessionStatus) =>
      new Promise<void>((resolve) => {
        const on = () => {
          if (session.state.status === status) {
            session.off('state', on);
            resolve();
          }
        };
        session.on('state', on);
        on();
      });
    session.on('state', (st) => seen.push(st.status));
    try {
      session.start();
      await reach('online');
      const offline = reach('offline');
      await restartSshd(dir, h.name);
      await offline;
      expect(session.state.reason?.code).toBe('HOST_UNREACHABLE');
      await reach('online');
      expect((await session.exec(['echo', 'back'])).stdout).toBe('back\n');
      expect(seen.slice(0, 3)).toEqual(['connecting', 'online', 'offline']);
    } finally {
      session.stop();
    }
  });
});

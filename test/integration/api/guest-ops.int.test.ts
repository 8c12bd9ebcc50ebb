// Issue 5 §5 through the contract: the guest operations beyond the lifecycle (mem-set, vcpu-set,
// vcpu-pin, CD insert/eject, rename, save/restore, vCPU list, host info, xentop metrics) over the
// real browser-mode carrier, against a simulated xl dom0 and a legacy xm dom0 whose guests are
// real QEMU processes. Requirement ids from ../shared/RELIABILITY.md.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorInfo } from '../../../src-main/shared/api/errors';
import type {
  GuestView,
  HostInfoView,
  InventoryChanged,
  InventoryView,
  MetricsView,
  RestoreResult,
  SavedImagesView,
  SavedImageView,
  VcpuView,
} from '../../../src-main/shared/api/hosts-types';
import { hostDirOf, sshArgs, startHosts, stopHosts, type HostInfo } from '../../dom0-sim';
import { startContractServer, type ContractServer, type Evt, type Reply } from './contract-harness';

const dir = mkdtempSync(join(tmpdir(), 'xendeck-guest-ops-'));
const dataDir = join(dir, 'data');
let xl: HostInfo;
let xm: HostInfo;
let api: ContractServer;
let c: ContractServer['c'];

const INVENTORY = 100;

/** A request with a wait long enough for a save or restore. */
const call = (name: string, input: unknown, ms = 60_000): Promise<Reply> => api.send(name, input).reply(ms);
const ok = <T>(name: string, input: unknown): Promise<T> => api.ok<T>(name, input, 60_000);
const fails = (name: string, input: unknown): Promise<ApiErrorInfo> => api.fails(name, input, 60_000);

async function guest(host: string, name: string): Promise<GuestView | undefined> {
  return (await ok<InventoryView>('inventory.get', { host })).guests.find((g) => g.name === name);
}

/** What the host's own toolstack says, through OpenSSH (as an admin would check). */
async function ssh(h: HostInfo, command: string): Promise<string> {
  const r = await promisify(execFile)('ssh', [...sshArgs(dir, h), command], { encoding: 'utf8' });
  return r.stdout;
}

/** query-block straight from the guest's QEMU: what the real device model has in its drives. */
function queryBlock(h: HostInfo, domid: number): Promise<{ qdev?: string; inserted?: { file: string } }[]> {
  return new Promise((resolveQuery, reject) => {
    const s = connect(join(hostDirOf(dir, h.name), `run/dom-${domid}/qmp.sock`));
    let buf = '';
    let step = 0;
    s.on('data', (b) => {
      buf += b.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const msg = JSON.parse(buf.slice(0, nl)) as { return?: unknown; event?: string };
        buf = buf.slice(nl + 1);
        if (msg.event !== undefined) continue;
        if (step === 0) s.write('{"execute":"qmp_capabilities"}\n');
        if (step === 1) s.write('{"execute":"query-block"}\n');
        if (step === 2) {
          s.destroy();
          resolveQuery(msg.return as { qdev?: string; inserted?: { file: string } }[]);
        }
        step++;
      }
    });
    s.on('error', reject);
  });
}

const iso = (h: HostInfo) => join(hostDirOf(dir, h.name), 'images', 'tools.iso');
// Not there yet: the first save creates it and its parent (as xendomains' mkdir -p).
const saveDir = (h: HostInfo) => join(hostDirOf(dir, h.name), 'save', 'xen');

beforeAll(async () => {
  [xl, xm] = (await startHosts({ count: 2, legacy: 1, dir })) as [HostInfo, HostInfo];
  api = await startContractServer({ dir, hosts: { dataDir, userKnownHosts: [], refreshMs: 500, backoffBaseMs: 200 } });
  c = api.c;
  for (const [name, h] of [
    ['xl1', xl],
    ['xm1', xm],
  ] as const) {
    await ok('hosts.add', { name, address: h.address, port: h.port, user: h.user, auth: { method: 'key', keyFile: h.identityFile }, hostKeyFingerprint: h.hostKeyFingerprint, cfgDirs: [h.cfgDir], saveDir: saveDir(h) });
  }
  await ok('domains.start', { host: 'xl1', name: 'multidisk' });
  await ok('domains.start', { host: 'xm1', name: 'multidisk' });
});

afterAll(async () => {
  await api?.close();
  await stopHosts(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('guest operations on an xl host (issue 5 §5)', () => {
  it('reads host info for the UI bounds: toolstack, CPUs, memory, Xen version', async () => {
    const info = await ok<HostInfoView>('hosts.info', { host: 'xl1' });
    expect(info).toMatchObject({ host: 'xl1', toolstack: 'xl', hvm: true, xenVersion: expect.stringMatching(/^4\.17/) });
    expect(info.nrCpus).toBeGreaterThanOrEqual(1);
    expect(info.totalMemoryMiB).toBeGreaterThan(0);
    expect(info.freeMemoryMiB).toBeLessThanOrEqual(info.totalMemoryMiB as number);
  });

  it('sets the memory: the inventory shows it and inventory.changed pushes it; above maxmem is refused in words', async () => {
    c.sendJson({ t: 'sub', id: INVENTORY, name: 'inventory.changed' });
    const before = await guest('xl1', 'multidisk');
    expect(before).toMatchObject({ memoryMiB: 192, live: { maxMemoryMiB: 256 } });
    await ok('domains.memSet', { host: 'xl1', name: 'multidisk', mib: 128, domid: before?.domid });
    expect((await guest('xl1', 'multidisk'))?.memoryMiB).toBe(128);
    await c.until(
      () =>
        c.frames
          .filter((f): f is Evt => f.t === 'evt' && f.id === INVENTORY)
          .some((e) => (e.payload as InventoryChanged).changes.some((ch) => ch.kind === 'changed' && ch.guest.name === 'multidisk' && ch.guest.memoryMiB === 128)),
      'an inventory.changed event with multidisk at 128 MiB',
    );
    c.sendJson({ t: 'unsub', id: INVENTORY });
    const tooMuch = await fails('domains.memSet', { host: 'xl1', name: 'multidisk', mib: 1024 });
    expect(tooMuch).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/multidisk on xl1 can have at most 256 MiB/), details: { max: 256 } });
    expect((await guest('xl1', 'multidisk'))?.memoryMiB).toBe(128);
  });

  it('sets the online vCPUs, refusing more than maxvcpus', async () => {
    await ok('domains.vcpuSet', { host: 'xl1', name: 'multidisk', count: 1 });
    expect((await guest('xl1', 'multidisk'))?.vcpus).toBe(1);
    const online = (await ok<VcpuView[]>('domains.vcpus', { host: 'xl1', name: 'multidisk' })).map((v) => v.online);
    expect(online).toEqual([true, false]);
    const tooMany = await fails('domains.vcpuSet', { host: 'xl1', name: 'multidisk', count: 3 });
    expect(tooMany).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/at most 2 vCPUs/) });
    await ok('domains.vcpuSet', { host: 'xl1', name: 'multidisk', count: 2 });
    expect((await guest('xl1', 'multidisk'))?.vcpus).toBe(2);
  });

  it('pins a vCPU: the vCPU list shows the new affinity; a malformed CPU list never reaches the host', async () => {
    await ok('domains.vcpuPin', { host: 'xl1', name: 'multidisk', vcpu: 1, cpus: '0' });
    const list = await ok<VcpuView[]>('domains.vcpus', { host: 'xl1', name: 'multidisk' });
    expect(list.map((v) => [v.vcpu, v.hardAffinity])).toEqual([
      [0, 'all'],
      [1, '0'],
    ]);
    await ok('domains.vcpuPin', { host: 'xl1', name: 'multidisk', vcpu: 'all', cpus: 'all' });
    expect((await ok<VcpuView[]>('domains.vcpus', { host: 'xl1', name: 'multidisk' })).map((v) => v.hardAffinity)).toEqual(['all', 'all']);
    expect((await fails('domains.vcpuPin', { host: 'xl1', name: 'multidisk', vcpu: 0, cpus: '3-1' })).code).toBe('INVALID_INPUT');
    expect((await fails('domains.vcpuPin', { host: 'xl1', name: 'multidisk', vcpu: 5, cpus: '0' })).message).toMatch(/vCPUs 0 to 1/);
    const cpus = (await ok<HostInfoView>('hosts.info', { host: 'xl1' })).nrCpus as number;
    expect(await fails('domains.vcpuPin', { host: 'xl1', name: 'multidisk', vcpu: 0, cpus: '0,4000' })).toMatchObject({
      code: 'INVALID_INPUT',
      message: `xl1 has CPUs 0 to ${cpus - 1}, so "4000" can't be used.`,
    });
  });

  it("inserts and ejects a CD: the guest's QEMU drive changes", async () => {
    const domid = (await guest('xl1', 'multidisk'))?.domid as number;
    await ok('domains.cdInsert', { host: 'xl1', name: 'multidisk', vdev: 'hdc', path: iso(xl) });
    expect((await queryBlock(xl, domid)).find((b) => b.qdev === 'ide-5632')?.inserted?.file).toBe(iso(xl));
    await ok('domains.cdEject', { host: 'xl1', name: 'multidisk', vdev: 'hdc' });
    expect((await queryBlock(xl, domid)).find((b) => b.qdev === 'ide-5632')?.inserted).toBeUndefined();
    // hda is a disk, not a CD-ROM: libxl's own sentence comes back
    expect(await fails('domains.cdInsert', { host: 'xl1', name: 'multidisk', vdev: 'hda', path: iso(xl) })).toMatchObject({
      code: 'COMMAND_FAILED',
      message: expect.stringMatching(/hda not found or not a cdrom/),
    });
    expect((await fails('domains.cdInsert', { host: 'xl1', name: 'multidisk', vdev: 'hdc', path: 'relative.iso' })).code).toBe('INVALID_INPUT');
  });

  it('renames a running guest (IN-3): the inventory shows the new name; an operation queued behind it sees that (RS-5); hostile or taken names are refused', async () => {
    const domid = (await guest('xl1', 'multidisk'))?.domid;
    // RS-5: sent together, the memory change waits for the rename, then finds no running multidisk
    const [renamed, queued] = await Promise.all([
      call('domains.rename', { host: 'xl1', name: 'multidisk', newName: 'md-renamed' }),
      call('domains.memSet', { host: 'xl1', name: 'multidisk', mib: 100 }),
    ]);
    expect(renamed).toEqual({ ok: true, result: { ok: true } });
    expect(!queued.ok && queued.error).toMatchObject({ code: 'DOMAIN_NOT_FOUND', message: expect.stringMatching(/multidisk is not running on xl1/) });
    const inv = await ok<InventoryView>('inventory.get', { host: 'xl1' });
    expect(inv.guests.find((g) => g.name === 'md-renamed')).toMatchObject({ domid, memoryMiB: 128, state: expect.stringMatching(/running|blocked/) });
    // the cfg file keeps the old name: it is a stopped guest now
    expect(inv.guests.find((g) => g.name === 'multidisk')).toMatchObject({ domid: null, state: 'stopped' });
    const marker = join(tmpdir(), `xendeck-pwned-${randomBytes(6).toString('hex')}`);
    for (const newName of [`a;touch ${marker}`, '$(id)', '-F', '123', 'Domain-0', '../x']) {
      expect((await fails('domains.rename', { host: 'xl1', name: 'md-renamed', newName })).code).toBe('INVALID_INPUT');
    }
    expect(existsSync(marker)).toBe(false);
    await ok('domains.start', { host: 'xl1', name: 'win2003' });
    expect(await fails('domains.rename', { host: 'xl1', name: 'md-renamed', newName: 'win2003' })).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/already runs a guest named "win2003"/),
    });
    await ok('domains.destroy', { host: 'xl1', name: 'win2003' });
    // back to the name of its cfg file (a stopped guest's name is free to take)
    await ok('domains.rename', { host: 'xl1', name: 'md-renamed', newName: 'multidisk' });
    expect((await guest('xl1', 'multidisk'))?.domid).toBe(domid);
  });

  it('reads xentop metrics for every running domain with the time read', async () => {
    const m = await ok<MetricsView>('metrics.get', { host: 'xl1' });
    expect(Number.isNaN(Date.parse(m.at))).toBe(false);
    expect(m.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['Domain-0', 'multidisk']));
    const row = m.rows.find((r) => r.name === 'multidisk');
    expect(row).toMatchObject({ vcpus: 2, state: expect.stringMatching(/running|blocked/) });
    expect(row?.memoryKiB).toBe(128 * 1024);
  });

  it('saves a guest into the host profile\'s save directory (it stops, its image is listed) and restores it (running again, image removed)', async () => {
    const dirOnHost = saveDir(xl);
    expect((await ok<SavedImagesView>('domains.savedImages', { host: 'xl1' })).images).toEqual([]);
    const saved = await ok<SavedImageView>('domains.save', { host: 'xl1', name: 'multidisk' });
    expect(saved).toMatchObject({ name: 'multidisk', path: join(dirOnHost, 'multidisk') });
    expect(saved.size).toBeGreaterThan(0);
    expect((await guest('xl1', 'multidisk'))).toMatchObject({ domid: null, state: 'stopped' });
    const listed = await ok<SavedImagesView>('domains.savedImages', { host: 'xl1' });
    expect(listed).toEqual({ host: 'xl1', dir: dirOnHost, images: [saved] });
    // another directory asked for explicitly has none
    expect((await ok<SavedImagesView>('domains.savedImages', { host: 'xl1', dir: join(dirOnHost, 'other') })).images).toEqual([]);
    // a stopped guest can't be saved again
    expect(await fails('domains.save', { host: 'xl1', name: 'multidisk' })).toMatchObject({ code: 'DOMAIN_NOT_FOUND', message: expect.stringMatching(/not running/) });
    const restored = await ok<RestoreResult>('domains.restore', { host: 'xl1', name: 'multidisk' });
    expect(restored).toEqual({ ok: true, imageRemoved: true });
    const back = await guest('xl1', 'multidisk');
    expect(back?.domid).not.toBeNull();
    expect(back?.state).toMatch(/running|blocked/);
    expect((await ok<SavedImagesView>('domains.savedImages', { host: 'xl1' })).images).toEqual([]);
    expect(await fails('domains.restore', { host: 'xl1', name: 'multidisk' })).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/already running/) });
    expect(await fails('domains.restore', { host: 'xl1', name: 'win2003' })).toMatchObject({ code: 'FILE_NOT_FOUND', message: expect.stringMatching(/no saved image of win2003/) });
  });

  it('refuses unknown guests, stopped guests, recreated guests (IN-3) and hostile names, running nothing (IN-1)', async () => {
    expect((await fails('domains.memSet', { host: 'xl1', name: 'nosuch', mib: 64 })).code).toBe('DOMAIN_NOT_FOUND');
    expect(await fails('domains.vcpuSet', { host: 'xl1', name: 'win2003', count: 1 })).toMatchObject({ code: 'DOMAIN_NOT_FOUND', message: expect.stringMatching(/win2003 is not running on xl1/) });
    const before = await guest('xl1', 'multidisk');
    const domid = before?.domid as number;
    expect(await fails('domains.memSet', { host: 'xl1', name: 'multidisk', mib: 64, domid: domid + 100 })).toMatchObject({
      code: 'DOMAIN_NOT_FOUND',
      message: expect.stringMatching(/was restarted/),
    });
    // the lifecycle actions take the id the user saw too
    expect(await fails('domains.pause', { host: 'xl1', name: 'multidisk', domid: domid + 100 })).toMatchObject({ code: 'DOMAIN_NOT_FOUND', message: expect.stringMatching(/was restarted/) });
    expect((await guest('xl1', 'multidisk'))?.state).not.toBe('paused');
    expect((await fails('metrics.get', { host: 'nosuchhost' })).code).toBe('HOST_NOT_FOUND');
    const marker = join(tmpdir(), `xendeck-pwned-${randomBytes(6).toString('hex')}`);
    for (const name of [`a;touch ${marker}`, `$(touch ${marker})`, `\`touch ${marker}\``]) {
      expect((await fails('domains.memSet', { host: 'xl1', name, mib: 64 })).code).toBe('DOMAIN_NOT_FOUND');
      expect((await fails('domains.cdInsert', { host: 'xl1', name: 'multidisk', vdev: 'hdc', path: `/tmp/x;touch ${marker}` })).code).toBe('COMMAND_FAILED');
    }
    expect(existsSync(marker)).toBe(false);
    expect((await guest('xl1', 'multidisk'))?.memoryMiB).toBe(before?.memoryMiB);
  });
});

describe('guest operations on a legacy xm host (issue 5 §5)', () => {
  it('reads host info and metrics from xm info and xentop', async () => {
    expect(await ok<HostInfoView>('hosts.info', { host: 'xm1' })).toMatchObject({ host: 'xm1', toolstack: 'xm' });
    const m = await ok<MetricsView>('metrics.get', { host: 'xm1' });
    expect(m.rows.map((r) => r.name)).toContain('multidisk');
  });

  it('sets the memory with xm mem-set: the inventory shows it', async () => {
    await ok('domains.memSet', { host: 'xm1', name: 'multidisk', mib: 160 });
    expect((await guest('xm1', 'multidisk'))?.memoryMiB).toBe(160);
  });

  it("changes the CD with xm block-configure; ejecting is refused with a sentence, as xm can't", async () => {
    await ok('domains.cdInsert', { host: 'xm1', name: 'multidisk', vdev: 'hdc', path: iso(xm) });
    expect(await ssh(xm, 'xm list --long multidisk')).toContain(`(uname file:${iso(xm)})`);
    expect(await fails('domains.cdEject', { host: 'xm1', name: 'multidisk', vdev: 'hdc' })).toMatchObject({
      code: 'COMMAND_FAILED',
      message: 'xm1 runs the legacy xm toolstack, which can\'t eject a CD.',
    });
  });
});

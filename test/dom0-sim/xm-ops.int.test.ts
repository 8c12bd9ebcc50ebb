// The guest operations XenDeck's xm adapter sends to a legacy host (vcpu-set, vcpu-pin, vcpu-list,
// rename, save, restore), run through the real OpenSSH client with the command lines XenDeck
// itself builds (xmCommands + shellCommand) and read back with XenDeck's own parsers. Also: a
// restored guest keeps the memory mem-set gave it, on xl and on xm (libxl and xend both save the
// live target, not the cfg's `memory`).
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellCommand, type Arg } from '../../src-main/core/remote/argv';
import { xlCommands, xmCommands } from '../../src-main/core/toolstack/commands';
import { toolstackError } from '../../src-main/core/toolstack/errors';
import { parseListTable } from '../../src-main/core/toolstack/list-table';
import { parseVcpuList } from '../../src-main/core/toolstack/vcpu-list';
import { hostDirOf, startHosts, stopHosts, type HostInfo } from './hosts';
import { sshRun } from './ssh-run';

const dir = mkdtempSync(join(tmpdir(), 'xendeck-sim-xm-ops-'));
let xl: HostInfo;
let xm: HostInfo;
const run = (h: HostInfo, argv: Arg[]) => sshRun(dir, h, shellCommand(argv));
const ok = async (h: HostInfo, argv: Arg[]) => {
  const r = await run(h, argv);
  expect(r, argv.join(' ')).toMatchObject({ code: 0, stderr: h.toolstack === 'xm' ? '' : expect.any(String) });
  return r.stdout;
};
const list = async (h: HostInfo) => parseListTable(await ok(h, h.toolstack === 'xm' ? xmCommands.list() : xlCommands.list()), h.toolstack);
const guest = async (h: HostInfo, name: string) => (await list(h)).find((d) => d.name === name);
/** A save file inside the host's own tree, never the machine's /var/lib/xen/save. */
const saveFile = (h: HostInfo, name: string) => join(hostDirOf(dir, h.name), 'tmp', name);
const NR_CPUS = cpus().length;

beforeAll(async () => {
  [xl, xm] = await startHosts({ count: 2, legacy: 1, dir });
  await ok(xm, xmCommands.create('multidisk'));
  await ok(xl, xlCommands.create(join(xl.cfgDir, 'multidisk.cfg')));
});

afterAll(async () => {
  await stopHosts(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('xm guest operations on a legacy host', () => {
  it('vcpu-list prints xend\'s columns, read by parseVcpuList: every vCPU of every domain, any cpu', async () => {
    const text = await ok(xm, xmCommands.vcpuList());
    // REFERENCE §4.6: header "%-32s %5s %5s %5s %5s %9s %s" with "CPU Affinity"
    expect(text.split('\n')[0]).toBe(`${'Name'.padEnd(32)} ${'ID'.padStart(5)} ${'VCPU'.padStart(5)} ${'CPU'.padStart(5)} ${'State'.padStart(5)} ${'Time(s)'.padStart(9)} CPU Affinity`);
    const rows = parseVcpuList(text, 'xm');
    expect(rows.filter((r) => r.name === 'Domain-0')).toHaveLength(NR_CPUS);
    const md = rows.filter((r) => r.name === 'multidisk');
    expect(md.map((r) => [r.vcpu, r.online, r.hardAffinity])).toEqual([
      [0, true, 'any cpu'],
      [1, true, 'any cpu'],
    ]);
    expect(md.every((r) => r.softAffinity === undefined)).toBe(true);
  });

  it('vcpu-set takes a vCPU offline (shown as --p) and refuses more than maxvcpus with xend\'s message', async () => {
    await ok(xm, xmCommands.vcpuSet('multidisk', 1));
    expect((await guest(xm, 'multidisk'))?.vcpus).toBe(1);
    const md = parseVcpuList(await ok(xm, xmCommands.vcpuList('multidisk')), 'xm');
    expect(md.map((r) => [r.vcpu, r.online, r.cpu])).toEqual([
      [0, true, expect.any(Number)],
      [1, false, null],
    ]);
    const r = await run(xm, xmCommands.vcpuSet('multidisk', 3));
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('Error: Cannot set vcpus greater than max vcpus on running domain');
    expect(r.stderr).toContain('Usage: xm vcpu-set <Domain> <vCPUs>');
    expect((await guest(xm, 'multidisk'))?.vcpus).toBe(1);
  });

  it('vcpu-pin sets a vCPU\'s affinity; vcpu-list shows the list, and "all" is any cpu again', async () => {
    await ok(xm, xmCommands.vcpuPin('multidisk', 0, '0'));
    const pinned = parseVcpuList(await ok(xm, xmCommands.vcpuList('multidisk')), 'xm');
    expect(pinned[0]).toMatchObject({ vcpu: 0, cpu: 0, hardAffinity: NR_CPUS > 1 ? '0' : 'any cpu' });
    expect(pinned[1].hardAffinity).toBe('any cpu');
    await ok(xm, xmCommands.vcpuPin('multidisk', 'all', 'all'));
    const all = parseVcpuList(await ok(xm, xmCommands.vcpuList('multidisk')), 'xm');
    expect(all.map((r) => r.hardAffinity)).toEqual(['any cpu', 'any cpu']);
  });

  it('unknown domains fail with xm\'s "Error: Domain … does not exist.", which XenDeck maps to DOMAIN_NOT_FOUND', async () => {
    for (const argv of [xmCommands.vcpuList('nosuch'), xmCommands.vcpuSet('nosuch', 1), xmCommands.vcpuPin('nosuch', 0, '0'),
      xmCommands.rename('nosuch', 'other'), xmCommands.save('nosuch', saveFile(xm, 'nosuch'))]) {
      const r = await run(xm, argv);
      expect(r, argv.join(' ')).toMatchObject({ code: 1, stdout: '', stderr: "Error: Domain 'nosuch' does not exist.\n" });
      expect(toolstackError('xm-host', argv, r).code).toBe('DOMAIN_NOT_FOUND');
    }
  });

  it('rename changes the name xm list shows; a name in use is refused', async () => {
    await ok(xm, xmCommands.rename('multidisk', 'md-renamed'));
    const names = (await list(xm)).map((d) => d.name);
    expect(names).toContain('md-renamed');
    expect(names).not.toContain('multidisk');
    // by hand: XenDeck itself never asks for that name (checkNewDomainName)
    const r = await run(xm, ['xm', 'rename', 'md-renamed', 'Domain-0']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe("Error: VM name 'Domain-0' already in use by domain 0");
    await ok(xm, xmCommands.rename('md-renamed', 'multidisk'));
  });

  it('save stops the guest into a xend image; restore brings it back running with its mem-set memory and vCPUs', async () => {
    await ok(xm, xmCommands.memSet('multidisk', 160));
    const before = await guest(xm, 'multidisk');
    expect(before).toMatchObject({ memoryMiB: 160, vcpus: 1 });
    const file = saveFile(xm, 'multidisk');
    expect(await ok(xm, xmCommands.save('multidisk', file))).toBe('');
    expect(await guest(xm, 'multidisk')).toBeUndefined();
    // xend's XendCheckpoint layout: signature, big-endian config length, the domain's SXP
    const image = readFileSync(file);
    expect(image.subarray(0, 16).toString()).toBe('LinuxGuestRecord');
    const sxp = image.subarray(20, 20 + image.readInt32BE(16)).toString();
    expect(sxp).toMatch(/^\(domain\n/);
    expect(sxp).toContain('(memory 160)');
    expect(await ok(xm, xmCommands.restore(file))).toBe('');
    const after = await guest(xm, 'multidisk');
    expect(after).toMatchObject({ memoryMiB: 160, vcpus: 1 });
    expect(after?.domid).not.toBe(before?.domid);
    expect(['running', 'blocked']).toContain(after?.state);
  });

  it('save and restore fail with xm\'s words: privileged domain, unreadable file, not an image', async () => {
    const dom0 = await run(xm, xmCommands.save(0, saveFile(xm, 'dom0')));
    expect(dom0.code).toBe(1);
    expect(dom0.stderr.split('\n')[0]).toBe('Error: Cannot save privileged domain 0');
    const missing = saveFile(xm, 'missing');
    expect(await run(xm, xmCommands.restore(missing))).toMatchObject({ code: 1, stderr: `Error: xm restore: Unable to read file ${missing}\n` });
    const notImage = join(xm.cfgDir, 'multidisk');
    const bad = await run(xm, xmCommands.restore(notImage));
    expect(bad.code).toBe(1);
    expect(bad.stderr.split('\n')[0]).toBe('Error: Restore failed');
  });
});

describe('restore keeps the memory set at save time', () => {
  it('on xl: the restored guest has its mem-set target and its new name, not the cfg\'s', async () => {
    const cfgMem = (await guest(xl, 'multidisk'))?.memoryMiB;
    expect(cfgMem).not.toBe(150);
    await ok(xl, xlCommands.memSet('multidisk', 150));
    await ok(xl, xlCommands.rename('multidisk', 'md-xl'));
    const file = saveFile(xl, 'md-xl');
    await ok(xl, xlCommands.save('md-xl', file));
    expect(await guest(xl, 'md-xl')).toBeUndefined();
    await ok(xl, xlCommands.restore(file));
    expect(await guest(xl, 'md-xl')).toMatchObject({ memoryMiB: 150, state: expect.stringMatching(/^(running|blocked)$/) });
    expect(await guest(xl, 'multidisk')).toBeUndefined();
    const [dom] = JSON.parse(await ok(xl, xlCommands.listLong('md-xl'))) as { config: { b_info: { target_memkb: number } } }[];
    expect(dom.config.b_info.target_memkb).toBe(150 * 1024);
  });
});

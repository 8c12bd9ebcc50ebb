// The real `xendeck` command (node bin/xendeck.mjs) for the guest operations of issue 5 §5 on
// simulated dom0 hosts (an xl host and a legacy xm host): mem-set, vcpu-set, vcpu-pin, cd-insert,
// cd-eject, rename, save/saved/restore and top. Failures exit non-zero with the typed error's
// sentence; malformed arguments are usage errors (exit 2) and reach no host.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostDirOf, sshArgs, startHosts, stopHosts, type HostInfo } from '../../dom0-sim';
import { xendeckRunner, type Run } from './helpers/xendeck-cli';

const dir = mkdtempSync(join(tmpdir(), 'xendeck-cli-ops-'));
const dataDir = join(dir, 'data');
let xl: HostInfo;
let xm: HostInfo;

const xendeck = xendeckRunner(dataDir, dir);

async function ok(...args: string[]): Promise<Run> {
  const r = await xendeck(...args);
  expect(r.code, `xendeck ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

interface Row {
  host: string;
  name: string;
  domid: number | null;
  state: string;
  memory: number;
  vcpus: number;
}

async function row(host: HostInfo, name: string): Promise<Row | undefined> {
  const rows = JSON.parse((await ok('ls', '--json')).stdout) as Row[];
  return rows.find((r) => r.host === host.name && r.name === name);
}

/** What the host's own toolstack says, through OpenSSH. */
async function ssh(h: HostInfo, command: string): Promise<string> {
  return (await promisify(execFile)('ssh', [...sshArgs(dir, h), command], { encoding: 'utf8' })).stdout;
}

const iso = (h: HostInfo) => join(hostDirOf(dir, h.name), 'images', 'tools.iso');

beforeAll(async () => {
  [xl, xm] = (await startHosts({ count: 2, legacy: 1, dir })) as [HostInfo, HostInfo];
  await ok('hosts', 'import', join(dir, 'hosts.json'));
  await ok('start', `${xl.name}/multidisk`);
  await ok('start', `${xm.name}/multidisk`);
});

afterAll(async () => {
  await stopHosts(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('xendeck guest operations on an xl host', () => {
  it('mem-set changes what ls shows; above maxmem exits 1 with the sentence; a bad size is a usage error', async () => {
    await ok('mem-set', `${xl.name}/multidisk`, '128');
    expect(await row(xl, 'multidisk')).toMatchObject({ memory: 128, state: expect.stringMatching(/running|blocked/) });
    const tooMuch = await xendeck('mem-set', `${xl.name}/multidisk`, '1024');
    expect(tooMuch.code).toBe(1);
    expect(tooMuch.stderr).toContain(`multidisk on ${xl.name} can have at most 256 MiB (its maxmem), so 1024 MiB can't be set.`);
    const bad = await xendeck('mem-set', `${xl.name}/multidisk`, '1g');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/MIB must be a whole number/);
    const unknown = await xendeck('mem-set', `${xl.name}/nosuch`, '64');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`${xl.name} has no guest named "nosuch"`);
  });

  it('vcpu-set and vcpu-pin: ls and xl vcpu-list show the change; a malformed CPU list never reaches the host', async () => {
    await ok('vcpu-set', `${xl.name}/multidisk`, '1');
    expect((await row(xl, 'multidisk'))?.vcpus).toBe(1);
    await ok('vcpu-set', `${xl.name}/multidisk`, '2');
    await ok('vcpu-pin', `${xl.name}/multidisk`, '1', '0');
    const lines = (await ssh(xl, 'xl vcpu-list multidisk')).split('\n').filter((l) => l.startsWith('multidisk'));
    expect(lines[1]).toMatch(/\s0 \/ all\s*$/);
    const bad = await xendeck('vcpu-pin', `${xl.name}/multidisk`, 'all', '3-1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/CPUS: Invalid pcpu range: 3-1/);
  });

  it('cd-insert and cd-eject change the CD drive as xl list -l shows it', async () => {
    await ok('cd-insert', `${xl.name}/multidisk`, 'hdc', iso(xl));
    const disks = () => ssh(xl, 'xl list -l multidisk').then((t) => (JSON.parse(t) as { config: { disks: { vdev: string; pdev_path?: string }[] } }[])[0]?.config.disks);
    expect((await disks())?.find((d) => d.vdev === 'hdc')?.pdev_path).toBe(iso(xl));
    await ok('cd-eject', `${xl.name}/multidisk`, 'hdc');
    expect((await disks())?.find((d) => d.vdev === 'hdc')?.pdev_path).toBeUndefined();
  });

  it('rename refuses a hostile name (IN-3) and renames to a plain one', async () => {
    const hostile = await xendeck('rename', `${xl.name}/multidisk`, 'a;reboot');
    expect(hostile.code).toBe(1);
    expect(hostile.stderr).toMatch(/The guest name "a;reboot" can't be used/);
    await ok('rename', `${xl.name}/multidisk`, 'md2');
    expect((await row(xl, 'md2'))?.domid).not.toBeNull();
    await ok('rename', `${xl.name}/md2`, 'multidisk');
  });

  it('top prints one xentop sample as a table or JSON', async () => {
    const table = await ok('top', xl.name);
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s+STATE\s+CPU\(%\)\s+MEM\(MiB\)/);
    expect(table.stdout).toMatch(/^multidisk\s+(running|blocked)\s/m);
    const json = JSON.parse((await ok('top', xl.name, '--json')).stdout) as { host: string; rows: { name: string; memoryKiB: number }[] };
    expect(json.host).toBe(xl.name);
    expect(json.rows.find((r) => r.name === 'multidisk')?.memoryKiB).toBe(128 * 1024);
  });

  it('save stops the guest into an image that saved lists; restore runs it again and removes the image', async () => {
    const saveDir = join(hostDirOf(dir, xl.name), 'save');
    const saved = await ok('save', `${xl.name}/multidisk`, '--dir', saveDir);
    expect(saved.stderr).toContain(`Saved multidisk on ${xl.name} to ${join(saveDir, 'multidisk')}`);
    expect(await row(xl, 'multidisk')).toMatchObject({ domid: null, state: 'stopped' });
    const images = JSON.parse((await ok('saved', xl.name, '--dir', saveDir, '--json')).stdout) as { name: string; size: number }[];
    expect(images.map((i) => i.name)).toEqual(['multidisk']);
    await ok('restore', `${xl.name}/multidisk`, '--dir', saveDir);
    expect((await row(xl, 'multidisk'))?.state).toMatch(/running|blocked/);
    expect(JSON.parse((await ok('saved', xl.name, '--dir', saveDir, '--json')).stdout)).toEqual([]);
  });
});

describe('xendeck guest operations on a legacy xm host', () => {
  it('mem-set and cd-insert work through xm; cd-eject exits 1 saying xm cannot', async () => {
    await ok('mem-set', `${xm.name}/multidisk`, '160');
    expect((await row(xm, 'multidisk'))?.memory).toBe(160);
    await ok('cd-insert', `${xm.name}/multidisk`, 'hdc', iso(xm));
    const eject = await xendeck('cd-eject', `${xm.name}/multidisk`, 'hdc');
    expect(eject.code).toBe(1);
    expect(eject.stderr).toContain(`${xm.name} runs the legacy xm toolstack, which can't eject a CD.`);
  });
});

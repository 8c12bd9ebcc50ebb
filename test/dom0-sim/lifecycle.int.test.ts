// Guest lifecycle on a simulated xl host: CD-ROM, memory, vCPUs, rename, reboot, crash actions,
// xenstore watches. Every check goes through OpenSSH, as XenDeck would.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostDirOf, startHosts, stopHosts, type HostInfo } from './hosts';
import { exitOf, listRows, probeEcho, sshRun, sshTty, until } from './ssh-run';

const dir = mkdtempSync(join(tmpdir(), 'xendeck-sim-life-'));
let host: HostInfo;
const run = (command: string) => sshRun(dir, host, command);
const rows = async () => listRows((await run('xl list')).stdout);
const images = () => join(hostDirOf(dir, 'dom0-1'), 'images');

/** query-block straight from the guest's QEMU: what the real device model has in its drives. */
function queryBlock(domid: number): Promise<{ qdev?: string; inserted?: { file: string } }[]> {
  return new Promise((resolveQuery, reject) => {
    const s = connect(join(hostDirOf(dir, 'dom0-1'), `run/dom-${domid}/qmp.sock`));
    let buf = '';
    let step = 0;
    s.on('data', (b) => {
      buf += b.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const msg = JSON.parse(buf.slice(0, nl)) as { return?: unknown };
        buf = buf.slice(nl + 1);
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

beforeAll(async () => {
  [host] = await startHosts({ count: 1, dir });
  const r = await run(`xl create -q ${join(host.cfgDir, 'multidisk.cfg')}`);
  expect(r.code).toBe(0);
});

afterAll(async () => {
  await stopHosts(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('xl lifecycle on a simulated host', () => {
  it('inserts and ejects a CD through QMP: the real QEMU drive changes', async () => {
    const iso = join(images(), 'tools.iso');
    expect(await run(`xl cd-insert multidisk hdc ${iso}`)).toMatchObject({ code: 0, stderr: '' });
    const cd = (await queryBlock(1)).find((b) => b.qdev === 'ide-5632');
    expect(cd?.inserted?.file).toBe(iso);
    const dom = JSON.parse((await run('xl list -l 1')).stdout) as { config: { disks: { vdev: string; pdev_path?: string }[] } }[];
    expect(dom[0].config.disks.find((d) => d.vdev === 'hdc')?.pdev_path).toBe(iso);
    expect((await run('xl cd-eject multidisk hdc')).code).toBe(0);
    expect((await queryBlock(1)).find((b) => b.qdev === 'ide-5632')?.inserted).toBeUndefined();
    expect(await run('xl cd-insert multidisk hdc /nonexistent.iso')).toMatchObject({
      code: 1, stderr: 'Cannot stat file: /nonexistent.iso\n',
    });
  });

  it('sets memory (bare numbers are MiB) and refuses sizes it cannot take', async () => {
    expect((await run('xl mem-set multidisk 160')).code).toBe(0);
    expect((await rows())[1].mem).toBe(160);
    expect((await run('xl mem-set multidisk 256m')).code).toBe(0);
    expect((await rows())[1].mem).toBe(256);
    expect(await run('xl mem-set multidisk lots')).toMatchObject({ code: 1, stderr: 'invalid memory size: lots\n' });
    expect((await run('xl mem-set multidisk 1g')).code).toBe(1);
    expect((await run('xl mem-max multidisk 300')).code).toBe(0);
    expect((await run('xl mem-set multidisk 300')).code).toBe(0);
    expect((await rows())[1].mem).toBe(300);
  });

  it('takes vCPUs offline and pins them; vcpu-list shows both', async () => {
    expect((await run('xl vcpu-set multidisk 1')).code).toBe(0);
    expect((await rows())[1].vcpus).toBe(1);
    expect((await run('xl vcpu-pin multidisk 0 1')).code).toBe(0);
    const list = (await run('xl vcpu-list multidisk')).stdout.split('\n');
    expect(list[0]).toBe('Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)');
    // Columns as xl_vcpu.c prints them: "%-32s %5u %5u" then "%5u %3c%c- " (or "%5c %3c%cp ").
    expect(list[1]).toMatch(/^multidisk {23} {5}1 {5}0 {4}1 {3}[r-][b-]- +\d+\.\d {2}1 \/ all$/);
    expect(list[2]).toMatch(/^multidisk {23} {5}1 {5}1 {4}- {3}--p +0\.0 {2}all \/ all$/);
    expect((await run('xl vcpu-set multidisk 3')).code).toBe(1);
  });

  it('renames a guest and refuses a name that is taken', async () => {
    expect((await run('xl rename multidisk md2')).code).toBe(0);
    expect((await run('xl domname 1')).stdout).toBe('md2\n');
    expect(await run('xl rename md2 Domain-0')).toMatchObject({ code: 1 });
    expect((await run('xl rename md2 multidisk')).code).toBe(0);
    expect(await run('xl domname x')).toMatchObject({ code: 1, stderr: 'Invalid domain id.\n' });
  });

  it('fires xenstore watches on @releaseDomain and @introduceDomain as guests go and come', async () => {
    const watch = sshTty(dir, host, 'xenstore-watch -n 3 @releaseDomain');
    const intro = sshTty(dir, host, 'xenstore-watch -n 2 @introduceDomain');
    let seen = '';
    let introduced = '';
    watch.stdout.on('data', (b: Buffer) => (seen += b.toString()));
    intro.stdout.on('data', (b: Buffer) => (introduced += b.toString()));
    await until(async () => seen + introduced, (s) => s.includes('@releaseDomain') && s.includes('@introduceDomain'));
    // Reboot: on_reboot=restart destroys domain 1 and builds domain 2 with the same name.
    expect(await run('xl reboot multidisk')).toMatchObject({ code: 0, stderr: 'Rebooting domain 1\n' });
    const after = await until(rows, (rs) => rs.some((r) => r.name === 'multidisk' && r.id === 2));
    expect(after.map((r) => [r.name, r.id])).toEqual([['Domain-0', 0], ['multidisk', 2]]);
    expect(await exitOf(watch)).toBe(0);
    expect(await exitOf(intro)).toBe(0);
    expect(introduced.replace(/\r/g, '')).toBe('@introduceDomain\n@introduceDomain\n');
    // Once when registered, then on shutdown and on destruction of domain 1.
    expect(seen.replace(/\r/g, '')).toBe('@releaseDomain\n@releaseDomain\n@releaseDomain\n');
    expect((await run('xenstore-read /local/domain/2/name')).stdout).toBe('multidisk\n');
  });

  it('preserves a crashed guest when on_crash=preserve (its QEMU killed) and destroys it on request', async () => {
    expect((await run(`xl create -q ${join(host.cfgDir, 'win2003.cfg')}`)).code).toBe(0);
    const pid = Number(readFileSync(join(hostDirOf(dir, 'dom0-1'), 'run/dom-3/qemu.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    const crashed = await until(rows, (rs) => rs.find((r) => r.name === 'win2003')?.state === '---sc-');
    expect(crashed.find((r) => r.name === 'win2003')?.state).toBe('---sc-');
    expect((await run('xl destroy win2003')).code).toBe(0);
    expect((await rows()).map((r) => r.name)).toEqual(['Domain-0', 'multidisk']);
  });

  it('protects VNC with vncpasswd: the server offers only VNC authentication', async () => {
    expect((await run(`xl create -q ${join(host.cfgDir, 'win2003.cfg')}`)).code).toBe(0);
    const r = await run('xenstore-read /local/domain/4/console/vnc-port /local/domain/4/console/vnc-pass');
    const [port, pass] = r.stdout.trim().split('\n');
    expect(pass).toBe('w2k3pass');
    const types = await new Promise<number[]>((resolveTypes, reject) => {
      const s = connect({ host: '127.0.0.1', port: Number(port) });
      let buf = Buffer.alloc(0);
      s.on('data', (b: Buffer) => {
        buf = Buffer.concat([buf, b]);
        if (buf.length === 12) s.write('RFB 003.008\n');
        if (buf.length > 12 && buf.length >= 13 + buf[12]) {
          s.destroy();
          resolveTypes([...buf.subarray(13, 13 + buf[12])]);
        }
      });
      s.on('error', reject);
    });
    expect(types).toEqual([2]);
    expect((await run('xl destroy win2003')).code).toBe(0);
  });

  it('prints xl info as aligned key : value lines and answers a single key', async () => {
    const info = (await run('xl info')).stdout.trim().split('\n');
    for (const line of info) expect(line).toMatch(/^[a-z_]{1,22} *: /);
    expect(info[0]).toMatch(/^host {19}: dom0-1/);
    expect(info.at(-1)).toBe('xend_config_format     : 4');
    expect((await run('xl info xen_major')).stdout).toBe('4\n');
    const up = (await run('xl uptime')).stdout.split('\n');
    expect(up[0]).toBe('Name                                ID Uptime');
    expect(up[2]).toMatch(/^multidisk {25} {3}2 {2}0:0\d:\d\d$/);
  });

  it('xl trigger: a hard reset becomes on_reboot=restart; the power button makes the guest power itself off', async () => {
    expect((await run('xl trigger multidisk reset')).code).toBe(0);
    const restarted = await until(rows, (rs) => rs.some((r) => r.name === 'multidisk' && r.id === 5));
    expect(restarted.map((r) => [r.name, r.id])).toEqual([['Domain-0', 0], ['multidisk', 5]]);
    const log = join(hostDirOf(dir, 'dom0-1'), 'run/dom-5/serial0.log');
    await until(async () => readFileSync(log, 'utf8'), (t) => t.includes('READY'));
    expect((await run('xl trigger multidisk power')).code).toBe(0);
    const gone = await until(rows, (rs) => rs.length === 1);
    expect(gone.map((r) => r.name)).toEqual(['Domain-0']);
    const events = readFileSync(join(hostDirOf(dir, 'dom0-1'), 'state/events.log'), 'utf8');
    expect(events).toMatch(/@releaseDomain 5 [\d.]+ shutdown:poweroff\n/);
  });

  it('create -c attaches the console right away; Ctrl-] leaves the guest running', async () => {
    const child = sshTty(dir, host, `xl create -c ${join(host.cfgDir, 'seed-hvm.cfg')}`);
    const seen = await probeEcho(child, 'create-c|', 'create-c|');
    expect(seen).toContain('create-c|');
    child.stdin.write('\x1d');
    expect(await exitOf(child)).toBe(0);
    expect((await rows()).map((r) => r.name)).toEqual(['Domain-0', 'ExampleHVMDomain']);
  });
});

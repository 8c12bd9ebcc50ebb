// The simulated dom0 hosts, exercised the way XenDeck uses a real dom0: through OpenSSH.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUEST_BANNER } from '../guest/build';
import { hostDirOf, hostPids, startHosts, stopHosts, type HostInfo } from './hosts';
import { pidsHoldingSocket, pidsWithEnv } from './procs';
import { exitOf, listRows, probeEcho, sshRun, sshTty, until } from './ssh-run';

const dir = mkdtempSync(join(tmpdir(), 'xendeck-sim-test-'));
let hosts: HostInfo[] = [];
let xl1: HostInfo;
let xl2: HostInfo;
let legacy: HostInfo;

const cfg = (h: HostInfo, file: string): string => join(h.cfgDir, file);
const run = (h: HostInfo, command: string) => sshRun(dir, h, command);

beforeAll(async () => {
  hosts = await startHosts({ count: 3, legacy: 1, passwordHost: true, dir });
  [xl1, xl2, legacy] = hosts;
});

afterAll(async () => {
  await stopHosts(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('hosts.json and logins', () => {
  it('describes each host with the fingerprint ssh-keygen -lf prints for the key sshd serves', () => {
    const written = JSON.parse(readFileSync(join(dir, 'hosts.json'), 'utf8')) as HostInfo[];
    expect(written.map((h) => [h.name, h.address, h.toolstack])).toEqual([
      ['dom0-1', '127.0.0.2', 'xl'],
      ['dom0-2', '127.0.0.3', 'xl'],
      ['dom0-3', '127.0.0.4', 'xm'],
    ]);
    for (const h of written) {
      const scanned = execFileSync('ssh-keyscan', ['-t', 'ed25519', '-p', String(h.port), h.address], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const fp = execFileSync('ssh-keygen', ['-lf', '-'], { input: scanned, encoding: 'utf8' }).split(/\s+/)[1];
      expect(fp).toBe(h.hostKeyFingerprint);
      expect(fp).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    }
    expect(written[0].password).toBeTruthy();
    expect(written[1].password).toBeUndefined();
  });

  it('accepts a password login on the password host only', async () => {
    const login = (h: HostInfo, password: string) =>
      new Promise<string>((resolveLogin, reject) => {
        const c = new Client();
        c.on('ready', () => {
          c.exec('xl domid Domain-0', (err, stream) => {
            if (err) return reject(err);
            let out = '';
            stream.on('data', (b: Buffer) => (out += b.toString()));
            stream.on('close', () => {
              c.end();
              resolveLogin(out.trim());
            });
          });
        });
        c.on('error', reject);
        c.connect({ host: h.address, port: h.port, username: h.user, password, tryKeyboard: false });
      });
    await expect(login(xl1, xl1.password as string)).resolves.toBe('0');
    await expect(login(xl2, xl1.password as string)).rejects.toThrow(/authentication/i);
  });
});

describe('xl host', () => {
  it('lists only Domain-0 on a fresh host, in xl list format with its tabs', async () => {
    const r = await run(xl2, 'xl list');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Name                                        ID   Mem VCPUs\tState\tTime(s)');
    expect(lines[1]).toMatch(/^Domain-0 {32} {5}0 {2}2048 {5}\d {5}r----- +\d+\.\d$/);
    expect(listRows(r.stdout)).toHaveLength(1);
  });

  it('creates the seed-derived guest: it boots the test guest and shows up as domain 1', async () => {
    const r = await run(xl1, `xl create ${cfg(xl1, 'seed-hvm.cfg')}`);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe(`Parsing config from ${cfg(xl1, 'seed-hvm.cfg')}`);
    expect(r.stderr).toContain('WARNING: ignoring device_model directive.');
    const rows = listRows((await run(xl1, 'xl list')).stdout);
    expect(rows[1]).toMatchObject({ name: 'ExampleHVMDomain', id: 1, mem: 128, vcpus: 1 });
    expect(rows[1].state).toMatch(/^[r-][b-]----$/);
    const log = join(hostDirOf(dir, 'dom0-1'), 'run/dom-1/serial0.log');
    await until(async () => (existsSync(log) ? readFileSync(log, 'utf8') : ''), (t) => t.includes(GUEST_BANNER));
    expect(readFileSync(log, 'utf8')).toContain(GUEST_BANNER);
  });

  it('prints list -l as libxl JSON with the guest config where a manager looks for it', async () => {
    const r = await run(xl1, 'xl list -l ExampleHVMDomain');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\[\n {4}\{\n {8}"domid": 1,\n {8}"config": \{/);
    const [dom] = JSON.parse(r.stdout) as { domid: number; config: Record<string, any> }[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- libxl JSON is open-ended
    expect(dom.domid).toBe(1);
    expect(dom.config.c_info).toMatchObject({ type: 'hvm', name: 'ExampleHVMDomain', uuid: '06ed00fe-1162-4fc4-b5d8-11993ee4a8b9' });
    expect(dom.config.b_info).toMatchObject({ max_vcpus: 1, max_memkb: 131072, target_memkb: 131072 });
    expect(dom.config.b_info['type.hvm']).toMatchObject({
      boot: 'cda', serial: 'pty', usbdevice: 'tablet', keymap: 'ja', soundhw: 'sb16',
      vnc: { enable: 'True', listen: '127.0.0.1', display: 1, findunused: 'True' },
    });
    expect(dom.config.disks).toEqual([
      { pdev_path: join(hostDirOf(dir, 'dom0-1'), 'images/seed-hvm.img'), vdev: 'hda', backend: 'qdisk', format: 'raw', readwrite: 1 },
      { vdev: 'hdc', backend: 'qdisk', format: 'empty', removable: 1, is_cdrom: 1 },
    ]);
    expect(dom.config.nics[0]).toMatchObject({ mac: '00:16:3e:00:00:11', bridge: 'xenbr0', model: 'ne2k_pci' });
    expect(dom.config).toMatchObject({ on_poweroff: 'destroy', on_reboot: 'restart', on_crash: 'restart' });
  });

  it('pauses and unpauses the real QEMU: the state letters follow it', async () => {
    expect((await run(xl1, 'xl pause ExampleHVMDomain')).code).toBe(0);
    expect(listRows((await run(xl1, 'xl list 1')).stdout)[0].state).toBe('--p---');
    expect((await run(xl1, 'xl unpause 1')).code).toBe(0);
    expect(listRows((await run(xl1, 'xl list 1')).stdout)[0].state).toMatch(/^[r-][b-]----$/);
  });

  it('serves VNC (RFB 003.008) on the port xenstore publishes', async () => {
    const r = await run(xl1, 'xenstore-read /local/domain/1/console/vnc-port /local/domain/1/console/vnc-listen');
    expect(r.code).toBe(0);
    const [port, listen] = r.stdout.trim().split('\n');
    expect(listen).toBe('127.0.0.1');
    const banner = await new Promise<string>((resolveBanner, reject) => {
      const s = connect({ host: listen, port: Number(port) });
      s.once('data', (b) => {
        s.destroy();
        resolveBanner(b.toString('latin1'));
      });
      s.once('error', reject);
    });
    expect(banner).toBe('RFB 003.008\n');
  });

  it('joins the guest serial console through ssh -tt; the guest echoes; Ctrl-] detaches', async () => {
    const tty = await run(xl1, 'xenstore-read /local/domain/1/serial/0/tty');
    expect(tty.stdout.trim()).toMatch(/^\/dev\/pts\/\d+$/);
    const child = sshTty(dir, xl1, 'xl console ExampleHVMDomain');
    const seen = await probeEcho(child, 'xendeck-echo|', 'xendeck-echo|');
    expect(seen).toContain('xendeck-echo|');
    child.stdin.write('\x1d');
    expect(await exitOf(child)).toBe(0);
  });

  it('applies key=value overrides, -p leaves the guest paused, -N prints the config and creates nothing', async () => {
    const dry = await run(xl1, `xl -N create ${cfg(xl1, 'win2003.cfg')} 'name="dry"'`);
    expect(dry.code).toBe(0);
    const parsed = JSON.parse(dry.stdout) as { c_info: { name: string }; b_info: { acpi: string; apic: string } };
    expect(parsed.c_info.name).toBe('dry');
    expect(parsed.b_info).toMatchObject({ acpi: 'False', apic: 'False' });
    const r = await run(xl1, `xl create -p ${cfg(xl1, 'win2003.cfg')} memory=200`);
    expect(r.code).toBe(0);
    const row = listRows((await run(xl1, 'xl list win2003')).stdout)[0];
    expect(row).toMatchObject({ id: 2, mem: 200, state: '--p---' });
    expect(listRows((await run(xl1, 'xl list')).stdout).map((x) => x.name)).not.toContain('dry');
  });

  it('shuts a guest down with -w through the ACPI power button; on_poweroff=destroy removes it', async () => {
    expect((await run(xl1, `xl create ${cfg(xl1, 'multidisk.cfg')}`)).code).toBe(0);
    const r = await run(xl1, 'xl shutdown -w multidisk');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Shutting down domain 3\nWaiting for 1 domains\nDomain 3 has been shut down, reason code 0\n');
    const rows = await until(
      async () => listRows((await run(xl1, 'xl list')).stdout),
      (rs) => !rs.some((x) => x.name === 'multidisk'),
    );
    expect(rows.map((x) => x.name)).toEqual(['Domain-0', 'ExampleHVMDomain', 'win2003']);
  });

  it('shuts down a guest without ACPI too (acpi=0: its PV drivers do it)', async () => {
    expect((await run(xl1, 'xl unpause win2003')).code).toBe(0);
    const r = await run(xl1, 'xl shutdown -ww win2003');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Domain 2 has been shut down, reason code 0\nDomain 2 continue waiting for death\nDomain 2 has been destroyed\n');
  });

  it('destroys a guest: its QEMU is gone and the next domain id keeps counting', async () => {
    expect((await run(xl1, `xl create ${cfg(xl1, 'multidisk.cfg')}`)).code).toBe(0);
    expect((await run(xl1, 'xl domid multidisk')).stdout).toBe('4\n');
    const qemu = Number(readFileSync(join(hostDirOf(dir, 'dom0-1'), 'run/dom-4/qemu.pid'), 'utf8'));
    const r = await run(xl1, 'xl destroy multidisk');
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(`/proc/${qemu}`) && !readFileSync(`/proc/${qemu}/stat`, 'utf8').includes(') Z')).toBe(false);
    const again = await run(xl1, 'xl domid multidisk');
    expect(again).toMatchObject({ code: 1, stderr: "Can't get domid of domain name 'multidisk', maybe this domain does not exist.\n" });
  });

  it('keeps hosts apart: a guest created on one host is not listed on another, ids start at 1 per host', async () => {
    expect(listRows((await run(xl2, 'xl list')).stdout).map((x) => x.name)).toEqual(['Domain-0']);
    expect((await run(xl2, `xl create -q ${cfg(xl2, 'multidisk.cfg')}`)).code).toBe(0);
    expect((await run(xl2, 'xl domid multidisk')).stdout).toBe('1\n');
    expect(listRows((await run(xl1, 'xl list')).stdout).map((x) => x.name)).not.toContain('multidisk');
    expect((await run(xl2, 'xl destroy 1')).code).toBe(0);
  });

  it("rejects hostile and unknown names with xl's own messages and exit statuses (IN-3)", async () => {
    expect(await run(xl1, "xl list 'x;touch /tmp/pwned'")).toMatchObject({
      code: 1, stdout: '', stderr: 'x;touch /tmp/pwned is an invalid domain identifier (rc=-6)\n',
    });
    expect(await run(xl1, 'xl list 77')).toMatchObject({ code: 1, stderr: "Error: Domain '77' does not exist.\n" });
    expect((await run(xl1, 'xl pause')).code).toBe(2);
    expect(await run(xl1, 'xl frobnicate')).toMatchObject({ code: 1, stderr: 'command not implemented\n' });
    const dup = await run(xl1, `xl create ${cfg(xl1, 'seed-hvm.cfg')}`);
    expect(dup.code).toBe(3);
    expect(dup.stderr).toContain('Domain with name "ExampleHVMDomain" already exists.');
    expect((await run(xl1, 'xl destroy 0')).stderr).toContain('Not destroying domain 0; use -f to force.');
  });

  it("reports a broken cfg with libxlutil's message, the Python warning and exit status 1", async () => {
    const bad = join(xl1.cfgDir, 'broken.cfg');
    writeFileSync(bad, 'name = "broken"\nmemory = 64\nfull-screen = 1\n');
    const r = await run(xl1, `xl create ${bad}`);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `Parsing config from ${bad}\n` +
        `${bad}:3: config parsing error near \`-screen': lexical error\n` +
        'warning: Config file looks like it contains Python code.\n' +
        'warning:  Arbitrary Python is no longer supported.\n' +
        'warning:  See https://wiki.xen.org/wiki/PythonInXlConfig\n' +
        'Failed to parse config: Invalid argument\n',
    );
  });

  it('answers xentop -b with one block per iteration', async () => {
    const r = await run(xl1, 'xentop -b -i 2 -d 0.2');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('      NAME  STATE   CPU(sec)'))).toHaveLength(2);
    expect(lines[1]).toMatch(/^ {2}Domain-0 -----r +\d+ +[\d.]+ +2097152 +[\d.]+ +no limit +n\/a /);
  });

  it('saves a guest to a file and restores it running, with a new domain id', async () => {
    const file = join(hostDirOf(dir, 'dom0-1'), 'tmp/seed.save');
    const s = await run(xl1, `xl save ExampleHVMDomain ${file}`);
    expect(s.code).toBe(0);
    expect(s.stderr).toMatch(/^Saving to .* new xl format \(info 0x3\/0x0\/\d+\)\n/);
    expect(readFileSync(file).subarray(0, 27).toString()).toBe('Xen saved domain, xl format');
    expect(listRows((await run(xl1, 'xl list')).stdout).map((x) => x.name)).not.toContain('ExampleHVMDomain');
    const r = await run(xl1, `xl restore ${file}`);
    expect(r.code).toBe(0);
    const row = listRows((await run(xl1, 'xl list ExampleHVMDomain')).stdout)[0];
    expect(row.id).toBe(5);
    expect(row.state).toMatch(/^[r-][b-]----$/);
  });
});

describe('legacy xm host', () => {
  it('runs the seed as Python like xend (arch preamble, string concatenation) and lists in xm 3.0.3 format', async () => {
    const r = await run(legacy, `cd ${legacy.cfgDir} && xm create seed-hvm`);
    expect(r).toMatchObject({ code: 0, stdout: 'Using config file "./seed-hvm".\nStarted domain ExampleHVMDomain\n' });
    const list = await run(legacy, 'xm list');
    expect(list.stdout.split('\n')[0]).toBe('Name                                      ID Mem(MiB) VCPUs State   Time(s)');
    expect(list.stdout).toMatch(/\nExampleHVMDomain {25} {2}1 {6}128 {5}1 [r-][b-]---- +\d+\.\d\n/);
    const long = await run(legacy, 'xm list --long ExampleHVMDomain');
    expect(long.stdout).toMatch(/^\(domain\n {4}\(domid 1\)\n/);
    expect(long.stdout).toContain(`(device_model /usr/${process.arch === 'x64' ? 'lib64' : 'lib'}/xen/bin/qemu-dm)`);
    expect(long.stdout).toMatch(/\(location 127\.0\.0\.1:59\d\d\)/);
    expect(await run(legacy, 'xm list nosuch')).toMatchObject({ code: 1, stderr: "Error: Domain 'nosuch' does not exist.\n" });
    expect((await run(legacy, 'command -v xl || echo none')).stdout).toBe('none\n');
  });

  it('changes the CD the xend 3.x way (xm block-configure), in the real QEMU drive', async () => {
    const iso = join(hostDirOf(dir, 'dom0-3'), 'images/tools.iso');
    expect(await run(legacy, `xm block-configure ExampleHVMDomain file:${iso} hdc:cdrom r`)).toMatchObject({ code: 0, stderr: '' });
    expect((await run(legacy, 'xm list --long ExampleHVMDomain')).stdout).toContain(`(uname file:${iso})`);
    expect(readFileSync(join(hostDirOf(dir, 'dom0-3'), 'run/dom-1/qemu-args'), 'utf8')).toContain('ide-cd,id=ide-5632');
    expect(await run(legacy, 'xm block-configure ExampleHVMDomain file:/nonexistent.iso hdc:cdrom r')).toMatchObject({
      code: 1, stderr: "Error: Disk isn't accessible\n",
    });
  });

  it('shuts down with xm shutdown -w, printing what xm 3.0.3 prints', async () => {
    expect(await run(legacy, 'xm shutdown -w ExampleHVMDomain')).toMatchObject({
      code: 0, stdout: 'Domain ExampleHVMDomain terminated\n',
    });
    const list = await until(async () => (await run(legacy, 'xm list')).stdout, (t) => !t.includes('ExampleHVMDomain'));
    expect(list.trim().split('\n')).toHaveLength(2);
  });
});

describe('stop', () => {
  it('stops every process it started, by PID, and leaves nothing in /proc', async () => {
    const before = hosts.flatMap((h) => {
      const p = hostPids(dir, h.name);
      return [...p.sshd, ...p.sessions, ...p.guests];
    });
    expect(before.length).toBeGreaterThanOrEqual(hosts.length + 2); // 3 sshd + QEMU + waiter
    const stopped = await stopHosts(dir);
    expect(stopped.sort()).toEqual(before.sort());
    for (const h of hosts) {
      expect(pidsWithEnv('XENSIM_HOST_DIR', hostDirOf(dir, h.name))).toEqual([]);
      expect(pidsHoldingSocket(h.address, h.port)).toEqual([]);
    }
    for (const pid of before) {
      const alive = existsSync(`/proc/${pid}/stat`) && !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      expect(alive).toBe(false);
    }
  });
});

// The real `xendeck` command (node bin/xendeck.mjs) against simulated dom0 hosts (issue 5 §10):
// import of the simulator's hosts.json, ls on an xl and a legacy xm host, start/pause/destroy,
// cfg pull/push with compare-and-swap (FS-4), a password host without a safe secret store (ST-7),
// and an offline host shown as last seen.
import { linkSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killSshd, restartSshd, startHosts, stopHosts, TEST_PASSWORD, type HostInfo } from '../../dom0-sim';
import { xendeckRunner } from './helpers/xendeck-cli';

const dir = mkdtempSync(join(tmpdir(), 'xendeck-cli-sim-'));
const dataDir = join(dir, 'data');
let hosts: HostInfo[] = [];
let xl: HostInfo;
let xm: HostInfo;

const xendeck = xendeckRunner(dataDir, dir);

interface Row {
  host: string;
  name: string;
  domid: number | null;
  state: string;
  memory: number;
  vcpus: number;
}

async function ls(): Promise<Row[]> {
  const r = await xendeck('ls', '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Row[];
}

beforeAll(async () => {
  hosts = await startHosts({ count: 2, legacy: 1, passwordHost: true, dir });
  xl = hosts.find((h) => h.toolstack === 'xl') as HostInfo;
  xm = hosts.find((h) => h.toolstack === 'xm') as HostInfo;
});
afterAll(async () => {
  await stopHosts(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('xendeck hosts commands', () => {
  it('imports hosts.json; the password is never written to the data directory', async () => {
    const r = await xendeck('hosts', 'import', join(dir, 'hosts.json'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Imported 2 hosts: ${hosts.map((h) => h.name).join(', ')}`);
    const list = await xendeck('hosts', 'list');
    for (const h of hosts) expect(list.stdout).toContain(`${h.user}@${h.address}:${h.port}`);
    const profiles = readFileSync(join(dataDir, 'hosts.json'), 'utf8');
    expect(profiles).not.toContain(TEST_PASSWORD);
    expect(profiles).toContain(xl.hostKeyFingerprint);
  });

  it('ls lists every guest defined by a cfg file on the xl and xm hosts (matched by its name = …) as stopped, with domid null', async () => {
    const rows = await ls();
    for (const h of [xl, xm]) {
      expect(rows.filter((r) => r.host === h.name).map((r) => r.name).sort()).toEqual(['ExampleHVMDomain', 'multidisk', 'win2003']);
    }
    expect(rows.every((r) => r.domid === null && r.state === 'stopped')).toBe(true);
    expect(rows.find((r) => r.host === xl.name && r.name === 'multidisk')).toMatchObject({ vcpus: 2 });
    const table = await xendeck('ls');
    expect(table.stdout.split('\n')[0]).toMatch(/^HOST\s+NAME\s+ID\s+STATE\s+MEM\(MiB\)\s+VCPUS$/);
  });

  it('starts, pauses, unpauses and destroys a guest by HOST/GUEST; unknown guests fail with the sentence', async () => {
    const g = `${xl.name}/ExampleHVMDomain`; // seed-hvm.cfg's name
    expect((await xendeck('start', g)).code).toBe(0);
    let row = (await ls()).find((r) => r.host === xl.name && r.name === 'ExampleHVMDomain');
    expect(row?.domid).toBeGreaterThan(0);
    expect(['running', 'blocked']).toContain(row?.state);
    expect((await xendeck('pause', g)).code).toBe(0);
    expect((await ls()).find((r) => r.host === xl.name && r.name === 'ExampleHVMDomain')?.state).toBe('paused');
    expect((await xendeck('unpause', g)).code).toBe(0);
    const again = await xendeck('start', g);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is already running');
    expect((await xendeck('destroy', g)).code).toBe(0);
    row = (await ls()).find((r) => r.host === xl.name && r.name === 'ExampleHVMDomain');
    expect(row).toMatchObject({ domid: null, state: 'stopped' });
    const missing = await xendeck('destroy', `${xl.name}/no-such-guest`);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`${xl.name} has no guest named "no-such-guest"`);
    expect((await xendeck('pause', 'nohost')).code).toBe(2);
  });

  it('cfg pull prints the file; cfg push writes it only over the version pulled (FS-4), or with --force', async () => {
    const g = `${xl.name}/win2003`;
    const path = join(xl.cfgDir, 'win2003.cfg');
    const pushNoPull = await xendeck('cfg', 'push', `${xl.name}/multidisk`, path);
    expect(pushNoPull.code).toBe(1);
    expect(pushNoPull.stderr).toContain('was not pulled');
    const pulled = await xendeck('cfg', 'pull', g);
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toBe(readFileSync(path, 'utf8'));
    const mine = join(dir, 'win2003.cfg');
    writeFileSync(mine, `${pulled.stdout}# edited with xendeck\n`);
    const push = await xendeck('cfg', 'push', g, mine);
    expect(push.code, push.stderr).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(readFileSync(mine, 'utf8'));
    // edited on the host behind XenDeck's back
    writeFileSync(path, `${pulled.stdout}# edited by hand on the host\n`);
    writeFileSync(mine, `${pulled.stdout}# second edit\n`);
    const conflict = await xendeck('cfg', 'push', g, mine);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain(`was changed on ${xl.name} since you opened it`);
    expect(readFileSync(path, 'utf8')).toContain('# edited by hand on the host');
    expect((await xendeck('cfg', 'push', g, mine, '--force')).code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(readFileSync(mine, 'utf8'));
    // FS-5: a hard-linked file is saved, and the command says what that means for the other link
    linkSync(path, join(dir, 'win2003-hardlink.cfg'));
    expect((await xendeck('cfg', 'pull', g)).code).toBe(0);
    writeFileSync(mine, `${pulled.stdout}# third edit\n`);
    const linked = await xendeck('cfg', 'push', g, mine);
    expect(linked.code, linked.stderr).toBe(0);
    expect(linked.stderr).toMatch(/^warning: .*had 2 hard links/m);
  });

  it('ST-7: a password-only host is imported with a note and fails to log in from the command', async () => {
    const pw = hosts.find((h) => h.password !== undefined) as HostInfo;
    const file = join(dir, 'pw-hosts.json');
    writeFileSync(file, JSON.stringify([{ name: 'pw-only', address: pw.address, port: pw.port, user: pw.user, password: pw.password, hostKeyFingerprint: pw.hostKeyFingerprint, cfgDir: pw.cfgDir }]));
    const r = await xendeck('hosts', 'import', file);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('The password of pw-only was not stored');
    expect(readFileSync(join(dataDir, 'hosts.json'), 'utf8')).not.toContain(TEST_PASSWORD);
    const start = await xendeck('start', 'pw-only/win2003');
    expect(start.code).toBe(1);
    expect(start.stderr).toContain('refused the login');
    // keep the remaining tests to the simulator's hosts
    const clean = JSON.parse(readFileSync(join(dataDir, 'hosts.json'), 'utf8')) as { hosts: { name: string }[] };
    clean.hosts = clean.hosts.filter((h) => h.name !== 'pw-only');
    writeFileSync(join(dataDir, 'hosts.json'), JSON.stringify(clean));
  });

  it('an unreachable host is reported (exit 1) and shown as last seen', async () => {
    await killSshd(dir, xm.name);
    try {
      const r = await xendeck('ls', '--json');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`could not reach ${xm.name}`);
      expect(r.stderr).toContain(`showing ${xm.name} as last seen at`);
      const rows = JSON.parse(r.stdout) as Row[];
      expect(rows.filter((x) => x.host === xm.name).map((x) => x.name).sort()).toEqual(['ExampleHVMDomain', 'multidisk', 'win2003']);
    } finally {
      await restartSshd(dir, xm.name);
    }
  });
});

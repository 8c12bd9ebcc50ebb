// Faults a simulated host can be put through: sshd killed (guests survive), restarted on the
// same address, stalled with SIGSTOP, and its host key swapped.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killSshd, restartSshd, resumeSshd, stallSshd, swapHostKey } from './faults';
import { hostDirOf, startHosts, stopHosts, type HostInfo } from './hosts';
import { isAlive } from './procs';
import { sshRun } from './ssh-run';

const dir = mkdtempSync(join(tmpdir(), 'xendeck-sim-faults-'));
let host: HostInfo;
const run = (command: string, extra: string[] = []) => sshRun(dir, host, command, extra);

beforeAll(async () => {
  [host] = await startHosts({ count: 1, dir });
});

afterAll(async () => {
  await stopHosts(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('host faults', () => {
  it('kills sshd: logins are refused while the guests keep running; a restart brings it back (RS-1, RS-3)', async () => {
    expect((await run(`xl create -q ${join(host.cfgDir, 'multidisk.cfg')}`)).code).toBe(0);
    const qemu = Number(readFileSync(join(hostDirOf(dir, 'dom0-1'), 'run/dom-1/qemu.pid'), 'utf8'));
    await killSshd(dir, 'dom0-1');
    const down = await run('true');
    expect(down.code).toBe(255);
    expect(down.stderr).toMatch(/Connection refused/);
    expect(isAlive(qemu)).toBe(true);
    await restartSshd(dir, 'dom0-1');
    expect((await run('xl domid multidisk')).stdout).toBe('1\n');
  });

  it('stalls sshd with SIGSTOP: the banner never comes until SIGCONT (RS-1, RS-2)', async () => {
    const pids = stallSshd(dir, 'dom0-1');
    const stalled = await run('true', ['-o', 'ConnectTimeout=2']);
    expect(stalled.code).toBe(255);
    expect(stalled.stderr).toMatch(/timed out/i);
    resumeSshd(dir, 'dom0-1', pids);
    expect((await run('true')).code).toBe(0);
  });

  it('swaps the host key: OpenSSH refuses the changed key; the new fingerprint is reported (ST-3)', async () => {
    const fp = await swapHostKey(dir, 'dom0-1');
    expect(fp).toMatch(/^SHA256:/);
    expect(fp).not.toBe(host.hostKeyFingerprint);
    const r = await run('true');
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED/);
  });
});

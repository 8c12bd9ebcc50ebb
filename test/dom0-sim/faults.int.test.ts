// Faults a simulated host can be put through: sshd killed (guests survive), restarted on the
// same address, stalled with SIGSTOP, its connections dropped under a running command, and its
// host key swapped. The exec log records every toolstack invocation.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execLog, execsOf } from './exec-log';
import { dropConnections, killSshd, knobReached, restartSshd, resumeSshd, setKnobs, stallSshd, swapHostKey } from './faults';
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

  it('logs every toolstack invocation with its argv, and prints exactly what the tools print', async () => {
    const before = execLog(dir, 'dom0-1').length;
    const r = await run(`xl list; xl domid multidisk; xenstore-read /local/domain/1/name; xentop -b -i 1 >/dev/null; xl domid 'a b'`);
    expect(r.stdout).toMatch(/^Name +ID +Mem VCPUs\tState\tTime\(s\)\nDomain-0 .*\nmultidisk +1 .*\n1\nmultidisk\n$/);
    const logged = execLog(dir, 'dom0-1').slice(before);
    expect(logged.map((e) => [e.tool, e.argv])).toEqual([
      ['xl', ['list']],
      ['xl', ['domid', 'multidisk']],
      ['xenstore-read', ['/local/domain/1/name']],
      ['xentop', ['-b', '-i', '1']],
      ['xl', ['domid', 'a b']],
    ]);
    expect(logged.every((e) => e.pid > 0 && Math.abs(e.t * 1000 - Date.now()) < 60_000)).toBe(true);
  });

  it('drops the connections under a running command: the command finishes without a pty, logged once (RS-4)', async () => {
    setKnobs(dir, 'dom0-1', { createDelaySeconds: 1.5 });
    try {
      const before = execLog(dir, 'dom0-1').length;
      const creating = run(`xl create -- ${join(host.cfgDir, 'win2003.cfg')}`);
      // cut while the domain is being built (after xl printed "Parsing config from")
      for (let i = 0; knobReached(dir, 'dom0-1', 'createDelaySeconds') === 0; i++) {
        if (i > 400) throw new Error('xl create never reached its delay');
        await new Promise((r) => setTimeout(r, 25));
      }
      await dropConnections(dir, 'dom0-1');
      const cut = await creating;
      expect(cut.code).toBe(255);
      expect(cut.stderr).toMatch(/^Parsing config from .*win2003\.cfg\n[^]*(closed by remote host|Connection reset)/);
      let domid = '';
      for (let i = 0; domid !== '2\n'; i++) {
        if (i > 100) throw new Error(`win2003 did not appear after the cut (xl domid said ${JSON.stringify(domid)})`);
        await new Promise((r) => setTimeout(r, 100));
        domid = (await run('xl domid win2003')).stdout;
      }
      expect(execsOf(execLog(dir, 'dom0-1').slice(before), 'xl', 'create')).toHaveLength(1);
    } finally {
      setKnobs(dir, 'dom0-1', {});
    }
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

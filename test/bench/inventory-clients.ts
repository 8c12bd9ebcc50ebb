// The two clients the inventory benchmark compares (loaded by inventory.bench.ts through a tsx
// namespace that knows the `@shared/*` alias): XenDeck's HostConnection running the batched
// inventory command, and OpenSSH with a ControlMaster running the very same command string.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { HostConnection } from '../../src-main/core/hosts/connection';
import { KnownHosts } from '../../src-main/core/hosts/known-hosts';
import { inventoryArgv } from '../../src-main/core/inventory/batch';
import { readInventory } from '../../src-main/core/inventory/refresh';
import { shellCommand } from '../../src-main/core/remote/argv';
import { MemorySecrets } from '../../src-main/core/store/secrets';
import { sshArgs, type HostInfo } from '../dom0-sim';

export async function xendeckClients(hosts: HostInfo[]): Promise<{ tick: () => Promise<number>; close: () => void }> {
  const conns = hosts.map(
    (h) =>
      new HostConnection({
        profile: { name: h.name, address: h.address, port: h.port, user: h.user, auth: { method: 'key', keyFile: h.identityFile }, hostKeyFingerprint: h.hostKeyFingerprint },
        knownHosts: new KnownHosts(),
        secrets: new MemorySecrets(),
      }),
  );
  await Promise.all(conns.map((c) => c.connect()));
  return {
    // Returns the number of guests seen, so the work can't be optimised away.
    tick: async () => {
      const invs = await Promise.all(
        hosts.map((h, i) => readInventory({ host: h.name, exec: (a, o) => (conns[i] as HostConnection).exec(a, o), kind: h.toolstack, cfgDirs: [h.cfgDir] })),
      );
      return invs.reduce((n, inv) => n + inv.guests.length, 0);
    },
    close: () => conns.forEach((c) => c.close()),
  };
}

function run(cmd: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    p.stdout.on('data', (b: Buffer) => (out += b.toString('latin1')));
    p.on('close', (code) => done({ code, out }));
  });
}

export async function opensshClients(dir: string, hosts: HostInfo[]): Promise<{ tick: () => Promise<number>; close: () => Promise<void> }> {
  const masters: ChildProcess[] = [];
  const sock = (h: HostInfo) => join(dir, `cm-${h.name}.sock`);
  for (const h of hosts) masters.push(spawn('ssh', ['-M', '-S', sock(h), '-N', ...sshArgs(dir, h)], { stdio: 'ignore' }));
  for (const h of hosts) {
    for (let i = 0; ; i++) {
      if ((await run('ssh', ['-S', sock(h), '-O', 'check', ...sshArgs(dir, h)])).code === 0) break;
      if (i > 200) throw new Error(`the ControlMaster for ${h.name} did not come up`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    tick: async () => {
      const outs = await Promise.all(hosts.map((h) => run('ssh', ['-S', sock(h), ...sshArgs(dir, h), shellCommand(inventoryArgv(h.toolstack, false, [h.cfgDir]))])));
      // the same parse the app does is not part of the baseline: count the cfg sections only
      return outs.reduce((n, o) => n + o.out.split('\0F').length - 1, 0);
    },
    close: async () => {
      for (const m of masters) m.kill('SIGTERM');
      await Promise.all(masters.map((m) => (m.exitCode !== null ? null : new Promise((r) => m.once('exit', r)))));
    },
  };
}

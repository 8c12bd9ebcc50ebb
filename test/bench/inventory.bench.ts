// Inventory refresh of 1, 10 and 30 simulated hosts (issue 5 §11): XenDeck (one ssh2 connection
// per host, one batched command per host per tick) against OpenSSH with a ControlMaster per host
// running the same command string. Prints the median tick and the ratio; never fails on time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startHosts, stopHosts } from '../dom0-sim';

export const title = 'inventory refresh: XenDeck vs OpenSSH ControlMaster (1, 10, 30 hosts)';

type Clients = typeof import('./inventory-clients');

const ROUNDS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function time(tick: () => Promise<number>): Promise<number> {
  await tick(); // warm-up: first command on each connection
  const ms: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    await tick();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

export async function run(): Promise<void> {
  const c: Clients = await import('./inventory-clients');
  const dir = mkdtempSync(join(tmpdir(), 'xendeck-bench-inv-'));
  try {
    const all = await startHosts({ count: 30, legacy: 5, dir });
    console.log('hosts  xendeck ms  openssh-cm ms  ratio (xendeck/openssh)');
    for (const n of [1, 10, 30]) {
      const hosts = all.slice(0, n);
      const x = await c.xendeckClients(hosts);
      const ours = await time(x.tick);
      x.close();
      const o = await c.opensshClients(dir, hosts);
      const theirs = await time(o.tick);
      await o.close();
      console.log(`${String(n).padStart(5)}  ${ours.toFixed(0).padStart(10)}  ${theirs.toFixed(0).padStart(13)}  ${(ours / theirs).toFixed(2).padStart(6)}`);
    }
  } finally {
    await stopHosts(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

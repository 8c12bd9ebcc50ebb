// The dom0 cost per minute in steady state (issue 5 §11): what keeping the inventory live costs
// each dom0, per minute and per host — toolstack commands run (the simulator's exec log: xl, xm,
// xentop, xenstore-*), SSH sessions opened and bytes on the wire — for XenDeck's live inventory
// as the app runs it, against a plain poller: OpenSSH with a ControlMaster per host running the
// same batched inventory command every 5 s. Connect and the first read are left out (warm-up);
// then both are measured over the same window. Each host runs one guest. Prints figures and
// ratios; never fails on time.
//
//   XENDECK_BENCH_COST_HOSTS=1,10,30   host counts (default 1,10)
//   XENDECK_BENCH_COST_SECONDS=60      the measured window (default 60)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execLog, sshArgs, startHosts, stopHosts, type HostInfo } from '../dom0-sim';
import { spawn } from 'node:child_process';

export const title = 'dom0 cost per minute in steady state: XenDeck live inventory vs a 5 s OpenSSH ControlMaster poller';

type Clients = typeof import('./dom0-cost-clients');
type SteadyClient = Awaited<ReturnType<Clients['xendeckClient']>>;

interface PerHostMinute {
  commands: number;
  sessions: number;
  bytes: number;
}

function numbers(env: string | undefined, fallback: number[]): number[] {
  const xs = (env ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  return xs.length > 0 ? xs : fallback;
}

/** Runs CLIENT past its warm-up, then counts what the hosts did over WINDOW ms. */
async function measure(dir: string, hosts: HostInfo[], client: SteadyClient, windowMs: number): Promise<PerHostMinute> {
  await client.ready();
  const logs0 = hosts.map((h) => execLog(dir, h.name).length);
  const t0 = client.traffic();
  const started = Date.now();
  await new Promise((r) => setTimeout(r, windowMs));
  const minutes = (Date.now() - started) / 60_000;
  const t1 = client.traffic();
  let commands = 0;
  let sessions = 0;
  let bytes = 0;
  for (const [i, h] of hosts.entries()) {
    commands += execLog(dir, h.name).length - (logs0[i] ?? 0);
    sessions += (t1.get(h.name)?.sessions ?? 0) - (t0.get(h.name)?.sessions ?? 0);
    bytes += (t1.get(h.name)?.bytes ?? 0) - (t0.get(h.name)?.bytes ?? 0);
  }
  const per = hosts.length * minutes;
  return { commands: commands / per, sessions: sessions / per, bytes: bytes / per };
}

function createGuest(dir: string, h: HostInfo): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('ssh', [...sshArgs(dir, h), `xl create -q ${join(h.cfgDir, 'win2003.cfg')}`], { stdio: 'ignore' });
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`xl create on ${h.name} exited ${code}`))));
  });
}

const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(2));
const col = (s: string | number, w: number) => String(s).padStart(w);

export async function run(): Promise<void> {
  const c: Clients = await import('./dom0-cost-clients');
  const sizes = numbers(process.env.XENDECK_BENCH_COST_HOSTS, [1, 10]);
  const windowMs = numbers(process.env.XENDECK_BENCH_COST_SECONDS, [60])[0]! * 1000;
  const dir = mkdtempSync(join(tmpdir(), 'xendeck-bench-cost-'));
  try {
    const all = await startHosts({ count: Math.max(...sizes), legacy: 0, dir });
    await Promise.all(all.map((h) => createGuest(dir, h)));
    console.log(`per host per minute, over ${windowMs / 1000} s after warm-up; baseline = OpenSSH ControlMaster polling every 5 s`);
    console.log('hosts  | commands: xendeck  baseline  ratio | ssh sessions: xendeck  baseline  ratio | bytes: xendeck  baseline  ratio');
    for (const n of sizes) {
      const hosts = all.slice(0, n);
      const x = await c.xendeckClient(hosts, join(dir, `data-${n}`));
      let ours: PerHostMinute;
      try {
        ours = await measure(dir, hosts, x, windowMs);
      } finally {
        await x.close();
      }
      const o = await c.opensshPoller(dir, hosts);
      let theirs: PerHostMinute;
      try {
        theirs = await measure(dir, hosts, o, windowMs);
      } finally {
        await o.close();
      }
      console.log(
        `${col(n, 5)}  | ${col(ours.commands.toFixed(1), 17)} ${col(theirs.commands.toFixed(1), 9)} ${col(ratio(ours.commands, theirs.commands), 6)} |` +
          ` ${col(ours.sessions.toFixed(1), 21)} ${col(theirs.sessions.toFixed(1), 9)} ${col(ratio(ours.sessions, theirs.sessions), 6)} |` +
          ` ${col(Math.round(ours.bytes), 14)} ${col(Math.round(theirs.bytes), 9)} ${col(ratio(ours.bytes, theirs.bytes), 6)}`,
      );
    }
  } finally {
    await stopHosts(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

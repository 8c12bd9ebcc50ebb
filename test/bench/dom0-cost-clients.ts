// The two steady-state clients the dom0-cost benchmark compares (loaded by dom0-cost.bench.ts):
// XenDeck's live inventory exactly as the app runs it — HostsArea with its default timings, the
// contract's `inventory.changed` and `hosts.connectionChanged` subscribed through the dispatcher
// as a window does — and a plain poller: one OpenSSH ControlMaster per host running the batched
// inventory command every 5 s. Bytes are counted on the TCP stream for both: XenDeck's from
// HostConnection's socket counters, OpenSSH's by a counting TCP relay the master connects through
// (the same measure: SSH stream bytes, without TCP/IP headers).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { createDispatcher } from '../../src-main/core/dispatch/create-dispatcher';
import { createServices } from '../../src-main/core/dispatch/services';
import { connectionTotals } from '../../src-main/core/hosts/connection-stats';
import { inventoryArgv } from '../../src-main/core/inventory/batch';
import { shellCommand } from '../../src-main/core/remote/argv';
import { HostsArea } from '../../src-main/core/services/hosts-area';
import { sshArgs, type HostInfo } from '../dom0-sim';

export interface Traffic {
  bytes: number;
  /** SSH sessions (exec channels) opened. */
  sessions: number;
}

export interface SteadyClient {
  /** Resolves once every host was read at least once (connect and first read are not steady state). */
  ready(): Promise<void>;
  /** Per host: bytes both ways and sessions so far. */
  traffic(): Map<string, Traffic>;
  close(): Promise<void>;
}

const CTX = { carrier: 'web' as const, client: 'dom0-cost-bench' };

export async function xendeckClient(hosts: HostInfo[], dataDir: string): Promise<SteadyClient> {
  // The app's own options (src-main/index.ts, bin/web.ts); only ~/.ssh/known_hosts is left out: keys are pinned.
  const area = new HostsArea({ dataDir, userKnownHosts: [] });
  const d = createDispatcher(createServices({ name: 'XenDeck', version: '0.0.0-bench' }, { hosts: area }));
  const svc = await area.service();
  await svc.importHosts(hosts.map((h) => ({ name: h.name, address: h.address, port: h.port, user: h.user, identityFile: h.identityFile, hostKeyFingerprint: h.hostKeyFingerprint, cfgDir: h.cfgDir })));
  // subscribed as a window does: the live inventory runs while someone listens
  const unsubs = [d.subscribe('hosts.connectionChanged', () => undefined, CTX), d.subscribe('inventory.changed', () => undefined, CTX)];
  return {
    async ready() {
      for (const h of hosts) {
        const r = await svc.inventory(h.name);
        if (r.error) throw new Error(`${h.name} could not be read: ${r.error.message}`);
      }
    },
    traffic() {
      return new Map(hosts.map((h) => {
        const s = connectionTotals.of(h.name);
        return [h.name, { bytes: s.bytesSent + s.bytesReceived, sessions: s.execs + s.sftpSessions }];
      }));
    },
    async close() {
      for (const u of unsubs) u();
      await area.close();
    },
  };
}

/** A TCP relay to one host that counts every byte both ways. */
async function countingRelay(h: HostInfo): Promise<{ server: Server; port: number; bytes: () => number }> {
  let bytes = 0;
  const socks = new Set<Socket>();
  const server = createServer((client) => {
    const up = connect({ host: h.address, port: h.port });
    for (const s of [client, up]) {
      socks.add(s);
      s.on('close', () => socks.delete(s));
      s.on('error', () => undefined);
    }
    client.on('data', (b: Buffer) => (bytes += b.length));
    up.on('data', (b: Buffer) => (bytes += b.length));
    client.pipe(up);
    up.pipe(client);
    client.on('close', () => up.destroy());
    up.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  const close = server.close.bind(server);
  // close also drops the relayed connections
  server.close = ((cb?: (err?: Error) => void) => {
    for (const s of socks) s.destroy();
    return close(cb);
  }) as Server['close'];
  return { server, port, bytes: () => bytes };
}

function run(args: string[]): Promise<number | null> {
  return new Promise((done) => {
    const p = spawn('ssh', args, { stdio: ['ignore', 'ignore', 'ignore'] });
    p.on('close', (code) => done(code));
  });
}

export async function opensshPoller(dir: string, hosts: HostInfo[], periodMs = 5000): Promise<SteadyClient> {
  const relays = await Promise.all(hosts.map((h) => countingRelay(h)));
  const sessions = new Map(hosts.map((h) => [h.name, 0]));
  const sock = (h: HostInfo) => join(dir, `cost-cm-${h.name}.sock`);
  // The master reaches the host through its relay; the host key is still checked against the
  // host's own known_hosts entry ([address]:port) through HostKeyAlias.
  const args = (h: HostInfo, i: number) =>
    sshArgs(dir, { ...h, address: '127.0.0.1', port: relays[i]?.port ?? 0 }, ['-o', `HostKeyAlias=[${h.address}]:${h.port}`, '-S', sock(h)]);
  const masters: ChildProcess[] = hosts.map((h, i) => spawn('ssh', ['-M', '-N', ...args(h, i)], { stdio: 'ignore' }));
  for (const [i, h] of hosts.entries()) {
    for (let n = 0; (await run(['-O', 'check', ...args(h, i)])) !== 0; n++) {
      if (n > 200) throw new Error(`the ControlMaster for ${h.name} did not come up`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const busy = new Set<string>();
  const poll = () =>
    Promise.all(
      hosts.map(async (h, i) => {
        if (busy.has(h.name)) return; // like XenDeck's loop: a host still answering skips the tick
        busy.add(h.name);
        sessions.set(h.name, (sessions.get(h.name) ?? 0) + 1);
        await run([...args(h, i), shellCommand(inventoryArgv(h.toolstack, false, [h.cfgDir]))]);
        busy.delete(h.name);
      }),
    );
  let timer: NodeJS.Timeout | null = null;
  return {
    async ready() {
      await poll();
      timer = setInterval(() => void poll(), periodMs);
    },
    traffic() {
      return new Map(hosts.map((h, i) => [h.name, { bytes: relays[i]?.bytes() ?? 0, sessions: sessions.get(h.name) ?? 0 }]));
    },
    async close() {
      if (timer !== null) clearInterval(timer);
      while (busy.size > 0) await new Promise((r) => setTimeout(r, 50));
      for (const m of masters) m.kill('SIGTERM');
      await Promise.all(masters.map((m) => (m.exitCode !== null ? null : new Promise((r) => m.once('exit', r)))));
      await Promise.all(relays.map((r) => new Promise((done) => r.server.close(() => done(null)))));
    },
  };
}

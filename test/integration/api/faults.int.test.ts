// Issue 5 §9: faults through the contract, as the UI meets them — browser-mode carrier (a raw `ws`
// client) → dispatcher → HostsService → ssh2 → simulated dom0s. Three xl hosts: dom0-1 takes a
// password (its host key gets swapped last), dom0-2 is the one that suffers, dom0-3 must not
// notice. The live inventory runs with the app's own timings (keepalive 5 s × 3); only the
// reconnect backoff is shortened. What the host ran is read from the simulator's exec log.
// Requirement ids from ../shared/RELIABILITY.md. (hosts-contract.int.test.ts covers a killed
// sshd between operations and a stale hash after XenDeck's own write.)
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionChanged, InventoryView } from '../../../src-main/shared/api/hosts-types';
import {
  dropConnections,
  execLog,
  execsOf,
  hostDirOf,
  killSshd,
  knobReached,
  restartSshd,
  resumeSshd,
  setKnobs,
  stallSshd,
  startHosts,
  stopHosts,
  swapHostKey,
  TEST_PASSWORD,
  type HostInfo,
} from '../../dom0-sim';
import { guestOn as guestOnApi, startContractServer, waitConnection as waitConnectionApi, type ContractServer } from './contract-harness';

const dir = mkdtempSync(join(tmpdir(), 'xendeck-api-faults-'));
const dataDir = join(dir, 'data');
let pw: HostInfo; // dom0-1: password login; its key is swapped in the last test
let a: HostInfo; // dom0-2: stalled, killed, cut
let b: HostInfo; // dom0-3: must keep answering
let api: ContractServer;
let c: ContractServer['c'];
let send: ContractServer['send'];
let ok: ContractServer['ok'];
let fails: ContractServer['fails'];

const CONNECTION = 201;
const INVENTORY = 202;

/** connectionChanged events of HOST after frame index FROM. */
function connectionEvents(host: string, from = 0): ConnectionChanged[] {
  return api.events<ConnectionChanged>(CONNECTION, from).filter((p) => p.host === host);
}

const waitConnection = (host: string, from: number, state: ConnectionChanged['state'], ms: number) => waitConnectionApi(api, CONNECTION, host, from, state, ms);
const guestOn = (host: string, name: string, ms?: number, pred?: Parameters<typeof guestOnApi>[4]) => guestOnApi(api, host, name, ms, pred);

async function addHost(name: string, h: HostInfo, auth: 'key' | 'password'): Promise<void> {
  await ok('hosts.add', {
    name,
    address: h.address,
    port: h.port,
    user: h.user,
    ...(auth === 'key' ? { auth: { method: 'key', keyFile: h.identityFile } } : { auth: { method: 'password' }, password: TEST_PASSWORD }),
    hostKeyFingerprint: h.hostKeyFingerprint,
    cfgDirs: [h.cfgDir],
  });
}

const creates = (h: HostInfo, cfg: string) => execsOf(execLog(dir, h.name), 'xl', 'create').filter((e) => e.argv.includes(join(h.cfgDir, cfg)));

beforeAll(async () => {
  [pw, a, b] = (await startHosts({ count: 3, legacy: 0, passwordHost: true, dir })) as [HostInfo, HostInfo, HostInfo];
  // The app's keepalive and timeouts; only the reconnect backoff starts small so tests don't wait.
  api = await startContractServer({ dir, hosts: { dataDir, userKnownHosts: [], backoffBaseMs: 200 } });
  ({ c, send, ok, fails } = api);
  api.subscribe(CONNECTION, 'hosts.connectionChanged');
  // the live inventory runs while the UI listens, as in the app
  api.subscribe(INVENTORY, 'inventory.changed');
  await addHost('pw', pw, 'password');
  await addHost('a', a, 'key');
  await addHost('b', b, 'key');
  for (const h of ['pw', 'a', 'b']) expect((await ok<InventoryView>('inventory.get', { host: h })).state).toBe('online');
  // a running guest on each of a and b, so there is something to lose and something to keep
  await ok('domains.start', { host: 'a', name: 'win2003' });
  await ok('domains.start', { host: 'b', name: 'win2003' });
});

afterAll(async () => {
  await api?.close();
  await stopHosts(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('faults through the contract (issue 5 §9)', () => {
  it('a stalled host goes offline within 15 s with a reason, its request in flight fails, another host keeps answering, and it comes back (RS-1, RS-3, RS-11)', async () => {
    const from = c.frames.length;
    const stopped = stallSshd(dir, a.name);
    let resumed = false;
    try {
      // in flight on the stalled connection: no answer will ever come from the host
      const pending = send('domains.pause', { host: 'a', name: 'win2003' });
      let settled = false;
      const pendingReply = pending.reply(20_000).finally(() => (settled = true));
      // RS-11: the other host answers while a's request still hangs
      const other = await ok<InventoryView>('inventory.get', { host: 'b' });
      expect(other.state).toBe('online');
      expect(other.error).toBeUndefined();
      expect(other.guests.find((g) => g.name === 'win2003')?.domid).not.toBeNull();
      expect(settled).toBe(false);
      // RS-1: keepalive every 5 s, three unanswered = gone (a 2 s margin for this loaded machine)
      const off = await waitConnection('a', from, 'offline', 17_000);
      expect(off.reason).toMatchObject({ code: 'HOST_UNREACHABLE', message: expect.stringMatching(/^a \(127\.0\.0\.\d+:\d+\) stopped answering/) });
      const r = await pendingReply;
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'HOST_UNREACHABLE', message: expect.stringContaining('stopped answering') });
      // the host list says so too (last-seen guests of an offline host: see the sshd-killed test)
      const listed = await ok<{ name: string; state: string }[]>('hosts.list', {});
      expect(listed.find((x) => x.name === 'a')?.state).not.toBe('online');
      expect(listed.find((x) => x.name === 'b')?.state).toBe('online');
      // RS-10: while the session retries (the handshake hangs on the stalled sshd), a read answers
      // at once from last-seen data with the reason, instead of waiting for the handshake's outcome
      const retrying = await waitConnection('a', from, 'connecting', 10_000).then(() => connectionEvents('a', from));
      expect(retrying.at(-1)?.state).toBe('connecting');
      const stale = await ok<InventoryView>('inventory.get', { host: 'a' });
      expect(stale.state).toBe('connecting');
      expect(stale.error).toMatchObject({ code: 'HOST_UNREACHABLE' });
      expect(stale.lastSeen).not.toBeNull();
      expect(stale.guests.find((g) => g.name === 'win2003')).toBeDefined();
      // RS-3: back by itself once the host answers again
      const before = c.frames.length;
      resumeSshd(dir, a.name, stopped);
      resumed = true;
      await waitConnection('a', before, 'online', 30_000);
      expect((await ok<InventoryView>('inventory.get', { host: 'a' })).state).toBe('online');
    } finally {
      if (!resumed) resumeSshd(dir, a.name, stopped);
    }
  });

  it('sshd killed in the middle of an operation: the operation fails with a typed error, the host is offline with last-seen data', async () => {
    setKnobs(dir, a.name, { createDelaySeconds: 5 });
    const from = c.frames.length;
    const waits = knobReached(dir, a.name, 'createDelaySeconds');
    try {
      const start = send('domains.start', { host: 'a', name: 'multidisk' });
      await c.until(() => knobReached(dir, a.name, 'createDelaySeconds') > waits || undefined, 'xl create to be building multidisk', 15_000);
      await killSshd(dir, a.name);
      const r = await start.reply(15_000);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'HOST_UNREACHABLE', message: expect.stringContaining('a (') });
      const off = await waitConnection('a', from, 'offline', 10_000);
      expect(off.reason?.code).toBe('HOST_UNREACHABLE');
      const seen = await ok<InventoryView>('inventory.get', { host: 'a' });
      expect(seen.state).not.toBe('online');
      expect(seen.error?.code).toBe('HOST_UNREACHABLE');
      expect(seen.lastSeen).not.toBeNull();
      expect(seen.guests.map((g) => g.name)).toEqual(expect.arrayContaining(['win2003', 'multidisk']));
    } finally {
      setKnobs(dir, a.name, {});
      const before = c.frames.length;
      await restartSshd(dir, a.name);
      await waitConnection('a', before, 'online', 30_000);
    }
    // the killed create built nothing
    expect((await guestOn('a', 'multidisk')).domid).toBeNull();
  });

  it('a create cut mid-way is not replayed: after the reconnect one xl create ran and the guest runs (RS-4)', async () => {
    setKnobs(dir, a.name, { createDelaySeconds: 2 });
    const from = c.frames.length;
    const waits = knobReached(dir, a.name, 'createDelaySeconds');
    try {
      const start = send('domains.start', { host: 'a', name: 'ExampleHVMDomain' });
      // cut while the domain is being built, after xl printed "Parsing config from"
      await c.until(() => knobReached(dir, a.name, 'createDelaySeconds') > waits || undefined, 'xl create to be building ExampleHVMDomain', 15_000);
      expect(creates(a, 'seed-hvm.cfg')).toHaveLength(1);
      await dropConnections(dir, a.name);
      // the outcome is unknown to XenDeck: the call fails, it does not guess and does not retry
      const r = await start.reply(15_000);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'HOST_UNREACHABLE', hint: expect.stringContaining('may or may not have taken effect on the host') });
      await waitConnection('a', from, 'online', 30_000);
      // the command finished on the host without its connection
      // (a domain being built shows paused until its device model runs)
      const g = await guestOn('a', 'ExampleHVMDomain', 20_000, (x) => x.domid !== null && x.state !== 'paused');
      expect(['running', 'blocked']).toContain(g.state);
    } finally {
      setKnobs(dir, a.name, {});
    }
    // later ticks and reads did not run it again
    await ok<InventoryView>('inventory.get', { host: 'a' });
    expect(creates(a, 'seed-hvm.cfg')).toHaveLength(1);
  });

  it('two concurrent starts of one guest run one xl create; the second says it already runs (RS-5)', async () => {
    await ok('domains.destroy', { host: 'a', name: 'ExampleHVMDomain' });
    const before = creates(a, 'seed-hvm.cfg').length;
    setKnobs(dir, a.name, { createDelaySeconds: 1 });
    try {
      const first = send('domains.start', { host: 'a', name: 'ExampleHVMDomain' });
      const second = send('domains.start', { host: 'a', name: 'ExampleHVMDomain' });
      const [r1, r2] = await Promise.all([first.reply(30_000), second.reply(30_000)]);
      expect(r1).toEqual({ ok: true, result: { ok: true } });
      expect(r2.ok).toBe(false);
      if (!r2.ok) expect(r2.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('already running') });
    } finally {
      setKnobs(dir, a.name, {});
    }
    expect(creates(a, 'seed-hvm.cfg').length - before).toBe(1);
  });

  it('a cfg edited on the host behind XenDeck\'s back: a write with the old hash is CFG_CONFLICT and the host\'s file is untouched (FS-4)', async () => {
    const read = await ok<{ text: string; sha256: string }>('cfgFiles.read', { host: 'b', dir: b.cfgDir, name: 'multidisk.cfg' });
    const path = join(b.cfgDir, 'multidisk.cfg');
    const theirs = `${read.text}# edited on the host by someone else\nmemory = 384\n`;
    writeFileSync(path, theirs);
    const err = await fails('cfgFiles.write', { host: 'b', dir: b.cfgDir, name: 'multidisk.cfg', text: `${read.text}# ours\n`, expectedSha256: read.sha256 });
    expect(err).toMatchObject({ code: 'CFG_CONFLICT', message: expect.stringMatching(/multidisk\.cfg/) });
    expect(readFileSync(path, 'utf8')).toBe(theirs);
  });

  it('a swapped host key is HOST_KEY_CHANGED in OpenSSH words, and nothing was sent: no password, no command (ST-3)', async () => {
    const sshdLog = join(hostDirOf(dir, pw.name), 'sshd.log');
    const logBefore = readFileSync(sshdLog, 'utf8').length;
    const execBefore = execLog(dir, pw.name).length;
    const from = c.frames.length;
    const fp = await swapHostKey(dir, pw.name);
    // the session notices the restart and reconnects into the new key: refused, not retried
    const refused = await c.until(() => connectionEvents('pw', from).find((p) => p.state === 'offline' && p.reason?.code === 'HOST_KEY_CHANGED'), 'pw offline with HOST_KEY_CHANGED', 30_000);
    expect(refused.reason?.message).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');
    expect(refused.reason?.message).toContain(fp);
    expect(refused.retryInMs).toBeUndefined();
    const err = await fails('hosts.connect', { host: 'pw' });
    expect(err.code).toBe('HOST_KEY_CHANGED');
    expect(err.message).toContain(fp);
    const inv = await ok<InventoryView>('inventory.get', { host: 'pw' });
    expect(inv.state).not.toBe('online');
    expect(inv.error?.code).toBe('HOST_KEY_CHANGED');
    // sshd saw connections end before authentication: no login attempt, no password, no command
    const log = readFileSync(sshdLog, 'utf8').slice(logBefore);
    expect(log).toMatch(/Disconnected from .* port \d+ \[preauth\]/);
    expect(log).not.toMatch(/Accepted|Failed password|userauth|session opened/i);
    expect(log).not.toContain(TEST_PASSWORD);
    expect(execLog(dir, pw.name).slice(execBefore)).toEqual([]);
  });
});

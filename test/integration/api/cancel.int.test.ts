// Issue 5 §2: every operation can be cancelled, through the contract as the UI does it — browser
// carrier (raw `ws` client, `cancel` frames) → dispatcher → HostsService → ssh2 → a simulated xl
// dom0. A cancel is answered CANCELLED at once. Before the changing command is sent nothing is
// sent; after it, the command completes on the host and is never run twice (RS-4, RS-5). What the
// host ran is read from the simulator's exec log.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CfgFileText, InventoryView } from '../../../src-main/shared/api/hosts-types';
import type { WriteStep } from '../../../src-main/core/remote/sftp-files';
import { execLog, execsOf, knobReached, resumeSshd, setKnobs, stallSshd, startHosts, stopHosts, type HostInfo } from '../../dom0-sim';
import { guestOn, startContractServer, type ContractServer } from './contract-harness';

const dir = mkdtempSync(join(tmpdir(), 'xendeck-api-cancel-'));
let h: HostInfo;
let api: ContractServer;
/** The cfg save protocol's step hook (HostsService's cfgWriteStep): a test may hold a step. */
let onWriteStep: ((s: WriteStep) => Promise<void> | void) | null = null;

/** The `xl create` commands the host ran for the cfg file at PATH. */
const createsOf = (path: string) => execsOf(execLog(dir, h.name), 'xl', 'create').filter((e) => e.argv.includes(path));

async function cfgPathOf(name: string): Promise<string> {
  const g = await guestOn(api, 'h', name);
  if (g.cfg === null) throw new Error(`${name} has no cfg file on the sim host`);
  return g.cfg.path;
}

/** Sends REQUEST, cancels it once READY holds, and returns its reply, which must come within 5 s. */
async function cancelWhen(name: string, input: unknown, ready: () => boolean, what: string) {
  const req = api.send(name, input);
  await api.c.until(() => ready() || undefined, what, 15_000);
  api.c.sendJson({ t: 'cancel', id: req.id });
  return req.reply(5_000);
}

beforeAll(async () => {
  [h] = (await startHosts({ count: 1, legacy: 0, dir })) as [HostInfo];
  api = await startContractServer({ dir, hosts: { dataDir: join(dir, 'data'), userKnownHosts: [], backoffBaseMs: 200, cfgWriteStep: (_h, s) => onWriteStep?.(s) } });
  await api.ok('hosts.add', {
    name: 'h',
    address: h.address,
    port: h.port,
    user: h.user,
    auth: { method: 'key', keyFile: h.identityFile },
    hostKeyFingerprint: h.hostKeyFingerprint,
    cfgDirs: [h.cfgDir],
  });
  expect((await api.ok<InventoryView>('inventory.get', { host: 'h' })).state).toBe('online');
  // a running guest for the guest operations
  await api.ok('domains.start', { host: 'h', name: 'win2003' });
});

afterAll(async () => {
  await api?.close();
  await stopHosts(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('cancelling through the contract (issue 5 §2)', () => {
  it('a start cancelled after xl create was sent answers CANCELLED at once; the guest still comes up, with exactly one xl create (RS-4)', async () => {
    const cfg = await cfgPathOf('ExampleHVMDomain');
    const before = createsOf(cfg).length;
    setKnobs(dir, h.name, { createDelaySeconds: 3 });
    const waits = knobReached(dir, h.name, 'createDelaySeconds');
    try {
      const r = await cancelWhen('domains.start', { host: 'h', name: 'ExampleHVMDomain' }, () => knobReached(dir, h.name, 'createDelaySeconds') > waits, 'xl create to be building the guest');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'CANCELLED', hint: expect.stringMatching(/may still take effect.*inventory will show/) });
      // The create was not killed half-way: it completes on the host (a domain being built shows
      // paused until its device model runs).
      const g = await guestOn(api, 'h', 'ExampleHVMDomain', 20_000, (x) => x.domid !== null && x.state !== 'paused');
      expect(['running', 'blocked']).toContain(g.state);
    } finally {
      setKnobs(dir, h.name, {});
    }
    await api.ok<InventoryView>('inventory.get', { host: 'h' });
    expect(createsOf(cfg).length - before).toBe(1);
    await api.ok('domains.destroy', { host: 'h', name: 'ExampleHVMDomain' });
  });

  it('on a stalled host, reads, a start and a memory change are cancelled at once, and neither changing command is ever sent', async () => {
    const cfg = await cfgPathOf('multidisk');
    const before = createsOf(cfg).length;
    const memSets = () => execsOf(execLog(dir, h.name), 'xl', 'mem-set').length;
    const memSetsBefore = memSets();
    const stopped = stallSshd(dir, h.name);
    let resumed = false;
    try {
      // The host no longer answers: both requests would hang until their timeouts.
      const inv = api.send('inventory.get', { host: 'h' });
      const start = api.send('domains.start', { host: 'h', name: 'multidisk' });
      const mem = api.send('domains.memSet', { host: 'h', name: 'win2003', mib: 256 });
      const info = api.send('hosts.info', { host: 'h' });
      const all = [inv, start, mem, info];
      await new Promise((r) => setTimeout(r, 500));
      expect(api.c.frames.some((f) => f.t === 'res' && all.some((x) => x.id === f.id))).toBe(false);
      for (const x of all) api.c.sendJson({ t: 'cancel', id: x.id });
      const replies = await Promise.all(all.map((x) => x.reply(5_000)));
      expect(replies.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED', 'CANCELLED']);
      expect(replies[0]).toMatchObject({ ok: false, error: { message: 'The request inventory.get was cancelled.' } });
      expect(replies[1]).toMatchObject({ ok: false, error: { message: 'The request domains.start was cancelled.' } });
      resumeSshd(dir, h.name, stopped);
      resumed = true;
      // Back online, the guest is still stopped and no create of it ever reached the host.
      const g = await guestOn(api, 'h', 'multidisk', 30_000, () => true);
      expect(g.domid).toBeNull();
      const again = await api.ok<InventoryView>('inventory.get', { host: 'h' }, 30_000);
      expect(again.guests.find((x) => x.name === 'multidisk')?.domid).toBeNull();
      expect(createsOf(cfg).length - before).toBe(0);
      // The memory change queued behind the same reads: it ended before its command as well.
      const win = await guestOn(api, 'h', 'win2003');
      expect(win.domid).not.toBeNull();
      expect(memSets() - memSetsBefore).toBe(0);
    } finally {
      if (!resumed) resumeSshd(dir, h.name, stopped);
    }
  });

  it('a cfg save cancelled before the rename leaves the file as it was, with no history entry (FS-2)', async () => {
    const path = await cfgPathOf('multidisk');
    const ref = { host: 'h', dir: path.slice(0, path.lastIndexOf('/')), name: path.slice(path.lastIndexOf('/') + 1) };
    const before = await api.ok<CfgFileText>('cfgFiles.read', ref);
    const historyBefore = await api.ok<unknown[]>('cfgFiles.history', ref);
    const steps: WriteStep[] = [];
    let release = (): void => undefined;
    const held = new Promise<void>((r) => (release = r));
    onWriteStep = async (s) => {
      steps.push(s);
      // Held after the checks, right before the history copy and the rename.
      if (s === 'checked') await held;
    };
    try {
      const r = await cancelWhen('cfgFiles.write', { ...ref, text: `${before.text}# an edit that is cancelled\n`, expectedSha256: before.sha256 }, () => steps.includes('checked'), 'the save to reach its checks');
      expect(r).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    } finally {
      release();
    }
    const after = await api.ok<CfgFileText>('cfgFiles.read', ref);
    onWriteStep = null;
    expect(after.sha256).toBe(before.sha256);
    expect(steps).not.toContain('history');
    expect(steps).not.toContain('renaming');
    expect(await api.ok<unknown[]>('cfgFiles.history', ref)).toHaveLength(historyBefore.length);
  });
});

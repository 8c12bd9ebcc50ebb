// Safe cfg saves through the contract (issue 5 §7, RELIABILITY §4): two XenDeck instances (each a
// HostsArea behind its own browser-mode server, spoken to with a raw `ws` client) against one
// simulated xl dom0. Instance A reaches the host through a TCP fault proxy and has the service's
// save-step test seam, so a test can lose the rename's reply or request exactly (FS-10).
import { createHash } from 'node:crypto';
import { linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorInfo } from '@shared/api/errors';
import type { CfgWriteResult } from '@shared/api/hosts-types';
import { createDispatcher } from '../../../src-main/core/dispatch/create-dispatcher';
import { createServices, type Services } from '../../../src-main/core/dispatch/services';
import type { WriteStep } from '../../../src-main/core/remote/sftp-files';
import { HostsArea } from '../../../src-main/core/services/hosts-area';
import { startWebServer, type WebServer } from '../../../src-main/transport/web-server';
import { killSshd, restartSshd, startHosts, stopHosts, type HostInfo } from '../../dom0-sim';
import { until } from '../../dom0-sim/ssh-run';
import { FaultProxy } from '../core/sftp-files-fault-proxy';
import { RawClient } from '../transport/helpers';

const dir = mkdtempSync(join(tmpdir(), 'xendeck-api-cfgsafe-'));
const rendererDir = join(dir, 'renderer');
let h: HostInfo;
let proxy: FaultProxy;

interface Instance {
  services: Services;
  server: WebServer;
  c: RawClient;
  log: string[];
  /** What the save-step seam does now (per instance). */
  step: ((s: WriteStep, bytesWritten: number) => void | Promise<void>) | null;
}
let A: Instance;
let B: Instance;

async function instance(name: string): Promise<Instance> {
  const inst = { log: [] as string[], step: null } as unknown as Instance;
  const hosts = new HostsArea({
    dataDir: join(dir, name),
    userKnownHosts: [],
    refreshMs: 60_000,
    backoffBaseMs: 200,
    log: (line) => inst.log.push(line),
    cfgWriteStep: (_host, s, n) => inst.step?.(s, n),
  });
  inst.services = createServices({ name: 'XenDeck', version: '0.0.0-test' }, { hosts });
  inst.server = await startWebServer({ host: '127.0.0.1', port: 0, rendererDir, dispatcher: createDispatcher(inst.services) });
  inst.c = new RawClient(`ws://127.0.0.1:${inst.server.port}/api?token=${encodeURIComponent(inst.server.token)}`, `http://127.0.0.1:${inst.server.port}`);
  await new Promise<void>((resolve, reject) => {
    inst.c.ws.once('open', () => resolve());
    inst.c.ws.once('error', reject);
  });
  return inst;
}

async function ok<T>(i: Instance, name: string, input: unknown): Promise<T> {
  const r = await i.c.request(name, input);
  if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`);
  return r.result as T;
}

async function refused(i: Instance, name: string, input: unknown): Promise<ApiErrorInfo> {
  const r = await i.c.request(name, input);
  if (r.ok) throw new Error(`${name} succeeded: ${JSON.stringify(r.result)}`);
  return r.error;
}

const hash = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const onDisk = (name: string) => readFileSync(join(h.cfgDir, name));
const ours = () => readdirSync(h.cfgDir).filter((n) => /^\..+\.xendeck-(lock|[0-9a-f]{12}\.tmp)$/.test(n));
const GUEST = (extra: string) => `name = "ct"\ntype = "hvm"\nmemory = 256\n${extra}`;
const write = (text: string, expected: string | null, name = 'ct.cfg') => ({ host: 'dom0', dir: h.cfgDir, name, text, expectedSha256: expected });

beforeAll(async () => {
  [h] = (await startHosts({ count: 1, legacy: 0, dir })) as [HostInfo];
  proxy = new FaultProxy({ address: h.address, port: h.port });
  await proxy.start();
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>XenDeck test</title>');
  [A, B] = [await instance('a'), await instance('b')];
  const profile = { name: 'dom0', user: h.user, auth: { method: 'key', keyFile: h.identityFile }, hostKeyFingerprint: h.hostKeyFingerprint, cfgDirs: [h.cfgDir] };
  await ok(A, 'hosts.add', { ...profile, address: '127.0.0.1', port: proxy.port });
  await ok(B, 'hosts.add', { ...profile, address: h.address, port: h.port });
});

afterAll(async () => {
  for (const i of [A, B]) {
    i?.c.close();
    await i?.server.close();
    await i?.services.hosts.close();
  }
  await proxy?.close();
  await stopHosts(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('cfgFiles.write: validate before commit (FS-7)', () => {
  it('a syntax error answers CFG_INVALID with line and column; the file is unchanged', async () => {
    writeFileSync(join(h.cfgDir, 'ct.cfg'), GUEST(''));
    const e = await refused(A, 'cfgFiles.write', write('name = "ct"\nmemory = = 512\n', hash(GUEST(''))));
    expect(e).toMatchObject({ code: 'CFG_INVALID', details: { line: 2, col: 10 } });
    expect(e.message).toMatch(/ct\.cfg on dom0 was not saved: line 2, column 10/);
    expect(onDisk('ct.cfg').toString()).toBe(GUEST(''));
  });

  it('a disk spec xl -N create refuses answers CFG_INVALID at its line; the file is unchanged, no temp left', async () => {
    const e = await refused(A, 'cfgFiles.write', write(GUEST('vcpus = 1\ndisk = [ "/tmp/ct.img,qcow9,hda,w" ]\n'), hash(GUEST(''))));
    expect(e).toMatchObject({ code: 'CFG_INVALID', details: { line: 5 } });
    expect(e.message).toContain('unknown value for format');
    expect(onDisk('ct.cfg').toString()).toBe(GUEST(''));
    expect(ours()).toEqual([]);
    const good = await ok<CfgWriteResult>(A, 'cfgFiles.write', write(GUEST('vcpus = 2\n'), hash(GUEST(''))));
    expect(good).toMatchObject({ sha256: hash(GUEST('vcpus = 2\n')), warnings: [] });
  });
});

describe('cfgFiles.write: bytes, size and links (FS-9, FS-5)', () => {
  it('a file without a final newline round-trips; CRLF is refused on xl with a sentence; a text over 1 MiB is refused at the contract', async () => {
    const text = GUEST('vcpus = 1');
    writeFileSync(join(h.cfgDir, 'nonl.cfg'), text);
    const read = await ok<{ text: string; sha256: string }>(A, 'cfgFiles.read', { host: 'dom0', dir: h.cfgDir, name: 'nonl.cfg' });
    await ok(A, 'cfgFiles.write', write(read.text, read.sha256, 'nonl.cfg'));
    expect(onDisk('nonl.cfg').equals(Buffer.from(text))).toBe(true);
    const crlf = await refused(A, 'cfgFiles.write', write(text.replace(/\n/g, '\r\n'), read.sha256, 'nonl.cfg'));
    expect(crlf.code).toBe('CFG_INVALID');
    expect(crlf.message).toMatch(/CRLF/);
    // (5 MiB is past the carrier's 4 MiB frame limit; the core's own 5 MiB refusal is in sftp-files-safety)
    const big = await refused(A, 'cfgFiles.write', write('#'.repeat(2 * 1024 * 1024), read.sha256, 'nonl.cfg'));
    expect(big.code).toBe('INVALID_INPUT');
    expect(onDisk('nonl.cfg').equals(Buffer.from(text))).toBe(true);
  });

  it('a hard-linked file is saved with a warning in the reply', async () => {
    writeFileSync(join(h.cfgDir, 'hl.cfg'), GUEST(''));
    linkSync(join(h.cfgDir, 'hl.cfg'), join(dir, 'hl-other.cfg'));
    const r = await ok<CfgWriteResult>(A, 'cfgFiles.write', write(GUEST('vcpus = 2\n'), hash(GUEST('')), 'hl.cfg'));
    expect(r.warnings).toEqual([expect.stringMatching(/had 2 hard links/)]);
  });
});

describe('two XenDeck instances save the same file (FS-11)', () => {
  it('exactly one succeeds; the other gets CFG_CONFLICT', async () => {
    writeFileSync(join(h.cfgDir, 'ct.cfg'), GUEST(''));
    let arrived = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const barrier = async (s: WriteStep) => {
      if (s !== 'validated') return;
      if (++arrived === 2) release();
      await gate;
    };
    A.step = barrier;
    B.step = barrier;
    const texts = [GUEST('vcpus = 3\n'), GUEST('vcpus = 4\n')];
    const [ra, rb] = await Promise.all([A.c.request('cfgFiles.write', write(texts[0] as string, hash(GUEST('')))), B.c.request('cfgFiles.write', write(texts[1] as string, hash(GUEST(''))))]);
    A.step = null;
    B.step = null;
    expect([ra.ok, rb.ok].filter(Boolean)).toHaveLength(1);
    const loser = ra.ok ? rb : ra;
    expect(!loser.ok && loser.error.code).toBe('CFG_CONFLICT');
    expect(onDisk('ct.cfg').toString()).toBe(ra.ok ? texts[0] : texts[1]);
    expect(ours()).toEqual([]);
  });
});

describe('a connection lost during a save', () => {
  it('FS-10: rename done, reply lost → the reply says saved (reconciled); rename request lost → "not saved", the old file stays', async () => {
    const OLD = GUEST('vcpus = 1\n');
    const NEW = GUEST('vcpus = 2\n');
    writeFileSync(join(h.cfgDir, 'ct.cfg'), OLD);
    A.step = async (s) => {
      if (s !== 'renaming') return;
      proxy.drop('replies');
      await until(async () => onDisk('ct.cfg').toString(), (t) => t === NEW, 10_000);
      proxy.cut();
    };
    const saved = await ok<CfgWriteResult>(A, 'cfgFiles.write', write(NEW, hash(OLD)));
    expect(saved).toMatchObject({ sha256: hash(NEW), reconciled: true });
    expect(onDisk('ct.cfg').toString()).toBe(NEW);
    A.step = async (s) => {
      if (s !== 'renaming') return;
      proxy.drop('requests');
      await new Promise((r) => setTimeout(r, 200));
      proxy.cut();
    };
    const e = await refused(A, 'cfgFiles.write', write(OLD, hash(NEW)));
    A.step = null;
    expect(e).toMatchObject({ code: 'COMMAND_FAILED', details: expect.objectContaining({ outcome: 'not-saved' }) });
    expect(e.message).toMatch(/was not saved/);
    expect(onDisk('ct.cfg').toString()).toBe(NEW);
    expect(ours()).toEqual([]);
  });

  it('FS-3: a save cut mid-write leaves a temp that the next connection logs and removes; the autostart directory is never written', async () => {
    const auto = join(h.cfgDir, 'auto');
    mkdirSync(auto, { recursive: true });
    symlinkSync('../ct.cfg', join(auto, 'ct.cfg'));
    const autoBefore = readdirSync(auto).map((n) => [n, lstatSync(join(auto, n)).mtimeMs]);
    const cur = onDisk('ct.cfg');
    const big = `${cur.toString()}${'# padding\n'.repeat(20_000)}`; // ~200 KB: several chunks
    let cut = false;
    A.step = async (s, n) => {
      if (cut || s !== 'writing' || n < 64 * 1024) return;
      cut = true;
      await killSshd(dir, h.name);
    };
    const e = await refused(A, 'cfgFiles.write', write(big, hash(cur)));
    A.step = null;
    expect(cut).toBe(true);
    expect(e.code).toBe('HOST_UNREACHABLE');
    expect(onDisk('ct.cfg').equals(cur)).toBe(true);
    const left = ours();
    expect(left).toHaveLength(1);
    await restartSshd(dir, h.name);
    await until(() => A.c.request('hosts.connect', { host: 'dom0' }), (r) => r.ok, 20_000);
    await until(async () => ours(), (l) => l.length === 0, 15_000);
    expect(A.log.some((l) => l.includes(`removing the temp of an interrupted save ${join(h.cfgDir, left[0] as string)}`))).toBe(true);
    expect(readdirSync(auto).map((n) => [n, lstatSync(join(auto, n)).mtimeMs])).toEqual(autoBefore);
    expect(onDisk('ct.cfg').equals(cur)).toBe(true);
  });
});

// The safety rules of a cfg save against a simulated xl dom0 (RELIABILITY §4): validate before
// commit (FS-7: our parser, then the sim's libxlutil-based `xl -N create` on the temp), reconcile a
// lost rename reply through a TCP fault proxy (FS-10), two writers (FS-11), links and modes
// (FS-5), bytes and size (FS-9), stale temps and the autostart directory (FS-3).
import { chmodSync, chownSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '@shared/api/errors';
import { openCfg } from '@shared/cfg';
import { HostConnection } from '../../../src-main/core/hosts/connection';
import { KnownHosts } from '../../../src-main/core/hosts/known-hosts';
import { MemorySecrets } from '../../../src-main/core/store/secrets';
import { hostCfgFiles } from '../../../src-main/core/remote/host-cfg-files';
import { RemoteCfgFiles, type SftpProvider, type WriteStep } from '../../../src-main/core/remote/sftp-files';
import { detectToolstack } from '../../../src-main/core/toolstack/adapter';
import { startHosts, stopHosts, type HostInfo } from '../../dom0-sim';
import { until } from '../../dom0-sim/ssh-run';
import { FaultProxy } from './sftp-files-fault-proxy';

const dir = mkdtempSync(join(tmpdir(), 'xendeck-sftp-safety-'));
let h: HostInfo;
let hx: HostInfo;
let proxy: FaultProxy;
const open: HostConnection[] = [];

beforeAll(async () => {
  [h, hx] = (await startHosts({ count: 2, legacy: 1, dir })) as [HostInfo, HostInfo];
  proxy = new FaultProxy({ address: h.address, port: h.port });
  await proxy.start();
});
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});
afterAll(async () => {
  await proxy?.close();
  await stopHosts(dir);
  rmSync(dir, { recursive: true, force: true });
});

async function connection(viaProxy = false, host = h): Promise<HostConnection> {
  const c = new HostConnection({
    profile: {
      name: host.name,
      address: viaProxy ? '127.0.0.1' : host.address,
      port: viaProxy ? proxy.port : host.port,
      user: host.user,
      auth: { method: 'key', keyFile: host.identityFile },
      hostKeyFingerprint: host.hostKeyFingerprint,
    },
    knownHosts: new KnownHosts(),
    secrets: new MemorySecrets(),
  });
  open.push(c);
  await c.connect();
  return c;
}

/** RemoteCfgFiles wired as the hosts service wires it (FS-7 checks, FS-10 reconnect), counting SFTP sessions. */
async function checked(o: { viaProxy?: boolean; reconnect?: () => Promise<SftpProvider>; abandoned?: Set<string>; host?: HostInfo } = {}) {
  const host = o.host ?? h;
  const conn = await connection(o.viaProxy, host);
  const { toolstack } = await detectToolstack({ host: host.name, exec: (argv, opts) => conn.exec(argv, opts) });
  const sessions = { n: 0 };
  const counted = { exec: conn.exec.bind(conn), sftp: (x?: { signal?: AbortSignal }) => (sessions.n++, conn.sftp(x)) };
  const files = hostCfgFiles({
    host: host.name,
    cfgDirs: [host.cfgDir],
    conn: counted,
    toolstack,
    abandoned: o.abandoned ?? new Set(),
    reconnect: o.reconnect ?? (() => connection(o.viaProxy, host)),
  });
  return { files, sessions, toolstack };
}

async function plain(o: { autostartDir?: string; cfgDirs?: string[] } = {}): Promise<RemoteCfgFiles> {
  return new RemoteCfgFiles({ host: h.name, conn: await connection(), cfgDirs: o.cfgDirs ?? [h.cfgDir], ...o });
}

const hash = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const onDisk = (name: string) => readFileSync(join(h.cfgDir, name));
const ours = () => readdirSync(h.cfgDir).filter((n) => /^\..+\.xendeck-(lock|[0-9a-f]{12}\.tmp)$/.test(n));
const historyOf = (name: string) => {
  try {
    return readdirSync(join(h.cfgDir, '.xendeck-history')).filter((n) => n.startsWith(`${name}.`));
  } catch {
    return [];
  }
};

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

const GUEST = (extra: string) => `name = "vt"\ntype = "hvm"\nmemory = 256\n${extra}`;

describe('FS-7: validate before commit', () => {
  it('a syntax error is refused with CFG_INVALID at its line and column; nothing is sent, the live file is unchanged', async () => {
    writeFileSync(join(h.cfgDir, 'vt.cfg'), GUEST(''));
    const { files, sessions } = await checked();
    const e = await rejection(files.write(h.cfgDir, 'vt.cfg', 'name = "vt"\nmemory = = 512\n', { expected: hash(GUEST('')) }));
    expect(e.code).toBe('CFG_INVALID');
    expect(e.details).toMatchObject({ line: 2, col: 10, path: join(h.cfgDir, 'vt.cfg') });
    expect(e.message).toContain(`${join(h.cfgDir, 'vt.cfg')} on ${h.name} was not saved: line 2, column 10`);
    expect(e.hint).toMatch(/still in the editor/);
    expect(sessions.n).toBe(0);
    expect(onDisk('vt.cfg').toString()).toBe(GUEST(''));
    expect(ours()).toEqual([]);
    expect(historyOf('vt.cfg')).toEqual([]);
  });

  it('a CRLF file is refused on an xl host with a sentence about line ends', async () => {
    const { files } = await checked();
    const e = await rejection(files.write(h.cfgDir, 'vt.cfg', 'name = "vt"\r\nmemory = 256\r\n', { expected: 'force' }));
    expect(e.code).toBe('CFG_INVALID');
    expect(e.message).toMatch(/Windows line ends \(CRLF\)/);
    expect(onDisk('vt.cfg').toString()).toBe(GUEST(''));
  });

  it('text our parser accepts but xl refuses (unknown disk format, unknown on_crash action) is refused at the line xl means; temp removed, live file unchanged', async () => {
    writeFileSync(join(h.cfgDir, 'vt.cfg'), GUEST(''));
    const { files, sessions } = await checked();
    const badDisk = GUEST(`disk = [ "/tmp/vt.img,qcow9,hda,w" ]\n`);
    expect(openCfg(badDisk).doc.ok).toBe(true);
    const e = await rejection(files.write(h.cfgDir, 'vt.cfg', badDisk, { expected: hash(GUEST('')) }));
    expect(e.code).toBe('CFG_INVALID');
    expect(e.details).toMatchObject({ line: 4, path: join(h.cfgDir, 'vt.cfg') });
    expect(e.message).toContain('line 4');
    expect(e.message).toContain('unknown value for format');
    expect(e.message).not.toMatch(/\.vt\.cfg\.xendeck-/); // the user's file, not the temp, is named
    expect(sessions.n).toBe(1);
    const badAction = GUEST(`on_reboot = "restart"\non_crash = "explode"\n`);
    const e2 = await rejection(files.write(h.cfgDir, 'vt.cfg', badAction, { expected: hash(GUEST('')) }));
    expect(e2).toMatchObject({ code: 'CFG_INVALID', details: expect.objectContaining({ line: 5 }) });
    expect(e2.message).toContain('Unknown on_crash action "explode" specified');
    expect(onDisk('vt.cfg').toString()).toBe(GUEST(''));
    expect(ours()).toEqual([]);
    expect(historyOf('vt.cfg')).toEqual([]);
    // and a good text goes through both checks
    const good = GUEST(`on_crash = "preserve"\n`);
    const w = await files.write(h.cfgDir, 'vt.cfg', good, { expected: hash(GUEST('')) });
    expect(w).toMatchObject({ sha256: hash(good), warnings: [] });
    expect(onDisk('vt.cfg').toString()).toBe(good);
  });
});

describe('FS-7 on a legacy xm host', () => {
  it('an xm script with Python is saved (no xl dry run there); an xl-style line that does not parse is refused', async () => {
    const { files, toolstack } = await checked({ host: hx });
    expect(toolstack.kind).toBe('xm');
    const seed = await files.read(hx.cfgDir, 'seed-hvm');
    expect(seed.text).toMatch(/^import os, re/);
    const edited = seed.text.replace(/^memory = 128$/m, 'memory = 192');
    expect(edited).not.toBe(seed.text);
    const w = await files.write(hx.cfgDir, 'seed-hvm', edited, { expected: seed.sha256 });
    expect(w.warnings).toEqual([]);
    expect(readFileSync(join(hx.cfgDir, 'seed-hvm'), 'utf8')).toBe(edited);
    const e = await rejection(files.write(hx.cfgDir, 'seed-hvm', 'name = "x"\nmemory = = 1\n', { expected: w.sha256 }));
    expect(e).toMatchObject({ code: 'CFG_INVALID', details: expect.objectContaining({ line: 2 }) });
    expect(readFileSync(join(hx.cfgDir, 'seed-hvm'), 'utf8')).toBe(edited);
  });
});

describe('FS-10: a lost reply to the rename is reconciled on the next connection', () => {
  const OLD = GUEST('vcpus = 1\n');
  const NEW = GUEST('vcpus = 2\n');

  it('request done, reply dropped → reported saved (reconciled), written once, no temp or lock left', async () => {
    writeFileSync(join(h.cfgDir, 'lost.cfg'), OLD);
    const { files } = await checked({ viaProxy: true });
    const hist = historyOf('lost.cfg').length;
    let cut = false;
    const w = await files.write(h.cfgDir, 'lost.cfg', NEW, {
      expected: hash(OLD),
      onStep: async (s: WriteStep) => {
        if (s !== 'renaming') return;
        proxy.drop('replies');
        await until(async () => onDisk('lost.cfg').toString(), (t) => t === NEW, 10_000);
        proxy.cut();
        cut = true;
      },
    });
    expect(cut).toBe(true);
    expect(w).toMatchObject({ sha256: hash(NEW), reconciled: true });
    expect(onDisk('lost.cfg').toString()).toBe(NEW);
    expect(ours()).toEqual([]);
    expect(historyOf('lost.cfg')).toHaveLength(hist + 1);
  });

  it('request lost → "not saved" (COMMAND_FAILED, outcome not-saved), the old file stays, and saving again works', async () => {
    writeFileSync(join(h.cfgDir, 'lost.cfg'), OLD);
    const { files } = await checked({ viaProxy: true });
    const e = await rejection(
      files.write(h.cfgDir, 'lost.cfg', NEW, {
        expected: hash(OLD),
        onStep: async (s: WriteStep) => {
          if (s !== 'renaming') return;
          proxy.drop('requests');
          await new Promise((r) => setTimeout(r, 200));
          proxy.cut();
        },
      }),
    );
    expect(e.code).toBe('COMMAND_FAILED');
    expect(e.details).toMatchObject({ outcome: 'not-saved' });
    expect(e.message).toMatch(/was not saved: the connection to .* was lost before the host replaced it/);
    expect(onDisk('lost.cfg').toString()).toBe(OLD);
    expect(ours()).toEqual([]);
    const again = await (await checked()).files.write(h.cfgDir, 'lost.cfg', NEW, { expected: hash(OLD) });
    expect(again.sha256).toBe(hash(NEW));
    expect(onDisk('lost.cfg').toString()).toBe(NEW);
  });

  it('host not back → HOST_UNREACHABLE "not known yet"; the next connection removes the temp and lock, logged, and leaves a young foreign temp alone (FS-3)', async () => {
    writeFileSync(join(h.cfgDir, 'lost.cfg'), OLD);
    const abandoned = new Set<string>();
    const { files } = await checked({ viaProxy: true, abandoned, reconnect: () => Promise.reject(new Error('still down')) });
    const e = await rejection(
      files.write(h.cfgDir, 'lost.cfg', NEW, {
        expected: hash(OLD),
        onStep: async (s: WriteStep) => {
          if (s !== 'renaming') return;
          proxy.drop('requests');
          await new Promise((r) => setTimeout(r, 200));
          proxy.cut();
        },
      }),
    );
    expect(e.code).toBe('HOST_UNREACHABLE');
    expect(e.details).toMatchObject({ outcome: 'unknown' });
    expect(e.hint).toMatch(/reload the file/);
    expect(onDisk('lost.cfg').toString()).toBe(OLD);
    const left = ours();
    expect(left).toEqual(expect.arrayContaining(['.lost.cfg.xendeck-lock']));
    expect(left.some((n) => /^\.lost\.cfg\.xendeck-[0-9a-f]{12}\.tmp$/.test(n))).toBe(true);
    expect(abandoned.size).toBe(2);
    // another XenDeck's save in progress (young) and a temp from an hour and more ago
    const young = '.other.cfg.xendeck-aaaaaaaaaaaa.tmp';
    const old = '.other.cfg.xendeck-bbbbbbbbbbbb.tmp';
    writeFileSync(join(h.cfgDir, young), 'x');
    writeFileSync(join(h.cfgDir, old), 'y');
    const past = new Date(Date.now() - 2 * 3600_000);
    utimesSync(join(h.cfgDir, old), past, past);
    const log: string[] = [];
    const next = new RemoteCfgFiles({ host: h.name, conn: await connection(), cfgDirs: [h.cfgDir], abandoned });
    const removed = await next.cleanStaleTemps(undefined, (l) => log.push(l));
    expect(removed).toHaveLength(3);
    expect(ours()).toEqual([young]);
    expect(abandoned.size).toBe(0);
    expect(log).toHaveLength(3);
    expect(log.join('\n')).toMatch(/removing the temp of an interrupted save .*\.lost\.cfg\.xendeck-/);
    expect(log.join('\n')).toMatch(/removing a stale XenDeck temp .*bbbbbbbbbbbb/);
    rmSync(join(h.cfgDir, young));
  });
});

describe('FS-11: two writers with the same expected hash', () => {
  it('exactly one succeeds, the other gets CFG_CONFLICT, and the file is the winner’s', async () => {
    const base = GUEST('vcpus = 1\n');
    writeFileSync(join(h.cfgDir, 'two.cfg'), base);
    const [a, b] = [await checked(), await checked()];
    // Both are past validation before either checks: the race the lock must settle.
    let arrived = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const barrier = async (s: WriteStep) => {
      if (s !== 'validated') return;
      if (++arrived === 2) release();
      await gate;
    };
    const texts = [GUEST('vcpus = 3\n'), GUEST('vcpus = 4\n')];
    const results = await Promise.allSettled([
      a.files.write(h.cfgDir, 'two.cfg', texts[0] as string, { expected: hash(base), onStep: barrier }),
      b.files.write(h.cfgDir, 'two.cfg', texts[1] as string, { expected: hash(base), onStep: barrier }),
    ]);
    const won = results.findIndex((r) => r.status === 'fulfilled');
    const lost = results.find((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(lost?.status === 'rejected' && (lost.reason as ApiError).code).toBe('CFG_CONFLICT');
    expect(onDisk('two.cfg').toString()).toBe(texts[won]);
    expect(ours()).toEqual([]);
  });
});

describe('FS-11: the save lock', () => {
  it('a lock held by another save makes this one CFG_CONFLICT, naming the lock; a lock left minutes ago is broken', async () => {
    const base = GUEST('vcpus = 1\n');
    writeFileSync(join(h.cfgDir, 'locked.cfg'), base);
    const lock = join(h.cfgDir, '.locked.cfg.xendeck-lock');
    writeFileSync(lock, '');
    const { files } = await checked();
    const e = await rejection(files.write(h.cfgDir, 'locked.cfg', GUEST('vcpus = 2\n'), { expected: hash(base) }));
    expect(e.code).toBe('CFG_CONFLICT');
    expect(e.message).toMatch(/another XenDeck\) is saving .*locked\.cfg/);
    expect(e.hint).toContain(lock);
    expect(onDisk('locked.cfg').toString()).toBe(base);
    expect(ours()).toEqual(['.locked.cfg.xendeck-lock']);
    const past = new Date(Date.now() - 10 * 60_000);
    utimesSync(lock, past, past);
    const w = await files.write(h.cfgDir, 'locked.cfg', GUEST('vcpus = 2\n'), { expected: hash(base) });
    expect(w.sha256).toBe(hash(GUEST('vcpus = 2\n')));
    expect(ours()).toEqual([]);
  });
});

describe('FS-5: links and metadata', () => {
  it('a save through a symlink writes the target and keeps the link; mode 0640 and group are kept', async () => {
    writeFileSync(join(h.cfgDir, 'real.cfg'), GUEST(''));
    chmodSync(join(h.cfgDir, 'real.cfg'), 0o640);
    chownSync(join(h.cfgDir, 'real.cfg'), 0, 4);
    symlinkSync('real.cfg', join(h.cfgDir, 'alias.cfg'));
    const { files } = await checked();
    const next = GUEST('vcpus = 2\n');
    const w = await files.write(h.cfgDir, 'alias.cfg', next, { expected: hash(GUEST('')) });
    expect(w.warnings).toEqual([]);
    expect(lstatSync(join(h.cfgDir, 'alias.cfg')).isSymbolicLink()).toBe(true);
    expect(onDisk('real.cfg').toString()).toBe(next);
    const st = statSync(join(h.cfgDir, 'real.cfg'));
    expect([st.mode & 0o777, st.uid, st.gid]).toEqual([0o640, 0, 4]);
  });

  it('a hard-linked file is saved with a warning that the other link keeps the old version', async () => {
    writeFileSync(join(h.cfgDir, 'hard.cfg'), GUEST(''));
    linkSync(join(h.cfgDir, 'hard.cfg'), join(dir, 'hard-elsewhere.cfg'));
    const { files } = await checked();
    const next = GUEST('vcpus = 2\n');
    const w = await files.write(h.cfgDir, 'hard.cfg', next, { expected: hash(GUEST('')) });
    expect(w.warnings).toHaveLength(1);
    expect(w.warnings[0]).toMatch(/had 2 hard links; .* the other links still show the old version/);
    expect(onDisk('hard.cfg').toString()).toBe(next);
    expect(readFileSync(join(dir, 'hard-elsewhere.cfg'), 'utf8')).toBe(GUEST(''));
  });
});

describe('FS-9: bytes and size', () => {
  it('CRLF and a missing final newline round-trip byte for byte', async () => {
    const f = await plain();
    for (const [name, text] of [
      ['crlf.cfg', 'name = "c"\r\nmemory = 256\r\n'],
      ['nonl.cfg', 'name = "n"\nmemory = 256'],
    ] as const) {
      writeFileSync(join(h.cfgDir, name), text);
      const r = await f.read(h.cfgDir, name);
      expect(r.text).toBe(text);
      await f.write(h.cfgDir, name, r.text, { expected: r.sha256 });
      expect(onDisk(name).equals(Buffer.from(text))).toBe(true);
    }
  });

  it('a 5 MiB file is refused cleanly on read and on write, nothing written', async () => {
    const f = await plain();
    const big = Buffer.alloc(5 * 1024 * 1024, 'a');
    writeFileSync(join(h.cfgDir, 'huge.cfg'), big);
    expect(await rejection(f.read(h.cfgDir, 'huge.cfg'))).toMatchObject({ code: 'CFG_EDIT_REFUSED', message: expect.stringMatching(/5242880 bytes, more than the 1048576 bytes/) });
    writeFileSync(join(h.cfgDir, 'small.cfg'), 'memory = 1\n');
    const e = await rejection(f.write(h.cfgDir, 'small.cfg', big, { expected: 'force' }));
    expect(e.code).toBe('CFG_EDIT_REFUSED');
    expect(e.message).toMatch(/nothing was written/);
    expect(onDisk('small.cfg').toString()).toBe('memory = 1\n');
    expect(ours()).toEqual([]);
  });
});

describe('FS-3: the autostart directory is never written', () => {
  it('a save through a link in auto/ writes the cfg beside it; a regular file in auto/ is refused; auto/ is unchanged', async () => {
    const auto = join(h.cfgDir, 'auto');
    mkdirSync(auto, { recursive: true });
    writeFileSync(join(h.cfgDir, 'boot.cfg'), GUEST(''));
    symlinkSync('../boot.cfg', join(auto, 'boot.cfg'));
    writeFileSync(join(auto, 'plain.cfg'), GUEST(''));
    const snapshot = () => readdirSync(auto).map((n) => [n, lstatSync(join(auto, n)).mtimeMs]);
    const before = snapshot();
    const f = await plain({ cfgDirs: [h.cfgDir, auto], autostartDir: auto });
    const next = GUEST('vcpus = 2\n');
    await f.write(auto, 'boot.cfg', next, { expected: hash(GUEST('')) });
    expect(onDisk('boot.cfg').toString()).toBe(next);
    const e = await rejection(f.write(auto, 'plain.cfg', next, { expected: 'force' }));
    expect(e.code).toBe('CFG_EDIT_REFUSED');
    expect(e.message).toMatch(/autostart directory/);
    expect(snapshot()).toEqual(before);
  });
});

// Remote cfg files over SFTP against a simulated xl dom0 (issue 5 §7): read with a hash, the FS-1
// atomic write, history (FS-6), compare-and-swap against an edit behind XenDeck's back (FS-4),
// hostile names and links (IN-8), and a connection cut at every step of a large write (FS-1, FS-3).
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '@shared/api/errors';
import { HostConnection } from '../../../src-main/core/hosts/connection';
import { KnownHosts } from '../../../src-main/core/hosts/known-hosts';
import { MemorySecrets } from '../../../src-main/core/store/secrets';
import { RemoteCfgFiles, type WriteStep } from '../../../src-main/core/remote/sftp-files';
import { killSshd, restartSshd, startHosts, stopHosts, type HostInfo } from '../../dom0-sim';

const dir = mkdtempSync(join(tmpdir(), 'xendeck-sftp-'));
let h: HostInfo;
const open: HostConnection[] = [];

beforeAll(async () => {
  [h] = (await startHosts({ count: 1, legacy: 0, dir })) as [HostInfo];
});
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});
afterAll(async () => {
  await stopHosts(dir);
  rmSync(dir, { recursive: true, force: true });
});

async function files(o: { historyKeep?: number } = {}): Promise<RemoteCfgFiles> {
  const c = new HostConnection({
    profile: { name: h.name, address: h.address, port: h.port, user: h.user, auth: { method: 'key', keyFile: h.identityFile }, hostKeyFingerprint: h.hostKeyFingerprint },
    knownHosts: new KnownHosts(),
    secrets: new MemorySecrets(),
  });
  open.push(c);
  await c.connect();
  return new RemoteCfgFiles({ host: h.name, conn: c, cfgDirs: [h.cfgDir], ...o });
}

const hash = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const onDisk = (name: string) => readFileSync(join(h.cfgDir, name));
const historyDir = () => join(h.cfgDir, '.xendeck-history');

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('remote cfg files over SFTP', () => {
  it('lists the cfg files and reads one with its SHA-256', async () => {
    const f = await files();
    const names = (await f.list()).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['seed-hvm.cfg', 'win2003.cfg', 'multidisk.cfg']));
    const c = await f.read(h.cfgDir, 'win2003.cfg');
    expect(c.sha256).toBe(hash(onDisk('win2003.cfg')));
    expect(c.text).toBe(onDisk('win2003.cfg').toString('utf8'));
  });

  it('FS-1/FS-5/FS-6: writes atomically, keeps the mode, keeps a 0600 copy of the old version and restores it', async () => {
    writeFileSync(join(h.cfgDir, 'web.cfg'), 'name = "web"\nmemory = 256\n');
    chmodSync(join(h.cfgDir, 'web.cfg'), 0o640);
    const f = await files();
    const v1 = await f.read(h.cfgDir, 'web.cfg');
    const w = await f.write(h.cfgDir, 'web.cfg', 'name = "web"\nmemory = 512\n', { expected: v1.sha256 });
    expect(onDisk('web.cfg').toString()).toBe('name = "web"\nmemory = 512\n');
    expect(w.sha256).toBe(hash(onDisk('web.cfg')));
    expect(statSync(join(h.cfgDir, 'web.cfg')).mode & 0o777).toBe(0o640);
    const hist = await f.history(h.cfgDir, 'web.cfg');
    expect(hist).toHaveLength(1);
    expect(hist[0]?.id).toBe(w.historyId);
    expect(readFileSync(join(historyDir(), hist[0]?.id as string)).toString()).toBe(v1.text);
    expect(statSync(join(historyDir(), hist[0]?.id as string)).mode & 0o777).toBe(0o600);
    await f.restore(h.cfgDir, 'web.cfg', hist[0]?.id as string, w.sha256);
    expect(onDisk('web.cfg').toString()).toBe(v1.text);
    expect(readdirSync(h.cfgDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('FS-6: keeps no more history copies than configured', async () => {
    writeFileSync(join(h.cfgDir, 'count.cfg'), 'memory = 0\n');
    const f = await files({ historyKeep: 3 });
    let sha = (await f.read(h.cfgDir, 'count.cfg')).sha256;
    for (let i = 1; i <= 5; i++) sha = (await f.write(h.cfgDir, 'count.cfg', `memory = ${i}\n`, { expected: sha })).sha256;
    const hist = await f.history(h.cfgDir, 'count.cfg');
    expect(hist).toHaveLength(3);
    const kept = await Promise.all(hist.map((e) => f.readHistory(h.cfgDir, 'count.cfg', e.id)));
    expect(kept.map(String)).toEqual(['memory = 4\n', 'memory = 3\n', 'memory = 2\n']);
  });

  it('FS-4: refuses with CFG_CONFLICT when the file was edited on the host since it was read', async () => {
    writeFileSync(join(h.cfgDir, 'cas.cfg'), 'memory = 256\n');
    const f = await files();
    const mine = await f.read(h.cfgDir, 'cas.cfg');
    writeFileSync(join(h.cfgDir, 'cas.cfg'), 'memory = 1024 # edited by hand\n');
    const e = await rejection(f.write(h.cfgDir, 'cas.cfg', 'memory = 512\n', { expected: mine.sha256 }));
    expect(e.code).toBe('CFG_CONFLICT');
    expect(e.message).toContain(`was changed on ${h.name} since you opened it`);
    expect(e.hint).toBeTruthy();
    expect(onDisk('cas.cfg').toString()).toBe('memory = 1024 # edited by hand\n');
    // an edit in the last moment, after the temp was written and before the rename
    const again = await f.read(h.cfgDir, 'cas.cfg');
    const late = await rejection(
      f.write(h.cfgDir, 'cas.cfg', 'memory = 768\n', {
        expected: again.sha256,
        onStep: (s) => void (s === 'closed' && writeFileSync(join(h.cfgDir, 'cas.cfg'), 'memory = 2048\n')),
      }),
    );
    expect(late.code).toBe('CFG_CONFLICT');
    expect(onDisk('cas.cfg').toString()).toBe('memory = 2048\n');
    await f.write(h.cfgDir, 'cas.cfg', 'memory = 768\n', { expected: 'force' });
    expect(onDisk('cas.cfg').toString()).toBe('memory = 768\n');
    expect(readdirSync(h.cfgDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('IN-8: refuses hostile names and a link out of the cfg directory, sending nothing', async () => {
    const f = await files();
    for (const bad of ['../../etc/passwd', 'a/b.cfg', '.xendeck-history', '..', 'a\nb.cfg', '']) {
      expect((await rejection(f.read(h.cfgDir, bad))).code).toBe('INVALID_INPUT');
      expect((await rejection(f.write(h.cfgDir, bad, 'x', { expected: 'force' }))).code).toBe('INVALID_INPUT');
    }
    expect((await rejection(f.read('/etc', 'passwd'))).code).toBe('INVALID_INPUT');
    expect((await rejection(f.read(`${h.cfgDir}/../..`, 'host.json'))).code).toBe('INVALID_INPUT');
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'root secret\n');
    symlinkSync(secret, join(h.cfgDir, 'evil.cfg'));
    expect((await rejection(f.read(h.cfgDir, 'evil.cfg'))).code).toBe('CFG_EDIT_REFUSED');
    expect((await rejection(f.write(h.cfgDir, 'evil.cfg', 'x', { expected: 'force' }))).code).toBe('CFG_EDIT_REFUSED');
    expect(readFileSync(secret, 'utf8')).toBe('root secret\n');
    rmSync(join(h.cfgDir, 'evil.cfg'));
    // a hostile but legal name is just a file name
    const odd = "$(id);`x` 'q' -n.cfg";
    await f.write(h.cfgDir, odd, 'memory = 1\n', { expected: null });
    expect(onDisk(odd).toString()).toBe('memory = 1\n');
    rmSync(join(h.cfgDir, odd));
  });

  it('FS-1/FS-3: a connection cut at any step of a large write leaves the old or the new file, and the stale temp is removed', async () => {
    const old = Buffer.from(`# old\n${'memory = 256\n'.repeat(20_000)}`);
    const next = Buffer.from(`# new\n${'memory = 512\n'.repeat(70_000)}`); // ~900 KB, 28 chunks
    writeFileSync(join(h.cfgDir, 'big.cfg'), old);
    const points: [WriteStep, number][] = [
      ['opened', 0],
      ['writing', 32 * 1024],
      ['writing', 15 * 32 * 1024],
      ['synced', -1],
      ['closed', -1],
      ['checked', -1],
      ['history', -1],
      ['renamed', -1],
    ];
    for (const [point, at] of points) {
      const before = onDisk('big.cfg');
      const f = await files();
      const cur = await f.read(h.cfgDir, 'big.cfg');
      let cut = false;
      const res = await f
        .write(h.cfgDir, 'big.cfg', next, {
          expected: cur.sha256,
          onStep: async (s, n) => {
            if (cut || s !== point || (at >= 0 && n !== at)) return;
            cut = true;
            await killSshd(dir, h.name);
          },
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(cut, point).toBe(true);
      if (point !== 'renamed') expect((res as ApiError).code, point).toBe('HOST_UNREACHABLE');
      const after = onDisk('big.cfg');
      expect(after.equals(before) || after.equals(next), `${point}: the file is whole`).toBe(true);
      if (point === 'renamed') expect(after.equals(next)).toBe(true);
      else expect(after.equals(before), point).toBe(true);
      await restartSshd(dir, h.name);
      const again = await files();
      const temps = await again.cleanStaleTemps(0);
      // FS-3/FS-11: neither the temp nor the save lock outlives the cut
      expect(readdirSync(h.cfgDir).filter((n) => n.endsWith('.tmp') || n.endsWith('.xendeck-lock')), point).toEqual([]);
      expect(temps.every((p) => p.includes('.big.cfg.xendeck-'))).toBe(true);
      writeFileSync(join(h.cfgDir, 'big.cfg'), old);
    }
  });
});

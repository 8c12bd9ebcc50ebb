// Cached cfg texts (issue 5 §6, RS-10): private files in the data dir, bounded, answered only
// when the host is offline and then marked with cachedAt; never a cached answer while online.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/shared/api/errors';
import type { RemoteCfgFiles } from '../../../src-main/core/remote/sftp-files';
import { CfgTextCache, MAX_BYTES, MAX_TEXT_BYTES } from '../../../src-main/core/services/cfg-cache';
import { listCfgFiles, readCfgFile, type CachedCfgDeps } from '../../../src-main/core/services/cfg-cache-read';

const tmp = mkdtempSync(join(tmpdir(), 'xendeck-cfgcache-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const unreachable = () => new ApiError({ code: 'HOST_UNREACHABLE', message: 'dom0-1 is not connected.' });

/** A host whose files answer from TEXTS while `up`, and fail like a dropped connection otherwise. */
function host(cache: CfgTextCache, texts: Map<string, string>) {
  const state = { up: true, reads: 0 };
  const files = {
    read: async (dir: string, name: string) => {
      if (!state.up) throw unreachable();
      state.reads++;
      const text = texts.get(name);
      if (text === undefined) throw new ApiError({ code: 'FILE_NOT_FOUND', message: `${name} does not exist.` });
      return { dir, name, size: text.length, mtime: 1700000000, text, bytes: Buffer.from(text), sha256: createHash('sha256').update(text).digest('hex'), mode: 0o644 };
    },
    list: async () => {
      if (!state.up) throw unreachable();
      return [...texts.keys()].map((name) => ({ dir: '/etc/xen', name, size: 1, mtime: 1700000000 }));
    },
  } as unknown as RemoteCfgFiles; // only read and list are used here
  const deps: CachedCfgDeps = {
    hostId: 'host-1',
    cfgDirs: ['/etc/xen'],
    cache,
    files: async () => {
      if (!state.up) throw unreachable();
      return files;
    },
    online: () => state.up,
  };
  return { deps, state };
}

describe('cfg text cache', () => {
  it('RS-10: offline, read and list answer from the cache with cachedAt; online never from the cache', async () => {
    const dir = join(tmp, 'a');
    const cache = new CfgTextCache(dir, () => new Date('2026-11-25T08:00:00.000Z'));
    const texts = new Map([['win.cfg', 'name = "win"\nvncpasswd = "secret"\n']]);
    const { deps, state } = host(cache, texts);
    const online = await readCfgFile(deps, '/etc/xen', 'win.cfg');
    expect(online).toEqual({ dir: '/etc/xen', name: 'win.cfg', size: 34, mtime: 1700000000, text: texts.get('win.cfg'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), mode: 0o644 });
    expect(online).not.toHaveProperty('cachedAt');
    // the host changes the file: online, XenDeck shows the host's text, not the cache's
    texts.set('win.cfg', 'name = "win"\nmemory = 512\n');
    expect((await readCfgFile(deps, '/etc/xen', 'win.cfg')).text).toBe('name = "win"\nmemory = 512\n');
    expect(state.reads).toBe(2);
    state.up = false;
    const cached = await readCfgFile(deps, '/etc/xen', 'win.cfg');
    expect(cached).toMatchObject({ text: 'name = "win"\nmemory = 512\n', mode: 0o644, mtime: 1700000000, cachedAt: '2026-11-25T08:00:00.000Z' });
    expect(await listCfgFiles(deps)).toEqual([{ dir: '/etc/xen', name: 'win.cfg', size: 26, mtime: 1700000000, cachedAt: '2026-11-25T08:00:00.000Z' }]);
    // never cached: the host's error
    await expect(readCfgFile(deps, '/etc/xen', 'other.cfg')).rejects.toMatchObject({ code: 'HOST_UNREACHABLE' });
    // a new process (the app restarted) still has it
    const { deps: deps2 } = host(new CfgTextCache(dir), texts);
    deps2.online = () => false;
    deps2.files = async () => Promise.reject(unreachable());
    expect((await readCfgFile(deps2, '/etc/xen', 'win.cfg')).cachedAt).toBe('2026-11-25T08:00:00.000Z');
  });

  it('a missing file online is the host\'s error, not a cached text', async () => {
    const cache = new CfgTextCache(join(tmp, 'b'));
    const texts = new Map([['a.cfg', 'name = "a"\n']]);
    const { deps } = host(cache, texts);
    await readCfgFile(deps, '/etc/xen', 'a.cfg');
    texts.delete('a.cfg');
    await expect(readCfgFile(deps, '/etc/xen', 'a.cfg')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    // the full listing drops texts of files gone from the host
    await listCfgFiles(deps);
    expect(await cache.list('host-1')).toEqual([]);
  });

  it('files are 0600 in 0700 directories, names are encoded, and remove forgets the host', async () => {
    const dir = join(tmp, 'c');
    const cache = new CfgTextCache(dir);
    await cache.remember('host/../1', [{ dir: '/etc/xen/', name: '../x y;$(id)', text: 'name = "x"\n' }], { complete: ['/etc/xen'] });
    const hostDir = join(dir, 'cfg-cache', encodeURIComponent('host/../1'));
    expect(readdirSync(join(dir, 'cfg-cache'))).toEqual([encodeURIComponent('host/../1')]);
    expect(statSync(hostDir).mode & 0o777).toBe(0o700);
    expect(readdirSync(hostDir).sort()).toEqual(['%2Fetc%2Fxen', 'index.json']);
    expect(statSync(join(hostDir, '%2Fetc%2Fxen')).mode & 0o777).toBe(0o700);
    const textFile = join(hostDir, '%2Fetc%2Fxen', encodeURIComponent('../x y;$(id)'));
    expect(statSync(textFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(hostDir, 'index.json')).mode & 0o777).toBe(0o600);
    // the inventory does not stat: mtime and mode unknown (0), the hash is of the text
    expect(await cache.read('host/../1', '/etc/xen', '../x y;$(id)')).toMatchObject({ text: 'name = "x"\n', mtime: 0, mode: 0, size: 11 });
    await cache.remove('host/../1');
    expect(existsSync(hostDir)).toBe(false);
  });

  it('is bounded: the least recently seen files go first', async () => {
    let t = 0;
    const cache = new CfgTextCache(join(tmp, 'd'), () => new Date(Date.UTC(2026, 0, 1, 0, 0, t++)));
    const big = (c: string) => `# ${c.repeat(MAX_TEXT_BYTES - 10)}\n`;
    await cache.remember('h', [{ dir: '/etc/xen', name: 'old.cfg', text: big('o') }]);
    for (let i = 0; i < MAX_BYTES / MAX_TEXT_BYTES; i++) await cache.remember('h', [{ dir: '/etc/xen', name: `g${i}.cfg`, text: big('g') }]);
    const names = (await cache.list('h')).map((f) => f.name);
    expect(names).toHaveLength(MAX_BYTES / MAX_TEXT_BYTES);
    expect(names).not.toContain('old.cfg');
    expect(await cache.read('h', '/etc/xen', 'old.cfg')).toBeNull();
    // a text over the per-file bound is not cached at all
    await cache.remember('h', [{ dir: '/etc/xen', name: 'huge.cfg', text: big('hh') }]);
    expect(await cache.read('h', '/etc/xen', 'huge.cfg')).toBeNull();
  });
});

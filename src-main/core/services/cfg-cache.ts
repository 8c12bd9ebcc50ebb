// The cfg texts XenDeck has read from each host, kept in the data directory so an offline host
// still shows them as last seen, read-only (issue 5 §6, RS-10). Cfgs may hold VNC passwords: the
// directories are 0700 and the files 0600. Layout:
//   <dataDir>/cfg-cache/<host id>/index.json              what is cached, with hashes and times
//   <dataDir>/cfg-cache/<host id>/<enc(dir)>/<enc(name)>  one text per file
// (enc = encodeURIComponent, so no remote name can climb out or collide with index.json: every
// directory entry starts with %2F). Bounded: MAX_FILES files and MAX_BYTES of text per host, the
// least recently seen go first.
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic-file';

export const MAX_FILES = 256;
export const MAX_BYTES = 8 * 1024 * 1024;
/** One cfg larger than this is not cached (a guest cfg is a few KiB; FS-9). */
export const MAX_TEXT_BYTES = 1024 * 1024;
/** An unchanged index is rewritten at most this often just to move "last seen" forward. */
const SEEN_WRITE_MS = 60_000;
const VERSION = 1;
/** Longest encoded path component written (file systems allow 255 bytes). */
const MAX_COMPONENT = 240;

export interface CachedCfgMeta {
  dir: string;
  name: string;
  size: number;
  /** Seconds since the epoch; 0 when only the inventory read the file (it does not stat). */
  mtime: number;
  /** Permission bits; 0 when unknown, as mtime. */
  mode: number;
  sha256: string;
  /** ISO time the text was last seen on the host. */
  cachedAt: string;
}

export interface CachedCfgText extends CachedCfgMeta {
  text: string;
}

/** A file as just read from the host; metadata only when the reader had it (SFTP does). */
export interface SeenCfg {
  dir: string;
  name: string;
  text: string;
  sha256?: string;
  mtime?: number;
  mode?: number;
}

function hash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function key(dir: string, name: string): string {
  return `${dir}\0${name}`;
}

/** `/etc/xen/` and `/etc/xen` are one directory. */
export function cacheDir(dir: string): string {
  return dir.length > 1 ? dir.replace(/\/+$/, '') : dir;
}

export class CfgTextCache {
  private readonly index = new Map<string, Map<string, CachedCfgMeta>>();
  private readonly lastIndexWrite = new Map<string, number>();
  /** Writes of one host one after the other (the inventory and cfgFiles.read may overlap). */
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(
    private readonly dataDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private hostDir(hostId: string): string {
    return join(this.dataDir, 'cfg-cache', encodeURIComponent(hostId));
  }

  private textPath(hostId: string, dir: string, name: string): string | null {
    const d = encodeURIComponent(dir);
    const n = encodeURIComponent(name);
    if (d.length > MAX_COMPONENT || n.length > MAX_COMPONENT) return null;
    return join(this.hostDir(hostId), d, n);
  }

  private serial<T>(hostId: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.chains.get(hostId) ?? Promise.resolve()).then(fn, fn);
    this.chains.set(
      hostId,
      run.catch(() => undefined),
    );
    return run;
  }

  private async load(hostId: string): Promise<Map<string, CachedCfgMeta>> {
    let m = this.index.get(hostId);
    if (m !== undefined) return m;
    m = new Map();
    try {
      const raw = JSON.parse(await readFile(join(this.hostDir(hostId), 'index.json'), 'utf8')) as { version?: unknown; files?: CachedCfgMeta[] };
      if (raw.version === VERSION && Array.isArray(raw.files)) {
        for (const f of raw.files) if (typeof f?.dir === 'string' && typeof f.name === 'string' && typeof f.sha256 === 'string') m.set(key(f.dir, f.name), f);
      }
    } catch {
      // no cache yet, or unreadable: a cache is never worth an error
    }
    this.index.set(hostId, m);
    return m;
  }

  /** Private directories even when the data directory or an old cache was made with looser modes. */
  private async ensureDir(path: string): Promise<void> {
    await mkdir(path, { recursive: true, mode: 0o700 });
    await chmod(path, 0o700);
  }

  /**
   * Records files just read from the host. `complete` names directories that were listed in full
   * (an inventory read, cfgFiles.list): cached files of those directories not among `files` are
   * gone from the host and are dropped.
   */
  remember(hostId: string, files: SeenCfg[], opts: { complete?: string[] } = {}): Promise<void> {
    return this.serial(hostId, async () => {
      const m = await this.load(hostId);
      const at = this.now();
      let changed = false;
      const seen = new Set<string>();
      for (const f of files) {
        const dir = cacheDir(f.dir);
        const k = key(dir, f.name);
        seen.add(k);
        const size = Buffer.byteLength(f.text, 'utf8');
        const path = this.textPath(hostId, dir, f.name);
        if (size > MAX_TEXT_BYTES || path === null) continue;
        const sha256 = f.sha256 ?? hash(f.text);
        const prev = m.get(k);
        const same = prev?.sha256 === sha256;
        const meta: CachedCfgMeta = {
          dir,
          name: f.name,
          size,
          mtime: f.mtime ?? (same ? (prev?.mtime ?? 0) : 0),
          mode: f.mode ?? (same ? (prev?.mode ?? 0) : 0),
          sha256,
          cachedAt: at.toISOString(),
        };
        if (!same) {
          await this.ensureDir(this.hostDir(hostId));
          await this.ensureDir(join(this.hostDir(hostId), encodeURIComponent(dir)));
          await writeFileAtomic(path, f.text, 0o600);
          changed = true;
        } else if (prev.mtime !== meta.mtime || prev.mode !== meta.mode) changed = true;
        m.set(k, meta);
      }
      changed = (await this.pruneMissing(hostId, m, seen, opts.complete ?? [])) || changed;
      changed = (await this.bound(hostId, m)) || changed;
      const last = this.lastIndexWrite.get(hostId) ?? 0;
      if (changed || at.getTime() - last >= SEEN_WRITE_MS) await this.writeIndex(hostId, m);
    });
  }

  /** After a full listing of DIRS (cfgFiles.list): cached files there that were not listed are gone. */
  forget(hostId: string, present: { dir: string; name: string }[], dirs: string[]): Promise<void> {
    return this.serial(hostId, async () => {
      const m = await this.load(hostId);
      if (await this.pruneMissing(hostId, m, new Set(present.map((f) => key(cacheDir(f.dir), f.name))), dirs)) await this.writeIndex(hostId, m);
    });
  }

  private async pruneMissing(hostId: string, m: Map<string, CachedCfgMeta>, present: Set<string>, dirs: string[]): Promise<boolean> {
    const complete = new Set(dirs.map(cacheDir));
    let changed = false;
    for (const [k, meta] of [...m]) {
      if (complete.has(meta.dir) && !present.has(k)) {
        await this.drop(hostId, m, k, meta);
        changed = true;
      }
    }
    return changed;
  }

  private async writeIndex(hostId: string, m: Map<string, CachedCfgMeta>): Promise<void> {
    await this.ensureDir(this.hostDir(hostId));
    await writeFileAtomic(join(this.hostDir(hostId), 'index.json'), `${JSON.stringify({ version: VERSION, files: [...m.values()] })}\n`, 0o600);
    this.lastIndexWrite.set(hostId, this.now().getTime());
  }

  private async drop(hostId: string, m: Map<string, CachedCfgMeta>, k: string, meta: CachedCfgMeta): Promise<void> {
    m.delete(k);
    const path = this.textPath(hostId, meta.dir, meta.name);
    if (path !== null) await rm(path, { force: true });
  }

  /** Least recently seen first, until the host is within MAX_FILES and MAX_BYTES. */
  private async bound(hostId: string, m: Map<string, CachedCfgMeta>): Promise<boolean> {
    let total = 0;
    for (const meta of m.values()) total += meta.size;
    if (m.size <= MAX_FILES && total <= MAX_BYTES) return false;
    const oldest = [...m].sort((a, b) => a[1].cachedAt.localeCompare(b[1].cachedAt));
    for (const [k, meta] of oldest) {
      if (m.size <= MAX_FILES && total <= MAX_BYTES) break;
      total -= meta.size;
      await this.drop(hostId, m, k, meta);
    }
    return true;
  }

  /** The cached text, or null (never cached, evicted, or unreadable). */
  async read(hostId: string, dir: string, name: string): Promise<CachedCfgText | null> {
    const m = await this.load(hostId);
    const meta = m.get(key(cacheDir(dir), name));
    const path = meta && this.textPath(hostId, meta.dir, meta.name);
    if (!meta || !path) return null;
    try {
      return { ...meta, text: await readFile(path, 'utf8') };
    } catch {
      return null;
    }
  }

  /** Every cached file of the host, sorted as cfgFiles.list sorts. */
  async list(hostId: string): Promise<CachedCfgMeta[]> {
    const m = await this.load(hostId);
    return [...m.values()].sort((a, b) => a.dir.localeCompare(b.dir) || a.name.localeCompare(b.name));
  }

  /** Forgets everything cached for the host (the host was removed). */
  remove(hostId: string): Promise<void> {
    return this.serial(hostId, async () => {
      this.index.delete(hostId);
      this.lastIndexWrite.delete(hostId);
      await rm(this.hostDir(hostId), { recursive: true, force: true });
    });
  }
}

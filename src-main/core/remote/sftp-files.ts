// Guest cfg files on a dom0 over SFTP, on the host's one connection (issue 5 §7): list, read with
// a SHA-256, replace atomically with compare-and-swap (FS-1, FS-2, FS-4), keep a 0600 history copy
// of the version replaced (FS-6), restore from it, and remove the temps a cut connection left
// (FS-3). Names are plain file names inside the profile's cfg directories (IN-8).
import { createHash, randomBytes } from 'node:crypto';
import type { SFTPWrapper } from 'ssh2';
import { ApiError } from '@shared/api/errors';
import { SftpOps } from './sftp-ops';
import { baseOf, checkCfgName, HISTORY_DIR, historyStamp, historyTime, isOurTemp, join, normalizeDir, parentOf, tempName } from './cfg-paths';

export interface SftpProvider {
  sftp(opts?: { signal?: AbortSignal }): Promise<{ sftp: SFTPWrapper; release: () => void }>;
}

export interface CfgFileEntry {
  dir: string;
  name: string;
  size: number;
  /** Seconds since the epoch (SFTP v3 resolution). */
  mtime: number;
}

export interface CfgFileContent extends CfgFileEntry {
  /** The file's bytes (FS-9: kept as bytes; `text` is their UTF-8 reading). */
  bytes: Buffer;
  text: string;
  sha256: string;
  mode: number;
}

export interface HistoryEntry {
  /** The history file's name, to pass to `restore`. */
  id: string;
  /** ISO UTC time the version was replaced. */
  at: string;
  size: number;
}

export type WriteStep = 'opened' | 'writing' | 'synced' | 'closed' | 'checked' | 'history' | 'renamed';

export interface WriteOptions {
  /** SHA-256 of the version the user edited; null for a new file; 'force' overwrites whatever is there. */
  expected: string | null | 'force';
  /** Called after each step of the write protocol (tests cut the connection here). */
  onStep?: (step: WriteStep, bytesWritten: number) => void | Promise<void>;
}

export interface RemoteCfgFilesOptions {
  host: string;
  conn: SftpProvider;
  cfgDirs: string[];
  /** History copies kept per file (FS-6); 0 keeps none. */
  historyKeep?: number;
  /** FS-9: larger files are not guest cfgs. */
  maxBytes?: number;
  now?: () => Date;
}

export const DEFAULT_HISTORY_KEEP = 20;
export const MAX_CFG_BYTES = 1024 * 1024;
const CHUNK = 32 * 1024;

export function sha256(b: Buffer | string): string {
  return createHash('sha256').update(b).digest('hex');
}

export class RemoteCfgFiles {
  private readonly dirs: string[];
  private readonly keep: number;
  private readonly max: number;

  constructor(private readonly o: RemoteCfgFilesOptions) {
    this.dirs = o.cfgDirs.map(normalizeDir);
    this.keep = o.historyKeep ?? DEFAULT_HISTORY_KEEP;
    this.max = o.maxBytes ?? MAX_CFG_BYTES;
  }

  private async session<T>(fn: (ops: SftpOps) => Promise<T>): Promise<T> {
    const { sftp, release } = await this.o.conn.sftp();
    try {
      return await fn(new SftpOps(sftp, this.o.host));
    } finally {
      release();
    }
  }

  private checkDir(dir: string): string {
    const d = normalizeDir(dir);
    if (!this.dirs.includes(d)) {
      throw new ApiError({
        code: 'INVALID_INPUT',
        message: `${d} is not one of the cfg directories of ${this.o.host} (${this.dirs.join(', ')}).`,
        hint: 'Add the directory to the host settings first.',
        details: { field: 'dir', host: this.o.host },
      });
    }
    return d;
  }

  /**
   * The path to read or replace: DIR/NAME, or the target of a symlink there as long as that
   * target is itself inside a cfg directory (FS-5; a link to /root/secret is refused, IN-8).
   */
  private async resolve(ops: SftpOps, dir: string, name: string): Promise<{ path: string; exists: boolean }> {
    const path = join(this.checkDir(dir), checkCfgName(name));
    let isLink = false;
    try {
      isLink = (await ops.lstat(path)).isSymbolicLink();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'FILE_NOT_FOUND') return { path, exists: false };
      throw e;
    }
    if (!isLink) return { path, exists: true };
    const real = await ops.realpath(path);
    const realDirs = await Promise.all(this.dirs.map((d) => ops.realpath(d).catch(() => d)));
    if (!realDirs.includes(parentOf(real)) || baseOf(real).startsWith('.')) {
      throw new ApiError({
        code: 'CFG_EDIT_REFUSED',
        message: `${path} on ${this.o.host} is a link to ${real}, outside the cfg directories, so XenDeck does not open it.`,
        hint: 'Edit that file on the host by hand, or replace the link by a regular file.',
        details: { host: this.o.host, path },
      });
    }
    return { path: real, exists: true };
  }

  /** Regular files and links in every cfg directory; dot-files (temps, history) are not cfgs. */
  async list(): Promise<CfgFileEntry[]> {
    return this.session(async (ops) => {
      const out: CfgFileEntry[] = [];
      for (const dir of this.dirs) {
        let entries: Awaited<ReturnType<SftpOps['readdir']>>;
        try {
          entries = await ops.readdir(dir);
        } catch (e) {
          if (e instanceof ApiError && e.code === 'FILE_NOT_FOUND') continue;
          throw e;
        }
        for (const e of entries) {
          if (e.filename.startsWith('.') || !(e.attrs.isFile() || e.attrs.isSymbolicLink())) continue;
          out.push({ dir, name: e.filename, size: e.attrs.size, mtime: e.attrs.mtime });
        }
      }
      return out.sort((a, b) => a.dir.localeCompare(b.dir) || a.name.localeCompare(b.name));
    });
  }

  async read(dir: string, name: string): Promise<CfgFileContent> {
    return this.session(async (ops) => {
      const { path, exists } = await this.resolve(ops, dir, name);
      if (!exists) throw ops.error({ code: 2 }, 'read', path);
      return this.readAt(ops, dir, name, path);
    });
  }

  private async readAt(ops: SftpOps, dir: string, name: string, path: string): Promise<CfgFileContent> {
    const { bytes, stats } = await ops.readAll(path, this.max);
    return { dir: normalizeDir(dir), name, size: bytes.length, mtime: stats.mtime, bytes, text: bytes.toString('utf8'), sha256: sha256(bytes), mode: stats.mode & 0o7777 };
  }

  /** Replaces DIR/NAME with DATA by the FS-1 protocol; returns the new content's hash. */
  async write(dir: string, name: string, data: Buffer | string, opts: WriteOptions): Promise<{ sha256: string; historyId: string | null }> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (bytes.length > this.max) {
      throw new ApiError({ code: 'CFG_EDIT_REFUSED', message: `The new ${name} is ${bytes.length} bytes, more than the ${this.max} bytes a guest cfg may have.`, details: { host: this.o.host } });
    }
    const step = async (s: WriteStep, n: number) => {
      await opts.onStep?.(s, n);
    };
    return this.session(async (ops) => {
      if (!ops.supports('posix-rename@openssh.com')) {
        // FS-2: without an atomic rename there is no safe way to replace the file.
        throw new ApiError({
          code: 'CFG_EDIT_REFUSED',
          message: `The SFTP server of ${this.o.host} cannot replace files atomically (no posix-rename@openssh.com), so XenDeck does not write ${name} there.`,
          hint: 'Use OpenSSH’s sftp-server on the host, or edit the file there by hand.',
          details: { host: this.o.host },
        });
      }
      const { path, exists } = await this.resolve(ops, dir, name);
      const before = exists ? await this.readAt(ops, dir, name, path) : null;
      this.compare(path, before, opts.expected);
      const target = await (exists ? ops.stat(path) : null);
      const tmp = join(parentOf(path), tempName(baseOf(path), randomBytes(6).toString('hex')));
      const h = await ops.open(tmp, 'wx', 0o600);
      let renamed = false;
      try {
        await step('opened', 0);
        for (let pos = 0; pos < bytes.length; pos += CHUNK) {
          await ops.write(h, tmp, bytes.subarray(pos, pos + CHUNK), pos);
          await step('writing', Math.min(pos + CHUNK, bytes.length));
        }
        const written = await ops.fstat(h, tmp);
        if (written.size !== bytes.length) {
          throw new ApiError({ code: 'COMMAND_FAILED', message: `${this.o.host} stored ${written.size} of ${bytes.length} bytes of ${name}; the file was not replaced.`, details: { host: this.o.host } });
        }
        if (ops.supports('fsync@openssh.com')) await ops.fsync(h, tmp);
        await step('synced', bytes.length);
        if (target !== null) {
          if (target.uid !== written.uid || target.gid !== written.gid) await ops.fchown(h, tmp, target.uid, target.gid);
          await ops.fchmod(h, tmp, target.mode & 0o7777);
        }
        await ops.close(h, tmp);
        await step('closed', bytes.length);
        // FS-4: the file as it is now, right before the rename.
        const now = await this.readAt(ops, dir, name, path).catch((e: unknown) => {
          if (e instanceof ApiError && e.code === 'FILE_NOT_FOUND') return null;
          throw e;
        });
        this.compare(path, now, opts.expected === 'force' ? 'force' : (before?.sha256 ?? null));
        await step('checked', bytes.length);
        const historyId = before !== null && this.keep > 0 ? await this.saveHistory(ops, path, before.bytes) : null;
        await step('history', bytes.length);
        await ops.posixRename(tmp, path);
        renamed = true;
        await step('renamed', bytes.length);
        const after = await ops.readAll(path, this.max);
        const hash = sha256(after.bytes);
        if (hash !== sha256(bytes)) {
          throw new ApiError({ code: 'CFG_CONFLICT', message: `${path} on ${this.o.host} changed again right after XenDeck wrote it.`, hint: 'Reload the file to see what is there now.', details: { host: this.o.host, path } });
        }
        return { sha256: hash, historyId };
      } finally {
        if (!renamed) {
          await ops.close(h, tmp).catch(() => undefined);
          await ops.unlink(tmp).catch(() => undefined);
        }
      }
    });
  }

  private compare(path: string, current: CfgFileContent | null, expected: string | null | 'force'): void {
    if (expected === 'force') return;
    const now = current?.sha256 ?? null;
    if (now === expected) return;
    const host = this.o.host;
    throw new ApiError({
      code: 'CFG_CONFLICT',
      message:
        expected === null ? `${path} already exists on ${host}; XenDeck did not overwrite it.`
        : now === null ? `${path} was removed on ${host} since you opened it; your version was not written.`
        : `${path} was changed on ${host} since you opened it; your version was not written.`,
      hint: 'Reload the file and apply your change again, or overwrite it deliberately.',
      details: { host, path, expected: expected ?? '', current: now ?? '' },
    });
  }

  private historyDir(path: string): string {
    return join(parentOf(path), HISTORY_DIR);
  }

  /** A 0600 copy of the replaced bytes in `.xendeck-history` (never a glob match in auto/, FS-6). */
  private async saveHistory(ops: SftpOps, path: string, bytes: Buffer): Promise<string> {
    const hdir = this.historyDir(path);
    await ops.mkdir(hdir, 0o700).catch((e: unknown) => {
      if (!(e instanceof ApiError && (e.code === 'COMMAND_FAILED' || e.code === 'NEEDS_ROOT'))) throw e;
    });
    const name = baseOf(path);
    const stamp = historyStamp(this.o.now?.() ?? new Date());
    let id = `${name}.${stamp}`;
    let h: Buffer | null = null;
    for (let n = 1; h === null; n++) {
      try {
        h = await ops.open(join(hdir, id), 'wx', 0o600);
      } catch (e) {
        if (n > 50 || !(e instanceof ApiError && e.code === 'COMMAND_FAILED')) throw e;
        id = `${name}.${stamp}-${n}`;
      }
    }
    const file = join(hdir, id);
    try {
      for (let pos = 0; pos < bytes.length; pos += CHUNK) await ops.write(h, file, bytes.subarray(pos, pos + CHUNK), pos);
      await ops.fchmod(h, file, 0o600);
      if (ops.supports('fsync@openssh.com')) await ops.fsync(h, file);
    } finally {
      await ops.close(h, file).catch(() => undefined);
    }
    await this.prune(ops, path);
    return id;
  }

  private async entries(ops: SftpOps, path: string): Promise<HistoryEntry[]> {
    let list: Awaited<ReturnType<SftpOps['readdir']>>;
    try {
      list = await ops.readdir(this.historyDir(path));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'FILE_NOT_FOUND') return [];
      throw e;
    }
    const name = baseOf(path);
    return list
      .flatMap((e) => {
        const at = historyTime(name, e.filename);
        return at === null || !e.attrs.isFile() ? [] : [{ id: e.filename, at, size: e.attrs.size }];
      })
      .sort((a, b) => b.id.localeCompare(a.id, 'en', { numeric: true }));
  }

  private async prune(ops: SftpOps, path: string): Promise<void> {
    const all = await this.entries(ops, path);
    for (const old of all.slice(this.keep)) await ops.unlink(join(this.historyDir(path), old.id));
  }

  /** Earlier versions of DIR/NAME, newest first. */
  async history(dir: string, name: string): Promise<HistoryEntry[]> {
    return this.session(async (ops) => this.entries(ops, (await this.resolve(ops, dir, name)).path));
  }

  async readHistory(dir: string, name: string, id: string): Promise<Buffer> {
    return this.session(async (ops) => {
      const { path } = await this.resolve(ops, dir, name);
      if (historyTime(baseOf(path), id) === null || id.includes('/')) {
        throw new ApiError({ code: 'INVALID_INPUT', message: `"${id.slice(0, 80)}" is not a history entry of ${name}.`, details: { field: 'id' } });
      }
      return (await ops.readAll(join(this.historyDir(path), id), this.max)).bytes;
    });
  }

  /** Writes history entry ID back through the same safe write (FS-6: restore uses FS-1). */
  async restore(dir: string, name: string, id: string, expected: string | null | 'force'): Promise<{ sha256: string; historyId: string | null }> {
    const bytes = await this.readHistory(dir, name, id);
    return this.write(dir, name, bytes, { expected });
  }

  /** FS-3: removes temps of ours older than MAX_AGE_MS (a cut connection leaves them); returns their paths. */
  async cleanStaleTemps(maxAgeMs = 10 * 60_000): Promise<string[]> {
    return this.session(async (ops) => {
      const removed: string[] = [];
      const nowSec = (this.o.now?.() ?? new Date()).getTime() / 1000;
      for (const dir of this.dirs) {
        const entries = await ops.readdir(dir).catch(() => []);
        for (const e of entries) {
          if (!isOurTemp(e.filename) || !e.attrs.isFile() || nowSec - e.attrs.mtime < maxAgeMs / 1000) continue;
          await ops.unlink(join(dir, e.filename));
          removed.push(join(dir, e.filename));
        }
      }
      return removed;
    });
  }
}

// Guest cfg files on a dom0 over SFTP, on the host's one connection (issue 5 §7): list, read with
// a SHA-256, replace atomically with compare-and-swap (FS-1, FS-2, FS-4), keep a 0600 history copy
// of the version replaced (FS-6), restore from it, and remove the temps a cut connection left
// (FS-3). Names are plain file names inside the profile's cfg directories (IN-8).
import { createHash, randomBytes } from 'node:crypto';
import type { SFTPWrapper } from 'ssh2';
import { ApiError } from '@shared/api/errors';
import type { CfgWriteResult } from '@shared/api/hosts-types';
import { SftpOps } from './sftp-ops';
import { baseOf, checkCfgName, HISTORY_DIR, historyStamp, historyTime, isOurLock, isOurTemp, join, lockName, normalizeDir, parentOf, tempName } from './cfg-paths';

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

export type WriteStep = 'opened' | 'writing' | 'synced' | 'closed' | 'validated' | 'checked' | 'history' | 'renaming' | 'renamed';

export interface WriteOptions {
  /** SHA-256 of the version the user edited; null for a new file; 'force' overwrites whatever is there. */
  expected: string | null | 'force';
  /** Called after each step of the write protocol (tests cut the connection here). 'renaming': the rename request is sent, its reply not yet read. */
  onStep?: (step: WriteStep, bytesWritten: number) => void | Promise<void>;
  /** A cancelled save stops before the history copy and the rename: the file stays as it was. */
  signal?: AbortSignal | undefined;
}

/** What a save answers: the contract's CfgWriteResult (hash, history id, warnings, reconciled). */
export type CfgWriteOutcome = CfgWriteResult;

/** What a write whose rename reply was lost left behind, to find out after reconnecting (FS-10). */
export interface LostWrite {
  path: string;
  temp: string;
  /** The FS-11 lock the lost save held. */
  lock: string;
  /** Hash of the version replaced (null: a new file). */
  oldSha256: string | null;
  newSha256: string;
  /** The host confirmed the rename; only the re-read after it was lost. */
  renameAcked: boolean;
  /** Set once a reconcile attempt removed the temp (a later attempt then still knows it was there). */
  tempSeen?: boolean;
  historyId: string | null;
  warnings: string[];
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
  /** FS-7: our parser's verdict on the new text (PATH is the file as the user names it); throws CFG_INVALID. Runs before anything is sent. */
  checkText?: (text: string, path: string) => void;
  /** FS-7: a check of the written temp (absolute path on the host) before the rename, e.g. `xl -N create`; throws CFG_INVALID, resolves with warnings. */
  validate?: (temp: string, file: { path: string; text: string }) => Promise<string[]>;
  /** FS-10: the host's connection once it is back after this one was lost (rejects when it does not come back in time). */
  reconnect?: () => Promise<SftpProvider>;
  /** FS-3: temps of this process a cut connection left behind; the next clean-up removes them whatever their age. */
  abandoned?: Set<string>;
  /** The host's autostart directory (xendomains starts what is in it): never a place for temps (FS-3). */
  autostartDir?: string;
  /** Default for WriteOptions.onStep (a test seam of the service). */
  onStep?: WriteOptions['onStep'];
}

export const DEFAULT_HISTORY_KEEP = 20;
export const MAX_CFG_BYTES = 1024 * 1024;
/** A temp of another process is left alone this long: it may be a save in progress (FS-3, FS-11). */
export const STALE_TEMP_AGE_MS = 60 * 60_000;
/** FS-11: a save holds its lock for a few requests; one this old was left by a cut connection. */
export const STALE_LOCK_AGE_MS = 2 * 60_000;
/** How long a save waits for another one of the same file to finish. */
const LOCK_WAIT_MS = 5_000;
/** FS-10: connections tried to learn what a save with a lost reply did. */
const RECONCILE_ATTEMPTS = 3;
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

  private async session<T>(fn: (ops: SftpOps) => Promise<T>, conn: SftpProvider = this.o.conn): Promise<T> {
    const { sftp, release } = await conn.sftp();
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

  /**
   * Replaces DIR/NAME with DATA by the FS-1 protocol; returns the new content's hash. When the
   * connection drops after the rename was asked for, the outcome is learnt on the next connection
   * (FS-10) instead of guessed or retried.
   */
  async write(dir: string, name: string, data: Buffer | string, opts: WriteOptions): Promise<CfgWriteOutcome> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (bytes.length > this.max) {
      throw new ApiError({
        code: 'CFG_EDIT_REFUSED',
        message: `The new ${name} is ${bytes.length} bytes, more than the ${this.max} bytes a guest cfg may have; nothing was written.`,
        hint: 'A guest cfg is a few kilobytes; check that the right text is being saved.',
        details: { host: this.o.host },
      });
    }
    // FS-7: a text our parser refuses never reaches the host.
    this.o.checkText?.(bytes.toString('utf8'), join(this.checkDir(dir), checkCfgName(name)));
    const r = await this.session((ops) => this.replace(ops, dir, name, bytes, opts));
    return 'lost' in r ? this.afterLostReply(r.lost) : r;
  }

  private async replace(ops: SftpOps, dir: string, name: string, bytes: Buffer, opts: WriteOptions): Promise<CfgWriteOutcome | { lost: LostWrite }> {
    const onStep = opts.onStep ?? this.o.onStep;
    const step = async (s: WriteStep, n: number) => {
      await onStep?.(s, n);
    };
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
    this.refuseAutostart(path);
    const before = exists ? await this.readAt(ops, dir, name, path) : null;
    this.compare(path, before, opts.expected);
    const target = await (exists ? ops.stat(path) : null);
    const warnings: string[] = [];
    const links = exists ? await ops.linkCount(parentOf(path), baseOf(path)).catch(() => null) : null;
    if (links !== null && links > 1) {
      // FS-5: a rename gives the name a new inode; the other names keep the old bytes.
      warnings.push(`${path} on ${this.o.host} had ${links} hard links; it was saved as a new file, so the other links still show the old version.`);
    }
    const tmp = join(parentOf(path), tempName(baseOf(path), randomBytes(6).toString('hex')));
    const newSha = sha256(bytes);
    const h = await ops.open(tmp, 'wx', 0o600);
    let renameSent = false;
    let renamed = false;
    let lostReply = false;
    let locked = false;
    const lock = join(parentOf(path), lockName(baseOf(path)));
    let historyId: string | null = null;
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
      // FS-7: the host's own tool reads the temp; a refusal leaves the live file as it was.
      if (this.o.validate) warnings.push(...(await this.o.validate(tmp, { path, text: bytes.toString('utf8') })));
      await step('validated', bytes.length);
      // FS-11: from the CAS check to the rename, one XenDeck at a time (the check and the rename are two requests).
      await this.takeLock(ops, lock, path, written.mtime);
      locked = true;
      // FS-4: the file as it is now, right before the rename.
      const now = await this.readAt(ops, dir, name, path).catch((e: unknown) => {
        if (e instanceof ApiError && e.code === 'FILE_NOT_FOUND') return null;
        throw e;
      });
      this.compare(path, now, opts.expected === 'force' ? 'force' : (before?.sha256 ?? null));
      await step('checked', bytes.length);
      if (opts.signal?.aborted === true) {
        throw new ApiError({ code: 'CANCELLED', message: `Saving ${path} on ${this.o.host} was cancelled before the file was replaced.`, hint: 'The file is as it was.', details: { host: this.o.host, path } });
      }
      historyId = before !== null && this.keep > 0 ? await this.saveHistory(ops, path, before.bytes) : null;
      await step('history', bytes.length);
      const request = ops.posixRename(tmp, path);
      renameSent = true;
      // The hook may outlive the reply; the rejection is read below.
      request.catch(() => undefined);
      await step('renaming', bytes.length);
      await request;
      renamed = true;
      await step('renamed', bytes.length);
      const after = await ops.readAll(path, this.max);
      const hash = sha256(after.bytes);
      if (hash !== newSha) {
        throw new ApiError({ code: 'CFG_CONFLICT', message: `${path} on ${this.o.host} changed again right after XenDeck wrote it.`, hint: 'Reload the file to see what is there now.', details: { host: this.o.host, path } });
      }
      return { sha256: hash, historyId, warnings };
    } catch (e) {
      // FS-10: once the rename was asked for, a lost connection leaves the outcome unknown here.
      if (renameSent && e instanceof ApiError && e.code === 'HOST_UNREACHABLE') {
        lostReply = true;
        return { lost: { path, temp: tmp, lock, oldSha256: before?.sha256 ?? null, newSha256: newSha, renameAcked: renamed, historyId, warnings } };
      }
      throw e;
    } finally {
      if (!renamed && !lostReply) {
        await ops.close(h, tmp).catch(() => undefined);
        await ops.unlink(tmp).catch(() => this.o.abandoned?.add(tmp));
      }
      if (locked && !lostReply) await ops.unlink(lock).catch(() => this.o.abandoned?.add(lock));
    }
  }

  /** FS-11: creates LOCK exclusively; waits a little for another save, breaks a lock a cut connection left. */
  private async takeLock(ops: SftpOps, lock: string, path: string, hostNowSec: number): Promise<void> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        const h = await ops.open(lock, 'wx', 0o600);
        await ops.close(h, lock);
        return;
      } catch (e) {
        // An existing file is SSH_FX_FAILURE in SFTP v3 (COMMAND_FAILED); anything else is real.
        if (!(e instanceof ApiError && e.code === 'COMMAND_FAILED')) throw e;
      }
      const st = await ops.stat(lock).catch(() => null);
      // The lock's age on the host's clock: HOSTNOWSEC is the mtime of the temp just written.
      if (st !== null && hostNowSec - st.mtime > STALE_LOCK_AGE_MS / 1000) {
        await ops.unlink(lock).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) {
        throw new ApiError({
          code: 'CFG_CONFLICT',
          message: `Someone else (another XenDeck) is saving ${path} on ${this.o.host} right now; your version was not written.`,
          hint: `Reload the file to see their version, then apply your change again. If no one is saving it, remove ${lock} on the host.`,
          details: { host: this.o.host, path },
        });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** FS-3: xendomains starts every file of the autostart directory; XenDeck puts nothing there. */
  private refuseAutostart(path: string): void {
    const auto = this.o.autostartDir === undefined ? null : normalizeDir(this.o.autostartDir);
    if (auto === null || parentOf(path) !== auto) return;
    throw new ApiError({
      code: 'CFG_EDIT_REFUSED',
      message: `${path} on ${this.o.host} is a file in the autostart directory ${auto}, where XenDeck never writes (xendomains starts what is there).`,
      hint: 'Edit the cfg file it should link to, and make the autostart entry a link to it.',
      details: { host: this.o.host, path },
    });
  }

  /** FS-10: the rename reply was lost. Ask the next connection what happened; never write again. */
  private async afterLostReply(lost: LostWrite): Promise<CfgWriteOutcome> {
    // A connection handed back may itself die before it answers: ask again, a few times.
    for (let attempt = 0; this.o.reconnect && attempt < RECONCILE_ATTEMPTS; attempt++) {
      const conn = await this.o.reconnect().catch(() => null);
      if (conn === null) break;
      try {
        return await this.reconcile(lost, conn);
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 'HOST_UNREACHABLE')) throw e;
      }
    }
    if (!lost.renameAcked) this.o.abandoned?.add(lost.temp);
    this.o.abandoned?.add(lost.lock);
    if (lost.renameAcked) {
      return { sha256: lost.newSha256, historyId: lost.historyId, warnings: [...lost.warnings, `The connection to ${this.o.host} was lost right after ${lost.path} was replaced, so XenDeck could not read it back.`] };
    }
    throw new ApiError({
      code: 'HOST_UNREACHABLE',
      message: `The connection to ${this.o.host} was lost just after XenDeck asked it to replace ${lost.path}, so it is not known yet whether your version was saved.`,
      hint: 'Your text is still in the editor. When the host is back, reload the file: if it shows your version, it was saved; otherwise save again.',
      details: { host: this.o.host, path: lost.path, outcome: 'unknown' },
    });
  }

  /**
   * FS-10: what a write with a lost reply did, read on a new connection. The temp goes first, so a
   * rename still queued on the host can't happen later; then the target's hash decides: the new
   * version → saved; the old one with our temp still there → not saved (safe to save again);
   * anything else → a conflict (FS-4).
   */
  async reconcile(lost: LostWrite, conn: SftpProvider = this.o.conn): Promise<CfgWriteOutcome> {
    return this.session(async (ops) => {
      await ops.unlink(lost.temp).then(
        () => (lost.tempSeen = true),
        (e: unknown) => {
          if (!(e instanceof ApiError && e.code === 'FILE_NOT_FOUND')) throw e;
        },
      );
      const tempWasThere = lost.tempSeen === true;
      this.o.abandoned?.delete(lost.temp);
      await ops.unlink(lost.lock).catch(() => undefined);
      this.o.abandoned?.delete(lost.lock);
      const now = await ops.readAll(lost.path, this.max).then(
        (r) => sha256(r.bytes),
        (e: unknown) => {
          if (e instanceof ApiError && e.code === 'FILE_NOT_FOUND') return null;
          throw e;
        },
      );
      const host = this.o.host;
      if (now === lost.newSha256) return { sha256: now, historyId: lost.historyId, warnings: lost.warnings, reconciled: true };
      if (now === lost.oldSha256 && tempWasThere && !lost.renameAcked) {
        throw new ApiError({
          code: 'COMMAND_FAILED',
          message: `${lost.path} was not saved: the connection to ${host} was lost before the host replaced it, and the file there is unchanged.`,
          hint: 'Your text is still in the editor; save again.',
          details: { host, path: lost.path, outcome: 'not-saved' },
        });
      }
      throw new ApiError({
        code: 'CFG_CONFLICT',
        message: `The connection to ${host} was lost while ${lost.path} was being replaced, and the file there is now neither your version nor the one you opened.`,
        hint: 'Reload the file to see what is there now, and apply your change again.',
        details: { host, path: lost.path, outcome: 'conflict', current: now ?? '' },
      });
    }, conn);
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
  async restore(dir: string, name: string, id: string, expected: string | null | 'force'): Promise<CfgWriteOutcome> {
    const bytes = await this.readHistory(dir, name, id);
    return this.write(dir, name, bytes, { expected });
  }

  /**
   * FS-3: removes XenDeck's temps (the `.NAME.xendeck-<12 hex>.tmp` pattern, regular files) from
   * the cfg directories: those this process abandoned whatever their age, others once older than
   * MAX_AGE_MS (another XenDeck may be saving right now). LOG hears each path before it goes.
   */
  async cleanStaleTemps(maxAgeMs = STALE_TEMP_AGE_MS, log?: (line: string) => void): Promise<string[]> {
    return this.session(async (ops) => {
      const removed: string[] = [];
      const nowSec = (this.o.now?.() ?? new Date()).getTime() / 1000;
      const ours = new Set([...(this.o.abandoned ?? [])].map(baseOf));
      for (const dir of this.dirs) {
        const entries = await ops.readdir(dir).catch(() => []);
        for (const e of entries) {
          const temp = isOurTemp(e.filename);
          if (!(temp || isOurLock(e.filename)) || !e.attrs.isFile()) continue;
          const abandoned = ours.has(e.filename);
          if (!abandoned && nowSec - e.attrs.mtime < (temp ? maxAgeMs : Math.min(maxAgeMs, STALE_LOCK_AGE_MS)) / 1000) continue;
          const path = join(dir, e.filename);
          const what = temp ? 'temp' : 'save lock';
          log?.(`${this.o.host}: removing ${abandoned ? `the ${what} of an interrupted save` : `a stale XenDeck ${what}`} ${path} (${e.attrs.size} bytes)`);
          await ops.unlink(path).catch((err: unknown) => {
            if (!(err instanceof ApiError && err.code === 'FILE_NOT_FOUND')) throw err;
          });
          removed.push(path);
        }
      }
      for (const t of this.o.abandoned ?? []) if (removed.some((r) => baseOf(r) === baseOf(t))) this.o.abandoned?.delete(t);
      return removed;
    });
  }
}

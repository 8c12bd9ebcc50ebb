// Promise forms of the few SFTP requests the cfg-file service uses, each mapping an SFTP failure to
// a typed error naming the host and path. A request on a dead channel fails as HOST_UNREACHABLE.
import type { OpenMode, SFTPWrapper, Stats } from 'ssh2';
import { ApiError } from '@shared/api/errors';
import { escapeControl } from '../toolstack/errors';

// SFTP status codes (draft-ietf-secsh-filexfer-02).
const NO_SUCH_FILE = 2;
const PERMISSION_DENIED = 3;

export class SftpOps {
  private closed = false;
  private readonly pending = new Set<(e: ApiError) => void>();

  constructor(
    readonly sftp: SFTPWrapper,
    private readonly host: string,
  ) {
    // A request on a channel that is gone would wait forever: fail them all at once instead.
    sftp.once('close', () => {
      this.closed = true;
      for (const fail of [...this.pending]) fail(this.error(new Error('the SFTP channel closed'), 'finish with', 'the file'));
    });
  }

  /** posix-rename and fsync are OpenSSH extensions; the server lists them at the start (FS-1, FS-2). */
  supports(ext: 'posix-rename@openssh.com' | 'fsync@openssh.com'): boolean {
    // ssh2 keeps the advertised extensions in a field its types do not declare.
    const exts = (this.sftp as unknown as { _extensions?: Record<string, string> })._extensions;
    return exts?.[ext] === '1';
  }

  error(err: unknown, what: string, path: string): ApiError {
    const e = err as { code?: unknown; message?: string };
    if (e instanceof ApiError) return e;
    const host = this.host;
    if (e?.code === NO_SUCH_FILE) {
      return new ApiError({ code: 'FILE_NOT_FOUND', message: `${path} does not exist on ${host}.`, hint: 'Refresh the file list; it may have been removed on the host.', details: { host, path } });
    }
    if (e?.code === PERMISSION_DENIED) {
      return new ApiError({
        code: 'NEEDS_ROOT',
        message: `${host} did not allow XenDeck to ${what} ${path}.`,
        hint: 'Log in as root, or give the login user write access to the cfg directory.',
        details: { host, path },
      });
    }
    const why = escapeControl(String(e?.message ?? err));
    if (typeof e?.code === 'number') {
      return new ApiError({ code: 'COMMAND_FAILED', message: `${host} could not ${what} ${path}: ${why}.`, details: { host, path } });
    }
    return new ApiError({
      code: 'HOST_UNREACHABLE',
      message: `The connection to ${host} was lost while XenDeck tried to ${what} ${path}.`,
      hint: 'Nothing was replaced unless the host shows the new version; XenDeck reconnects when the host is back.',
      details: { host, path, reason: why },
    });
  }

  private call<T>(what: string, path: string, fn: (cb: (err: Error | undefined | null, v: T) => void) => void): Promise<T> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(this.error(new Error('the SFTP channel closed'), what, path));
      const fail = (e: ApiError) => {
        this.pending.delete(fail);
        reject(e);
      };
      this.pending.add(fail);
      try {
        fn((err, v) => {
          this.pending.delete(fail);
          if (err) reject(this.error(err, what, path));
          else resolve(v);
        });
      } catch (err) {
        fail(this.error(err, what, path));
      }
    });
  }

  lstat(path: string): Promise<Stats> {
    return this.call('read', path, (cb) => this.sftp.lstat(path, cb));
  }
  stat(path: string): Promise<Stats> {
    return this.call('read', path, (cb) => this.sftp.stat(path, cb));
  }
  realpath(path: string): Promise<string> {
    return this.call('resolve', path, (cb) => this.sftp.realpath(path, cb));
  }
  readdir(path: string): Promise<{ filename: string; attrs: Stats }[]> {
    return this.call('list', path, (cb) => this.sftp.readdir(path, cb as never));
  }
  /**
   * FS-5: SFTP v3 attributes have no link count, but a listing's `longname` is `ls -l` text with
   * it in the second column (OpenSSH's ls_file). null when the server does not say.
   */
  async linkCount(dir: string, name: string): Promise<number | null> {
    const entries = (await this.readdir(dir)) as { filename: string; longname?: string }[];
    const e = entries.find((x) => x.filename === name);
    const n = /^\S+\s+(\d+)\s/.exec(e?.longname ?? '')?.[1];
    return n === undefined ? null : Number(n);
  }
  open(path: string, flags: OpenMode, mode?: number): Promise<Buffer> {
    return this.call(flags === 'r' ? 'read' : 'write', path, (cb) => this.sftp.open(path, flags, mode === undefined ? {} : { mode }, cb));
  }
  fstat(h: Buffer, path: string): Promise<Stats> {
    return this.call('read', path, (cb) => this.sftp.fstat(h, cb));
  }
  close(h: Buffer, path: string): Promise<void> {
    return this.call('close', path, (cb) => this.sftp.close(h, (e) => cb(e, undefined)));
  }
  write(h: Buffer, path: string, data: Buffer, position: number): Promise<void> {
    return this.call('write', path, (cb) => this.sftp.write(h, data, 0, data.length, position, (e) => cb(e, undefined)));
  }
  read(h: Buffer, path: string, length: number, position: number): Promise<Buffer> {
    const buf = Buffer.alloc(length);
    return this.call('read', path, (cb) => this.sftp.read(h, buf, 0, length, position, (e, n) => cb(e, buf.subarray(0, n))));
  }
  fsync(h: Buffer, path: string): Promise<void> {
    return this.call('sync', path, (cb) => this.sftp.ext_openssh_fsync(h, (e) => cb(e, undefined)));
  }
  fchmod(h: Buffer, path: string, mode: number): Promise<void> {
    return this.call('set the mode of', path, (cb) => this.sftp.fchmod(h, mode, (e) => cb(e, undefined)));
  }
  fchown(h: Buffer, path: string, uid: number, gid: number): Promise<void> {
    return this.call('set the owner of', path, (cb) => this.sftp.fchown(h, uid, gid, (e) => cb(e, undefined)));
  }
  posixRename(from: string, to: string): Promise<void> {
    return this.call('replace', to, (cb) => this.sftp.ext_openssh_rename(from, to, (e) => cb(e, undefined)));
  }
  unlink(path: string): Promise<void> {
    return this.call('remove', path, (cb) => this.sftp.unlink(path, (e) => cb(e, undefined)));
  }
  mkdir(path: string, mode: number): Promise<void> {
    return this.call('create', path, (cb) => this.sftp.mkdir(path, { mode }, (e) => cb(e, undefined)));
  }

  /** The whole file through one handle, refusing more than MAX bytes (FS-9, IN-8). */
  async readAll(path: string, max: number): Promise<{ bytes: Buffer; stats: Stats }> {
    const h = await this.open(path, 'r');
    try {
      const stats = await this.fstat(h, path);
      if (stats.size > max) {
        throw new ApiError({
          code: 'CFG_EDIT_REFUSED',
          message: `${path} on ${this.host} is ${stats.size} bytes, more than the ${max} bytes a guest cfg may have.`,
          hint: 'This is not a guest cfg file; edit it on the host by hand.',
          details: { host: this.host, path },
        });
      }
      const parts: Buffer[] = [];
      let pos = 0;
      for (;;) {
        const b = await this.read(h, path, 32 * 1024, pos);
        if (b.length === 0) break;
        parts.push(b);
        pos += b.length;
        if (pos > max) throw new ApiError({ code: 'CFG_EDIT_REFUSED', message: `${path} on ${this.host} grew beyond ${max} bytes while it was read.`, details: { host: this.host, path } });
      }
      return { bytes: Buffer.concat(parts), stats };
    } finally {
      await this.close(h, path).catch(() => undefined);
    }
  }
}

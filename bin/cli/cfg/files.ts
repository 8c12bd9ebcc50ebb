// Reading and writing config files for the CLI. Writes are atomic: a temp file in the same
// directory, fsync, the original mode (and owner, when we may), rename over the target, fsync the
// directory — so a crash leaves either the old file or the new one, never half of each.
import { randomBytes } from 'node:crypto';
import { promises as fs, constants } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export type ReadResult =
  | { ok: true; text: string; path: string; encoding: 'utf8' | 'latin1' }
  | { ok: false; message: string };

/** The text back as the bytes it was read from. */
export function toBytes(text: string, encoding: 'utf8' | 'latin1'): Buffer {
  return Buffer.from(text, encoding);
}

export async function readCfg(file: string, cwd: string): Promise<ReadResult> {
  const path = resolve(cwd, file);
  try {
    const buf = await fs.readFile(path);
    const text = buf.toString('utf8');
    // Keep bytes that are not UTF-8 exactly (latin-1 maps each byte to one character).
    if (Buffer.from(text, 'utf8').equals(buf)) return { ok: true, text, path, encoding: 'utf8' };
    return { ok: true, text: buf.toString('latin1'), path, encoding: 'latin1' };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.code === 'EISDIR' ? 'is a directory' : err.message;
    return { ok: false, message: `cannot read ${file}: ${why}` };
  }
}

function encode(text: string, original?: Buffer): Buffer {
  const utf8 = Buffer.from(text, 'utf8');
  // A file read as latin-1 is written back as latin-1 so untouched bytes stay the same.
  if (original && !Buffer.from(original.toString('utf8'), 'utf8').equals(original)) return Buffer.from(text, 'latin1');
  return utf8;
}

export async function writeCfgAtomic(path: string, text: string): Promise<void> {
  const target = await fs.realpath(path).catch(() => path);
  const dir = dirname(target);
  const st = await fs.stat(target);
  const original = await fs.readFile(target);
  const tmp = join(dir, `.${basename(target)}.xendeck-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const fh = await fs.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await fh.writeFile(encode(text, original));
    await fh.chmod(st.mode & 0o7777);
    if (typeof process.getuid === 'function' && process.getuid() === 0) {
      await fh.chown(st.uid, st.gid).catch(() => undefined);
    }
    await fh.sync();
  } catch (e) {
    await fh.close();
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  try {
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  const dh = await fs.open(dir, 'r').catch(() => undefined);
  if (dh) {
    await dh.sync().catch(() => undefined);
    await dh.close();
  }
}

// Save and restore (issue 5 §5) the way xendomains does it: one image per guest, named after the
// guest, in a save directory on the host (default /var/lib/xen/save, XENDOMAINS_SAVE). Saving
// stops the guest; restoring starts it again from the image and then removes the image, since
// restoring the same image a second time would hand the guest a memory that no longer matches
// its disks. Files are looked at and removed over SFTP, never with shell verbs (IN-5).
import type { Stats } from 'ssh2';
import { ApiError } from '@shared/api/errors';
import type { SavedImagesView, SavedImageView } from '@shared/api/hosts-types';
import { SftpOps } from '../remote/sftp-ops';
import { escapeControl } from '../toolstack/errors';
import type { GuestOpArgs } from './guest-ops';
import { runningGuest } from './guest-ops';
import type { HostsService, HostTools } from './hosts-service';

export const DEFAULT_SAVE_DIR = '/var/lib/xen/save';
/** Writing or reading a guest's whole memory: minutes for a big guest, not seconds. */
const SAVE_TIMEOUT_MS = 30 * 60_000;

export interface SaveArgs extends GuestOpArgs {
  dir?: string | undefined;
}

/** The directory asked for, else the host's own (its profile), else xendomains' default. */
function saveDir(dir: string | undefined, profileDir?: string): string {
  return (dir ?? profileDir ?? DEFAULT_SAVE_DIR).replace(/\/+$/, '') || '/';
}

/** The image's file name: the guest's name, which must then be a plain file name. */
function imageFile(host: string, name: string): string {
  if (name.includes('/') || name === '.' || name === '..' || name.includes('\0')) {
    throw new ApiError({
      code: 'INVALID_INPUT',
      message: `The guest "${escapeControl(name)}" on ${host} can't be saved under its name, which is not a plain file name.`,
      hint: 'Rename the guest first, or save it on the host by hand.',
      details: { host, domain: escapeControl(name) },
    });
  }
  return name;
}

async function withSftp<T>(t: HostTools, fn: (ops: SftpOps) => Promise<T>): Promise<T> {
  const { sftp, release } = await t.conn.sftp();
  try {
    return await fn(new SftpOps(sftp, t.profile.name));
  } finally {
    release();
  }
}

async function statOrNull(ops: SftpOps, path: string): Promise<Stats | null> {
  try {
    return await ops.stat(path);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'FILE_NOT_FOUND') return null;
    throw e;
  }
}

/** Creates the save directory and any missing parents, readable by root only (images hold guest memory). */
async function ensureDir(ops: SftpOps, host: string, dir: string): Promise<void> {
  const parts = dir.split('/').filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const path = `/${parts.slice(0, i).join('/')}`;
    const st = await statOrNull(ops, path);
    if (st === null) {
      await ops.mkdir(path, 0o700).catch((e: unknown) => {
        if (!(e instanceof ApiError) || e.code !== 'NEEDS_ROOT') throw e;
        throw new ApiError({
          code: 'NEEDS_ROOT',
          message: `${host} did not allow XenDeck to create the save directory ${escapeControl(path)}.`,
          hint: 'Log in as root, or choose a save directory the login user may write to.',
          details: { host, path: escapeControl(path) },
        });
      });
    } else if (!st.isDirectory()) {
      throw new ApiError({ code: 'INVALID_INPUT', message: `${escapeControl(path)} on ${host} is not a directory, so no save image can go there.`, hint: 'Choose another save directory.', details: { host, path } });
    }
  }
}

function imageView(name: string, path: string, st: Stats): SavedImageView {
  return { name, path, size: st.size, savedAt: new Date(st.mtime * 1000).toISOString() };
}

/** Saves a running guest to DIR/NAME; the guest stops. Refuses to replace an image already there. */
export async function saveGuest(s: HostsService, a: SaveArgs): Promise<SavedImageView> {
  return s.guestOp(a.host, a.name, async (ctx) => {
    const host = ctx.profile.name;
    const dir = saveDir(a.dir, ctx.profile.saveDir);
    const path = `${dir === '/' ? '' : dir}/${imageFile(host, a.name)}`;
    const { domid } = await runningGuest(ctx, a, 'save it');
    await withSftp(ctx, async (ops) => {
      await ensureDir(ops, host, dir);
      const old = await statOrNull(ops, path);
      if (old !== null) {
        throw new ApiError({
          code: 'INVALID_INPUT',
          message: `${host} already has a saved image of ${escapeControl(a.name)} (${escapeControl(path)}, from ${new Date(old.mtime * 1000).toISOString()}), so nothing was saved.`,
          hint: 'Restore that image first, or remove it on the host if it is no longer wanted.',
          details: { host, domain: escapeControl(a.name), path: escapeControl(path) },
        });
      }
    });
    await ctx.toolstack.save(domid, path, {}, { timeoutMs: SAVE_TIMEOUT_MS });
    const st = await withSftp(ctx, (ops) => ops.stat(path));
    return imageView(a.name, path, st);
  }, a.signal);
}

/** Restores NAME from DIR/NAME, then removes the image (as xendomains does). */
export async function restoreGuest(s: HostsService, a: { host: string; name: string; dir?: string | undefined; signal?: AbortSignal | undefined }): Promise<{ ok: true; imageRemoved: boolean }> {
  return s.guestOp(a.host, a.name, async (ctx) => {
    const host = ctx.profile.name;
    const dir = saveDir(a.dir, ctx.profile.saveDir);
    const path = `${dir === '/' ? '' : dir}/${imageFile(host, a.name)}`;
    const running = ctx.guests.find((g) => g.name === a.name && g.domid !== null);
    if (running !== undefined) {
      throw new ApiError({
        code: 'INVALID_INPUT',
        message: `${escapeControl(a.name)} is already running on ${host} (domain ${running.domid}), so its saved image was not restored.`,
        hint: 'Shut the running guest down first if the saved state is the one you want.',
        details: { host, domain: escapeControl(a.name) },
      });
    }
    const st = await withSftp(ctx, (ops) => statOrNull(ops, path));
    if (st === null || !st.isFile()) {
      throw new ApiError({
        code: 'FILE_NOT_FOUND',
        message: `${host} has no saved image of ${escapeControl(a.name)} in ${escapeControl(dir)}.`,
        hint: 'Refresh the list of saved images.',
        details: { host, domain: escapeControl(a.name), path: escapeControl(path) },
      });
    }
    await ctx.toolstack.restore(path, {}, { timeoutMs: SAVE_TIMEOUT_MS });
    const imageRemoved = await withSftp(ctx, (ops) => ops.unlink(path)).then(
      () => true,
      () => false,
    );
    return { ok: true as const, imageRemoved };
  }, a.signal);
}

/** The images in the save directory, by name; an absent directory has none. */
export async function savedImages(s: HostsService, a: { host: string; dir?: string | undefined }): Promise<SavedImagesView> {
  const tools = await s.hostTools(a.host);
  const dir = saveDir(a.dir, tools.profile.saveDir);
  const images = await withSftp(tools, async (ops) => {
    let entries: { filename: string; attrs: Stats }[];
    try {
      entries = await ops.readdir(dir);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'FILE_NOT_FOUND') return [];
      throw e;
    }
    return entries
      .filter((e) => e.attrs.isFile() && !e.filename.startsWith('.'))
      .map((e) => imageView(e.filename, `${dir === '/' ? '' : dir}/${e.filename}`, e.attrs))
      .sort((x, y) => x.name.localeCompare(y.name));
  });
  return { host: tools.profile.name, dir, images };
}

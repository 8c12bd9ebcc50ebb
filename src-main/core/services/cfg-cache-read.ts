// cfgFiles.read and cfgFiles.list with the offline fallback (issue 5 §6, RS-10): online, the host
// answers and what it answered is cached; only when the host cannot be reached AND is not online
// does the cache answer, marked with `cachedAt` so the UI shows it as last seen, read-only. Writes
// never come here: they keep failing with the host's error while it is offline.
import { ApiError, type ErrorCode } from '@shared/api/errors';
import type { CfgFileText, CfgFileView } from '@shared/api/hosts-types';
import type { RemoteCfgFiles } from '../remote/sftp-files';
import type { CfgTextCache } from './cfg-cache';

export interface CachedCfgDeps {
  hostId: string;
  cfgDirs: string[];
  cache: CfgTextCache;
  /** The host's cfg files over its connection (connects; throws when the host can't be reached). */
  files: () => Promise<RemoteCfgFiles>;
  /** Whether the host's connection is up right now. */
  online: () => boolean;
}

/** Errors that mean "the host is not reachable", as opposed to a refused or missing file. */
const OFFLINE: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['HOST_UNREACHABLE', 'TIMEOUT', 'AUTH_FAILED', 'HOST_KEY_CHANGED', 'HOST_KEY_UNKNOWN']);

function offline(d: CachedCfgDeps, e: unknown): e is ApiError {
  return e instanceof ApiError && OFFLINE.has(e.code) && !d.online();
}

/** Caching never fails a read that worked. */
async function quietly(p: Promise<void>): Promise<void> {
  await p.catch(() => undefined);
}

export async function readCfgFile(d: CachedCfgDeps, dir: string, name: string): Promise<CfgFileText> {
  try {
    const c = await (await d.files()).read(dir, name);
    await quietly(d.cache.remember(d.hostId, [{ dir: c.dir, name: c.name, text: c.text, sha256: c.sha256, mtime: c.mtime, mode: c.mode }]));
    return { dir: c.dir, name: c.name, size: c.size, mtime: c.mtime, text: c.text, sha256: c.sha256, mode: c.mode };
  } catch (e) {
    if (!offline(d, e)) throw e;
    const cached = await d.cache.read(d.hostId, dir, name);
    if (cached === null) throw e;
    return { dir: cached.dir, name: cached.name, size: cached.size, mtime: cached.mtime, text: cached.text, sha256: cached.sha256, mode: cached.mode, cachedAt: cached.cachedAt };
  }
}

export async function listCfgFiles(d: CachedCfgDeps): Promise<CfgFileView[]> {
  try {
    const list = await (await d.files()).list();
    // A full listing: cached texts of files that are gone from the host go too.
    await quietly(d.cache.forget(d.hostId, list, d.cfgDirs));
    return list.map((f) => ({ dir: f.dir, name: f.name, size: f.size, mtime: f.mtime }));
  } catch (e) {
    if (!offline(d, e)) throw e;
    const cached = await d.cache.list(d.hostId);
    if (cached.length === 0) throw e;
    return cached.map((f) => ({ dir: f.dir, name: f.name, size: f.size, mtime: f.mtime, cachedAt: f.cachedAt }));
  }
}

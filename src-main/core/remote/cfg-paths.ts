// Which remote paths the cfg-file service may touch (IN-8, FS-3): a plain file name directly
// inside one of the host's cfg directories. Everything else is refused before anything is sent.
import { ApiError } from '@shared/api/errors';

export const HISTORY_DIR = '.xendeck-history';
const TEMP_RE = /^\..+\.xendeck-[0-9a-f]{12}\.tmp$/;

function refuse(name: string, why: string): never {
  throw new ApiError({
    code: 'INVALID_INPUT',
    message: `"${JSON.stringify(name).slice(1, -1).slice(0, 80)}" can't be used as a cfg file name: ${why}.`,
    hint: 'Use a plain file name such as web-01.cfg, without "/" and not starting with ".".',
    details: { field: 'name' },
  });
}

/** A bare file name: no separator, no dot-file (temps, history, `.`/`..`), no control characters. */
export function checkCfgName(name: string): string {
  if (name.length === 0) refuse(name, 'it is empty');
  if (name.length > 255) refuse(name, 'it is longer than 255 bytes');
  if (name.includes('/')) refuse(name, 'it contains "/"');
  if (name.startsWith('.')) refuse(name, 'names starting with "." are hidden files, temps or history');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(name)) refuse(name, 'it contains a control character');
  return name;
}

export function normalizeDir(dir: string): string {
  if (!dir.startsWith('/') || dir.split('/').some((p) => p === '..' || p === '.')) {
    throw new ApiError({ code: 'INVALID_INPUT', message: `${dir} is not an absolute cfg directory path.`, details: { field: 'dir' } });
  }
  return dir.length > 1 ? dir.replace(/\/+$/, '') : dir;
}

export function join(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function tempName(name: string, random: string): string {
  return `.${name}.xendeck-${random}.tmp`;
}

export function isOurTemp(name: string): boolean {
  return TEMP_RE.test(name);
}

/** FS-11: while a save of NAME checks and renames, this dot-file (created O_EXCL) keeps other XenDecks out. */
export function lockName(name: string): string {
  return `.${name}.xendeck-lock`;
}

export function isOurLock(name: string): boolean {
  return /^\..+\.xendeck-lock$/.test(name);
}

/** `20261125T061600123Z`: sorts by time, no ":" (awkward in file names). */
export function historyStamp(d: Date): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

export function historyPrefix(name: string): string {
  return `${name}.`;
}

const STAMP_RE = /^(\d{8}T\d{9}Z)(?:-(\d+))?$/;

/** The UTC time of a history entry of NAME, or null when the entry belongs to another file. */
export function historyTime(name: string, entry: string): string | null {
  if (!entry.startsWith(historyPrefix(name))) return null;
  const m = STAMP_RE.exec(entry.slice(historyPrefix(name).length));
  if (!m) return null;
  const s = m[1] as string;
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`;
}

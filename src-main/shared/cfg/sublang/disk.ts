// Disk specs as libxlutil's disk lexer reads them (xl-disk-configuration(5), REFERENCE §3.7):
// positional `target,format,vdev,access`, `key=value` parameters, flags, a final `target=` that
// swallows the rest, and the xm prefixes (`file:`, `phy:`, `tap:aio:` …) that are stripped and
// switch the positional order to xm's `target,vdev,access`.
import { fail, ok, type SublangResult } from './result';

export type DiskParam =
  | { kind: 'positional'; lead: string; prefixes: string[]; value: string }
  | { kind: 'keyword'; lead: string; key: string; value: string }
  | { kind: 'flag'; lead: string; name: string }
  | { kind: 'target'; lead: string; value: string };

export interface DiskSpec {
  raw: string;
  /** Every parameter as written (joined with `,` they give `raw` back). */
  params: DiskParam[];
  /** The spec ended with a comma (libxlutil ignores an empty or blank last piece). */
  trailingComma: boolean;
  /** Blanks after that final comma. */
  trailer: string;
  /** Effective values, as libxlutil computes them. */
  target: string | null;
  format: string;
  vdev: string;
  readWrite: boolean;
  cdrom: boolean;
  backendtype: string | null;
  script: string | null;
  /** xm-era prefixes seen (`file`, `phy`, `tap`, `aio` …), in order. */
  legacyPrefixes: string[];
}

export const DISK_FORMATS = ['raw', 'qcow', 'qcow2', 'vhd', 'qed', 'empty'] as const;
export const DISK_FLAGS = [
  'cdrom',
  'direct-io-safe',
  'discard',
  'no-discard',
  'colo',
  'no-colo',
  'trusted',
  'untrusted',
] as const;
export const DISK_KEYWORDS = [
  'format',
  'vdev',
  'access',
  'devtype',
  'backend',
  'backendtype',
  'script',
  'specification',
  'colo-host',
  'colo-port',
  'colo-export',
  'active-disk',
  'hidden-disk',
  'grant_usage',
] as const;
const BACKENDTYPES = ['phy', 'qdisk', 'tap', 'standalone'];
const FORMAT_PREFIXES = ['raw', 'qcow', 'qcow2', 'vhd'];
const SCRIPT_PREFIXES = ['iscsi', 'nbd', 'enbd', 'drbd'];
// Plain prefixes (tapdisk tap tap2 aio ioemu file phy) are only stripped.
const KNOWN_PREFIX = /^(raw|qcow2?|vhd|iscsi|e?nbd|drbd|tapdisk|tap2?|aio|ioemu|file|phy):/;
const UNKNOWN_PREFIX = /^[a-z][a-z0-9]*:(?=\/)/;

interface State {
  target: string | null;
  format: string | null;
  vdev: string | null;
  accessSet: boolean;
  readWrite: boolean;
  cdrom: boolean;
  backendtype: string | null;
  script: string | null;
  hadPrefix: boolean;
  prefixes: string[];
}

function accessValue(v: string): boolean | null {
  if (v === '' || v === 'rw' || v === 'w') return true;
  if (v === 'r' || v === 'ro') return false;
  return null;
}

/** `hdc:cdrom` / `hda:disk` (xm's vdev with a device type). Returns null when there is no colon. */
function vdevAndType(v: string): { vdev: string; type: string } | null {
  const i = v.lastIndexOf(':');
  if (i < 0) return null;
  return { vdev: v.slice(0, i), type: v.slice(i + 1) };
}

export function parseDisk(raw: string): SublangResult<DiskSpec> {
  const st: State = {
    target: null,
    format: null,
    vdev: null,
    accessSet: false,
    readWrite: true,
    cdrom: false,
    backendtype: null,
    script: null,
    hadPrefix: false,
    prefixes: [],
  };
  const params: DiskParam[] = [];
  let trailingComma = false;
  let trailer = '';
  let pos = 0;
  while (pos <= raw.length) {
    const start = pos;
    while (raw[pos] === ' ' || raw[pos] === '\t') pos++;
    const lead = raw.slice(start, pos);
    const col = pos + 1;
    if (raw.startsWith('target=', pos)) {
      // Swallows the rest of the spec; libxlutil drops one final comma from it.
      let value = raw.slice(pos + 7);
      if (value.endsWith(',')) {
        value = value.slice(0, -1);
        trailingComma = true;
      }
      if (st.target) return fail('target-respecified', 'The target is given twice.', col + 7);
      st.target = value;
      params.push({ kind: 'target', lead, value });
      break;
    }
    let end = raw.indexOf(',', pos);
    if (end < 0) end = raw.length;
    const piece = raw.slice(pos, end);
    const last = end === raw.length;
    if (last && piece === '' && params.length > 0) {
      // Nothing after the final comma: libxlutil sees no parameter there.
      trailingComma = true;
      trailer = lead;
      break;
    }
    const eq = piece.indexOf('=');
    if ((DISK_FLAGS as readonly string[]).includes(piece)) {
      params.push({ kind: 'flag', lead, name: piece });
      if (piece === 'cdrom') st.cdrom = true;
    } else if (eq >= 0 && !KNOWN_PREFIX.test(piece)) {
      const key = piece.slice(0, eq);
      const value = piece.slice(eq + 1);
      if (!(DISK_KEYWORDS as readonly string[]).includes(key)) {
        return fail('unknown-parameter', `Unknown disk parameter "${key}".`, col);
      }
      const r = applyKeyword(st, key, value, col + eq + 1);
      if (r) return r;
      params.push({ kind: 'keyword', lead, key, value });
    } else {
      let rest = piece;
      let restCol = col;
      const prefixes: string[] = [];
      for (;;) {
        const m = KNOWN_PREFIX.exec(rest);
        if (m) {
          const p = m[1] as string;
          prefixes.push(p);
          st.hadPrefix = true;
          if (FORMAT_PREFIXES.includes(p)) st.format = p;
          else if (SCRIPT_PREFIXES.includes(p)) st.script = `block-${p}`;
          rest = rest.slice(m[0].length);
          restCol += m[0].length;
          continue;
        }
        const u = UNKNOWN_PREFIX.exec(rest);
        if (u) {
          return fail('unknown-prefix', `Unknown disk prefix "${u[0]}".`, restCol);
        }
        break;
      }
      st.prefixes.push(...prefixes);
      const r = applyPositional(st, rest, restCol);
      if (r) return r;
      params.push({ kind: 'positional', lead, prefixes, value: rest });
    }
    pos = end + 1;
  }
  if (st.vdev === null) {
    return fail('no-vdev', 'The disk has no virtual device (vdev), e.g. hda or xvda.', 1);
  }
  let format = st.format ?? 'raw';
  if (st.target === null && !st.cdrom) {
    return fail('no-target', 'The disk has no target (image or device path) and is not a CD-ROM.', 1);
  }
  if (st.cdrom && (st.target === null || st.target === '')) format = 'empty';
  return ok({
    raw,
    params,
    trailingComma,
    trailer,
    target: st.target,
    format,
    vdev: st.vdev,
    readWrite: st.cdrom ? false : st.readWrite,
    cdrom: st.cdrom,
    backendtype: st.backendtype,
    script: st.script,
    legacyPrefixes: st.prefixes,
  });
}

function applyKeyword(st: State, key: string, value: string, col: number): SublangResult<DiskSpec> | null {
  switch (key) {
    case 'format':
      if (!(DISK_FORMATS as readonly string[]).includes(value)) {
        return fail('unknown-format', `Unknown disk format "${value}".`, col);
      }
      if (st.format !== null && st.format !== value) return fail('format-respecified', 'The disk format is given twice.', col);
      st.format = value;
      return null;
    case 'vdev':
      // Like libxlutil, an empty earlier value may be overwritten without complaint.
      if (st.vdev) return fail('vdev-respecified', 'The virtual device (vdev) is given twice.', col);
      st.vdev = value;
      return null;
    case 'access': {
      const rw = accessValue(value);
      if (rw === null) return fail('unknown-access', `Unknown disk access "${value}" (use r or rw).`, col);
      st.readWrite = rw;
      return null;
    }
    case 'devtype':
      if (value === 'cdrom') st.cdrom = true;
      else if (value === 'disk') st.cdrom = false;
      else return fail('unknown-devtype', `Unknown device type "${value}".`, col);
      return null;
    case 'backendtype':
      if (!BACKENDTYPES.includes(value)) {
        return fail('unknown-backendtype', `Unknown backend type "${value}".`, col);
      }
      st.backendtype = value;
      return null;
    case 'script':
      if (st.script) return fail('script-respecified', 'The script is given twice.', col);
      st.script = value;
      return null;
    default:
      return null;
  }
}

function applyPositional(st: State, value: string, col: number): SublangResult<DiskSpec> | null {
  if (st.target === null) {
    st.target = value;
    return null;
  }
  if (!st.hadPrefix && st.format === null) {
    const vt = st.target === '' ? vdevAndType(value) : null;
    if (vt) {
      st.format = 'empty';
      return applyVdevType(st, vt, col);
    }
    if (value === '') {
      st.format = 'raw';
      return null;
    }
    if (!(DISK_FORMATS as readonly string[]).includes(value)) {
      return fail(
        'unknown-format',
        `Unknown disk format "${value}" (the second field is the format unless the target has a prefix such as file:).`,
        col,
      );
    }
    st.format = value;
    return null;
  }
  if (st.vdev === null) {
    const vt = vdevAndType(value);
    if (vt) return applyVdevType(st, vt, col);
    st.vdev = value;
    return null;
  }
  if (!st.accessSet) {
    st.accessSet = true;
    const rw = accessValue(value);
    if (rw === null) {
      return fail('unknown-access', `Unknown disk access "${value}" (use r for read-only or w for read-write).`, col);
    }
    st.readWrite = rw;
    return null;
  }
  return fail('too-many-positional', 'Too many positional fields in the disk spec.', col);
}

function applyVdevType(st: State, vt: { vdev: string; type: string }, col: number): SublangResult<DiskSpec> | null {
  st.vdev = vt.vdev;
  if (vt.type === 'cdrom') st.cdrom = true;
  else if (vt.type === 'disk') st.cdrom = false;
  else {
    return fail('unknown-devtype', `Unknown device type "${vt.type}" after the vdev.`, col + vt.vdev.length + 1);
  }
  return null;
}

export function formatDiskParam(p: DiskParam): string {
  switch (p.kind) {
    case 'positional':
      return p.lead + p.prefixes.map((x) => `${x}:`).join('') + p.value;
    case 'keyword':
      return `${p.lead}${p.key}=${p.value}`;
    case 'flag':
      return p.lead + p.name;
    case 'target':
      return `${p.lead}target=${p.value}`;
  }
}

/** Gives the spec's text back from its parameters (byte-exact for anything parseDisk accepted). */
export function formatDisk(spec: Pick<DiskSpec, 'params' | 'trailingComma' | 'trailer'>): string {
  return spec.params.map(formatDiskParam).join(',') + (spec.trailingComma ? `,${spec.trailer}` : '');
}

/** A disk spec in the modern key=value form (what XenDeck writes for new disks). */
export function buildDiskSpec(d: {
  target: string;
  vdev: string;
  format?: string;
  readWrite?: boolean;
  cdrom?: boolean;
}): string {
  const parts = [`format=${d.format ?? (d.target === '' ? 'empty' : 'raw')}`, `vdev=${d.vdev}`];
  parts.push(`access=${d.readWrite === false || d.cdrom ? 'ro' : 'rw'}`);
  if (d.cdrom) parts.push('devtype=cdrom');
  parts.push(`target=${d.target}`);
  return parts.join(', ');
}

/** IDE/SCSI/Xen-PV family of a vdev: only IDE (and SCSI) devices are emulated for the HVM BIOS. */
export function vdevBus(vdev: string): 'ide' | 'scsi' | 'xen' | 'other' {
  if (/^hd[a-z]+\d*$/.test(vdev)) return 'ide';
  if (/^sd[a-z]+\d*$/.test(vdev)) return 'scsi';
  if (/^xvd[a-z]+\d*$/.test(vdev) || /^d\d+(p\d+)?$/.test(vdev)) return 'xen';
  return 'other';
}

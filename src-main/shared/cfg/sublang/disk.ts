// Disk specs as libxlutil's disk lexer reads them (xl-disk-configuration(5), REFERENCE §3.7):
// positional `target,format,vdev,access`, `key=value` parameters, flags, a final `target=` that
// swallows the rest, and the xm prefixes (`file:`, `phy:`, `tap:aio:` …) that are stripped and
// switch the positional order to xm's `target,vdev,access`.
import { lexDisk } from './disk-lexer';
import { fail, ok, type SublangResult } from './result';

export type DiskParam =
  | { kind: 'positional'; lead: string; prefixes: string[]; value: string; comma: boolean }
  | { kind: 'keyword'; lead: string; key: string; value: string; comma: boolean }
  | { kind: 'flag'; lead: string; name: string; comma: boolean }
  | { kind: 'target'; lead: string; value: string; comma: boolean };

export interface DiskSpec {
  raw: string;
  /** Every parameter as written; `lead` holds the blanks and xm prefixes before it. */
  params: DiskParam[];
  /** The last parameter ended with a comma (libxlutil ignores what follows if it is blank). */
  trailingComma: boolean;
  /** Text after the last parameter that sets nothing (blanks, a dangling prefix). */
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
// The flags and keywords of Xen 4.17's disk scanner (later Xen adds trusted/untrusted and
// grant_usage=; 4.17 reads those as a positional value or a syntax error, as the harness shows).
export { DISK_FLAGS } from './disk-lexer';
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
] as const;
const BACKENDTYPES = ['phy', 'qdisk', 'tap', 'standalone'];
const SPECIFICATIONS = ['xen', 'virtio'];
const FORMAT_PREFIXES = ['raw', 'qcow', 'qcow2', 'vhd'];
const SCRIPT_PREFIXES = ['iscsi', 'nbd', 'enbd', 'drbd'];

type Failure = SublangResult<DiskSpec> & { ok: false };

interface State {
  target: string | null;
  format: string | null;
  vdev: string | null;
  accessSet: boolean;
  readWrite: boolean;
  cdrom: boolean;
  backendtype: string | null;
  specification: string | null;
  script: string | null;
  /** Strings libxlutil only lets be overwritten while empty (its savestring). */
  strings: Map<string, string>;
  hadPrefix: boolean;
  prefixes: string[];
}

function accessValue(v: string): boolean | null {
  if (v === '' || v === 'rw' || v === 'w') return true;
  if (v === 'r' || v === 'ro') return false;
  return null;
}

/** C's atoi as glibc does it (strtol, saturated to long, then truncated to int). */
function atoi(v: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(v);
  if (!m) return 0;
  const long = BigInt(m[1] as string);
  const max = (1n << 63n) - 1n;
  const sat = long > max ? max : long < -max - 1n ? -max - 1n : long;
  return Number(BigInt.asIntN(32, sat));
}

/** libxlutil's DSET: an enum may be set again only to the same value. */
function dset(st: State, field: 'format' | 'backendtype' | 'specification', value: string, col: number): Failure | null {
  const cur = st[field];
  if (cur !== null && cur !== value) {
    const what = field === 'backendtype' ? 'backend type' : field;
    return fail(`${field}-respecified`, `The disk ${what} is given twice.`, col) as Failure;
  }
  st[field] = value;
  return null;
}

function setFormat(st: State, v: string, col: number, hint = ''): Failure | null {
  if (v === '') return dset(st, 'format', 'raw', col);
  if (!(DISK_FORMATS as readonly string[]).includes(v)) {
    return fail('unknown-format', `Unknown disk format "${v}"${hint}.`, col) as Failure;
  }
  return dset(st, 'format', v, col);
}

/** libxlutil's savestring: a second non-empty value is an error, an empty one may be replaced. */
function saveString(st: State, what: string, value: string, col: number): Failure | null {
  const cur = what === 'target' ? st.target : what === 'vdev' ? st.vdev : what === 'script' ? st.script : st.strings.get(what);
  if (cur) return fail(`${what}-respecified`, `The disk ${what} is given twice.`, col) as Failure;
  if (what === 'target') st.target = value;
  else if (what === 'vdev') st.vdev = value;
  else if (what === 'script') st.script = value;
  else st.strings.set(what, value);
  return null;
}

/** `hdc:cdrom` / `hda:disk` (xm's vdev with a device type); null when there is no colon. */
function vdevAndType(st: State, v: string, col: number): Failure | null | 'no-colon' {
  const i = v.lastIndexOf(':');
  if (i < 0) return 'no-colon';
  const r = saveString(st, 'vdev', v.slice(0, i), col);
  if (r) return r;
  const type = v.slice(i + 1);
  if (type === 'cdrom') st.cdrom = true;
  else if (type === 'disk') st.cdrom = false;
  else return fail('unknown-devtype', `Unknown device type "${type}" after the vdev.`, col + i + 1) as Failure;
  return null;
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
    specification: null,
    script: null,
    strings: new Map(),
    hadPrefix: false,
    prefixes: [],
  };
  const params: DiskParam[] = [];
  let lead = '';
  let leadPrefixes: string[] = [];
  for (const t of lexDisk(raw)) {
    const col = t.offset + 1;
    const valueCol = col + t.name.length + 1;
    let r: Failure | null = null;
    switch (t.kind) {
      case 'blank':
      case 'stray':
        lead += t.text;
        continue;
      case 'prefix':
        lead += t.text;
        leadPrefixes.push(t.name);
        st.prefixes.push(t.name);
        st.hadPrefix = true;
        if (FORMAT_PREFIXES.includes(t.name)) r = setFormat(st, t.name, col);
        else if (SCRIPT_PREFIXES.includes(t.name)) r = saveString(st, 'script', `block-${t.name}`, col);
        if (r) return r;
        continue;
      case 'unknown-prefix':
        return fail('unknown-prefix', `Unknown disk prefix "${t.text}".`, col);
      case 'unknown-parameter':
        return fail('unknown-parameter', `Unknown disk parameter "${t.text.replace(/=.*$/s, '')}".`, col);
      case 'bad-devtype':
        return fail('unknown-devtype', `Unknown device type "${t.text.replace(/^devtype=|,$/g, '')}".`, col + 8);
      case 'bad-syntax':
        return fail('bad-syntax', `The disk spec cannot be read from "${t.text}" on.`, col);
      case 'flag':
        if (t.name === 'cdrom') st.cdrom = true;
        params.push({ kind: 'flag', lead, name: t.name, comma: t.comma });
        break;
      case 'target':
        r = saveString(st, 'target', t.value, valueCol);
        params.push({ kind: 'target', lead, value: t.value, comma: t.comma });
        break;
      case 'keyword':
        r = applyKeyword(st, t.name, t.value, valueCol);
        params.push({ kind: 'keyword', lead, key: t.name, value: t.value, comma: t.comma });
        break;
      case 'positional':
        r = applyPositional(st, t.value, col);
        params.push({ kind: 'positional', lead, prefixes: leadPrefixes, value: t.value, comma: t.comma });
        break;
    }
    if (r) return r;
    lead = '';
    leadPrefixes = [];
  }
  let format = st.format ?? 'raw';
  if (st.cdrom && (st.target === null || st.target === '')) format = 'empty';
  if (st.vdev === null) {
    return fail('no-vdev', 'The disk has no virtual device (vdev), e.g. hda or xvda.', 1);
  }
  if (st.target === null && !st.cdrom) {
    return fail('no-target', 'The disk has no target (image or device path) and is not a CD-ROM.', 1);
  }
  return ok({
    raw,
    params,
    trailingComma: params.at(-1)?.comma ?? false,
    trailer: lead,
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

function applyKeyword(st: State, key: string, value: string, col: number): Failure | null {
  switch (key) {
    case 'format':
      return setFormat(st, value, col);
    case 'vdev':
    case 'script':
    case 'backend':
    case 'colo-host':
    case 'colo-export':
    case 'active-disk':
    case 'hidden-disk':
      return saveString(st, key, value, col);
    case 'access': {
      const rw = accessValue(value);
      if (rw === null) return fail('unknown-access', `Unknown disk access "${value}" (use r or rw).`, col) as Failure;
      st.readWrite = rw;
      return null;
    }
    case 'devtype':
      // Only cdrom and disk reach here; any other value is its own token.
      st.cdrom = value === 'cdrom';
      return null;
    case 'backendtype':
      if (!BACKENDTYPES.includes(value)) {
        return fail('unknown-backendtype', `Unknown backend type "${value}".`, col) as Failure;
      }
      return dset(st, 'backendtype', value, col);
    case 'specification':
      if (!SPECIFICATIONS.includes(value)) {
        return fail('unknown-specification', `Unknown disk specification "${value}" (use xen or virtio).`, col) as Failure;
      }
      return dset(st, 'specification', value, col);
    case 'colo-port':
      if (atoi(value) === 0) return fail('unknown-colo-port', `"${value}" is not a COLO port number.`, col) as Failure;
      return null;
    default:
      return null;
  }
}

function applyPositional(st: State, value: string, col: number): Failure | null {
  if (st.target === null) return saveString(st, 'target', value, col);
  if (!st.hadPrefix && st.format === null) {
    if (st.target === '') {
      const r = vdevAndType(st, value, col);
      if (r !== 'no-colon') {
        if (r === null) st.format = 'empty';
        return r;
      }
    }
    return setFormat(st, value, col, ' (the second field is the format unless the target has a prefix such as file:)');
  }
  if (st.vdev === null) {
    const r = vdevAndType(st, value, col);
    return r === 'no-colon' ? saveString(st, 'vdev', value, col) : r;
  }
  if (!st.accessSet) {
    st.accessSet = true;
    const rw = accessValue(value);
    if (rw === null) {
      return fail('unknown-access', `Unknown disk access "${value}" (use r for read-only or w for read-write).`, col) as Failure;
    }
    st.readWrite = rw;
    return null;
  }
  return fail('too-many-positional', 'Too many positional fields in the disk spec.', col) as Failure;
}

export function formatDiskParam(p: DiskParam): string {
  const comma = p.comma ? ',' : '';
  switch (p.kind) {
    case 'positional':
      return p.lead + p.value + comma;
    case 'keyword':
      return `${p.lead}${p.key}=${p.value}${comma}`;
    case 'flag':
      return p.lead + p.name + comma;
    case 'target':
      return `${p.lead}target=${p.value}${comma}`;
  }
}

/** Gives the spec's text back from its parameters (byte-exact for anything parseDisk accepted). */
export function formatDisk(spec: Pick<DiskSpec, 'params' | 'trailer'>): string {
  return spec.params.map(formatDiskParam).join('') + spec.trailer;
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

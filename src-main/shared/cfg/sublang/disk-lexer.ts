// The token rules of libxlutil's disk scanner (libxlu_disk_l.l as shipped in Xen 4.17), applied
// the way flex applies them: at each position every rule is tried, the longest match wins, and
// a tie goes to the rule written first. Trailing context (`/…` in flex) counts towards the
// length but is not consumed. Matching flex this literally is what makes `qcow2: /x`,
// `file:a=b` and `xyz:,,w` come out exactly as in xl; a split-on-commas reading cannot.

export type DiskTokenKind =
  | 'blank'
  | 'keyword'
  | 'flag'
  | 'bad-devtype'
  | 'target'
  | 'unknown-parameter'
  | 'prefix'
  | 'unknown-prefix'
  | 'positional'
  | 'bad-syntax'
  | 'stray';

export interface DiskToken {
  kind: DiskTokenKind;
  /** The consumed text (flex's yytext: without trailing context). */
  text: string;
  /** 0-based offset of `text` in the spec. */
  offset: number;
  /** keyword: its name; flag: the flag; prefix: the prefix without `:`. */
  name: string;
  /** keyword/target/positional: the value without the one trailing comma the rule may eat. */
  value: string;
  /** The token ate a trailing comma. */
  comma: boolean;
}

interface Rule {
  kind: DiskTokenKind;
  /** Whole match including trailing context (decides the longest match). */
  full: RegExp;
  /** Length of the consumed part, given the whole match; defaults to all of it. */
  head?: (m: string) => number;
}

// flex's `.` is any byte but newline (JS `.` also stops at \r and U+2028/9).
const REST = '[^\\n]*';

const KEYWORDS = [
  'format',
  'access',
  'backend',
  'backendtype',
  'specification',
  'vdev',
  'script',
  'colo-host',
  'colo-port',
  'colo-export',
  'active-disk',
  'hidden-disk',
] as const;
/** The flags of Xen 4.17's disk scanner. */
export const DISK_FLAGS = ['cdrom', 'direct-io-safe', 'discard', 'no-discard', 'colo', 'no-colo'] as const;
const PREFIXES = ['raw|qcow2?|vhd', 'iscsi|e?nbd|drbd', 'tapdisk', 'tap2?', 'aio', 'ioemu', 'file', 'phy'];

function sticky(src: string): RegExp {
  return new RegExp(src, 'y');
}

const upToColon = (m: string): number => m.indexOf(':') + 1;

// In the order of libxlu_disk_l.l (the order only matters for ties).
const RULES: Rule[] = [
  { kind: 'blank', full: sticky(`[ \\t\\n]+(?:[^ \\t\\n]${REST})?`), head: (m) => /^[ \t\n]+/.exec(m)?.[0].length ?? 0 },
  { kind: 'keyword', full: sticky('format=[^,]*,?') },
  { kind: 'flag', full: sticky('cdrom,?') },
  { kind: 'keyword', full: sticky('devtype=cdrom,?') },
  { kind: 'keyword', full: sticky('devtype=disk,?') },
  { kind: 'bad-devtype', full: sticky('devtype=[^,]*,?') },
  ...KEYWORDS.filter((k) => k !== 'format').map((k): Rule => ({ kind: 'keyword', full: sticky(`${k}=[^,]*,?`) })),
  ...DISK_FLAGS.filter((f) => f !== 'cdrom').map((f): Rule => ({ kind: 'flag', full: sticky(`${f},?`) })),
  { kind: 'target', full: sticky(`target=${REST}`) },
  { kind: 'unknown-parameter', full: sticky('[a-z][-a-z0-9]*=[^,],?') },
  ...PREFIXES.map((p): Rule => ({ kind: 'prefix', full: sticky(`(?:${p}):${REST}`), head: upToColon })),
  { kind: 'unknown-prefix', full: sticky(`[a-z][a-z0-9]*:(?:[^a-z0-9]${REST})?`), head: upToColon },
  { kind: 'positional', full: sticky('[^=,]+,?|,') },
];

function token(kind: DiskTokenKind, text: string, offset: number): DiskToken {
  let name = '';
  let value = text;
  let comma = false;
  if (kind === 'keyword' || kind === 'target' || kind === 'positional' || kind === 'flag') {
    if (text.endsWith(',')) {
      comma = true;
      value = text.slice(0, -1);
    }
  }
  if (kind === 'keyword' || kind === 'target') {
    const eq = value.indexOf('=');
    name = value.slice(0, eq);
    value = value.slice(eq + 1);
  } else if (kind === 'flag') {
    name = value;
  } else if (kind === 'prefix' || kind === 'unknown-prefix') {
    name = text.slice(0, -1);
  }
  return { kind, text, offset, name, value, comma };
}

/** The next token at `pos` (pos < spec.length). */
export function nextDiskToken(spec: string, pos: number): DiskToken {
  let best: Rule | null = null;
  let bestLen = 0;
  let bestMatch = '';
  for (const rule of RULES) {
    rule.full.lastIndex = pos;
    const m = rule.full.exec(spec);
    if (m && m[0].length > bestLen) {
      best = rule;
      bestLen = m[0].length;
      bestMatch = m[0];
    }
  }
  if (!best) {
    // flex's catch-all `.` switches to a state whose `.*` reports "bad disk syntax"; when the
    // stray character is the last one, the scanner meets the end first and reports nothing.
    return token(pos + 1 < spec.length ? 'bad-syntax' : 'stray', spec.slice(pos), pos);
  }
  const len = best.head ? best.head(bestMatch) : bestLen;
  return token(best.kind, spec.slice(pos, pos + len), pos);
}

/** Every token of the spec, in order. Stops after a token that ends scanning in libxlutil. */
export function lexDisk(spec: string): DiskToken[] {
  const out: DiskToken[] = [];
  let pos = 0;
  while (pos < spec.length) {
    const t = nextDiskToken(spec, pos);
    out.push(t);
    if (t.kind === 'bad-syntax' || t.text.length === 0) break;
    pos += t.text.length;
  }
  return out;
}

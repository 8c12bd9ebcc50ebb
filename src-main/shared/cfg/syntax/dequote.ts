// libxlutil's string unquoting (xlu__cfgl_dequote), quirks included, so values and errors match xl:
// - `\x..` is always rejected (the code skips a character, then demands more digits than it reads);
// - `\0`-`\7` consume following text as a base-10 strtoul over at most 3 characters and emit
//   nothing; fewer than two characters converted (counting strtoul's leading blanks and sign)
//   is an error.

export const ESCAPE_ERRORS = {
  hex: 'invalid digit after backslash hexnumerical character escape in quoted string',
  octal: 'invalid digit after backslash octalnumerical character escape in quoted string',
  other: 'invalid character after backlash in quoted string',
} as const;

export interface DequoteResult {
  value: string;
  error?: string;
}

const SIMPLE: Record<string, string> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  a: '\u0007',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\u000b',
};

function isCSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

/** How many characters C's strtoul(buf, &ep, 10) consumes (0 when nothing converts). */
function strtoulLength(buf: string): number {
  let i = 0;
  while (i < buf.length && isCSpace(buf[i] as string)) i++;
  if (i < buf.length && (buf[i] === '+' || buf[i] === '-')) i++;
  const digitsFrom = i;
  while (i < buf.length && (buf[i] as string) >= '0' && (buf[i] as string) <= '9') i++;
  return i === digitsFrom ? 0 : i;
}

/** `src` is the whole token including both quotes. */
export function dequote(src: string): DequoteResult {
  let out = '';
  const end = src.length - 1;
  let p = 1;
  while (p < end) {
    const c = src[p++] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const nc = src[p++] as string;
    const simple = SIMPLE[nc];
    if (simple !== undefined) {
      out += simple;
    } else if (nc === 'x') {
      return { value: out, error: ESCAPE_ERRORS.hex };
    } else if (nc >= '0' && nc <= '7') {
      // strncpy(numbuf, p, 3) reads past the closing quote up to the token's terminating NUL.
      const numbuf = src.slice(p, p + 3);
      const used = strtoulLength(numbuf);
      if (used <= 1) return { value: out, error: ESCAPE_ERRORS.octal };
      p += used;
    } else {
      return { value: out, error: ESCAPE_ERRORS.other };
    }
  }
  return { value: out };
}

/** Quotes a value for writing, in the given style, using only the escapes every xl accepts. */
export function quote(value: string, style: '"' | "'" = '"'): string {
  let body = '';
  for (const ch of value) {
    if (ch === '\\') body += '\\\\';
    else if (ch === style) body += `\\${style}`;
    else if (ch === '\n') body += '\\n';
    else if (ch === '\r') body += '\\r';
    else if (ch === '\t') body += '\\t';
    else body += ch;
  }
  return style + body + style;
}

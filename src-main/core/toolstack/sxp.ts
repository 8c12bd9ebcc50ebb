// A generic S-expression reader for xend's SXP (`xm list --long`, REFERENCE §4.8): lists in
// parentheses, atoms bare or quoted with ' or " (backslash escapes inside quotes), whitespace
// and newlines insignificant. Several top-level expressions may follow each other.
import { OutputFormatError } from './types';

export type Sexp = string | Sexp[];

const MAX_DEPTH = 256;

export function parseSexps(text: string, command = 'xm list --long'): Sexp[] {
  const out: Sexp[] = [];
  const stack: Sexp[][] = [];
  let i = 0;
  const push = (v: Sexp) => {
    if (stack.length === 0) out.push(v);
    else stack[stack.length - 1].push(v);
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === '(') {
      if (stack.length >= MAX_DEPTH) throw new OutputFormatError(command, 'it is nested too deeply');
      stack.push([]);
      i++;
    } else if (ch === ')') {
      const done = stack.pop();
      if (done === undefined) throw new OutputFormatError(command, `an unmatched ")" at character ${i}`);
      push(done);
      i++;
    } else if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'" || ch === '"') {
      let v = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== ch; j++) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        v += text[j];
      }
      if (j >= text.length) throw new OutputFormatError(command, `a quoted value starting at character ${i} is not closed`);
      push(v);
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s()]/.test(text[j])) j++;
      push(text.slice(i, j));
      i = j;
    }
  }
  if (stack.length > 0) throw new OutputFormatError(command, 'it ends inside an unclosed "("');
  return out;
}

/** The head atom of a list, e.g. `domain` for `(domain (domid 3) …)`. */
export function head(e: Sexp): string | undefined {
  return Array.isArray(e) && typeof e[0] === 'string' ? e[0] : undefined;
}

/** Every child list of `e` whose head is `key`. */
export function children(e: Sexp, key: string): Sexp[][] {
  if (!Array.isArray(e)) return [];
  return e.slice(1).filter((c): c is Sexp[] => Array.isArray(c) && c[0] === key);
}

/** The first child list along a path: child(d, 'image', 'hvm'). */
export function child(e: Sexp, ...path: string[]): Sexp[] | undefined {
  let cur: Sexp | undefined = e;
  for (const key of path) {
    if (cur === undefined) return undefined;
    cur = children(cur, key)[0];
  }
  return cur as Sexp[] | undefined;
}

/** The atom value of `(key value)` along a path; undefined for `(key )` or a missing key. */
export function atom(e: Sexp, ...path: string[]): string | undefined {
  const c = child(e, ...path);
  return c !== undefined && typeof c[1] === 'string' ? c[1] : undefined;
}

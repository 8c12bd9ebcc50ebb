// Reads a legacy xm config (a Python 2 script run by xend) without running it: splits it into
// Python logical lines, keeps literal `key = value` statements (those xl's grammar reads) editable,
// and marks everything else — imports, if/else blocks, defs, expression assignments, triple-quoted
// strings — as ScriptedRegions kept verbatim. A mask blanks those regions (offsets unchanged) so
// the xl parser and the editor can work on the literal part. It reports nothing itself: the
// linter owns every finding (`python-code`, `invalid-key-name`), so each problem is told once.
import type { ScriptedRegion } from '../model';
import { parseCfg } from '../syntax/parser';

export interface LogicalLine {
  start: number;
  /** Past the line's newline (or the text's end). */
  end: number;
  startLine: number;
  endLine: number;
  text: string;
  indent: number;
  /** The statement without its trailing comment and blanks. */
  code: string;
}

export type XmLineKind = 'blank' | 'literal' | 'scripted' | 'invalid-key';

export interface XmAnalysis {
  lines: Array<LogicalLine & { kind: XmLineKind }>;
  regions: ScriptedRegion[];
  /** Lines like `full-screen=1`: a literal value under a key neither xl nor xm reads from a file. */
  invalidKeys: Array<{ key: string; value: string; line: number; start: number; end: number }>;
  /** The text with scripted regions and invalid-key lines blanked (newlines kept). */
  mask: string;
  /** True when the file needs no masking: xl reads it as it is. */
  plainXl: boolean;
}

const BLOCK_HEADERS = /^(if|elif|else|for|while|def|class|try|except|finally|with)\b/;
const CONTINUATIONS = /^(elif|else|except|finally)\b/;
const IMPORTS = /^(import|from)\b/;
const INVALID_KEY = /^([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*(.+)$/;

/** Splits Python source into logical lines (brackets, triple quotes and `\` join physical lines). */
export function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const start = i;
    const startLine = line;
    let depth = 0;
    let codeEnd = -1;
    for (;;) {
      if (i >= text.length) break;
      const c = text[i] as string;
      if (c === '#' && codeEnd < 0) {
        const nl = text.indexOf('\n', i);
        const e = nl < 0 ? text.length : nl;
        if (depth === 0) codeEnd = i;
        i = e;
        continue;
      }
      if (c === '"' || c === "'") {
        const triple = text.startsWith(c.repeat(3), i);
        const q = triple ? c.repeat(3) : c;
        i += q.length;
        while (i < text.length) {
          if (text[i] === '\\') {
            if (text[i + 1] === '\n') line++;
            i += 2;
            continue;
          }
          if (text.startsWith(q, i)) {
            i += q.length;
            break;
          }
          if (text[i] === '\n') {
            if (!triple) break;
            line++;
          }
          i++;
        }
        continue;
      }
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
      if (c === '\\' && text[i + 1] === '\n') {
        i += 2;
        line++;
        continue;
      }
      if (c === '\n') {
        i++;
        if (depth === 0) break;
        line++;
        continue;
      }
      i++;
    }
    const raw = text.slice(start, i);
    const body = raw.endsWith('\n') ? raw.slice(0, -1) : raw;
    const indentMatch = /^[ \t]*/.exec(body);
    const indent = indentMatch ? indentMatch[0].length : 0;
    const code = (codeEnd >= 0 ? text.slice(start, codeEnd) : body).trim();
    out.push({ start, end: i, startLine, endLine: line, text: raw, indent, code });
    if (raw.endsWith('\n')) line++;
  }
  return out;
}

function blank(s: string): string {
  return s.replace(/[^\n]/g, ' ');
}

function parsesAsXl(code: string): boolean {
  return parseCfg(`${code}\n`).ok;
}

function assignedName(code: string): string | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)[ \t]*(=|\+=)(?!=)/.exec(code);
  return m ? m[1] : undefined;
}

export function analyzeXm(text: string): XmAnalysis {
  const lines = logicalLines(text).map((l) => ({ ...l, kind: 'blank' as XmLineKind }));
  const regions: ScriptedRegion[] = [];
  const invalidKeys: XmAnalysis['invalidKeys'] = [];
  let open: number[] | null = null;

  const closeRegion = (): void => {
    if (!open) return;
    // Trailing blank or comment lines belong to what follows, not to the block.
    while (open.length && lines[open[open.length - 1] as number]?.code === '') open.pop();
    if (open.length) {
      const ls = open.map((i) => lines[i] as (typeof lines)[number]);
      for (const l of ls) l.kind = l.code === '' ? 'blank' : 'scripted';
      const first = ls[0] as (typeof lines)[number];
      const last = ls[ls.length - 1] as (typeof lines)[number];
      const assigns = [...new Set(ls.map((l) => assignedName(l.code.trim())).filter((x): x is string => !!x))];
      regions.push({
        startLine: first.startLine,
        endLine: last.endLine,
        text: text.slice(first.start, last.end),
        assigns,
      });
      for (const l of ls) l.kind = 'scripted';
    }
    open = null;
  };

  lines.forEach((l, idx) => {
    if (l.code === '') {
      if (open) open.push(idx);
      return;
    }
    if (open && (l.indent > 0 || CONTINUATIONS.test(l.code))) {
      open.push(idx);
      return;
    }
    closeRegion();
    if (BLOCK_HEADERS.test(l.code) && l.code.endsWith(':')) {
      open = [idx];
      return;
    }
    if (IMPORTS.test(l.code) || l.indent > 0 || l.code.includes("'''") || l.code.includes('"""')) {
      open = [idx];
      closeRegion();
      return;
    }
    if (parsesAsXl(l.code)) {
      l.kind = 'literal';
      return;
    }
    const m = INVALID_KEY.exec(l.code);
    if (m && !/^[a-z][._0-9a-z]*$/.test(m[1] as string) && parsesAsXl(`k = ${m[2]}`)) {
      l.kind = 'invalid-key';
      invalidKeys.push({ key: m[1] as string, value: m[2] as string, line: l.startLine, start: l.start, end: l.end });
      return;
    }
    open = [idx];
    closeRegion();
  });
  closeRegion();

  let mask = '';
  let plainXl = true;
  for (const l of lines) {
    if (l.kind === 'scripted' || l.kind === 'invalid-key') {
      mask += blank(l.text);
      plainXl = false;
    } else {
      mask += l.text;
    }
  }

  return { lines, regions, invalidKeys, mask, plainXl };
}

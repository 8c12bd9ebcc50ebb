// Turns the seed (an xm file, partly Python) into CfgEntry[] and ScriptedRegion[] with a simple
// line regex, so the linter can be tested on it independently of the parser.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfgEntry, CfgValue, ScriptedRegion } from '../../../src-main/shared/cfg/model';
import { requireShared } from '../cfg-sublang/corpus';

export const SEED_KEY_RE = /^\s*([a-z_][a-z0-9_.-]*)\s*=/;

export function seedText(): string {
  return readFileSync(join(requireShared(), 'seed', 'seed-hvm-example.cfg'), 'utf8');
}

/** Keys the seed assigns, in file order, by the plain regex the task prescribes. */
export function seedKeys(): string[] {
  return seedText()
    .split('\n')
    .map((l) => SEED_KEY_RE.exec(l)?.[1])
    .filter((k): k is string => k !== undefined);
}

function literal(text: string): { value: CfgValue; kind: CfgEntry['kind'] } | null {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { value: t, kind: 'number' };
  const s = /^'([^']*)'$|^"([^"]*)"$/.exec(t);
  if (s) return { value: (s[1] ?? s[2]) as string, kind: 'string' };
  const l = /^\[(.*)\]$/.exec(t);
  if (l) {
    const items = [...(l[1] as string).matchAll(/(['"])(.*?)\1/g)].map((m) => m[2] as string);
    return { value: items, kind: 'list' };
  }
  return null;
}

export interface SeedFile {
  entries: CfgEntry[];
  scripted: ScriptedRegion[];
}

/** Literal top-level assignments become entries; imports, blocks and expressions become regions. */
export function seedFile(text = seedText()): SeedFile {
  const entries: CfgEntry[] = [];
  const scripted: ScriptedRegion[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const lineNo = i + 1;
    const m = /^([a-z_][a-z0-9_.-]*)(\s*)(\+?=)(\s*)(.*)$/.exec(line);
    const lit = m ? literal(m[5] as string) : null;
    if (m && lit) {
      const key = m[1] as string;
      const valueCol = key.length + (m[2] as string).length + (m[3] as string).length + (m[4] as string).length + 1;
      entries.push({ key, value: lit.value, kind: lit.kind, op: m[3] as '=' | '+=', line: lineNo, col: 1, valueLine: lineNo, valueCol });
      return;
    }
    if (line.trim() === '' || line.trim().startsWith('#')) return;
    const assigns = [SEED_KEY_RE.exec(line)?.[1]].filter((k): k is string => k !== undefined);
    const prev = scripted[scripted.length - 1];
    if (prev && prev.endLine === lineNo - 1) {
      prev.endLine = lineNo;
      prev.text += `\n${line}`;
      prev.assigns.push(...assigns);
    } else {
      scripted.push({ startLine: lineNo, endLine: lineNo, text: line, assigns });
    }
  });
  return { entries, scripted };
}

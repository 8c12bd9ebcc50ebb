// Rules about keys themselves: unknown, valid nowhere, the wrong toolstack, deprecated,
// duplicated, and Python code an xl host cannot read.
import type { CfgEntry } from '../../model';
import { closestOptionName, getOption } from '../../schema/lookup';
import type { OptionSpec } from '../../schema/types';
import { keyPos, report, scalar, type LintContext } from '../context';

/** What xl's lexer accepts as a key (REFERENCE §1.2). */
const XL_IDENT = /^[a-z][._0-9a-z]*$/;

function valueFits(spec: OptionSpec, value: string | undefined, toolstack: 'xl' | 'xm'): boolean {
  if (value === undefined) return false;
  const allowed = toolstack === 'xm' && spec.xmValues ? spec.xmValues : spec.values;
  return !allowed || allowed.includes(value);
}

function checkKey(ctx: LintContext, e: CfgEntry): void {
  const spec = getOption(e.key);
  const ts = ctx.toolstack;
  if (!spec) {
    if (!XL_IDENT.test(e.key)) {
      report(ctx, 'error', 'invalid-key-name', keyPos(e), { key: e.key }, { kind: 'remove', key: e.key });
      return;
    }
    // In an xm file a literal helper variable (`vmid = 1`) that Python code uses is not a typo.
    if (ts === 'xm' && (ctx.input.scripted ?? []).some((r) => new RegExp(`\\b${e.key.replace(/\./g, '\\.')}\\b`).test(r.text))) {
      return;
    }
    const suggestion = closestOptionName(e.key);
    if (suggestion) {
      report(ctx, 'warning', 'unknown-key-suggest', keyPos(e), { key: e.key, suggestion }, {
        kind: 'rename',
        key: e.key,
        newKey: suggestion,
      });
    } else {
      report(ctx, 'warning', 'unknown-key', keyPos(e), { key: e.key });
    }
    return;
  }
  if (spec.toolstacks.length === 0) {
    const fix = { kind: 'remove', key: e.key } as const;
    if (!XL_IDENT.test(e.key)) report(ctx, 'error', 'invalid-key-name', keyPos(e), { key: e.key }, fix);
    else report(ctx, 'warning', 'not-an-option', keyPos(e), { key: e.key }, fix);
    return;
  }
  if (!spec.toolstacks.includes(ts)) {
    const other = ts === 'xl' ? spec.xlName : spec.xmName;
    const target = other ? getOption(other) : undefined;
    if (other && target && valueFits(target, scalar(e.value), ts)) {
      report(ctx, 'warning', ts === 'xl' ? 'xm-only-key-rename' : 'xl-only-key-rename', keyPos(e), { key: e.key, newKey: other }, {
        kind: 'rename',
        key: e.key,
        newKey: other,
      });
    } else {
      report(ctx, 'warning', ts === 'xl' ? 'xm-only-key' : 'xl-only-key', keyPos(e), { key: e.key, ...(other ? { newKey: other } : {}) },
        other ? undefined : { kind: 'remove', key: e.key });
    }
    return;
  }
  if (ts === 'xl' && spec.deprecatedInXl?.replacement) {
    const newKey = spec.deprecatedInXl.replacement;
    const target = getOption(newKey);
    const renameOk = target !== undefined && valueFits(target, scalar(e.value), ts) && !ctx.last.has(newKey);
    report(ctx, 'info', 'deprecated-key', keyPos(e), { key: e.key, newKey }, renameOk ? { kind: 'rename', key: e.key, newKey } : undefined);
  }
}

export function keyRules(ctx: LintContext): void {
  const seen = new Set<CfgEntry>();
  for (const e of ctx.input.entries) {
    // One report per key for key-level problems, on its effective (last) assignment.
    if (ctx.last.get(e.key) === e && !seen.has(e)) {
      seen.add(e);
      checkKey(ctx, e);
    }
  }
  for (const k of ctx.input.invalidKeys ?? []) {
    if (ctx.last.has(k.key)) continue;
    report(ctx, 'error', 'invalid-key-name', { line: k.line, col: k.col ?? 1 }, { key: k.key }, { kind: 'remove', key: k.key });
  }
  // Duplicates: every plain `=` before the last `=` of the same key is dead.
  const byKey = new Map<string, CfgEntry[]>();
  for (const e of ctx.input.entries) {
    if (e.op !== '=') continue;
    const list = byKey.get(e.key) ?? [];
    list.push(e);
    byKey.set(e.key, list);
  }
  for (const [key, list] of byKey) {
    const winner = ctx.last.get(key);
    for (let i = 0; i < list.length - 1; i++) {
      const later = list[list.length - 1] as CfgEntry;
      const e = list[i] as CfgEntry;
      const laterValue = winner ? JSON.stringify(winner.value) : '';
      report(ctx, 'warning', 'duplicate-key', keyPos(e), { key, laterLine: later.line, laterValue });
    }
  }
  if (ctx.toolstack === 'xl') {
    for (const r of ctx.input.scripted ?? []) {
      report(ctx, 'error', 'python-code', { line: r.startLine, col: 1 }, { startLine: r.startLine, endLine: r.endLine });
      for (const key of new Set(r.assigns)) {
        if (ctx.last.has(key)) continue;
        const spec = getOption(key);
        const at = { line: r.startLine, col: 1 };
        if (!spec) report(ctx, 'warning', 'script-variable', at, { key }, { kind: 'remove', key });
        else if (!spec.toolstacks.includes('xl') && !spec.xlName) {
          report(ctx, 'warning', 'xm-only-key', at, { key }, { kind: 'remove', key });
        }
      }
    }
  }
}

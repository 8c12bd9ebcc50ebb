// What every rule needs to know about a file: the entries, the effective (last) assignment of each
// key, keys set only by Python code, and helpers to read values the way xl does.
import type { CfgEntry, CfgFix, CfgValue, Diagnostic, ScriptedRegion, Toolstack } from '../model';
import { getOption } from '../schema/lookup';
import type { OptionSpec } from '../schema/types';
import { renderMessage, type LintCode } from './messages';

export interface LintInput {
  entries: CfgEntry[];
  toolstack: Toolstack;
  scripted?: ScriptedRegion[];
  /**
   * Lines a reader set aside because no toolstack can read their key (the xm reader's
   * `full-screen=1`): reported here as `invalid-key-name`, like such a key among the entries.
   */
  invalidKeys?: Array<{ key: string; line: number; col?: number }>;
  /** Physical CPUs of the host, when known (enables the host-fit checks). */
  hostCpuCount?: number;
}

export interface LintContext {
  input: LintInput;
  toolstack: Toolstack;
  /** The last assignment of each key (the one that wins). */
  last: Map<string, CfgEntry>;
  /** Keys assigned by scripted (Python) regions: set, value unknown. */
  scriptedKeys: Set<string>;
  out: Diagnostic[];
}

export function buildContext(input: LintInput): LintContext {
  const last = new Map<string, CfgEntry>();
  for (const e of input.entries) last.set(e.key, e);
  const scriptedKeys = new Set<string>();
  for (const r of input.scripted ?? []) for (const k of r.assigns) scriptedKeys.add(k);
  return { input, toolstack: input.toolstack, last, scriptedKeys, out: [] };
}

export function report(
  ctx: LintContext,
  severity: Diagnostic['severity'],
  code: LintCode,
  at: { line: number; col: number },
  params: Record<string, string | number> = {},
  fix?: CfgFix,
): void {
  const d: Diagnostic = { severity, code, message: renderMessage(code, params), params, line: at.line, col: at.col };
  if (fix) d.fix = fix;
  ctx.out.push(d);
}

export function keyPos(e: CfgEntry): { line: number; col: number } {
  return { line: e.line, col: e.col };
}

export function valuePos(e: CfgEntry): { line: number; col: number } {
  return { line: e.valueLine, col: e.valueCol };
}

/** Position of a column inside a scalar string value (past its opening quote). */
export function innerPos(e: CfgEntry, col: number): { line: number; col: number } {
  const quoted = e.kind === 'string' ? 1 : 0;
  return { line: e.valueLine, col: e.valueCol + quoted + col - 1 };
}

/** strtol(text, 0): decimal, 0x hex, leading-0 octal, optional blanks and sign; null if invalid. */
export function xlInteger(text: string): number | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return null;
  const body = m[2] as string;
  let n: number;
  if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
  else if (body.length > 1 && body.startsWith('0')) n = parseInt(body.slice(1), 8);
  else n = parseInt(body, 10);
  return m[1] === '-' ? -n : n;
}

export function scalar(v: CfgValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The effective value of a key: the file's (when it is a scalar) or the schema default for this toolstack. */
export function effective(ctx: LintContext, key: string): string | undefined {
  const e = ctx.last.get(key);
  if (e) return scalar(e.value);
  if (ctx.scriptedKeys.has(key)) return undefined;
  return defaultOf(getOption(key), ctx.toolstack);
}

export function defaultOf(spec: OptionSpec | undefined, toolstack: Toolstack): string | undefined {
  const d = spec?.default;
  if (!d) return undefined;
  const v = toolstack === 'xm' && 'xm' in d ? d.xm : d.xl;
  return typeof v === 'string' ? v : undefined;
}

/** A boolean as xl reads it (non-zero number = true); undefined when unknown. */
export function effectiveBool(ctx: LintContext, key: string): boolean | undefined {
  const v = effective(ctx, key);
  if (v === undefined) return undefined;
  const n = xlInteger(v);
  return n === null ? undefined : n !== 0;
}

export function effectiveInt(ctx: LintContext, key: string): number | undefined {
  const v = effective(ctx, key);
  if (v === undefined) return undefined;
  return xlInteger(v) ?? undefined;
}

export function isSet(ctx: LintContext, key: string): boolean {
  return ctx.last.has(key) || ctx.scriptedKeys.has(key);
}

/** The string elements of a list value (a scalar counts as a one-element list for `either` keys). */
export function elements(v: CfgValue): string[] {
  if (typeof v === 'string') return [v];
  return v.filter((x): x is string => typeof x === 'string');
}

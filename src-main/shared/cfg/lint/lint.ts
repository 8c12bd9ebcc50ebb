// The linter: entries in, diagnostics out (sorted by position). Pure: no I/O, no host access beyond
// the facts passed in.
import type { Diagnostic } from '../model';
import { buildContext, type LintInput } from './context';
import { deviceRules } from './rules/devices';
import { displayRules } from './rules/display';
import { keyRules } from './rules/keys';
import { platformRules } from './rules/platform';
import { valueRules } from './rules/values';

export type { LintInput } from './context';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

export function lintCfg(input: LintInput): Diagnostic[] {
  const ctx = buildContext(input);
  keyRules(ctx);
  valueRules(ctx);
  displayRules(ctx);
  platformRules(ctx);
  deviceRules(ctx);
  return ctx.out.sort(
    (a, b) => a.line - b.line || a.col - b.col || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
}

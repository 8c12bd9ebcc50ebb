// How new values are written (REFERENCE §1.9): plain non-negative decimal integers unquoted,
// everything else double-quoted with only the escapes every xl accepts, lists as `[ "a", "b" ]`.
import type { CfgValue } from '../model';
import { quote } from '../syntax/dequote';

const PLAIN_DECIMAL = /^(0|[1-9][0-9]*)$/;
export const XL_KEY = /^[a-z][._0-9a-z]*$/;

export function renderAtom(value: string, style: '"' | "'" | 'number' = 'number'): string {
  if (style === 'number') return PLAIN_DECIMAL.test(value) ? value : quote(value, '"');
  return quote(value, style);
}

export function renderValue(value: CfgValue, style: '"' | "'" | 'number' = 'number'): string {
  if (typeof value === 'string') return renderAtom(value, style);
  if (value.length === 0) return '[]';
  return `[ ${value.map((v) => renderValue(v, style === 'number' ? '"' : style)).join(', ')} ]`;
}

export function valuesEqual(a: CfgValue | undefined, b: CfgValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]));
}

// The effective values as a plain object (the shape `xendeck cfg dump` and xlu-dump print).
import type { CfgValue } from '../model';
import type { CfgDocument } from './cst';

export function valuesToObject(doc: CfgDocument): Record<string, CfgValue> {
  const o: Record<string, CfgValue> = {};
  for (const [k, v] of doc.values) o[k] = v;
  return o;
}

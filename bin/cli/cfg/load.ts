// One place that decides how to read a file: as xl reads it, or — when it is a legacy xm script —
// through the xm analysis, so each command treats both kinds the same way.
import type { CfgValue } from '../../../src-main/shared/cfg/model';
import { isXmScript } from '../../../src-main/shared/cfg/edit';
import { parseCfg, type CfgDocument } from '../../../src-main/shared/cfg/syntax';
import { analyzeXm, evaluateXm, type XmAnalysis } from '../../../src-main/shared/cfg/xm';

export interface Loaded {
  doc: CfgDocument;
  /** Set when xl rejects the file but it reads as an xm script (Python regions, invalid keys). */
  xm?: XmAnalysis;
}

export function load(text: string, source: string): Loaded {
  const doc = parseCfg(text, { source });
  if (doc.ok) return { doc };
  const xm = analyzeXm(text);
  if (isXmScript(xm) && parseCfg(xm.mask).ok) return { doc, xm };
  return { doc };
}

/** Effective values as xm would see them on a host of the given machine type. */
export function xmValues(text: string, machine: string | undefined): Map<string, CfgValue> {
  return evaluateXm(text, { machine }).values;
}

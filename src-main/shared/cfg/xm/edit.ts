// Editing an xm file: literal statements are edited like xl ones (the scripted regions are masked
// out, so offsets stay true); keys the Python assigns are refused, since a literal edit elsewhere
// would be overridden or reordered by code the editor does not run.
import type { CfgEdit, EditOptions, EditResult } from '../edit/editor';
import { applyEdits } from '../edit/editor';
import { analyzeXm } from './analyze';

export function applyXmEdits(text: string, edits: CfgEdit[], options: Omit<EditOptions, 'mask'> = {}): EditResult {
  let cur = text;
  for (const edit of edits) {
    const analysis = analyzeXm(cur);
    const scripted = analysis.regions.find((r) => r.assigns.includes(edit.key));
    if (scripted) {
      return {
        ok: false,
        reason: `\`${edit.key}' is computed by Python on lines ${scripted.startLine}-${scripted.endLine}; convert the file to xl or edit that code by hand.`,
      };
    }
    const invalid = analysis.invalidKeys.filter((k) => k.key === edit.key);
    if (invalid.length) {
      if (edit.op !== 'remove') return { ok: false, reason: `\`${edit.key}' is not a valid key; the only edit offered is to remove it.` };
      for (const k of [...invalid].reverse()) cur = cur.slice(0, k.start) + cur.slice(k.end);
      continue;
    }
    const r = applyEdits(cur, [edit], { ...options, mask: (t) => analyzeXm(t).mask });
    if (!r.ok) return r;
    cur = r.text;
  }
  return applyEdits(cur, [], { ...options, mask: (t) => analyzeXm(t).mask });
}

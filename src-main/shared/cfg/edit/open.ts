// One call for the UI and the main process: open a config text as its toolstack reads it, with its
// values, every diagnostic (parse, xm, lint) and an edit function routed the right way. xl files
// are read exactly as libxlutil does; a legacy xm script is read through the xm analysis with the
// host's facts, so the seed shows every value while its Python is kept intact.
import { lintCfg } from '../lint';
import type { CfgValue, Diagnostic, ScriptedRegion, Toolstack } from '../model';
import type { CfgDocument } from '../syntax/cst';
import { parseCfg } from '../syntax/parser';
import { analyzeXm, type XmAnalysis } from '../xm/analyze';
import { applyXmEdits } from '../xm/edit';
import { evaluateXm, type HostFacts } from '../xm/evaluate';
import { applyEdits, type CfgEdit, type EditResult } from './editor';

export interface OpenOptions extends HostFacts {
  /** Name used in error lines (the file's path). */
  source?: string;
  /** The host's toolstack; decides which keys are foreign. Default: xl. */
  toolstack?: Toolstack;
  hostCpuCount?: number;
}

export interface OpenedCfg {
  /** `xm` when the file is a Python script xl would reject; otherwise `xl`. */
  kind: 'xl' | 'xm';
  text: string;
  /** xl's reading of the text (for an xm script: of its literal part). */
  doc: CfgDocument;
  xm?: XmAnalysis;
  scripted: ScriptedRegion[];
  /** Effective values (for xm: evaluated for the host; unresolved names left out). */
  values: Map<string, CfgValue>;
  unresolved: string[];
  diagnostics: Diagnostic[];
  /** Applies edits with a minimal diff; a refusal says why. */
  edit(edits: CfgEdit[]): EditResult;
}

const PYTHON_ONLY = /^[ \t]*(import|from|if|elif|else|def|class|for|while|try|with)\b|\b[a-z_][a-z0-9_]*\s*[(+%]|['"]\s*[+%]|\b(True|False|None)\b/m;

/** A file is an xm script when it holds Python no xl file would (not merely one bad line). */
export function isXmScript(xm: XmAnalysis): boolean {
  return xm.invalidKeys.length > 0 || xm.regions.some((r) => PYTHON_ONLY.test(r.text));
}

export function openCfg(text: string, options: OpenOptions = {}): OpenedCfg {
  const toolstack = options.toolstack ?? 'xl';
  const source = options.source;
  const doc = parseCfg(text, { source });
  if (doc.ok || !isXmScript(analyzeXm(text))) {
    const diagnostics = doc.ok
      ? lintCfg({ entries: doc.entries, toolstack, hostCpuCount: options.hostCpuCount })
      : doc.diagnostics;
    return {
      kind: 'xl',
      text,
      doc,
      scripted: [],
      values: doc.values,
      unresolved: [],
      diagnostics,
      edit: (edits) => applyEdits(text, edits, { source }),
    };
  }
  const xm = analyzeXm(text);
  const literal = parseCfg(xm.mask, { source });
  const evaluation = evaluateXm(text, { machine: options.machine });
  // The linter owns every finding, the Python and the set-aside keys included: each is told once.
  const diagnostics = lintCfg({
    entries: literal.entries,
    toolstack,
    scripted: xm.regions,
    invalidKeys: xm.invalidKeys,
    hostCpuCount: options.hostCpuCount,
  }).sort((a, b) => a.line - b.line || a.col - b.col);
  return {
    kind: 'xm',
    text,
    doc: literal,
    xm,
    scripted: xm.regions,
    values: evaluation.values,
    unresolved: evaluation.unresolved,
    diagnostics,
    edit: (edits) => applyXmEdits(text, edits, { source }),
  };
}

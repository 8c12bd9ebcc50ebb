export { analyzeXm, logicalLines } from './analyze';
export type { LogicalLine, XmAnalysis, XmLineKind } from './analyze';
export { evaluateXm } from './evaluate';
export type { HostFacts, XmEvaluation } from './evaluate';
export { toXl, XL_RENAMES } from './convert';
export type { ConvertResult } from './convert';
export { applyXmEdits } from './edit';

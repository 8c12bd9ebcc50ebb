export { applyEdits, applyEditsOrThrow } from './editor';
export type { CfgEdit, EditOptions, EditResult } from './editor';
export { renderAtom, renderValue, valuesEqual, XL_KEY } from './render';
export { fallbackGroupOf, groupRank, keyOrder, schemaGroupOf } from './order';
export type { GroupOf } from './order';
export { isXmScript, openCfg } from './open';
export type { OpenOptions, OpenedCfg } from './open';

export { parseCfg, PYTHON_WARNING } from './parser';
export type { ParseOptions } from './parser';
export { print, tokenText } from './print';
export { dequote, quote, ESCAPE_ERRORS } from './dequote';
export type { AssignmentNode, AtomNode, CfgDocument, ListNode, ParseError, ValueNode } from './cst';
export type { Token, TokenKind } from './tokens';
export { valuesToObject } from './values';

// The structure the parser builds over the token list (see tokens.ts). Nodes point at token
// indexes; the bytes live only in the text, so the tree is lossless by construction.
import type { CfgEntry, CfgValue, Diagnostic } from '../model';
import type { Token } from './tokens';

export interface AtomNode {
  type: 'atom';
  /** Index of the STRING or NUMBER token. */
  tok: number;
  /** The value as libxlutil stores it (unquoted string, or the number's text). */
  value: string;
}

export interface ListNode {
  type: 'list';
  open: number;
  close: number;
  items: ValueNode[];
  /** Token index of the comma after each item (-1 where there is none). */
  commas: number[];
}

export type ValueNode = AtomNode | ListNode;

export interface AssignmentNode {
  key: string;
  keyTok: number;
  opTok: number;
  op: '=' | '+=';
  value: ValueNode;
  /** NEWLINE or `;` token ending the statement, or -1 for a final assignment without one. */
  endTok: number;
}

export interface ParseError {
  /** The source name given to the parser (xl prints the path as given on its command line). */
  file: string;
  /** Line as xl reports it (an error seen on a newline is reported on the line before). */
  line: number;
  /** 1-based column of the offending text, where it is on that line; otherwise 1. */
  col: number;
  /** Where the offending text really is (1-based line and column, 0-based offset). */
  tokenLine: number;
  tokenCol: number;
  offset: number;
  message: string;
  /** The whole line as xl prints it: `SOURCE:LINE: config parsing error near …: MESSAGE`. */
  text: string;
}

export interface CfgDocument {
  source: string;
  text: string;
  tokens: Token[];
  ok: boolean;
  /** Errors in the order xl prints them (xl prints only some of them; so do we). */
  errors: ParseError[];
  /** Exactly what libxlutil writes to its report stream for this text. */
  report: string;
  /** Assignments in file order (only meaningful when ok). */
  assignments: AssignmentNode[];
  entries: CfgEntry[];
  /** Effective values, in the file order of each key's last assignment. */
  values: Map<string, CfgValue>;
  /** Parse errors as diagnostics (code `parse-error`), with fixes where one is known. */
  diagnostics: Diagnostic[];
}

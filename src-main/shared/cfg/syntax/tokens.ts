// Tokens of the lossless syntax tree. Every byte of the file belongs to exactly one token, in order,
// so printing is concatenation. Significant kinds follow libxlutil's lexer (libxlu_cfg_l.l);
// `ws` (spaces and tabs) and `bad` (a run the lexer rejected) are trivia the grammar never sees.

export type TokenKind =
  | 'IDENT'
  | 'NUMBER'
  | 'STRING'
  /** `\n`, or a `#` comment through its `\n` (the comment is part of the newline, as in xl). */
  | 'NEWLINE'
  | 'OP_ADD'
  | '='
  | ';'
  | '['
  | ']'
  | ','
  | 'ws'
  | 'bad';

export interface Token {
  kind: TokenKind;
  /** Offsets into the text, end exclusive. */
  start: number;
  end: number;
  /** 1-based line and column (in characters) of the first character. */
  line: number;
  col: number;
  /** A NEWLINE that also carries rejected text before it (xl's lexical-error recovery). */
  bad?: boolean;
}

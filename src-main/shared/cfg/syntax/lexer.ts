// A pull lexer that behaves like libxlutil's flex scanner (libxlu_cfg_l.l), including its error
// recovery: a rejected character starts a "lexerr" run that swallows the rest of the non-blank
// text and reports `lexical error`; characters `+ - . ( ) :` mark the file as likely Python.
// Unlike flex it also records trivia (blanks, rejected runs) so the token list covers every byte.
import { dequote } from './dequote';
import { SYM } from './tables';
import type { Token, TokenKind } from './tokens';

/** Hooks into the parse context: libxlutil reports lexical errors through yyerror. */
export interface LexerHost {
  /** xlu__cfgl_lexicalerror: report at the current line with the current token text. */
  lexicalError(message: string): void;
  /** ctx->err: once set, libxlutil stops unquoting strings (and so stops reporting their escapes). */
  failed(): boolean;
}

export interface Lexeme {
  /** Lets the parser use a lexeme directly as a token's semantic value. */
  k: 'tok';
  sym: number;
  /** Index of the token in `tokens`, or -1 at end of input. */
  index: number;
  /** Semantic text: identifier, number text or unquoted string. */
  value: string;
}

export const NUL_IN_STRING = 'NUL byte in a quoted string (xl aborts on this file)';

const PYTHONISH = new Set(['+', ',', '-', '.', '(', ')', ':']);

function isIdentStart(c: string): boolean {
  return c >= 'a' && c <= 'z';
}
function isIdentChar(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '_' || c === '.';
}
function isNumberChar(c: string): boolean {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c === 'x';
}

export class Lexer {
  readonly tokens: Token[] = [];
  /** flex's yylineno. */
  lineno = 1;
  /** End of yytext (see `text`), and whether it stands at the end of input. */
  private textEnd = 0;
  private textAtEof = false;
  /** Offset where `text` starts. */
  textStart = 0;
  /** yylloc.first_line of the last token handed to the parser. */
  locLine = 1;
  likelyPython = false;
  private pos = 0;
  private lineStart = 0;
  /** Start of a pending lexerr run (flex `yymore()`), or -1. */
  private pending = -1;

  constructor(
    private readonly src: string,
    private readonly host: LexerHost,
  ) {}

  /** flex's yytext for the last match (what yyerror prints); `\0` stands for the end of input. */
  get text(): string {
    const t = this.src.slice(this.textStart, this.textEnd);
    return this.textAtEof ? `${t}\0` : t;
  }

  private setText(start: number, end: number, atEof: boolean): void {
    this.textStart = start;
    this.textEnd = end;
    this.textAtEof = atEof;
  }

  private push(kind: TokenKind, start: number, end: number, bad?: boolean): number {
    const t: Token = { kind, start, end, line: this.lineno, col: start - this.lineStart + 1 };
    if (bad) t.bad = true;
    this.tokens.push(t);
    return this.tokens.length - 1;
  }

  private newline(at: number): void {
    this.lineno++;
    this.lineStart = at + 1;
  }

  next(): Lexeme {
    const s = this.src;
    for (;;) {
      if (this.pending >= 0) {
        const start = this.pending;
        if (this.pos >= s.length) {
          // flex's EOF action in the lexerr state just terminates: a lone bad character at the
          // very end is not reported (verified against libxlutil 4.17).
          this.push('bad', start, this.pos);
          this.pending = -1;
          this.setText(start, this.pos, true);
          return { k: 'tok', sym: SYM.EOF, index: -1, value: '' };
        }
        let run = this.pos;
        while (run < s.length && s[run] !== ' ' && s[run] !== '\t' && s[run] !== '\n') run++;
        const nlEnd = this.pos < s.length && s[this.pos] === '\n' ? this.pos + 1 : -1;
        this.pending = -1;
        if (nlEnd > 0) {
          // <lexerr>\n right after the rejected character: report (from the next line, which
          // also silences errors there), then hand the parser a NEWLINE. Blanks before the
          // newline would instead end the run with an empty match (verified against 4.17).
          const line = this.lineno;
          const col = start - this.lineStart + 1;
          this.setText(start, nlEnd, false);
          this.newline(nlEnd - 1);
          this.host.lexicalError('lexical error');
          this.tokens.push({ kind: 'NEWLINE', start, end: nlEnd, line, col, bad: true });
          this.pos = nlEnd;
          this.locLine = this.lineno;
          return { k: 'tok', sym: SYM.NEWLINE, index: this.tokens.length - 1, value: '' };
        }
        // <lexerr>[^ \t\n]* : report and carry on scanning.
        this.setText(start, run, false);
        this.host.lexicalError('lexical error');
        this.push('bad', start, run);
        this.pos = run;
        continue;
      }

      const start = this.pos;
      if (start >= s.length) {
        this.setText(start, start, true);
        return { k: 'tok', sym: SYM.EOF, index: -1, value: '' };
      }
      const c = s[start] as string;
      if (isIdentStart(c)) {
        let e = start + 1;
        while (e < s.length && isIdentChar(s[e] as string)) e++;
        return this.give(SYM.IDENT, 'IDENT', start, e, s.slice(start, e));
      }
      if (c >= '0' && c <= '9') {
        let e = start + 1;
        while (e < s.length && isNumberChar(s[e] as string)) e++;
        return this.give(SYM.NUMBER, 'NUMBER', start, e, s.slice(start, e));
      }
      if (c === ' ' || c === '\t') {
        let e = start + 1;
        while (e < s.length && (s[e] === ' ' || s[e] === '\t')) e++;
        this.push('ws', start, e);
        this.pos = e;
        continue;
      }
      switch (c) {
        case ',':
          return this.give(SYM[','], ',', start, start + 1, '');
        case '[':
          return this.give(SYM['['], '[', start, start + 1, '');
        case ']':
          return this.give(SYM[']'], ']', start, start + 1, '');
        case '=':
          return this.give(SYM['='], '=', start, start + 1, '');
        case ';':
          return this.give(SYM[';'], ';', start, start + 1, '');
        case '\n':
          return this.giveNewline(start, start + 1);
        default:
          break;
      }
      if (c === '+' && s[start + 1] === '=') return this.give(SYM.OP_ADD, 'OP_ADD', start, start + 2, '');
      if (c === '#') {
        const nl = s.indexOf('\n', start);
        if (nl >= 0) return this.giveNewline(start, nl + 1);
      } else if (c === '"' || c === "'") {
        const e = this.matchString(start, c);
        if (e > 0) {
          const text = s.slice(start, e);
          const idx = this.push('STRING', start, e);
          this.pos = e;
          this.setText(start, e, false);
          this.locLine = this.lineno;
          if (text.includes('\0')) {
            // libxlutil's unquoting asserts on a NUL inside quotes: xl aborts. Refuse the file.
            this.host.lexicalError(NUL_IN_STRING);
            return { k: 'tok', sym: SYM.STRING, index: idx, value: '' };
          }
          if (this.host.failed()) return { k: 'tok', sym: SYM.STRING, index: idx, value: '' };
          const dq = dequote(text);
          if (dq.error) this.host.lexicalError(dq.error);
          return { k: 'tok', sym: SYM.STRING, index: idx, value: dq.value };
        }
      } else if (PYTHONISH.has(c)) {
        this.likelyPython = true;
      }
      // A rejected character: enter the lexerr state (flex BEGIN(lexerr); yymore()).
      this.pending = start;
      this.pos = start + 1;
    }
  }

  private give(sym: number, kind: TokenKind, start: number, end: number, value: string): Lexeme {
    const idx = this.push(kind, start, end);
    this.pos = end;
    this.setText(start, end, false);
    this.locLine = this.lineno;
    return { k: 'tok', sym, index: idx, value };
  }

  private giveNewline(start: number, end: number): Lexeme {
    const idx = this.push('NEWLINE', start, end);
    this.pos = end;
    this.setText(start, end, false);
    this.newline(end - 1);
    this.locLine = this.lineno - 1;
    return { k: 'tok', sym: SYM.NEWLINE, index: idx, value: '' };
  }

  /** End offset of a string token starting at `start`, or -1 when none matches. */
  private matchString(start: number, q: string): number {
    const s = this.src;
    let i = start + 1;
    while (i < s.length) {
      const ch = s[i];
      if (ch === q) return i + 1;
      if (ch === '\n') return -1;
      if (ch === '\\') {
        if (i + 1 >= s.length || s[i + 1] === '\n') return -1;
        i += 2;
      } else {
        i++;
      }
    }
    return -1;
  }
}

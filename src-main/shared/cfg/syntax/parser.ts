// Parses an xl/xm config exactly as libxlutil does: the lexer mirrors flex's rules, and the parser
// drives Bison's own tables with the yacc.c skeleton's algorithm (default reductions, error
// recovery via `stmt: error NEWLINE`, verbose messages capped at four expected tokens), so the
// accepted files, the effective values and every printed error line agree with xl.
import type { CfgEntry, CfgValue, Diagnostic, ScalarKind } from '../model';
import type { AssignmentNode, CfgDocument, ListNode, ParseError, ValueNode } from './cst';
import { Lexer, type Lexeme } from './lexer';
import {
  SYM,
  YYFINAL,
  YYLAST,
  YYMAXDEPTH,
  YYNTOKENS,
  YYPACT_NINF,
  YYTERROR,
  yycheck,
  yydefact,
  yydefgoto,
  yypact,
  yypgoto,
  yyr1,
  yyr2,
  yytable,
  yytname,
} from './tables';

export const PYTHON_WARNING =
  'warning: Config file looks like it contains Python code.\n' +
  'warning:  Arbitrary Python is no longer supported.\n' +
  'warning:  See https://wiki.xen.org/wiki/PythonInXlConfig\n';

export interface ParseOptions {
  /** Name used in error lines (xl uses the path as given on its command line). */
  source?: string;
}

/** Semantic values on the parser stack. */
type Sem =
  | { k: 'tok'; index: number; value: string }
  | { k: 'value'; node: ValueNode }
  | { k: 'list'; items: ValueNode[]; commas: number[] }
  | { k: 'assign'; node: AssignmentNode }
  | { k: 'none' };

const NONE: Sem = { k: 'none' };

interface Setting {
  name: string;
  value: CfgValue;
}

function syntaxMessage(state: number, token: number): string {
  if (token < 0) return 'syntax error';
  // yysyntax_error from Bison 3.3's yacc.c (YYERROR_VERBOSE_ARGS_MAXIMUM = 5).
  const args: string[] = [yytname[token] as string];
  const yyn = yypact[state] as number;
  if (yyn !== YYPACT_NINF) {
    const xbegin = yyn < 0 ? -yyn : 0;
    const checklim = YYLAST - yyn + 1;
    const xend = checklim < YYNTOKENS ? checklim : YYNTOKENS;
    for (let x = xbegin; x < xend; x++) {
      if (yycheck[x + yyn] === x && x !== YYTERROR) {
        if (args.length === 5) {
          args.length = 1;
          break;
        }
        args.push(yytname[x] as string);
      }
    }
  }
  if (args.length === 1) return `syntax error, unexpected ${args[0]}`;
  return `syntax error, unexpected ${args[0]}, expecting ${args.slice(1).join(' or ')}`;
}

function cloneValue(v: CfgValue): CfgValue {
  return typeof v === 'string' ? v : v.map(cloneValue);
}

function nodeValue(n: ValueNode): CfgValue {
  return n.type === 'atom' ? n.value : n.items.map(nodeValue);
}

export function parseCfg(text: string, options: ParseOptions = {}): CfgDocument {
  const source = options.source ?? 'cfg';
  const errors: ParseError[] = [];
  let report = '';
  let err = false;
  let lexerrlineno = -1;
  const settings: Setting[] = [];
  const assignments: AssignmentNode[] = [];
  const entries: CfgEntry[] = [];

  // Forward reference: the lexer reports through yyerror, which reads the lexer's state.
  let draining = false;
  const host = {
    lexicalError(message: string): void {
      if (draining) return;
      const line = lexer.lineno;
      yyerror(line, message);
      lexerrlineno = line;
      err = true;
    },
    failed: (): boolean => err,
  };
  const lexer = new Lexer(text, host);

  function yyerror(locLine: number, message: string): void {
    let lineno = locLine;
    if (lineno <= lexerrlineno) return;
    let t = lexer.text;
    let len = t.length;
    let newline = '';
    if (len > 0 && t[len - 1] === '\n') {
      len--;
      lineno--;
      if (!len) newline = '<newline>';
    }
    while (len > 0 && (t[len - 1] === '\t' || t[len - 1] === ' ')) len--;
    t = t.slice(0, len);
    const nul = t.indexOf('\0');
    const shown = nul >= 0 ? t.slice(0, nul) : t;
    const near = len ? `\`${shown}'` : '';
    const line = `${source}:${lineno}: config parsing error near ${near}${newline}: ${message}`;
    report += `${line}\n`;
    const at = Math.min(lexer.textStart, text.length);
    let tokenLine = 1;
    let lineStart = 0;
    for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
      tokenLine++;
      lineStart = i + 1;
    }
    const col = tokenLine === lineno ? at - lineStart + 1 : 1;
    errors.push({ file: source, line: lineno, col, tokenLine, tokenCol: at - lineStart + 1, offset: at, message, text: line });
    err = true;
  }

  function store(node: AssignmentNode): void {
    if (err) return;
    let value = nodeValue(node.value);
    if (node.op === '+=') {
      let prev: Setting | undefined;
      for (let i = settings.length - 1; i >= 0; i--) {
        if ((settings[i] as Setting).name === node.key) {
          prev = settings[i];
          break;
        }
      }
      if (prev) {
        const prevIsList = typeof prev.value !== 'string';
        const addIsList = typeof value !== 'string';
        if (prevIsList !== addIsList) {
          host.lexicalError('can\'t add [list] to "string" or vice versa');
          return;
        }
        value =
          typeof value === 'string'
            ? (prev.value as string) + value
            : [...(prev.value as CfgValue[]).map(cloneValue), ...value];
      }
    }
    settings.push({ name: node.key, value });
    const keyTok = lexer.tokens[node.keyTok];
    const firstValTok = lexer.tokens[node.value.type === 'atom' ? node.value.tok : node.value.open];
    let kind: ScalarKind = 'list';
    if (node.value.type === 'atom') kind = lexer.tokens[node.value.tok]?.kind === 'NUMBER' ? 'number' : 'string';
    entries.push({
      key: node.key,
      value: cloneValue(value),
      kind,
      op: node.op,
      line: keyTok?.line ?? 1,
      col: keyTok?.col ?? 1,
      valueLine: firstValTok?.line ?? 1,
      valueCol: firstValTok?.col ?? 1,
    });
  }

  function reduce(rule: number, rhs: Sem[]): Sem {
    switch (rule) {
      case 3: {
        // file: stmts assignment (a final assignment without terminator)
        const a = rhs[1];
        if (a?.k === 'assign') assignments.push(a.node);
        return NONE;
      }
      case 6: {
        const a = rhs[0];
        const end = rhs[1];
        if (a?.k === 'assign') {
          a.node.endTok = end?.k === 'tok' ? end.index : -1;
          assignments.push(a.node);
        }
        return NONE;
      }
      case 9:
      case 10: {
        const key = rhs[0];
        const op = rhs[1];
        const val = rhs[2];
        if (key?.k !== 'tok' || op?.k !== 'tok' || val?.k !== 'value') return NONE;
        const node: AssignmentNode = {
          key: key.value,
          keyTok: key.index,
          opTok: op.index,
          op: rule === 9 ? '=' : '+=',
          value: val.node,
          endTok: -1,
        };
        store(node);
        return { k: 'assign', node };
      }
      case 11:
      case 12:
        return rhs[0] ?? NONE;
      case 13:
        return rhs[0] ?? NONE;
      case 14: {
        const open = rhs[0];
        const list = rhs[2];
        const close = rhs[3];
        const node: ListNode = {
          type: 'list',
          open: open?.k === 'tok' ? open.index : -1,
          close: close?.k === 'tok' ? close.index : -1,
          items: list?.k === 'list' ? list.items : [],
          commas: list?.k === 'list' ? list.commas : [],
        };
        return { k: 'value', node };
      }
      case 15:
      case 16: {
        const t = rhs[0];
        if (t?.k !== 'tok') return NONE;
        return { k: 'value', node: { type: 'atom', tok: t.index, value: t.value } };
      }
      case 17:
        return { k: 'list', items: [], commas: [] };
      case 18:
        return rhs[0] ?? NONE;
      case 19: {
        const l = rhs[0];
        const comma = rhs[1];
        if (l?.k === 'list' && comma?.k === 'tok') l.commas[l.commas.length - 1] = comma.index;
        return l ?? NONE;
      }
      case 20: {
        const v = rhs[0];
        return v?.k === 'value' ? { k: 'list', items: [v.node], commas: [-1] } : NONE;
      }
      case 21: {
        const l = rhs[0];
        const comma = rhs[1];
        const v = rhs[3];
        if (l?.k === 'list' && v?.k === 'value') {
          if (comma?.k === 'tok') l.commas[l.commas.length - 1] = comma.index;
          l.items.push(v.node);
          l.commas.push(-1);
        }
        return l ?? NONE;
      }
      default:
        return NONE;
    }
  }

  // The yacc.c skeleton.
  const rhsBuf: Sem[] = [];
  const states: number[] = [0];
  const sems: Sem[] = [NONE];
  let state = 0;
  let yychar = -2; // YYEMPTY
  let lexeme: Lexeme = { k: 'tok', sym: 0, index: -1, value: '' };
  let errstatus = 0;
  let aborted = false;

  parse: for (;;) {
    // yysetstate
    if (states.length > YYMAXDEPTH) {
      yyerror(lexer.locLine, 'memory exhausted');
      aborted = true;
      break;
    }
    if (state === YYFINAL) break;
    // yybackup
    let yyn = yypact[state] as number;
    let doDefault = yyn === YYPACT_NINF;
    let token = 0;
    if (!doDefault) {
      if (yychar === -2) {
        lexeme = lexer.next();
        yychar = lexeme.sym;
      }
      token = yychar;
      yyn += token;
      if (yyn < 0 || YYLAST < yyn || yycheck[yyn] !== token) {
        doDefault = true;
      } else {
        yyn = yytable[yyn] as number;
        if (yyn <= 0) {
          yyn = -yyn;
        } else {
          // shift
          if (errstatus) errstatus--;
          sems.push(lexeme);
          states.push(yyn);
          state = yyn;
          yychar = -2;
          continue;
        }
      }
    }
    let rule = yyn;
    if (doDefault) {
      rule = yydefact[state] as number;
      if (rule === 0) {
        // yyerrlab
        if (!errstatus) yyerror(lexer.locLine, syntaxMessage(state, yychar === -2 ? -2 : yychar));
        if (errstatus === 3) {
          if (yychar === SYM.EOF) {
            aborted = true;
            break;
          }
          if (yychar !== -2) yychar = -2;
        }
        // yyerrlab1
        errstatus = 3;
        for (;;) {
          let n = yypact[state] as number;
          if (n !== YYPACT_NINF) {
            n += YYTERROR;
            if (n >= 0 && n <= YYLAST && yycheck[n] === YYTERROR) {
              n = yytable[n] as number;
              if (n > 0) {
                sems.push(NONE);
                states.push(n);
                state = n;
                continue parse;
              }
            }
          }
          if (states.length === 1) {
            aborted = true;
            break parse;
          }
          states.pop();
          sems.pop();
          state = states[states.length - 1] as number;
        }
      }
    }
    // yyreduce
    const len = yyr2[rule] as number;
    // One reused buffer: reductions run once per token or more, and garbage is the main cost.
    rhsBuf.length = 0;
    for (let i = sems.length - len; i < sems.length; i++) rhsBuf.push(sems[i] as Sem);
    const val = reduce(rule, rhsBuf);
    for (let i = 0; i < len; i++) {
      states.pop();
      sems.pop();
    }
    const top = states[states.length - 1] as number;
    const lhs = (yyr1[rule] as number) - YYNTOKENS;
    const yyi = (yypgoto[lhs] as number) + top;
    state =
      yyi >= 0 && yyi <= YYLAST && yycheck[yyi] === top ? (yytable[yyi] as number) : (yydefgoto[lhs] as number);
    states.push(state);
    sems.push(val);
  }

  // An aborted parse stops reading the file (so xl reports nothing after it); the rest is still
  // lexed, silently, so the token list covers every byte.
  const likelyPython = lexer.likelyPython;
  if (aborted) {
    draining = true;
    while (lexer.next().sym !== SYM.EOF) {
      /* consumed for the token list only */
    }
  }

  if (err && likelyPython) report += PYTHON_WARNING;
  const ok = !err;
  const values = new Map<string, CfgValue>();
  if (ok) {
    // File order of each key's effective (last) assignment.
    const lastIndex = new Map<string, number>();
    settings.forEach((s, i) => lastIndex.set(s.name, i));
    settings.forEach((s, i) => {
      if (lastIndex.get(s.name) === i) values.set(s.name, s.value);
    });
  }
  const diagnostics: Diagnostic[] = errors.map((e) => toDiagnostic(e, text));
  return {
    source,
    text,
    tokens: lexer.tokens,
    ok,
    errors,
    report,
    assignments,
    entries,
    values,
    diagnostics,
  };
}

function toDiagnostic(e: ParseError, text: string): Diagnostic {
  const d: Diagnostic = {
    severity: 'error',
    code: 'parse-error',
    message: e.message,
    params: { xl: e.text },
    line: e.line,
    col: e.col,
  };
  // A final comment without a newline is rejected by xl; a newline at the end fixes it.
  const lastNl = text.lastIndexOf('\n');
  const lastLine = text.slice(lastNl + 1);
  if (e.message === 'lexical error' && !text.endsWith('\n') && /^[ \t]*#/.test(lastLine)) {
    const lineNo = text.split('\n').length;
    if (e.line === lineNo) d.fix = { kind: 'append-newline' };
  }
  return d;
}

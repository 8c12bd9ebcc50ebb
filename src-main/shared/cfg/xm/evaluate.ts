// Shows an xm file's effective values without Python: a small evaluator for the idioms the shipped
// examples and real files use — imports, `arch = os.uname()[4]`, `if re.search('64', arch):`
// `else:` blocks, string `+` and `%`, list literals, True/False — given host facts (uname -m).
// Anything it does not understand leaves the assigned names "unresolved" rather than guessing.
import type { CfgValue } from '../model';
import { logicalLines } from './analyze';

export interface HostFacts {
  /** `uname -m` of the dom0, e.g. `x86_64` or `i686`. */
  machine?: string;
}

type PyVal = string | number | boolean | PyVal[] | null;

export interface XmEvaluation {
  /** Option values in file order of their last assignment (helpers such as `arch` excluded). */
  values: Map<string, CfgValue>;
  /** Variables used only to compute others (`arch`, `arch_libdir`). */
  helpers: Map<string, CfgValue>;
  /** Names whose value could not be worked out. */
  unresolved: string[];
}

class Unknown extends Error {}

type Tok = { t: 'str' | 'num' | 'name' | 'op'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\\') {
      i++;
      continue;
    }
    if (c === '#') break;
    if (c === '"' || c === "'") {
      const triple = src.startsWith(c.repeat(3), i);
      const q = triple ? c.repeat(3) : c;
      i += q.length;
      let s = '';
      while (i < src.length && !src.startsWith(q, i)) {
        if (src[i] === '\\') {
          const n = src[i + 1] ?? '';
          const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '' };
          if (map[n] === undefined) throw new Unknown();
          s += map[n];
          i += 2;
          continue;
        }
        s += src[i];
        i++;
      }
      i += q.length;
      out.push({ t: 'str', v: s });
      continue;
    }
    const num = /^[0-9]+/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: num[0] });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(src.slice(i));
    if (name) {
      out.push({ t: 'name', v: name[0] });
      i += name[0].length;
      continue;
    }
    const op = /^(==|!=|[-+%()[\],:=])/.exec(src.slice(i));
    if (!op) throw new Unknown();
    out.push({ t: 'op', v: op[0] });
    i += op[0].length;
  }
  return out;
}

class ExprParser {
  private i = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly env: Map<string, PyVal>,
    private readonly facts: HostFacts,
  ) {}

  done(): boolean {
    return this.i >= this.toks.length;
  }
  private peek(): Tok | undefined {
    return this.toks[this.i];
  }
  private eat(v: string): boolean {
    const t = this.peek();
    if (t && t.t === 'op' && t.v === v) {
      this.i++;
      return true;
    }
    return false;
  }
  private expect(v: string): void {
    if (!this.eat(v)) throw new Unknown();
  }

  expr(): PyVal {
    let left = this.sum();
    for (;;) {
      if (this.eat('==')) left = eq(left, this.sum());
      else if (this.eat('!=')) left = !eq(left, this.sum());
      else if (this.peek()?.t === 'name' && this.peek()?.v === 'in') {
        this.i++;
        const right = this.sum();
        if (typeof right === 'string' && typeof left === 'string') left = right.includes(left);
        else if (Array.isArray(right)) left = right.some((x) => eq(x, left));
        else throw new Unknown();
      } else return left;
    }
  }

  private sum(): PyVal {
    let left = this.unary();
    for (;;) {
      if (this.eat('+')) {
        const r = this.unary();
        if (typeof left === 'string' && typeof r === 'string') left = left + r;
        else if (typeof left === 'number' && typeof r === 'number') left = left + r;
        else if (Array.isArray(left) && Array.isArray(r)) left = [...left, ...r];
        else throw new Unknown();
      } else if (this.eat('%')) {
        const r = this.unary();
        if (typeof left !== 'string') throw new Unknown();
        const args = Array.isArray(r) ? r : [r];
        let k = 0;
        left = left.replace(/%([sd%])/g, (_m, f: string) => {
          if (f === '%') return '%';
          const a = args[k++];
          if (a === undefined || Array.isArray(a)) throw new Unknown();
          return f === 'd' ? String(Number(a)) : String(a);
        });
      } else return left;
    }
  }

  private unary(): PyVal {
    if (this.eat('-')) {
      const v = this.unary();
      if (typeof v !== 'number') throw new Unknown();
      return -v;
    }
    if (this.peek()?.t === 'name' && this.peek()?.v === 'not') {
      this.i++;
      return !truthy(this.unary());
    }
    let v = this.atom();
    while (this.eat('[')) {
      const idx = this.expr();
      this.expect(']');
      if (typeof idx !== 'number' || (typeof v !== 'string' && !Array.isArray(v))) throw new Unknown();
      const at = idx < 0 ? v.length + idx : idx;
      const item = typeof v === 'string' ? v[at] : v[at];
      if (item === undefined) throw new Unknown();
      v = item;
    }
    return v;
  }

  private atom(): PyVal {
    const t = this.peek();
    if (!t) throw new Unknown();
    this.i++;
    if (t.t === 'str') {
      let s = t.v;
      while (this.peek()?.t === 'str') s += (this.toks[this.i++] as Tok).v;
      return s;
    }
    if (t.t === 'num') return Number(t.v);
    if (t.t === 'op' && (t.v === '[' || t.v === '(')) {
      const close = t.v === '[' ? ']' : ')';
      const items: PyVal[] = [];
      let tuple = t.v === '[';
      while (!this.eat(close)) {
        items.push(this.expr());
        if (!this.eat(',')) {
          this.expect(close);
          break;
        }
        tuple = true;
      }
      return tuple ? items : (items[0] ?? null);
    }
    if (t.t === 'name') {
      if (t.v === 'True') return true;
      if (t.v === 'False') return false;
      if (t.v === 'None') return null;
      if (t.v === 'os.uname') {
        this.expect('(');
        this.expect(')');
        if (!this.facts.machine) throw new Unknown();
        return ['Linux', 'dom0', '', '', this.facts.machine];
      }
      if (t.v === 're.search' || t.v === 're.match') {
        this.expect('(');
        const pat = this.expr();
        this.expect(',');
        const s = this.expr();
        this.expect(')');
        if (typeof pat !== 'string' || typeof s !== 'string') throw new Unknown();
        const re = new RegExp(t.v === 're.match' ? `^(?:${pat})` : pat);
        return re.test(s);
      }
      const v = this.env.get(t.v);
      if (v === undefined) throw new Unknown();
      return v;
    }
    throw new Unknown();
  }
}

function eq(a: PyVal, b: PyVal): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function truthy(v: PyVal): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return !!v;
}

/** Python value → libxlutil-style value (numbers and booleans as text, as xend's int() would). */
function toCfg(v: PyVal): CfgValue {
  if (Array.isArray(v)) return v.map(toCfg);
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (v === null) return '';
  return String(v);
}

function evalExpr(src: string, env: Map<string, PyVal>, facts: HostFacts): PyVal {
  const p = new ExprParser(tokenize(src), env, facts);
  const v = p.expr();
  if (!p.done()) throw new Unknown();
  return v;
}

export function evaluateXm(text: string, facts: HostFacts = {}): XmEvaluation {
  const env = new Map<string, PyVal>();
  const order: string[] = [];
  const unresolved = new Set<string>();
  const used = new Set<string>();
  // Block state: a stack of [indent, executing].
  const stack: Array<{ indent: number; run: boolean; taken: boolean; known: boolean }> = [];

  const assign = (name: string, value: PyVal | undefined): void => {
    const i = order.indexOf(name);
    if (i >= 0) order.splice(i, 1);
    order.push(name);
    if (value === undefined) {
      env.delete(name);
      unresolved.add(name);
    } else {
      env.set(name, value);
      unresolved.delete(name);
    }
  };

  for (const l of logicalLines(text)) {
    const code = l.code;
    if (!code) continue;
    for (let top = stack[stack.length - 1]; top && l.indent <= top.indent; top = stack[stack.length - 1]) {
      if (l.indent === top.indent && /^(elif|else)\b/.test(code)) break;
      stack.pop();
    }
    const running = stack.every((b) => b.run);
    const known = stack.every((b) => b.known);
    const rhs = /^(if|elif)\s/.test(code) ? code.replace(/^\w+/, '') : code.replace(/^[A-Za-z_][A-Za-z0-9_]*\s*\+?=(?!=)/, '');
    try {
      for (const t of tokenize(rhs)) if (t.t === 'name') used.add(t.v.split('.')[0] as string);
    } catch {
      /* not an expression we read; it marks nothing as used */
    }

    const cond = /^(if|elif)\s+(.*):$/.exec(code);
    if (cond) {
      if (cond[1] === 'elif') {
        const top = stack[stack.length - 1];
        if (!top) continue;
        let v: boolean | null = null;
        try {
          v = truthy(evalExpr(cond[2] as string, env, facts));
        } catch {
          v = null;
        }
        top.known = top.known && v !== null;
        top.run = !top.taken && v === true;
        if (top.run) top.taken = true;
        continue;
      }
      let v: boolean | null = null;
      try {
        v = truthy(evalExpr(cond[2] as string, env, facts));
      } catch {
        v = null;
      }
      stack.push({ indent: l.indent, run: running && v === true, taken: v === true, known: v !== null });
      continue;
    }
    if (/^else\s*:$/.test(code)) {
      const top = stack[stack.length - 1];
      if (top) top.run = !top.taken;
      continue;
    }
    if (/^(import|from)\b/.test(code)) continue;
    if (/^(def|class)\b/.test(code)) {
      // Function and class bodies only define locals; nothing in them is an option.
      stack.push({ indent: l.indent, run: false, taken: false, known: true });
      continue;
    }
    if (/^(for|while|try|with)\b/.test(code)) {
      stack.push({ indent: l.indent, run: false, taken: false, known: false });
      continue;
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*(=|\+=)(?!=)\s*([\s\S]*)$/.exec(code);
    if (!m) continue;
    const name = m[1] as string;
    if (!known) {
      assign(name, undefined);
      continue;
    }
    if (!running) continue;
    let v: PyVal | undefined;
    try {
      v = evalExpr(m[3] as string, env, facts);
      if (m[2] === '+=') {
        const prev = env.get(name);
        if (prev === undefined) throw new Unknown();
        v = evalExpr(`a + b`, new Map<string, PyVal>([['a', prev], ['b', v]]), facts);
      }
    } catch {
      v = undefined;
    }
    assign(name, v);
  }

  const values = new Map<string, CfgValue>();
  const helpers = new Map<string, CfgValue>();
  for (const name of order) {
    const v = env.get(name);
    if (v === undefined) continue;
    // Names used to compute other values are helpers, not options (`arch`, `arch_libdir`).
    if (used.has(name)) helpers.set(name, toCfg(v));
    else values.set(name, toCfg(v));
  }
  return { values, helpers, unresolved: [...unresolved] };
}

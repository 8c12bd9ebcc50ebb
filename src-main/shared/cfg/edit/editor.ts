// Minimal-diff edits of a config text. Each edit is a splice of the original bytes (a value token,
// an item, a statement's line), never a re-print, so comments, spacing, quote style and layout
// survive. Every result is re-parsed and its effective values compared with what the edit meant;
// anything else is refused with a reason rather than written.
import { ApiError } from '../../api/errors';
import type { CfgValue } from '../model';
import type { AssignmentNode, CfgDocument, ListNode, ValueNode } from '../syntax/cst';
import { parseCfg } from '../syntax/parser';
import { groupRank, keyOrder, schemaGroupOf, type GroupOf } from './order';
import { renderAtom, renderValue, valuesEqual, XL_KEY } from './render';

export type CfgEdit =
  | { op: 'set'; key: string; value: CfgValue }
  | { op: 'remove'; key: string }
  | { op: 'list-add'; key: string; item: CfgValue; index?: number }
  | { op: 'list-remove'; key: string; index: number }
  | { op: 'list-replace'; key: string; index: number; item: CfgValue }
  | { op: 'list-move'; key: string; from: number; to: number };

export interface EditOptions {
  source?: string;
  /** Blanks what the xl grammar cannot read (an xm file's Python), keeping every offset. */
  mask?: (text: string) => string;
  /** Schema group of a key, to place new keys beside related ones. */
  groupOf?: GroupOf;
}

export type EditResult =
  | { ok: true; text: string; values: Map<string, CfgValue> }
  | { ok: false; reason: string };

interface Splice {
  start: number;
  end: number;
  insert: string;
}

class Refusal extends Error {}
const refuse = (reason: string): never => {
  throw new Refusal(reason);
};

function isBlank(s: string): boolean {
  return /^[ \t]*$/.test(s);
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

/** Offset just past the newline that ends the line containing `at` (or the text's end). */
function pastLineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl + 1;
}

class Ctx {
  constructor(
    readonly text: string,
    readonly doc: CfgDocument,
  ) {}
  tok(i: number) {
    const t = this.doc.tokens[i];
    if (!t) return refuse('internal: token out of range');
    return t;
  }
  span(v: ValueNode): [number, number] {
    if (v.type === 'atom') return [this.tok(v.tok).start, this.tok(v.tok).end];
    return [this.tok(v.open).start, this.tok(v.close).end];
  }
  style(v: ValueNode): '"' | "'" | 'number' {
    if (v.type !== 'atom') return '"';
    const t = this.tok(v.tok);
    if (t.kind === 'NUMBER') return 'number';
    return this.text[t.start] === "'" ? "'" : '"';
  }
  listStyle(l: ListNode): '"' | "'" {
    for (const it of l.items) {
      const s = this.style(it);
      if (s !== 'number') return s;
    }
    return '"';
  }
  assignmentsOf(key: string): AssignmentNode[] {
    return this.doc.assignments.filter((a) => a.key === key);
  }
  effective(key: string): AssignmentNode | undefined {
    const all = this.assignmentsOf(key);
    return all[all.length - 1];
  }
  /** End of the statement (its terminator included). */
  stmtEnd(a: AssignmentNode): number {
    return a.endTok >= 0 ? this.tok(a.endTok).end : this.span(a.value)[1];
  }
}

function noPlusEq(c: Ctx, key: string): void {
  if (c.assignmentsOf(key).some((a) => a.op === '+=')) {
    refuse(`\`${key}' is built up with += over several lines; edit those lines by hand.`);
  }
}

function removeStatement(c: Ctx, a: AssignmentNode): Splice {
  const t = c.text;
  const start = c.tok(a.keyTok).start;
  const ls = lineStart(t, start);
  const ownLine = isBlank(t.slice(ls, start));
  if (a.endTok < 0) return ownLine ? { start: ls, end: t.length, insert: '' } : { start, end: t.length, insert: '' };
  const end = c.tok(a.endTok);
  if (end.kind === 'NEWLINE') {
    // The newline token carries the statement's own trailing comment.
    if (ownLine) return { start: ls, end: end.end, insert: '' };
    return { start, end: end.start, insert: '' };
  }
  // `;` terminator: take following blanks too; the whole line if nothing else is on it.
  let e = end.end;
  while (e < t.length && (t[e] === ' ' || t[e] === '\t')) e++;
  if (ownLine && (e === t.length || t[e] === '\n')) return { start: ls, end: Math.min(t.length, e + 1), insert: '' };
  return { start, end: e, insert: '' };
}

function setValue(c: Ctx, a: AssignmentNode, value: CfgValue): Splice[] {
  const [s, e] = c.span(a.value);
  const old = a.value;
  if (typeof value === 'string') {
    return [{ start: s, end: e, insert: renderAtom(value, c.style(old)) }];
  }
  if (old.type === 'atom') return [{ start: s, end: e, insert: renderValue(value) }];
  // List to list: same shape of plain items → replace only the items that changed.
  if (old.items.length === value.length && old.items.every((it, i) => it.type === 'atom' && typeof value[i] === 'string')) {
    const out: Splice[] = [];
    old.items.forEach((it, i) => {
      const nv = value[i] as string;
      if (it.type === 'atom' && it.value !== nv) {
        const [is, ie] = c.span(it);
        out.push({ start: is, end: ie, insert: renderAtom(nv, c.style(it)) });
      }
    });
    return out;
  }
  return [{ start: s, end: e, insert: renderListLike(c, old, value) }];
}

/** A new list text in the layout of `old`: one item a line stays one item a line. */
function renderListLike(c: Ctx, old: ListNode, value: CfgValue[]): string {
  const t = c.text;
  const style = c.listStyle(old);
  const items = value.map((v) => renderValue(v, style));
  const lay = layout(c, old);
  if (lay.multiLine && items.length) {
    const closeTok = c.tok(old.close);
    const closeIndent = t.slice(lineStart(t, closeTok.start), closeTok.start);
    const trailing = lay.trailingComma ? ',' : '';
    const body = items.map((x, i) => `${lay.indent}${x}${i < items.length - 1 ? ',' : trailing}\n`).join('');
    return `[\n${body}${isBlank(closeIndent) ? closeIndent : ''}]`;
  }
  if (!items.length) return '[]';
  const open = c.tok(old.open);
  const pad = t[open.end] === ' ' ? ' ' : '';
  return `[${pad}${items.join(', ')}${pad}]`;
}

function layout(c: Ctx, l: ListNode): { multiLine: boolean; indent: string; trailingComma: boolean } {
  const t = c.text;
  if (!l.items.length) return { multiLine: false, indent: '', trailingComma: false };
  const open = c.tok(l.open);
  const lines = l.items.map((it) => c.tok(it.type === 'atom' ? it.tok : it.open).line);
  const distinct = lines.every((ln, i) => i === 0 || ln > (lines[i - 1] as number));
  const multiLine = distinct && (lines[0] as number) > open.line && (l.items.length > 1 || c.tok(l.close).line > (lines[0] as number));
  const first = c.span(l.items[0] as ValueNode)[0];
  const indent = t.slice(lineStart(t, first), first);
  return { multiLine, indent: isBlank(indent) ? indent : '  ', trailingComma: (l.commas[l.items.length - 1] ?? -1) >= 0 };
}

/** Where an item's own line ends, if the item sits alone on its line (comma and comment allowed). */
function ownLineEnd(c: Ctx, l: ListNode, i: number): number | null {
  const t = c.text;
  const item = l.items[i] as ValueNode;
  const [s, e] = c.span(item);
  if (!isBlank(t.slice(lineStart(t, s), s))) return null;
  const comma = l.commas[i] ?? -1;
  const after = comma >= 0 ? c.tok(comma).end : e;
  const end = pastLineEnd(t, after);
  const rest = t.slice(after, end).replace(/\n$/, '');
  if (!/^[ \t]*(#.*)?$/.test(rest)) return null;
  if (end > c.tok(l.close).start) return null;
  return end;
}

function listRemove(c: Ctx, l: ListNode, i: number): Splice {
  const t = c.text;
  const item = l.items[i] as ValueNode;
  const [s, e] = c.span(item);
  const lay = layout(c, l);
  const own = lay.multiLine ? ownLineEnd(c, l, i) : null;
  if (own !== null) return { start: lineStart(t, s), end: own, insert: '' };
  const comma = l.commas[i] ?? -1;
  if (comma >= 0) {
    let end = c.tok(comma).end;
    while (end < t.length && (t[end] === ' ' || t[end] === '\t')) end++;
    return { start: s, end, insert: '' };
  }
  if (i > 0) {
    const prevComma = l.commas[i - 1] ?? -1;
    if (prevComma >= 0) return { start: c.tok(prevComma).start, end: e, insert: '' };
  }
  return { start: s, end: e, insert: '' };
}

function listInsert(c: Ctx, l: ListNode, index: number, rendered: string): Splice[] {
  const t = c.text;
  const n = l.items.length;
  if (index < 0 || index > n) refuse(`List index ${index} is out of range (the list has ${n} items).`);
  if (n === 0) {
    const open = c.tok(l.open);
    const close = c.tok(l.close);
    const inner = t.slice(open.end, close.start);
    if (isBlank(inner)) return [{ start: open.end, end: close.start, insert: inner.length ? ` ${rendered} ` : rendered }];
    return [{ start: open.end, end: open.end, insert: rendered }];
  }
  const lay = layout(c, l);
  if (lay.multiLine) {
    if (index < n) {
      const at = lineStart(t, c.span(l.items[index] as ValueNode)[0]);
      if (ownLineEnd(c, l, index) !== null) return [{ start: at, end: at, insert: `${lay.indent}${rendered},\n` }];
    } else {
      const lastEnd = ownLineEnd(c, l, n - 1);
      if (lastEnd !== null) {
        const lastComma = l.commas[n - 1] ?? -1;
        if (lastComma >= 0) return [{ start: lastEnd, end: lastEnd, insert: `${lay.indent}${rendered},\n` }];
        const lastSpanEnd = c.span(l.items[n - 1] as ValueNode)[1];
        return [
          { start: lastSpanEnd, end: lastSpanEnd, insert: ',' },
          { start: lastEnd, end: lastEnd, insert: `${lay.indent}${rendered}\n` },
        ];
      }
    }
  }
  if (index < n) {
    const at = c.span(l.items[index] as ValueNode)[0];
    return [{ start: at, end: at, insert: `${rendered}, ` }];
  }
  const lastComma = l.commas[n - 1] ?? -1;
  if (lastComma >= 0) {
    const at = c.tok(lastComma).end;
    return [{ start: at, end: at, insert: ` ${rendered},` }];
  }
  const at = c.span(l.items[n - 1] as ValueNode)[1];
  return [{ start: at, end: at, insert: `, ${rendered}` }];
}

function addKey(c: Ctx, key: string, value: CfgValue, groupOf: GroupOf): Splice {
  if (!XL_KEY.test(key)) refuse(`\`${key}' is not a key xl can read (lower-case letters, digits, '_' and '.', starting with a letter).`);
  const t = c.text;
  const rank = groupRank(groupOf(key));
  const withRank = c.doc.assignments.map((a) => ({ a, r: groupRank(groupOf(a.key)) }));
  let anchor: AssignmentNode | undefined;
  const order = keyOrder(key);
  const sameGroup = withRank.filter((x) => x.r === rank);
  // Inside the group, after the last key that comes before it in the schema's reading order.
  for (const x of sameGroup) {
    const o = keyOrder(x.a.key);
    if (order < 0 || o < 0 || o <= order) anchor = x.a;
  }
  const firstAfter = sameGroup[0];
  if (!anchor && firstAfter) {
    const at = lineStart(t, c.tok(firstAfter.a.keyTok).start);
    return { start: at, end: at, insert: `${key} = ${renderValue(value)}\n` };
  }
  if (!anchor) for (const x of withRank) if (x.r < rank) anchor = x.a;
  let sep = ' = ';
  if (anchor) {
    const between = t.slice(c.tok(anchor.keyTok).end, c.span(anchor.value)[0]);
    if (anchor.op === '=' && /^[ \t]*=[ \t]*$/.test(between)) sep = between;
  }
  const line = (indent: string) => `${indent}${key}${sep}${renderValue(value)}\n`;
  if (anchor) {
    const keyStart = c.tok(anchor.keyTok).start;
    const prefix = t.slice(lineStart(t, keyStart), keyStart);
    const indent = isBlank(prefix) ? prefix : '';
    const at = pastLineEnd(t, c.stmtEnd(anchor) - 1);
    const needNl = at === t.length && !t.endsWith('\n') && t.length > 0;
    return { start: at, end: at, insert: (needNl ? '\n' : '') + line(indent) };
  }
  const later = withRank.find((x) => x.r > rank);
  if (later) {
    const at = lineStart(t, c.tok(later.a.keyTok).start);
    return { start: at, end: at, insert: line('') };
  }
  const needNl = t.length > 0 && !t.endsWith('\n');
  return { start: t.length, end: t.length, insert: (needNl ? '\n' : '') + line('') };
}

function listOf(c: Ctx, key: string): { a: AssignmentNode; l: ListNode } {
  const a = c.effective(key);
  if (!a) return refuse(`\`${key}' is not set in this file.`);
  noPlusEq(c, key);
  if (a.value.type !== 'list') return refuse(`\`${key}' is a single value, not a list.`);
  return { a, l: a.value };
}

function checkIndex(l: ListNode, i: number, key: string): void {
  if (!Number.isInteger(i) || i < 0 || i >= l.items.length) {
    refuse(`\`${key}' has no item ${i} (it has ${l.items.length}).`);
  }
}

/** The splices for one edit, and the values the file must have afterwards. */
function plan(c: Ctx, edit: CfgEdit, groupOf: GroupOf): { splices: Splice[]; expect: Map<string, CfgValue> } {
  const expect = new Map(c.doc.values);
  const cur = expect.get(edit.key);
  switch (edit.op) {
    case 'set': {
      expect.set(edit.key, edit.value);
      const a = c.effective(edit.key);
      if (!a) return { splices: [addKey(c, edit.key, edit.value, groupOf)], expect };
      noPlusEq(c, edit.key);
      if (valuesEqual(cur, edit.value)) return { splices: [], expect };
      return { splices: setValue(c, a, edit.value), expect };
    }
    case 'remove': {
      expect.delete(edit.key);
      return { splices: c.assignmentsOf(edit.key).map((a) => removeStatement(c, a)), expect };
    }
    case 'list-add': {
      const { l } = listOf(c, edit.key);
      const index = edit.index ?? l.items.length;
      const next = [...(cur as CfgValue[])];
      next.splice(index, 0, edit.item);
      expect.set(edit.key, next);
      return { splices: listInsert(c, l, index, renderValue(edit.item, c.listStyle(l))), expect };
    }
    case 'list-remove': {
      const { l } = listOf(c, edit.key);
      checkIndex(l, edit.index, edit.key);
      const next = [...(cur as CfgValue[])];
      next.splice(edit.index, 1);
      expect.set(edit.key, next);
      return { splices: [listRemove(c, l, edit.index)], expect };
    }
    case 'list-replace': {
      const { l } = listOf(c, edit.key);
      checkIndex(l, edit.index, edit.key);
      const next = [...(cur as CfgValue[])];
      next[edit.index] = edit.item;
      expect.set(edit.key, next);
      const old = l.items[edit.index] as ValueNode;
      const [s, e] = c.span(old);
      const insert = typeof edit.item === 'string' ? renderAtom(edit.item, c.style(old)) : renderValue(edit.item, c.listStyle(l));
      return { splices: [{ start: s, end: e, insert }], expect };
    }
    case 'list-move':
      return refuse('internal: list-move is planned in two steps');
    default:
      return refuse('Unknown edit.');
  }
}

function applySplices(text: string, splices: Splice[]): string {
  const sorted = [...splices].sort((x, y) => y.start - x.start);
  for (let i = 1; i < sorted.length; i++) {
    if ((sorted[i] as Splice).end > (sorted[i - 1] as Splice).start) refuse('internal: overlapping changes');
  }
  let out = text;
  for (const s of sorted) out = out.slice(0, s.start) + s.insert + out.slice(s.end);
  return out;
}

function sameValues(a: Map<string, CfgValue>, b: Map<string, CfgValue>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (!valuesEqual(v, b.get(k))) return false;
  return true;
}

function parseMasked(text: string, options: EditOptions): CfgDocument {
  const masked = options.mask ? options.mask(text) : text;
  if (masked.length !== text.length) refuse('internal: the mask changed the text length');
  return parseCfg(masked, { source: options.source });
}

function hasNul(v: CfgValue): boolean {
  return typeof v === 'string' ? v.includes('\0') : v.some(hasNul);
}

function applyOne(text: string, edit: CfgEdit, options: EditOptions): string {
  const newValue = edit.op === 'set' ? edit.value : edit.op === 'list-add' || edit.op === 'list-replace' ? edit.item : undefined;
  // libxlutil keeps C strings: a NUL would cut the value short, and no escape writes one.
  if (newValue !== undefined && hasNul(newValue)) refuse('xl cannot store a NUL character in a value.');
  if (edit.op === 'list-move') {
    const doc = parseMasked(text, options);
    if (!doc.ok) refuse(`The file does not parse (${doc.errors[0]?.text ?? 'error'}); fix that first.`);
    const c = new Ctx(text, doc);
    const { l } = listOf(c, edit.key);
    checkIndex(l, edit.from, edit.key);
    if (!Number.isInteger(edit.to) || edit.to < 0 || edit.to >= l.items.length) refuse(`\`${edit.key}' has no position ${edit.to}.`);
    if (edit.from === edit.to) return text;
    const item = doc.values.get(edit.key) as CfgValue[];
    const moved = item[edit.from] as CfgValue;
    const [s, e] = c.span(l.items[edit.from] as ValueNode);
    const raw = text.slice(s, e);
    const removed = applyOne(text, { op: 'list-remove', key: edit.key, index: edit.from }, options);
    const doc2 = parseMasked(removed, options);
    const c2 = new Ctx(removed, doc2);
    const { l: l2 } = listOf(c2, edit.key);
    const next = [...item];
    next.splice(edit.from, 1);
    next.splice(edit.to, 0, moved);
    const out = applySplices(removed, listInsert(c2, l2, edit.to, raw));
    verify(out, new Map(doc.values).set(edit.key, next), options);
    return out;
  }
  const doc = parseMasked(text, options);
  if (!doc.ok) refuse(`The file does not parse (${doc.errors[0]?.text ?? 'error'}); fix that first.`);
  const c = new Ctx(text, doc);
  const { splices, expect } = plan(c, edit, options.groupOf ?? schemaGroupOf);
  if (!splices.length) return text;
  const out = applySplices(text, splices);
  verify(out, expect, options);
  return out;
}

function verify(out: string, expect: Map<string, CfgValue>, options: EditOptions): void {
  const after = parseMasked(out, options);
  if (!after.ok) refuse(`The change would make the file unreadable for xl (${after.errors[0]?.message ?? 'error'}).`);
  if (!sameValues(after.values, expect)) refuse('The change would not produce the intended values; nothing was written.');
}

/** Applies edits in order; all or nothing. */
export function applyEdits(text: string, edits: CfgEdit[], options: EditOptions = {}): EditResult {
  try {
    let cur = text;
    for (const e of edits) cur = applyOne(cur, e, options);
    const doc = parseMasked(cur, options);
    return { ok: true, text: cur, values: doc.values };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, reason: e.message };
    throw e;
  }
}

/** Like applyEdits, but a refusal is an ApiError (CFG_EDIT_REFUSED) for the contract. */
export function applyEditsOrThrow(text: string, edits: CfgEdit[], options: EditOptions = {}): string {
  const r = applyEdits(text, edits, options);
  if (!r.ok) {
    throw new ApiError({
      code: 'CFG_EDIT_REFUSED',
      message: r.reason,
      hint: 'Edit the file by hand in the text editor, or undo the other change first.',
    });
  }
  return r.text;
}

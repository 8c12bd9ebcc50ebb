// Generators of xl config texts for the differential and round-trip tests: mostly plausible files
// (so values get compared, not just errors) with a steady dose of the constructs and mistakes that
// exercise libxlutil's corners: both quote styles and every escape, nested lists across lines with
// comments and trailing commas, `+=`, `;`, CRLF, Python-isms, upper case, files ending oddly.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { harnessPaths } from './build';

const idents = ['name', 'memory', 'disk', 'vif', 'cpus', 'type', 'builder', 'vnc', 'a', 'b', 'x1_y.z', 'vif.default.script', 'serial', 'boot'];
const badIdents = ['Name', '_x', 'full-screen', 'aB', 'ä'];

const wsArb = fc.constantFrom('', '', '', ' ', ' ', '  ', '\t', ' \t ');
const commentArb = fc.constantFrom('#', '# c', '#x=1', '# [ "q" ]', "# it's", '#\t#');

const strBody = fc
  .array(
    fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom('a', 'b', '/', ':', ',', ' ', '0', '1', '=', '-', '.', 'hda', 'file:/x.img', 'w', '^', '[', ']', '#', ';', 'é') },
      { weight: 3, arbitrary: fc.constantFrom('\\\\', '\\n', '\\t', '\\a', '\\b', '\\f', '\\r', '\\v') },
      { weight: 1, arbitrary: fc.constantFrom('\\101', '\\1 +5', '\\12', '\\1', '\\x41', '\\q', '\\0099', '\\7-1') },
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));

const stringArb = fc.tuple(fc.constantFrom('"', "'"), strBody, fc.constantFrom('', '', '', '', '', 'q')).map(([q, body, other]) => {
  const escaped = body.split(q).join(`\\${q}`);
  const inner = other ? `${escaped}${q === '"' ? "'" : '"'}` : escaped;
  return `${q}${inner}${q}`;
});
const numberArb = fc.constantFrom('0', '1', '512', '010', '0x1f', '1e3', '512abc', '08', '99999999999999999999');

const nlArb = fc.oneof(
  { weight: 6, arbitrary: wsArb },
  { weight: 2, arbitrary: fc.tuple(wsArb, fc.option(commentArb, { nil: '' }), wsArb).map(([a, c, b]) => `${a}${c}\n${b}`) },
);

const valueArb: fc.Arbitrary<string> = fc.letrec<{ value: string; list: string }>((tie) => ({
  value: fc.oneof({ weight: 5, arbitrary: stringArb }, { weight: 3, arbitrary: numberArb }, { weight: 2, arbitrary: tie('list') }),
  list: fc
    .tuple(nlArb, fc.array(fc.tuple(tie('value'), nlArb, nlArb), { maxLength: 4 }), fc.constantFrom('', '', ','), nlArb)
    .map(([lead, items, trailing, tail]) => {
      const body = items.map(([v, a, b], i) => `${i ? b : ''}${v}${a}`).join(',');
      const spaced = items.length ? `${body}${trailing}${tail}` : tail;
      return `[${lead}${spaced}]`;
    }),
})).value;

const assignmentArb = fc
  .tuple(
    fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...idents) }, { weight: 1, arbitrary: fc.constantFrom(...badIdents) }),
    wsArb,
    fc.constantFrom('=', '=', '=', '=', '+=', '+ ='),
    wsArb,
    valueArb,
  )
  .map(([k, a, op, b, v]) => `${k}${a}${op}${b}${v}`);

const garbageArb = fc.constantFrom(
  'import os, re',
  "arch = os.uname()[4]",
  "device_model = '/usr/' + arch_libdir + '/x'",
  'type=hvm',
  'acpi=True',
  'x=1.5',
  'a=-1',
  'a="x" "y"',
  'a=',
  '=1',
  'a=[,]',
  '$',
  'a=(1)',
  'if x:',
  "'unterminated",
  'a="a\\',
  'a=[1;2]',
);

const lineArb = fc
  .tuple(
    wsArb,
    fc.oneof({ weight: 12, arbitrary: assignmentArb }, { weight: 2, arbitrary: fc.constant('') }, { weight: 1, arbitrary: garbageArb }),
    wsArb,
    fc.option(commentArb, { nil: '', freq: 4 }),
    fc.constantFrom('\n', '\n', '\n', '\n', '\n', '\n', '; ', ';', '\r\n'),
  )
  .map(([a, s, b, c, end]) => {
    const comment = c && !end.startsWith(';') ? c : '';
    return `${a}${s}${b}${comment}${end}`;
  });

const endingArb = fc.constantFrom('', '', '', 'a=1', '# last', '#', '#x', '$', ' ', 'b=[1', '\n');

export const cfgTextArb: fc.Arbitrary<string> = fc
  .tuple(fc.array(lineArb, { maxLength: 12 }), endingArb)
  .map(([lines, end]) => lines.join('') + end);

/** Only what libxlutil accepts in practice: no garbage, LF endings, files that end cleanly. */
export const validCfgTextArb: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(wsArb, assignmentArb.filter((a) => !/\+ =|^[A-Z_ä]|full-screen|aB/.test(a)), wsArb, fc.option(commentArb, { nil: '' }), fc.constantFrom('\n', ';', '\n')),
    { maxLength: 10 },
  )
  .map((ls) => ls.map(([a, s, b, c, e]) => `${a}${s}${b}${e === ';' ? ';' : `${c}${e}`}`).join('') + '\n');

const mutationChars = [' ', '\n', '#', '"', "'", '\\', '[', ']', ',', '=', '+', ';', 'a', '0', 'x', 'A', '-', '.', '\r', '\t', '$'];

/** A few random single-character edits (insert, delete, replace) of `base`. */
export function mutationArb(base: string): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.nat(), fc.constantFrom('ins', 'del', 'rep'), fc.constantFrom(...mutationChars));
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    let t = base;
    for (const [n, kind, ch] of edits) {
      const i = t.length ? n % (t.length + 1) : 0;
      if (kind === 'ins') t = t.slice(0, i) + ch + t.slice(i);
      else if (kind === 'del') t = t.slice(0, i) + t.slice(i + 1);
      else t = t.slice(0, i) + ch + t.slice(i + 1);
    }
    return t;
  });
}

/** `../shared/xen` beside the repository; a clear failure when it is not there. */
export function sharedXenDir(): string {
  const dir = resolve(harnessPaths.repoRoot, '../shared/xen');
  try {
    statSync(dir);
  } catch {
    throw new Error(`The shared Xen reference files are missing: expected ${dir} (../shared/xen beside the repository).`);
  }
  return dir;
}

/** Every config file of the shared corpus (cfg/** and the seed), as [relative path, text]. */
export function corpusFiles(): Array<[string, string]> {
  const root = sharedXenDir();
  const out: Array<[string, string]> = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push([p.slice(root.length + 1), readFileSync(p, 'utf8')]);
    }
  };
  walk(join(root, 'cfg'));
  walk(join(root, 'seed'));
  return out;
}

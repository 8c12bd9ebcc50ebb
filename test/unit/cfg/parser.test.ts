// The parser on its own: the verified behaviour table of REFERENCE §1.8, the quirks it documents,
// and the lossless round trip `print(parse(t)) === t` (property-tested, and on the shared corpus).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCfg, print, valuesToObject } from '../../../src-main/shared/cfg/syntax';
import { cfgTextArb, corpusFiles, validCfgTextArb } from '../../xlu-harness/gen';

const ok = (t: string) => {
  const d = parseCfg(t);
  expect(d.report).toBe('');
  return valuesToObject(d);
};
const firstError = (t: string, source = 'f') => parseCfg(t, { source }).errors[0];

describe('parseCfg: REFERENCE §1.8 behaviour', () => {
  it('accepts statements separated by newlines and semicolons', () => {
    expect(ok('name="h0"\ntype="hvm"; memory=512\n')).toEqual({ name: 'h0', type: 'hvm', memory: '512' });
  });

  it('lets the last assignment win and keeps numbers as their text', () => {
    expect(ok('memory=512\nmemory=1024')).toEqual({ memory: '1024' });
    expect(ok('a=0x1f\nb=010\nc=1e3\nd=512abc\n')).toEqual({ a: '0x1f', b: '010', c: '1e3', d: '512abc' });
  });

  it('rejects upper-case hex, negative numbers, floats and bad identifiers as lexical errors', () => {
    expect(firstError('a=0x1F\n')?.text).toBe("f:1: config parsing error near `F': lexical error");
    expect(parseCfg('rtc_timeoffset=-3600\n').report).toContain('looks like it contains Python code');
    expect(firstError('x=1.5\n')?.text).toBe("f:1: config parsing error near `.5': lexical error");
    expect(firstError('Name="x"\n')?.text).toBe("f:1: config parsing error near `Name=\"x\"': lexical error");
    expect(firstError('_x=1\n')?.message).toBe('lexical error');
    expect(firstError('full-screen=1\n')?.text).toBe("f:1: config parsing error near `-screen=1': lexical error");
  });

  it('accepts dotted identifiers', () => {
    expect(ok('x1_y.z=1\nvif.default.script="s"\n')).toEqual({ 'x1_y.z': '1', 'vif.default.script': 's' });
  });

  it('rejects every line of a CRLF file', () => {
    const d = parseCfg('a=1\r\nb=2\r\n', { source: 'f' });
    expect(d.errors.map((e) => e.line)).toEqual([1, 2]);
    expect(d.ok).toBe(false);
  });

  it('reports a final comment without newline and offers the append-newline fix', () => {
    const d = parseCfg('a=1\n# last', { source: 'f' });
    expect(d.errors[0]?.text).toBe("f:2: config parsing error near `#': lexical error");
    expect(d.diagnostics[0]?.fix).toEqual({ kind: 'append-newline' });
    expect(parseCfg('a=1\n# last\n').ok).toBe(true);
  });

  it('accepts lists across lines with comments and trailing commas, nested lists', () => {
    expect(ok('disk=[\n "a", # c\n "b"\n ,\n "c",\n]\n')).toEqual({ disk: ['a', 'b', 'c'] });
    expect(ok('vnuma=[["pnode=0","size=512"],["pnode=1"]]\n')).toEqual({ vnuma: [['pnode=0', 'size=512'], ['pnode=1']] });
    expect(ok("disk = [ 'file:/a,hda,w', ]\n")).toEqual({ disk: ['file:/a,hda,w'] });
    expect(ok('a=[]\n')).toEqual({ a: [] });
  });

  it('reports Python constructs with the xl messages and the Python warning', () => {
    const d = parseCfg('import os, re\n', { source: 'f' });
    expect(d.errors[0]?.text).toBe("f:1: config parsing error near `os': syntax error, unexpected IDENT, expecting += or '='");
    // `,` is its own token, so this line alone has no Python-ish character (libxlutil 4.17 agrees).
    expect(d.report).not.toContain('Python');
    expect(parseCfg('arch = os.uname()[4]\n').report).toContain('warning:  See https://wiki.xen.org/wiki/PythonInXlConfig');
    expect(firstError("device_model = '/usr/' + arch_libdir + '/x'\n")?.text).toBe("f:1: config parsing error near `+': lexical error");
  });

  it('reports an error on a newline on the previous line (xl quirk, line 0 possible)', () => {
    expect(firstError('a=\n')?.line).toBe(0);
    expect(firstError('a=1\nb=\n')?.text).toBe(
      "f:1: config parsing error near <newline>: syntax error, unexpected NEWLINE, expecting STRING or NUMBER or '['",
    );
  });

  it('folds += at parse time and refuses to mix strings and lists', () => {
    expect(ok('s="a"\ns+="b"\nl=["1"]\nl+=["2","3"]\nn+="x"\n')).toEqual({ s: 'ab', l: ['1', '2', '3'], n: 'x' });
    expect(firstError('a=1\na+=[2]\n')?.text).toBe(`f:2: config parsing error near \`]': can't add [list] to "string" or vice versa`);
  });

  it('implements libxlutil escapes including the broken numeric ones', () => {
    expect(ok(`a='it\\'s'\nb="say \\"hi\\""\nc="x\\101y"\nd="\\t"\n`)).toEqual({ a: "it's", b: 'say "hi"', c: 'xy', d: '\t' });
    expect(firstError('a="\\x41"\n')?.message).toBe('invalid digit after backslash hexnumerical character escape in quoted string');
    expect(firstError('a="\\q"\n')?.message).toBe('invalid character after backlash in quoted string');
  });

  it('rejects a NUL byte inside quotes (libxlutil asserts and xl aborts) and matches xl elsewhere', () => {
    expect(firstError('a="x\0y"\n')?.message).toBe('NUL byte in a quoted string (xl aborts on this file)');
    // Outside quotes a NUL is a rejected character; xl prints nothing after `near` (C string).
    expect(firstError('a=1\0\n')?.text).toBe("f:1: config parsing error near `': lexical error");
    expect(parseCfg('a=1 # c\0d\n').ok).toBe(true);
  });

  it('stops at the first error when xl aborts ("expecting $end")', () => {
    const d = parseCfg('a=1 2\nb=3 4\n', { source: 'f' });
    expect(d.errors.map((e) => e.text)).toEqual(["f:1: config parsing error near `2': syntax error, unexpected NUMBER, expecting $end"]);
  });

  it('records entries with positions, kinds and the value after += folding', () => {
    const d = parseCfg('a = "x"\n  a += "y" # c\nm=[1]\n');
    expect(d.entries).toEqual([
      { key: 'a', value: 'x', kind: 'string', op: '=', line: 1, col: 1, valueLine: 1, valueCol: 5 },
      { key: 'a', value: 'xy', kind: 'string', op: '+=', line: 2, col: 3, valueLine: 2, valueCol: 8 },
      { key: 'm', value: ['1'], kind: 'list', op: '=', line: 3, col: 1, valueLine: 3, valueCol: 3 },
    ]);
  });
});

describe('lossless printing', () => {
  it('print(parse(t)) === t for generated files, valid or not', () => {
    fc.assert(
      fc.property(fc.oneof(cfgTextArb, validCfgTextArb, fc.string()), (t) => print(parseCfg(t)) === t),
      { seed: 424242, numRuns: 3000 },
    );
  });

  it('print(parse(t)) === t for every file in ../shared/xen', () => {
    for (const [name, t] of corpusFiles()) expect(print(parseCfg(t)), name).toBe(t);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuSetToSpec, formatCpus, parseCpus, resolveCpuSet, type CpuItem } from './cpus';
import { SublangSyntaxError } from './result';

describe('cpus (xl parse_cpurange)', () => {
  it('resolves the seed value "0-3,5,^1" to CPUs 0, 2, 3 and 5', () => {
    expect(resolveCpuSet('0-3,5,^1', 8)).toEqual([0, 2, 3, 5]);
  });

  it('"^1" alone selects nothing: ^ only removes what earlier items added', () => {
    expect(resolveCpuSet('^1', 8)).toEqual([]);
    expect(resolveCpuSet('all,^1', 4)).toEqual([0, 2, 3]);
  });

  it('applies items left to right, so a later item can add a removed CPU back', () => {
    expect(resolveCpuSet('0-3,^1,1', 8)).toEqual([0, 1, 2, 3]);
  });

  it('drops CPUs the host does not have, like libxl bitmaps', () => {
    expect(resolveCpuSet('2-9', 4)).toEqual([2, 3]);
    expect(resolveCpuSet('all', 3)).toEqual([0, 1, 2]);
  });

  it('expands nodes: with the host topology and refuses it without one', () => {
    const topology = { nodeCpus: [[0, 1], [2, 3], [4, 5], [6, 7]] };
    expect(resolveCpuSet('nodes:0-3,^node:2', 8, topology)).toEqual([0, 1, 2, 3, 6, 7]);
    expect(() => resolveCpuSet('nodes:1', 8)).toThrow(SublangSyntaxError);
  });

  it('ignores empty items as strtok does', () => {
    expect(resolveCpuSet('1,,3,', 8)).toEqual([1, 3]);
  });

  it.each([
    ['^all', 'not-all', 1],
    ['0-3,x', 'bad-range', 5],
    ['3-1', 'reversed-range', 1],
    ['1-', 'bad-range', 3],
    ['2 ', 'bad-range', 2],
  ])('rejects %j with %s at column %i', (spec, code, col) => {
    const r = parseCpus(spec);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.col).toBe(col);
    }
  });

  it('keeps the raw text and formats canonical input back byte for byte', () => {
    const r = parseCpus('0-3,5,^1');
    expect(r.ok && r.value.raw).toBe('0-3,5,^1');
    expect(r.ok && formatCpus(r.value)).toBe('0-3,5,^1');
  });

  const item: fc.Arbitrary<CpuItem> = fc
    .record({
      not: fc.boolean(),
      nodes: fc.constantFrom(null, 'node:' as const, 'nodes:' as const),
      a: fc.integer({ min: 0, max: 300 }),
      len: fc.integer({ min: 0, max: 20 }),
      all: fc.boolean(),
    })
    .map(({ not, nodes, a, len, all }) => ({
      not: all ? false : not,
      nodes,
      range: all ? ('all' as const) : { from: a, to: a + len },
    }));

  it('round-trips every canonical spec (property)', () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 8 }), (items) => {
        const text = formatCpus({ raw: '', items });
        const r = parseCpus(text);
        expect(r.ok).toBe(true);
        if (r.ok) {
          expect(formatCpus(r.value)).toBe(text);
          expect(r.value.items).toEqual(items);
        }
      }),
    );
  });

  it('writes a CPU set back as ranges that resolve to the same set (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 63 }), { maxLength: 40 }), (cpus) => {
        const spec = cpuSetToSpec(cpus);
        expect(resolveCpuSet(spec, 64)).toEqual([...cpus].sort((a, b) => a - b));
      }),
    );
  });
});

// XenDeck's cfg parser against Xen's own (libxlutil 4.17 through test/xlu-harness): the shared
// corpus plus 10,000+ generated and mutated files per run, fixed seed. They must agree on
// accept/reject, on every line libxlutil prints (so on the first error's line), and on every
// effective value. Any disagreement is listed with the input that shows it.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCfg, print, valuesToObject } from '../../src-main/shared/cfg/syntax';
import { ensureXluHarness } from '../xlu-harness/build';
import { xluParseMany, type XluResult } from '../xlu-harness/client';
import { cfgTextArb, corpusFiles, mutationArb, validCfgTextArb } from '../xlu-harness/gen';
import { toXl } from '../../src-main/shared/cfg/xm';

const SEED = 20261125;

interface Disagreement {
  input: string;
  xl: XluResult;
  ours: { ok: boolean; report: string; values: unknown };
}

function firstErrorLine(report: string): number | null {
  const m = /^[^:\n]*:(\d+): /m.exec(report);
  return m ? Number(m[1]) : null;
}

async function compare(texts: string[], source: string): Promise<{ disagreements: Disagreement[]; accepted: number }> {
  const xl = await xluParseMany(texts, source);
  const disagreements: Disagreement[] = [];
  let accepted = 0;
  texts.forEach((t, i) => {
    const r = xl[i] as XluResult;
    const d = parseCfg(t, { source });
    const values = valuesToObject(d);
    const same =
      d.ok === r.ok &&
      d.report === r.report &&
      firstErrorLine(d.report) === firstErrorLine(r.report) &&
      (!r.ok || JSON.stringify(values) === JSON.stringify(r.values));
    if (r.ok) accepted++;
    if (!same) disagreements.push({ input: t, xl: r, ours: { ok: d.ok, report: d.report, values } });
  });
  return { disagreements, accepted };
}

describe('cfg parser vs libxlutil (differential)', () => {
  beforeAll(async () => {
    await ensureXluHarness();
  });

  it('agrees on every file of ../shared/xen (cfg/** and the seed)', async () => {
    const files = corpusFiles();
    expect(files.length).toBeGreaterThan(50);
    const { disagreements } = await compare(
      files.map(([, t]) => t),
      'guest.cfg',
    );
    expect(disagreements.map((d) => d.input.slice(0, 200))).toEqual([]);
    for (const [, t] of files) expect(print(parseCfg(t))).toBe(t);
  });

  it('converts the seed and every xm example to xl files libxlutil accepts, with the values XenDeck shows', async () => {
    const xmFiles = corpusFiles().filter(([name]) => /xm|seed/.test(name));
    expect(xmFiles.length).toBeGreaterThan(10);
    const converted = xmFiles.map(([, t]) => toXl(t, { machine: 'x86_64' }).text);
    const xl = await xluParseMany(converted, 'converted.cfg');
    xl.forEach((r, i) => {
      expect(r.report, xmFiles[i]?.[0]).toBe('');
      expect(r.values, xmFiles[i]?.[0]).toEqual(valuesToObject(parseCfg(converted[i] as string)));
    });
    const seedIndex = xmFiles.findIndex(([name]) => name.startsWith('seed/'));
    expect(xl[seedIndex]?.values).toMatchObject({ type: 'hvm', memory: '128', vnc: '1', keymap: 'ja' });
  });

  it('agrees on 20,000 generated and mutated files (seeded)', async () => {
    const corpus = corpusFiles().map(([, t]) => t);
    const generated = fc.sample(cfgTextArb, { seed: SEED, numRuns: 12000 });
    const valid = fc.sample(validCfgTextArb, { seed: SEED + 1, numRuns: 4000 });
    const bases = [...valid.slice(0, 200), ...corpus];
    const mutated = fc.sample(
      fc.integer({ min: 0, max: bases.length - 1 }).chain((i) => mutationArb(bases[i] as string)),
      { seed: SEED + 2, numRuns: 4000 },
    );
    const texts = [...generated, ...valid, ...mutated];
    expect(texts.length).toBeGreaterThanOrEqual(20_000);
    const { disagreements, accepted } = await compare(texts, 'g.cfg');
    // The generators must reach both sides of the fence, or the comparison proves little.
    expect(accepted).toBeGreaterThan(6000);
    expect(texts.length - accepted).toBeGreaterThan(4000);
    expect(disagreements.slice(0, 5)).toEqual([]);
  });
});

// XenDeck's cfg parser against Xen's own (libxlutil 4.17 through test/xlu-harness): the shared
// corpus plus 10,000+ generated and mutated files per run, fixed seed. They must agree on
// accept/reject, on every line libxlutil prints (so on the first error's line), and on every
// effective value. Any disagreement is listed with the input that shows it.
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCfg, print, valuesToObject } from '../../src-main/shared/cfg/syntax';
import { ensureXluHarness } from '../xlu-harness/build';
import { xluParseMany, type XluResult } from '../xlu-harness/client';
import { cfgTextArb, corpusFiles, mutationArb, sharedXenDir, validCfgTextArb } from '../xlu-harness/gen';
import { parseDisk } from '../../src-main/shared/cfg/sublang';
import { evaluateXm, toXl } from '../../src-main/shared/cfg/xm';
import { renderAtom } from '../../src-main/shared/cfg/edit';
import { xluDiskMany } from '../xlu-harness/client';

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
    // Where each effective value starts, as libxlutil records it for its warnings.
    const lines: Record<string, number> = {};
    for (const e of d.entries) lines[e.key] = e.valueLine;
    const same =
      (!r.ok || Object.entries(r.lines ?? {}).every(([k, n]) => lines[k] === n)) &&
      (!r.ok || Object.keys(lines).length === Object.keys(r.lines ?? {}).length) &&
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

  it('`xendeck cfg dump` prints what libxlutil holds for every corpus file', async () => {
    const files = corpusFiles();
    const paths = files.map(([name]) => join(sharedXenDir(), name));
    const bin = resolve(__dirname, '../../bin/xendeck.mjs');
    let out = '';
    try {
      out = execFileSync(process.execPath, [bin, 'cfg', 'dump', '--', ...paths], { encoding: 'utf8' });
    } catch (e) {
      // Exit 1: some corpus files are xm scripts that xl rejects; the output is still complete.
      out = String((e as { stdout?: string }).stdout ?? '');
    }
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { file: string; ok: boolean; values?: unknown; errors?: Array<{ line: number }> });
    const xl = await xluParseMany(files.map(([, t]) => t));
    expect(lines.map((l) => l.file)).toEqual(paths);
    lines.forEach((l, i) => {
      const r = xl[i] as XluResult;
      expect(l.ok, paths[i]).toBe(r.ok);
      if (r.ok) expect(l.values, paths[i]).toEqual(r.values);
      else expect(l.errors?.[0]?.line, paths[i]).toBe(firstErrorLine(r.report));
    });
  });

  it('reads back every value the editor writes, in both quote styles, exactly as libxlutil does', async () => {
    const values = fc
      .sample(fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), { seed: SEED + 4, numRuns: 3000 })
      .filter((v) => !v.includes('\0') && !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(v));
    const styles = ['"', "'", 'number'] as const;
    const texts = values.map((v, i) => `k = ${renderAtom(v, styles[i % 3] as (typeof styles)[number])}\n`);
    const xl = await xluParseMany(texts);
    const wrong = values.filter((v, i) => !(xl[i]?.ok && xl[i]?.values?.k === v));
    expect(values.length).toBeGreaterThan(2500);
    expect(wrong.slice(0, 5)).toEqual([]);
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

  it('agrees with xlu_disk_parse on every disk spec of the corpus and on generated specs', async () => {
    const specs = new Set<string>();
    for (const [, t] of corpusFiles()) {
      const d = parseCfg(t);
      const v = d.ok ? d.values.get('disk') : evaluateXm(t, { machine: 'x86_64' }).values.get('disk');
      if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') specs.add(x);
    }
    const corpusCount = specs.size;
    expect(corpusCount).toBeGreaterThan(20);
    // Prefixes followed by blanks (`qcow2: /x`), by text with `=` (`file:a=b`), unknown prefixes
    // before anything (`xyz:,,w`), stray `=` and 4.17-unknown keywords are all in the mix: the
    // parser follows libxlutil's scanner rule for rule, so nothing is left out.
    const prefix = fc.constantFrom('file:', 'phy:', 'tap:aio:', 'tap2:', 'raw:', 'qcow2:', '', 'iscsi:', 'qcow2: ', 'file:\t', 'tap: aio: ', 'xyz:', 'file:a=b', 'raw:qcow2:');
    const target = fc.constantFrom('/img/a.img', '/dev/vg/x', '', '/sp ace', ' /lead', 'a=b');
    const vdev = fc.constantFrom('hda', 'hdc:cdrom', 'xvda', 'sda', 'ioemu:hdb', 'hdc', '', 'hdc:', 'hda:foo', ' hdb');
    const mode = fc.constantFrom('w', 'r', 'w!', 'rw', 'ro', '', 'x', '=', 'r ');
    const format = fc.constantFrom('raw', 'qcow2', 'vhd', 'qed', 'bogus', 'empty', '');
    const kv = fc.constantFrom('format=raw', 'vdev=xvdb', 'access=rw', 'devtype=cdrom', 'cdrom', 'backendtype=phy', 'script=block-x', 'target=/x,y', 'discard', 'no-discard', 'direct-io-safe', 'bogus=1',
      'format=', 'vdev=', 'devtype=floppy', 'specification=xen', 'specification=virtio', 'colo-port=0', 'colo-port=7', 'trusted', 'grant_usage=1', 'x=', 'backendtype=tap', 'backend=dom1');
    const atom = fc.oneof(kv, prefix, target, vdev, mode, format);
    const spec = fc.oneof(
      fc.tuple(prefix, target, vdev, mode).map(([p, a, v, m]) => `${p}${a},${v},${m}`),
      fc.tuple(target, format, vdev, mode).map(([a, f, v, m]) => `${a},${f},${v},${m}`),
      fc.array(kv, { minLength: 1, maxLength: 4 }).map((x) => x.join(',')),
      fc.tuple(target, vdev, mode, kv).map(([a, v, m, k]) => `${a},${v},${m},${k}`),
      fc.tuple(fc.array(fc.tuple(atom, atom).map(([a, b]) => a + b), { minLength: 1, maxLength: 5 }), fc.constantFrom(',', ', '), fc.constantFrom('', ',', ', '))
        .map(([xs, sep, end]) => xs.join(sep) + end),
    );
    for (const s of ['qcow2: /x,hda', 'file:a=b,hda,w', 'xyz:,,w', 'tap: aio: /i,xvda,w', ',hdc:,r', 'vdev=hda,file:/a,w=']) specs.add(s);
    for (const s of fc.sample(spec, { seed: SEED + 3, numRuns: 6000 })) specs.add(s);
    const list = [...specs];
    const xl = await xluDiskMany(list);
    const disagreements: string[] = [];
    let accepted = 0;
    list.forEach((s, i) => {
      const r = xl[i] as (typeof xl)[number];
      if (r.ok) accepted++;
      const d = parseDisk(s);
      const ours = d.ok
        ? { ok: true, target: d.value.target, vdev: d.value.vdev, format: d.value.format, readwrite: d.value.readWrite ? 1 : 0, is_cdrom: d.value.cdrom ? 1 : 0 }
        : { ok: false };
      const theirs = r.ok ? { ok: true, target: r.target, vdev: r.vdev, format: r.format, readwrite: r.readwrite, is_cdrom: r.is_cdrom } : { ok: false };
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) disagreements.push(`${JSON.stringify(s)}: ours ${JSON.stringify(ours)} xl ${JSON.stringify(theirs)} ${r.report.trim()}`);
    });
    expect(accepted).toBeGreaterThan(800);
    expect(list.length - accepted).toBeGreaterThan(1000);
    console.log(`disk specs compared: ${list.length}, accepted by xl: ${accepted}, disagreements: ${disagreements.length}`);
    expect({ count: disagreements.length, first: disagreements.slice(0, 10) }).toEqual({ count: 0, first: [] });
  });
});

// The real seed through the real pipeline: the xm reader (scripted regions, invalid keys), the xl
// parser on the literal part, then the linter, which alone reports. Together they must explain or
// flag every line.
import { describe, expect, it } from 'vitest';
import { lintCfg } from '../../../src-main/shared/cfg/lint';
import { getOption } from '../../../src-main/shared/cfg/schema';
import { parseCfg } from '../../../src-main/shared/cfg/syntax';
import { analyzeXm } from '../../../src-main/shared/cfg/xm';
import { codes } from './build';
import { seedKeys, seedText } from './seed-entries';

function pipeline(toolstack: 'xl' | 'xm', text = seedText()) {
  const xm = analyzeXm(text);
  const doc = parseCfg(xm.mask);
  return { xm, doc, lint: lintCfg({ entries: doc.entries, toolstack, scripted: xm.regions, invalidKeys: xm.invalidKeys, hostCpuCount: 8 }) };
}

describe('the seed through analyzeXm + parseCfg + lintCfg', () => {
  it('parses the literal part and finds the Python and full-screen lines', () => {
    const { xm, doc } = pipeline('xm');
    expect(doc.ok).toBe(true);
    expect(xm.regions.flatMap((r) => r.assigns)).toEqual(expect.arrayContaining(['arch', 'arch_libdir', 'device_model']));
    expect(xm.invalidKeys.map((k) => k.key)).toEqual(['full-screen']);
  });

  it('on xm, reports the seed\u2019s real problems: full-screen is the one error', () => {
    const { lint } = pipeline('xm');
    expect(lint.filter((d) => d.severity === 'error').map((d) => [d.code, d.line, d.fix])).toEqual([
      ['invalid-key-name', 44, { kind: 'remove', key: 'full-screen' }],
    ]);
    expect(codes(lint)).toEqual(['acpi-off', 'not-an-option', 'vncdisplay-with-vncunused', 'vnc-empty-password-xm', 'invalid-key-name']);
  });

  it('every seed key is explained by the schema or flagged with a fix by the linter', () => {
    const { lint } = pipeline('xl');
    const flagged = lint.filter((d) => d.fix && d.severity !== 'info').map((d) => d.params?.key);
    const unexplained = [...new Set(seedKeys())].filter((k) => !getOption(k) && !flagged.includes(k));
    expect(unexplained).toEqual([]);
  });

  it('uses the parser\u2019s real positions: the shadow_memory warning points at its value', () => {
    const text = seedText().replace('shadow_memory = 8', 'shadow_memory = 1').replace('memory = 128', 'memory = 2048');
    const { lint } = pipeline('xl', text);
    const d = lint.find((x) => x.code === 'shadow-memory-low');
    expect(d).toMatchObject({ line: 15, col: 17, params: { value: 1, recommended: 17 } });
  });
});

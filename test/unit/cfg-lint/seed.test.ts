// The seed file (an annotated xm HVM config) is the product's origin: every option in it must be
// explained in both languages or be flagged with a fix, and the linter must say what matters.
import { describe, expect, it } from 'vitest';
import { lintCfg } from '../../../src-main/shared/cfg/lint';
import { getOption } from '../../../src-main/shared/cfg/schema';
import { parseCfg } from '../../../src-main/shared/cfg/syntax';
import { codes, find } from './build';
import { seedFile, seedKeys, seedText } from './seed-entries';

const CJK = /[\u4e00-\u9fff]/;

describe('the seed file', () => {
  const keys = [...new Set(seedKeys())];

  it('has the keys the task is about (a sanity check of the regex)', () => {
    expect(keys).toEqual(expect.arrayContaining(['shadow_memory', 'cpus', 'acpi', 'apic', 'vnclisten', 'vncpasswd', 'boot', 'full-screen']));
    expect(keys.length).toBeGreaterThanOrEqual(37);
  });

  it('every key is in the schema with help in English and Chinese, or lint flags it with a fix', () => {
    const file = seedFile();
    const xl = lintCfg({ ...file, toolstack: 'xl' });
    const missing: string[] = [];
    for (const key of keys) {
      const spec = getOption(key);
      if (spec) {
        if (spec.help.en.length < 40 || !CJK.test(spec.help['zh-CN']) || !spec.label.en || !spec.label['zh-CN']) {
          missing.push(`${key}: help incomplete`);
        }
        continue;
      }
      const flagged = xl.find((d) => d.params?.key === key && d.fix && d.severity !== 'info');
      if (!flagged) missing.push(`${key}: neither in the schema nor flagged with a fix`);
    }
    expect(missing).toEqual([]);
  });

  it('on its own xm host: full-screen is the one error, with a remove fix', () => {
    const ds = lintCfg({ ...seedFile(), toolstack: 'xm', hostCpuCount: 8 });
    expect(ds.filter((d) => d.severity === 'error').map((d) => [d.code, d.line, d.fix])).toEqual([
      ['invalid-key-name', 44, { kind: 'remove', key: 'full-screen' }],
    ]);
    expect(codes(ds)).toEqual(
      expect.arrayContaining(['acpi-off', 'not-an-option', 'vncdisplay-with-vncunused', 'vnc-empty-password-xm']),
    );
    expect(find(ds, 'not-an-option')?.params).toEqual({ key: 'snapshot' });
  });

  it('on an xl host: Python, hvmloader, builder, device_model and vncconsole are all called out', () => {
    const ds = lintCfg({ ...seedFile(), toolstack: 'xl' });
    expect(codes(ds)).toEqual(
      expect.arrayContaining(['python-code', 'script-variable', 'kernel-hvmloader-on-xl', 'deprecated-key', 'xm-only-key', 'invalid-key-name']),
    );
    const byKey = (k: string) => ds.find((d) => d.params?.key === k);
    expect(byKey('builder')?.fix).toEqual({ kind: 'rename', key: 'builder', newKey: 'type' });
    expect(byKey('vncconsole')?.fix).toEqual({ kind: 'remove', key: 'vncconsole' });
    expect(byKey('device_model')?.fix).toEqual({ kind: 'remove', key: 'device_model' });
  });

  it('if the author follows their habit (vnclisten 0.0.0.0, empty password), lint warns with a fix', () => {
    const file = seedFile(seedText().replace('vnclisten="127.0.0.1"', 'vnclisten="0.0.0.0"'));
    for (const toolstack of ['xm', 'xl'] as const) {
      const d = find(lintCfg({ ...file, toolstack }), 'vnc-open-no-password');
      expect(d?.severity).toBe('warning');
      expect(d?.fix).toEqual({ kind: 'set', key: 'vnclisten', value: '127.0.0.1' });
    }
  });

  it('lints the same through the real parser once the Python lines are set aside', () => {
    const text = seedText();
    const { scripted } = seedFile(text);
    const lines = text.split('\n');
    for (const r of scripted) for (let l = r.startLine; l <= r.endLine; l++) lines[l - 1] = '';
    // full-screen is a lexical error for xl's parser: it is where parsing fails.
    const withFullScreen = parseCfg(lines.join('\n'));
    expect(withFullScreen.ok).toBe(false);
    expect(withFullScreen.errors.map((e) => e.line)).toEqual([44]);
    lines[43] = '';
    const doc = parseCfg(lines.join('\n'));
    expect(doc.ok).toBe(true);
    const viaParser = lintCfg({ entries: doc.entries, toolstack: 'xm', scripted });
    const viaRegex = lintCfg({ ...seedFile(lines.join('\n')), toolstack: 'xm' });
    expect(viaParser.map((d) => [d.code, d.line])).toEqual(viaRegex.map((d) => [d.code, d.line]));
  });
});

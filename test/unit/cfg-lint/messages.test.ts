import { describe, expect, it } from 'vitest';
import { lintCfg, LINT_MESSAGES, lintMessagesByLocale, renderMessage } from '../../../src-main/shared/cfg/lint';
import { BASE, entries } from './build';
import { seedFile } from './seed-entries';

describe('lint messages', () => {
  it('exist in English and Chinese for every code, with the same placeholders', () => {
    for (const [code, m] of Object.entries(LINT_MESSAGES)) {
      const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
      expect(ph(m['zh-CN']), code).toEqual(ph(m.en));
      expect(/[\u4e00-\u9fff]/.test(m['zh-CN']), code).toBe(true);
      expect(/^[a-z]+(-[a-z0-9]+)*$/.test(code), code).toBe(true);
    }
  });

  it('contain no characters vue-i18n would treat as syntax (@ | $ or stray braces)', () => {
    for (const [code, m] of Object.entries(LINT_MESSAGES)) {
      for (const text of [m.en, m['zh-CN']]) {
        expect(/[@|$]/.test(text), code).toBe(false);
        expect(text.replace(/\{\w+\}/g, '').includes('{') || text.replace(/\{\w+\}/g, '').includes('}'), code).toBe(false);
      }
    }
  });

  it('come in the shape vue-i18n loads', () => {
    const m = lintMessagesByLocale();
    expect(Object.keys(m.en)).toEqual(Object.keys(LINT_MESSAGES));
    expect(m['zh-CN']['duplicate-key']).toBe(LINT_MESSAGES['duplicate-key']['zh-CN']);
  });

  it('every diagnostic the linter emits has a template and carries all its parameters', () => {
    const all = [
      ...lintCfg({ ...seedFile(), toolstack: 'xl', hostCpuCount: 2 }),
      ...lintCfg({ ...seedFile(), toolstack: 'xm', hostCpuCount: 2 }),
      ...lintCfg({ entries: entries(...BASE, ['vnclisten', '0.0.0.0'], ['vcpus', '1'], ['vcpus', 'x']), toolstack: 'xl' }),
    ];
    expect(all.length).toBeGreaterThan(10);
    for (const d of all) {
      expect(d.code in LINT_MESSAGES, d.code).toBe(true);
      expect(d.message).not.toMatch(/\{\w+\}/);
      const zh = renderMessage(d.code as keyof typeof LINT_MESSAGES, d.params, 'zh-CN');
      expect(zh).not.toMatch(/\{\w+\}/);
    }
  });
});

// Every visible string goes through vue-i18n in English and Simplified Chinese: the two
// catalogues must have exactly the same keys, and no message may be empty.
import { describe, expect, it } from 'vitest';
import { en } from '@/i18n/locales/en';
import { zhCN } from '@/i18n/locales/zh-CN';
import { localeFromNavigator } from '@/i18n';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const enFlat = flatten(en as Tree);
const zhFlat = flatten(zhCN as Tree);

describe('i18n catalogues', () => {
  it('en and zh-CN have exactly the same keys', () => {
    expect([...zhFlat.keys()].sort()).toEqual([...enFlat.keys()].sort());
    expect(enFlat.size).toBeGreaterThan(20);
  });

  it('no message is empty in either language', () => {
    const empty = [...enFlat, ...zhFlat].filter(([, v]) => v.trim() === '').map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it('placeholders match between languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const mismatched = [...enFlat].filter(([k, v]) => names(v).join() !== names(zhFlat.get(k) ?? '').join()).map(([k]) => k);
    expect(mismatched).toEqual([]);
  });

  it('zh-CN is really translated: only names and commands are the same as in English', () => {
    const same = [...enFlat].filter(([k, v]) => zhFlat.get(k) === v).map(([k]) => k);
    expect(same.sort()).toEqual(['app.name', 'diagnostics.mbPerSecond', 'diagnostics.megabytes', 'hosts.demoCommand', 'languages.en', 'languages.zh-CN']);
  });

  it('starts in Chinese for any zh-* browser language, else English', () => {
    expect(localeFromNavigator(['zh-TW'])).toBe('zh-CN');
    expect(localeFromNavigator(['zh'])).toBe('zh-CN');
    expect(localeFromNavigator(['en-US', 'zh-CN'])).toBe('en');
    expect(localeFromNavigator(['de-DE', 'zh-CN'])).toBe('zh-CN');
    expect(localeFromNavigator(['fr-FR'])).toBe('en');
  });
});

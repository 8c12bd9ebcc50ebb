// The i18n catalogues as flat lists, and the page's visible strings, for the translation checks.
import type { Page } from 'playwright-core';
import { en } from '../../src-renderer/src/i18n/locales/en';
import { zhCN } from '../../src-renderer/src/i18n/locales/zh-CN';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else flatten(v, key, out);
  }
  return out;
}

export const enMessages = flatten(en as Tree);
export const zhMessages = flatten(zhCN as Tree);

/**
 * The English fragments that must not appear once the UI is in Chinese: every message that
 * differs between the languages, cut at its placeholders (`Received at {time}` → `Received at`).
 */
export const englishOnlyFragments: string[] = [...enMessages]
  .filter(([k, v]) => zhMessages.get(k) !== v)
  .flatMap(([, v]) => v.split(/\{\w+\}/))
  .map((f) => f.trim())
  .filter((f) => /[A-Za-z]{2}/.test(f));

/** English fragments found among the given strings: equal to a fragment, or containing a multi-word one. */
export function englishLeftovers(texts: string[]): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    for (const f of englishOnlyFragments) {
      if (text === f || (f.includes(' ') && text.includes(f))) found.add(`${JSON.stringify(text)} (catalogue: ${JSON.stringify(f)})`);
    }
  }
  return [...found];
}

/** Every string a user can see: visible text nodes, plus placeholders and accessible labels. */
export async function visibleStrings(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim();
      const el = n.parentElement;
      if (text && el && visible(el)) out.push(text);
    }
    for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
      if (!visible(el)) continue;
      for (const attr of ['placeholder', 'aria-label', 'title']) {
        const v = el.getAttribute(attr)?.trim();
        if (v) out.push(v);
      }
    }
    return out;
  });
}

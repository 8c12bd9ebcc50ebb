import type { Localized, OptionSpec } from './types';

/** Both languages in one call, to keep option tables compact. */
export function L(en: string, zh: string): Localized {
  return { en, 'zh-CN': zh };
}

/** Identity with a type check, so each option table stays a plain array literal. */
export function options(list: OptionSpec[]): readonly OptionSpec[] {
  return list;
}

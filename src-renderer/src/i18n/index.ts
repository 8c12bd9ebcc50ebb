// vue-i18n in Composition API mode. Messages are plain objects compiled by vue-i18n's JIT
// compiler, which needs no eval and so runs under our CSP (no 'unsafe-eval', EH-2).
import { createI18n } from 'vue-i18n';
import { en, type MessageSchema } from './locales/en';
import { zhCN } from './locales/zh-CN';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export const messages: Record<Locale, MessageSchema> = { en, 'zh-CN': zhCN };

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** The locale to start in when the user has not chosen one: Chinese for any zh-*, else English. */
export function localeFromNavigator(languages: readonly string[]): Locale {
  for (const lang of languages) {
    const l = lang.toLowerCase();
    if (l.startsWith('zh')) return 'zh-CN';
    if (l.startsWith('en')) return 'en';
  }
  return 'en';
}

export function createAppI18n(locale: Locale) {
  return createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages,
    missingWarn: false,
    fallbackWarn: false,
  });
}

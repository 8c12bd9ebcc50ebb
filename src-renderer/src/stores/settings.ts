// What the user chose for this app on this machine: language and theme, kept in localStorage.
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { isLocale, localeFromNavigator, type Locale } from '@/i18n';

export type ThemeChoice = 'system' | 'light' | 'dark';
const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

const LOCALE_KEY = 'xendeck.locale';
const THEME_KEY = 'xendeck.theme';

// localStorage can throw (storage disabled, quota): settings then simply are not remembered.
function readStored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStored(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // not remembered; the choice still applies for this session
  }
}

/** The locale to start with: the remembered choice, else the browser's language. */
export function initialLocale(): Locale {
  const stored = readStored(LOCALE_KEY);
  if (isLocale(stored)) return stored;
  return localeFromNavigator(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

// The store lives as long as the app, so the listener is never removed.
function systemPrefersDark() {
  const dark = ref(false);
  if (typeof window.matchMedia === 'function') {
    const mql = window.matchMedia('(prefers-color-scheme: dark)');
    dark.value = mql.matches;
    mql.addEventListener('change', (e) => {
      dark.value = e.matches;
    });
  }
  return dark;
}

export const useSettingsStore = defineStore('settings', () => {
  const locale = ref<Locale>(initialLocale());
  const storedTheme = readStored(THEME_KEY);
  const theme = ref<ThemeChoice>(THEMES.includes(storedTheme as ThemeChoice) ? (storedTheme as ThemeChoice) : 'system');
  const osDark = systemPrefersDark();

  const effectiveTheme = computed<'light' | 'dark'>(() =>
    theme.value === 'system' ? (osDark.value ? 'dark' : 'light') : theme.value,
  );

  watch(locale, (v) => writeStored(LOCALE_KEY, v));
  watch(theme, (v) => writeStored(THEME_KEY, v));

  function setLocale(v: Locale): void {
    locale.value = v;
  }

  function setTheme(v: ThemeChoice): void {
    theme.value = v;
  }

  return { locale, theme, effectiveTheme, setLocale, setTheme };
});

// An ApiError as text for the user: translated by code where the catalogue knows the code,
// else the core's own sentence. Hints likewise. Always plain text (EH-7).
import { useI18n } from 'vue-i18n';
import type { ApiError, ErrorCode } from '@shared/api';

export interface ErrorText {
  title: string;
  message: string;
  hint: string | null;
}

interface Translator {
  t(key: string): string;
  te(key: string): boolean;
}

/**
 * Codes the client creates itself with a fixed English sentence that names nothing (no host,
 * file or line): the translated title says it all, so the sentence is not repeated in English
 * under a Chinese title.
 */
const GENERIC_CLIENT_CODES: ReadonlySet<ErrorCode> = new Set(['DISCONNECTED']);

/**
 * Codes whose core hint names the exact thing to fix (the known_hosts file and line for
 * `ssh-keygen -R`): it follows the translated hint instead of being replaced by it.
 */
const SPECIFIC_CORE_HINT: ReadonlySet<ErrorCode> = new Set(['HOST_KEY_CHANGED', 'HOST_KEY_REVOKED']);

export function errorText(err: ApiError, { t, te }: Translator): ErrorText {
  const codeKey = `errors.codes.${err.code}`;
  const hintKey = `errors.hints.${err.code}`;
  const translated = te(codeKey) ? t(codeKey) : null;
  const generic = translated !== null && GENERIC_CLIENT_CODES.has(err.code);
  return {
    title: translated ?? t('errors.title'),
    // The core's sentence names the host, file or line, so it is shown under the title.
    message: generic ? '' : err.message || t('errors.unknown'),
    hint: te(hintKey) ? [t(hintKey), SPECIFIC_CORE_HINT.has(err.code) ? err.hint : undefined].filter(Boolean).join(' ') : (err.hint ?? null),
  };
}

export function useErrorText() {
  const { t, te } = useI18n();
  return (err: ApiError): ErrorText => errorText(err, { t, te });
}

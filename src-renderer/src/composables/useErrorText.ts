// An ApiError as text for the user: translated by code where the catalogue knows the code,
// else the core's own sentence. Hints likewise. Always plain text (EH-7).
import { useI18n } from 'vue-i18n';
import type { ApiError } from '@shared/api';

export interface ErrorText {
  title: string;
  message: string;
  hint: string | null;
}

export function useErrorText() {
  const { t, te } = useI18n();

  return (err: ApiError): ErrorText => {
    const codeKey = `errors.codes.${err.code}`;
    const hintKey = `errors.hints.${err.code}`;
    const translated = te(codeKey) ? t(codeKey) : null;
    return {
      title: translated ?? t('errors.title'),
      // The core's sentence names the host, file or line, so it is shown under the title.
      message: err.message || t('errors.unknown'),
      hint: te(hintKey) ? t(hintKey) : (err.hint ?? null),
    };
  };
}

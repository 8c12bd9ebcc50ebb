// Shows any failure as a notification: translated title, the core's sentence, and the hint.
import { useNotification } from 'naive-ui';
import { useI18n } from 'vue-i18n';
import { toApiError } from '@/services/api-error';
import { useErrorText } from './useErrorText';

export function useErrorToast() {
  const notification = useNotification();
  const { t } = useI18n();
  const errorText = useErrorText();

  return (e: unknown): void => {
    const text = errorText(toApiError(e));
    notification.error({
      title: text.title,
      content: text.message || undefined,
      meta: text.hint ? `${t('errors.hintLabel')}: ${text.hint}` : undefined,
      duration: 8000,
      keepAliveOnHover: true,
    });
  };
}

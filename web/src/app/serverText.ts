import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { wordServerText } from './serverWords.ts';

/** Server-composed Chinese text in the page's language (serverWords.ts). */
export function useServerText(): (text: string | null | undefined) => string {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  return useCallback(
    (text) => wordServerText(text ?? '', (key, values) => t(key as 'app.name', { ...values, defaultValue: '' }) || key, english),
    [t, english],
  );
}

import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { wordNotice } from '@contracts/notifications.words.ts';
import { formatBeijing } from '../../app/format.ts';
import type { Notification } from './api.ts';

type Worded = Pick<Notification, 'kind' | 'title' | 'body' | 'params'>;

/**
 * A notice in the page's language: worded from its kind and params by the catalogue's `notices` (amounts
 * in fen by the money formatter, times in Beijing time, a clock, a procurement method or a complaint's
 * outcome by their names in this language); the server's (Chinese) title and body for a kind this
 * storefront does not know, a notice stored without params, or one missing a fact its sentence needs.
 */
export function useNoticeWords() {
  const { i18n } = useTranslation();
  const lang = i18n.language.startsWith('en') ? 'en' : 'zh-CN';
  return useCallback(
    (n: Worded): { title: string; body: string } => wordNotice(n, lang, (iso) => formatBeijing(iso)) ?? { title: n.title, body: n.body },
    [lang],
  );
}

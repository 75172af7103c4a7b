import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '@contracts/money.ts';

dayjs.extend(utc);
dayjs.extend(timezone);

export const platformTimeZone = 'Asia/Shanghai';

// Money maths shared with the server (contracts/money.ts).
export { fenToYuanInput, formatMoney, parseYuan, yuanPattern } from '@contracts/money.ts';

/** An ISO UTC timestamp as Beijing wall-clock time, "2026-11-30 14:00". */
export function formatBeijing(iso: string, pattern = 'YYYY-MM-DD HH:mm'): string {
  return dayjs.utc(iso).tz(platformTimeZone).format(pattern);
}

/** Formatters bound to the current language: dates carry "(北京时间)" / "(Beijing time)". */
export function useFormat() {
  const { t } = useTranslation();
  return {
    money: formatMoney,
    dateTime: (iso: string | null | undefined) => (iso ? `${formatBeijing(iso)} (${t('common.beijingTime')})` : t('common.none')),
    date: (iso: string | null | undefined) => (iso ? formatBeijing(iso, 'YYYY-MM-DD') : t('common.none')),
  };
}

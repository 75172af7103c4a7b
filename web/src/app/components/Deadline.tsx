import { Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format.ts';

const dayMs = 86_400_000;

function remaining(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/**
 * A deadline in Beijing time; on its last day a live countdown, after it "已截止".
 * (UI.md: dates with the time zone wherever a deadline is shown, and a countdown for the last day.)
 */
export function Deadline({ at }: { at: string | null | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [now, setNow] = useState(() => Date.now());
  const end = at ? Date.parse(at) : NaN;
  const left = end - now;
  const lastDay = Number.isFinite(left) && left > 0 && left <= dayMs;

  useEffect(() => {
    if (!lastDay) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [lastDay]);

  if (!at) return <>{t('common.none')}</>;
  return (
    <span>
      {format.dateTime(at)}
      {lastDay ? (
        <Typography.Text type="warning" style={{ display: 'block', fontVariantNumeric: 'tabular-nums' }}>
          {t('common.countdown', { time: remaining(left) })}
        </Typography.Text>
      ) : left <= 0 ? (
        <Typography.Text type="secondary" style={{ display: 'block' }}>
          {t('common.passed')}
        </Typography.Text>
      ) : null}
    </span>
  );
}

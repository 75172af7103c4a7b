import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { quietApi } from '../api.ts';

export const instanceKey = ['instance'] as const;

/** How long a day of procedure time lasts at this accelerator, in the page's language. */
function dayLasts(accelerator: number, t: TFunction): string {
  const seconds = 86_400 / accelerator;
  if (seconds >= 3600) return t('sandbox.hours', { n: +(seconds / 3600).toFixed(1) });
  if (seconds >= 60) return t('sandbox.minutes', { n: +(seconds / 60).toFixed(1) });
  return t('sandbox.seconds', { n: +seconds.toFixed(1) });
}

/**
 * 演练环境: on a sandbox instance (SANDBOX_ACCELERATOR, GET /api/public/instance) every page carries this
 * strip above its header, kept in view while the page scrolls, so nobody takes training for the real platform.
 * On the real platform it renders nothing.
 */
export function SandboxBanner() {
  const { t } = useTranslation();
  const instance = useQuery({
    queryKey: instanceKey,
    queryFn: ({ signal }) => quietApi.get('/api/public/instance', { signal }),
    // The mode is the database's for good: asked once per page load.
    staleTime: Infinity,
  });
  const accelerator = instance.data?.sandbox?.accelerator ?? null;
  useEffect(() => {
    // The sticky header moves down by the strip's height (styles.css: html.sandbox).
    document.documentElement.classList.toggle('sandbox', accelerator !== null);
  }, [accelerator]);
  if (accelerator === null) return null;
  const text = t('sandbox.banner', { n: accelerator, day: dayLasts(accelerator, t) });
  return (
    <div className="sandbox-banner" role="status" data-testid="sandbox-banner" title={text}>
      <strong className="sandbox-banner-label">{t('sandbox.label')}</strong>
      <span className="sandbox-banner-text">{text}</span>
    </div>
  );
}

import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A region the server names (in Chinese, from its GB/T 2260 table) as the page's language names it. In
 * Chinese the server's name (the catalogue's for a code sent without one); in English the catalogue's name
 * for the code (every province, and the cities and districts the platform serves), else the server's name,
 * else the code. Where a region is an organization's, 000000 is the central level (`central`); elsewhere
 * (a delivery region, a dashboard filter) it is the whole country.
 */
export function useRegionLabel(): (code: string | null | undefined, name?: string | null, opts?: { central?: boolean }) => string {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return useCallback(
    (code, name, opts) => {
      if (!code) return name ?? '';
      if (code === '000000' && opts?.central !== false) return t('org.centralLevel');
      const known = i18n.exists(`regions.${code}`) ? t(`regions.${code}` as 'regions.000000') : null;
      return language.startsWith('zh') ? (name ?? known ?? code) : (known ?? name ?? code);
    },
    [t, i18n, language],
  );
}

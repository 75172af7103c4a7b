import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';

/**
 * Each page's <title> is its own heading and the site's name ("采购订单 · 集采"), so tabs, history and
 * screen readers tell pages apart. Read from the page's first heading as it renders (pages load lazily).
 */
export function useDocumentTitle(): void {
  const { t } = useTranslation();
  const location = useLocation();
  const site = t('app.shortName');
  useEffect(() => {
    const update = () => {
      const heading = document.querySelector('main h1, main h2, main h3, main h4, main h5');
      const text = heading?.textContent?.trim();
      const title = text && text !== site ? `${text} · ${site}` : site;
      if (document.title !== title) document.title = title;
    };
    update();
    const main = document.querySelector('main') ?? document.body;
    const observer = new MutationObserver(update);
    observer.observe(main, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [location.pathname, site]);
}

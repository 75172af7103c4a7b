import { Grid } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLanguage } from '../i18n/index.ts';
import i18n from '../i18n/index.ts';

/** The platform mark and name; on wide screens the name in the other language sits beneath. */
export function Brand({ to = '/' }: { to?: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const screens = Grid.useBreakpoint();
  const other = i18n.getFixedT(language === 'en' ? 'zh-CN' : 'en');
  return (
    <Link to={to} className="brand">
      <span className="brand-mark" aria-hidden>
        {t('app.mark')}
      </span>
      <span className="brand-text">
        <span className="brand-name">{screens.md ? t('app.name') : t('app.shortName')}</span>
        {screens.lg ? <span className="brand-sub">{other('app.name')}</span> : null}
      </span>
    </Link>
  );
}

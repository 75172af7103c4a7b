import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLanguage, useLanguage } from '../i18n/index.ts';

/** 中文 / English: shows the language you can switch to. */
export function LanguageSwitch({ onDark = false }: { onDark?: boolean }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const next = language === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      type="text"
      size="small"
      icon={<GlobalOutlined />}
      lang={next}
      title={t('nav.language')}
      style={onDark ? { color: '#fff' } : undefined}
      onClick={() => setLanguage(next)}
    >
      {next === 'en' ? t('lang.en') : t('lang.zh')}
    </Button>
  );
}

import {
  AppstoreOutlined,
  ContainerOutlined,
  DatabaseOutlined,
  FieldTimeOutlined,
  FundViewOutlined,
  HomeOutlined,
  LoginOutlined,
  NotificationOutlined,
  SafetyCertificateOutlined,
  SearchOutlined,
} from '@ant-design/icons';
import { Button, Grid, Layout } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { Brand } from '../components/Brand.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { CartButton } from '../../features/orders/CartButton.tsx';
import { roleHome, useSession } from '../session.ts';

/** Pages anyone may read: a top navigation, no side menu. */
export function PublicLayout() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const session = useSession();
  const user = session.data?.user;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="app-header">
        <Brand />
        {/* On a phone the links scroll sideways rather than run under the actions. */}
        <nav className="app-header-spacer" style={{ display: 'flex', gap: 4, overflowX: 'auto', scrollbarWidth: 'none' }}>
          <Link to="/">
            <Button type="text" icon={<HomeOutlined />} aria-label={t('nav.home')}>
              {screens.sm ? t('nav.home') : null}
            </Button>
          </Link>
          <Link to="/search">
            <Button type="text" icon={<SearchOutlined />} aria-label={t('nav.search')}>
              {screens.sm ? t('nav.search') : null}
            </Button>
          </Link>
          <Link to="/intentions">
            <Button type="text" icon={<NotificationOutlined />} aria-label={t('plans.menu.publicIntentions')}>
              {screens.sm ? t('plans.menu.publicIntentions') : null}
            </Button>
          </Link>
          <Link to="/tenders">
            <Button type="text" icon={<NotificationOutlined />} aria-label={t('tender.nav')}>
              {screens.sm ? t('tender.nav') : null}
            </Button>
          </Link>
          <Link to="/quotations">
            <Button type="text" icon={<FundViewOutlined />} aria-label={t('quotation.nav')}>
              {screens.sm ? t('quotation.nav') : null}
            </Button>
          </Link>
          <Link to="/frameworks">
            <Button type="text" icon={<ContainerOutlined />} aria-label={t('framework.nav')}>
              {screens.sm ? t('framework.nav') : null}
            </Button>
          </Link>
          <Link to="/auctions">
            <Button type="text" icon={<FieldTimeOutlined />} aria-label={t('auction.nav')}>
              {screens.sm ? t('auction.nav') : null}
            </Button>
          </Link>
          <Link to="/credit">
            <Button type="text" icon={<SafetyCertificateOutlined />} aria-label={t('nav.credit')}>
              {screens.sm ? t('nav.credit') : null}
            </Button>
          </Link>
          <Link to="/open-data">
            <Button type="text" icon={<DatabaseOutlined />} aria-label={t('openData.nav')}>
              {screens.sm ? t('openData.nav') : null}
            </Button>
          </Link>
        </nav>
        <div className="app-header-actions">
          <LanguageSwitch onDark />
          {user?.roles.includes('purchaser') ? <CartButton showLabel={!!screens.md} /> : null}
          {user ? (
            <Link to={roleHome(user.roles)}>
              <Button type="text" icon={<AppstoreOutlined />} aria-label={t('nav.workbench')}>
                {screens.sm ? t('nav.workbench') : null}
              </Button>
            </Link>
          ) : (
            <Link to="/login">
              <Button type="text" icon={<LoginOutlined />}>
                {t('nav.login')}
              </Button>
            </Link>
          )}
        </div>
      </Layout.Header>
      <Layout.Content>
        <Outlet />
      </Layout.Content>
      <Layout.Footer className="app-footer">{t('app.footer')}</Layout.Footer>
    </Layout>
  );
}

import {
  AppstoreOutlined,
  ContainerOutlined,
  DatabaseOutlined,
  FieldTimeOutlined,
  FundViewOutlined,
  HomeOutlined,
  LoginOutlined,
  MenuOutlined,
  NotificationOutlined,
  SafetyCertificateOutlined,
  SearchOutlined,
} from '@ant-design/icons';
import { Button, Drawer, Grid, Layout } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { Brand } from '../components/Brand.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { CartButton } from '../../features/orders/CartButton.tsx';
import { roleHome, useSession } from '../session.ts';
import { useDocumentTitle } from './documentTitle.ts';

/** The public pages' links, in the top bar on a desktop and in a drawer on a phone. */
const publicLinks = [
  { to: '/', icon: <HomeOutlined />, label: 'nav.home' },
  { to: '/search', icon: <SearchOutlined />, label: 'nav.search' },
  { to: '/intentions', icon: <NotificationOutlined />, label: 'plans.menu.publicIntentions' },
  { to: '/tenders', icon: <NotificationOutlined />, label: 'tender.nav' },
  { to: '/quotations', icon: <FundViewOutlined />, label: 'quotation.nav' },
  { to: '/frameworks', icon: <ContainerOutlined />, label: 'framework.nav' },
  { to: '/auctions', icon: <FieldTimeOutlined />, label: 'auction.nav' },
  { to: '/credit', icon: <SafetyCertificateOutlined />, label: 'nav.credit' },
  { to: '/open-data', icon: <DatabaseOutlined />, label: 'openData.nav' },
] as const;

/** Pages anyone may read: a top navigation, no side menu. */
export function PublicLayout() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const session = useSession();
  const user = session.data?.user;
  const [drawerOpen, setDrawerOpen] = useState(false);
  // Before the first measurement every breakpoint reads false: treat that as desktop to avoid a flash.
  const phone = Object.keys(screens).length > 0 && !screens.md;
  useDocumentTitle();

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="app-header">
        <Brand />
        {/* On a phone the links open from a menu button rather than hide in a sideways scroll. */}
        {phone ? (
          <>
            <div className="app-header-spacer" />
            <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.openMenu')} onClick={() => setDrawerOpen(true)} />
            <Drawer placement="right" size={260} open={drawerOpen} onClose={() => setDrawerOpen(false)} title={t('app.name')}>
              <nav aria-label={t('nav.main')} className="public-drawer-nav">
                {publicLinks.map(({ to, icon, label }) => (
                  <Link key={to} to={to} onClick={() => setDrawerOpen(false)}>
                    {icon} {t(label)}
                  </Link>
                ))}
              </nav>
            </Drawer>
          </>
        ) : (
          <nav
            aria-label={t('nav.main')}
            className="app-header-spacer"
            style={{ display: 'flex', gap: 4, flexWrap: 'wrap', overflow: 'hidden' }}
          >
            {publicLinks.map(({ to, icon, label }) => (
              <Link key={to} to={to}>
                <Button type="text" icon={icon} aria-label={t(label)}>
                  {screens.lg ? t(label) : null}
                </Button>
              </Link>
            ))}
          </nav>
        )}
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
        <main>
          <Outlet />
        </main>
      </Layout.Content>
      <Layout.Footer className="app-footer">{t('app.footer')}</Layout.Footer>
    </Layout>
  );
}

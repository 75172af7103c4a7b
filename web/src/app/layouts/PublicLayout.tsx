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
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { Brand } from '../components/Brand.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { useLanguage } from '../i18n/index.ts';
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

/**
 * Whether the links' labels fit in the bar beside the brand and the actions, measured rather than guessed
 * from a breakpoint: English labels need twice the room of Chinese ones (at 1440 px they wrapped onto a
 * hidden second line). When they do not fit the links show their icons, named by a tooltip, until the bar
 * is again as wide as the labels needed.
 */
function useLabelsFit(ref: RefObject<HTMLElement | null>, language: string, shown: boolean): boolean {
  const [state, setState] = useState({ language, fit: true, needed: 0 });
  // Another language: its labels are measured afresh.
  const fresh = state.language !== language;
  const fit = fresh || state.fit;
  const needed = fresh ? 0 : state.needed;
  // Measured when the labels appear (once the breakpoints are known, the bar keeping its size), when the
  // language changes, and whenever the bar changes size.
  useLayoutEffect(() => {
    const nav = ref.current;
    if (!nav) return;
    const check = () => {
      if (shown && fit && nav.scrollWidth > nav.clientWidth + 1) setState({ language, fit: false, needed: nav.scrollWidth });
      else if (!fit && nav.clientWidth >= needed) setState({ language, fit: true, needed: 0 });
      else if (fresh) setState({ language, fit: true, needed: 0 });
    };
    check();
    // The bar keeps its size when a web font arrives and widens the labels: the labels are observed too,
    // and the fonts' loading is awaited.
    const observer = new ResizeObserver(check);
    observer.observe(nav);
    for (const child of Array.from(nav.children)) observer.observe(child);
    let live = true;
    void document.fonts?.ready.then(() => live && check());
    return () => {
      live = false;
      observer.disconnect();
    };
  }, [ref, language, shown, fit, needed, fresh]);
  return fit;
}

/** Pages anyone may read: a top navigation, no side menu. */
export function PublicLayout() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const session = useSession();
  const user = session.data?.user;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const nav = useRef<HTMLElement>(null);
  const labelsFit = useLabelsFit(nav, useLanguage(), !!screens.lg);
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
          <nav ref={nav} aria-label={t('nav.main')} className="app-header-spacer" style={{ display: 'flex', gap: 4, overflow: 'hidden' }}>
            {publicLinks.map(({ to, icon, label }) => {
              const labelled = !!screens.lg && labelsFit;
              return (
                <Link key={to} to={to}>
                  <Button type="text" icon={icon} aria-label={t(label)} title={labelled ? undefined : t(label)}>
                    {labelled ? t(label) : null}
                  </Button>
                </Link>
              );
            })}
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

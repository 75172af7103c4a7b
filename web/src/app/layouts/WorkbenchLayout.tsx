import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Drawer, Grid, Layout, Menu, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { quietApi, setCsrfToken } from '../api.ts';
import { Brand } from '../components/Brand.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { RoleTag } from '../components/StatusTag.tsx';
import { primaryRole, roleHome, sessionKey, useCurrentSession } from '../session.ts';
import { CartButton } from '../../features/orders/CartButton.tsx';
import { NotificationBell } from '../../features/notifications/NotificationBell.tsx';
import { isMenuGroup, menuFor, selectedEntry } from './menu.tsx';
import { useDocumentTitle } from './documentTitle.ts';

function useLogout() {
  const client = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => quietApi.post('/api/auth/logout'),
    // Logged out locally even if the server call failed: the cookie is gone or about to expire.
    // The session goes first (so /login does not bounce back), then every cached answer of this user.
    onSettled: async () => {
      setCsrfToken(null);
      client.setQueryData(sessionKey, null);
      await navigate('/login', { replace: true });
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
    },
  });
}

const menuLabel = (text: string, badge: React.ReactNode) =>
  badge ? (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
      {text}
      {badge}
    </span>
  ) : (
    text
  );

/** Logged-in pages: header with organization, role, language, notifications, logout; a side menu per role. */
export function WorkbenchLayout() {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const screens = Grid.useBreakpoint();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);

  // Before the first measurement every breakpoint reads false: treat that as desktop to avoid a flash.
  const measured = Object.keys(screens).length > 0;
  const mobile = measured && !screens.md;
  const entries = menuFor(session.user.roles);
  const selected = selectedEntry(entries, location.pathname, location.search);
  const role = primaryRole(session.user.roles);
  useDocumentTitle();

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={entries.map((node) =>
        isMenuGroup(node)
          ? {
              key: node.group,
              type: 'group' as const,
              label: t(node.group),
              children: node.entries.map((e) => ({ key: e.path, icon: e.icon, label: menuLabel(t(e.label), e.badge) })),
            }
          : { key: node.path, icon: node.icon, label: menuLabel(t(node.label), node.badge) },
      )}
      onClick={({ key }) => {
        setDrawerOpen(false);
        void navigate(key);
      }}
      style={{ borderInlineEnd: 'none' }}
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="app-header">
        {mobile ? <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.openMenu')} onClick={() => setDrawerOpen(true)} /> : null}
        <Brand to={roleHome(session.user.roles)} />
        <div className="app-header-spacer" />
        {!mobile ? (
          <div className="app-header-org" data-testid="header-organization">
            <span className="app-header-org-name" title={session.organization.name}>
              {session.organization.name}
            </span>
            {role ? (
              <Tag variant="filled" style={{ marginInlineEnd: 0 }}>
                {t(`roles.${role}`)}
              </Tag>
            ) : null}
          </div>
        ) : null}
        <div className="app-header-actions">
          <LanguageSwitch onDark />
          {session.user.roles.includes('purchaser') ? <CartButton showLabel={!mobile} /> : null}
          <NotificationBell />
          <Button
            type="text"
            icon={<LogoutOutlined />}
            aria-label={t('nav.logout')}
            title={t('nav.logout')}
            loading={logout.isPending}
            onClick={() => logout.mutate()}
          >
            {mobile ? null : t('nav.logout')}
          </Button>
        </div>
      </Layout.Header>
      <Layout>
        {mobile ? (
          <Drawer
            placement="left"
            size={280}
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            title={t('app.name')}
            styles={{ body: { padding: 0 } }}
          >
            <div className="drawer-org">
              <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
                {session.organization.name}
              </Typography.Text>
              {session.user.roles.map((r) => (
                <RoleTag key={r} role={r} />
              ))}
            </div>
            {menu}
          </Drawer>
        ) : (
          <Layout.Sider
            collapsible
            collapsed={collapsed}
            onCollapse={setCollapsed}
            breakpoint="lg"
            width={208}
            theme="light"
            style={{ borderInlineEnd: '1px solid rgba(5,5,5,0.06)' }}
          >
            {menu}
          </Layout.Sider>
        )}
        <Layout.Content>
          <main className="app-content">
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { Forbidden, LoadError } from '../components/states.tsx';
import { CurrentSessionContext, roleHome, useCurrentSession, useSession } from '../session.ts';
import type { Role } from '../types.ts';

/** Workbench pages need a session: without one, go to /login?next=<this page>. */
export function RequireSession({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useSession();

  if (session.isPending) {
    return (
      <div style={{ display: 'grid', placeItems: 'center', minHeight: '100vh' }}>
        <Spin size="large" description={t('common.loading')} />
      </div>
    );
  }
  if (session.isError) return <LoadError error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <CurrentSessionContext.Provider value={session.data}>{children}</CurrentSessionContext.Provider>;
}

/** A page of another role answers 403, not a redirect, so people see why. */
export function RequireRole({ roles }: { roles: readonly Role[] }) {
  const session = useCurrentSession();
  const allowed = session.user.roles.some((role) => roles.includes(role));
  return allowed ? <Outlet /> : <Forbidden homePath={roleHome(session.user.roles)} />;
}

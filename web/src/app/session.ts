import { useQuery } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { quietApi, setCsrfToken } from './api.ts';
import type { Role, Session } from './types.ts';

export const sessionKey = ['session'] as const;

/** The current session, or null when nobody is logged in (asked without a 401, which the browser would log). */
export async function fetchSession(signal?: AbortSignal): Promise<Session | null> {
  const { session } = await quietApi.get('/api/auth/session', { signal });
  setCsrfToken(session?.csrfToken ?? null);
  return session;
}

export function useSession() {
  return useQuery({
    queryKey: sessionKey,
    queryFn: ({ signal }) => fetchSession(signal),
    staleTime: 5 * 60_000,
  });
}

/**
 * The session as the workbench guard saw it. Read from context, not the query, so that pages never
 * render with a session that was just cleared (logout, expiry): the guard unmounts them first.
 */
export const CurrentSessionContext = createContext<Session | null>(null);

export function useCurrentSession(): Session {
  const session = useContext(CurrentSessionContext);
  if (!session) throw new Error('useCurrentSession used outside the workbench guard');
  return session;
}

// The role whose home a user lands on is the first of these it holds.
const homeOrder: readonly Role[] = ['admin', 'regulator', 'center_staff', 'approver', 'purchaser', 'supplier', 'expert'];

export const roleHomePath: Record<Role, string> = {
  admin: '/admin',
  regulator: '/regulator',
  center_staff: '/center',
  approver: '/approver',
  purchaser: '/purchaser',
  supplier: '/supplier',
  expert: '/expert',
};

export function roleHome(userRoles: readonly Role[]): string {
  const role = homeOrder.find((r) => userRoles.includes(r));
  return role ? roleHomePath[role] : '/';
}

/** The role shown in the header: the one whose home the user lands on. */
export function primaryRole(userRoles: readonly Role[]): Role | undefined {
  return homeOrder.find((r) => userRoles.includes(r));
}

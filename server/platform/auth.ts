import '@fastify/cookie';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { builtOnce } from '../db/built-once.ts';
import { organizations, sessions, users, type OrgKind, type Role } from '../db/schema/index.ts';
import { ForbiddenError, NotFoundError, UnauthorizedError } from './errors.ts';

export interface AuthContext {
  userId: string;
  username: string;
  displayName: string;
  roles: Role[];
  locale: 'zh-CN' | 'en';
  orgId: string;
  orgName: string;
  orgKind: OrgKind;
  /** The GB/T 2260 region of the caller's organization: its jurisdiction when it oversees (#19). */
  regionCode: string;
  sessionIdHash: string;
  csrfToken: string;
}

/**
 * Every route states who may call it. There is no default: a route without `access` stops the app at
 * start, so nothing is public by accident. `session: false` marks a public route that never needs the
 * caller's session (static files), sparing it the database round trip.
 */
export type Access = { public: true; session?: false } | { authenticated: true } | { roles: readonly Role[] };

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

export const SESSION_COOKIE = 'jicai_sid';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const TOUCH_EVERY_SECONDS = 60;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The session's user and organization, built once (a read every signed-in request makes). */
const sessionQuery = builtOnce((db) =>
  db
    .select({
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      roles: users.roles,
      locale: users.locale,
      orgId: organizations.id,
      orgName: organizations.name,
      orgKind: organizations.kind,
      regionCode: organizations.regionCode,
      csrfToken: sessions.csrfToken,
      stale: sql<boolean>`${sessions.lastSeenAt} < now() - make_interval(secs => ${TOUCH_EVERY_SECONDS})`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(
      and(
        eq(sessions.idHash, sql.placeholder('idHash')),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`now()`),
        gt(sessions.lastSeenAt, sql`now() - make_interval(mins => ${sql.placeholder('idleMinutes')}::int)`),
        eq(users.status, 'active'),
        eq(organizations.active, true),
      ),
    )
    .prepare('jicai_session'),
);

export async function resolveSession(db: Db, config: Config, token: string): Promise<AuthContext | null> {
  const idHash = hashToken(token);
  const [row] = await sessionQuery(db).execute({ idHash, idleMinutes: config.SESSION_IDLE_MINUTES });
  if (!row) return null;
  if (row.stale)
    await db
      .update(sessions)
      .set({ lastSeenAt: sql`now()` })
      .where(eq(sessions.idHash, idHash));
  return {
    userId: row.userId,
    username: row.username,
    displayName: row.displayName,
    roles: row.roles as Role[],
    locale: row.locale,
    orgId: row.orgId,
    orgName: row.orgName,
    orgKind: row.orgKind,
    regionCode: row.regionCode,
    sessionIdHash: idHash,
    csrfToken: row.csrfToken,
  };
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.COOKIE_SECURE,
    maxAge: config.SESSION_ABSOLUTE_HOURS * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config) {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.COOKIE_SECURE });
}

/** Routes a plugin registers for itself: the API docs (under /docs) and the storefront's static files. */
function isPluginRoute(route: { url: string; prefix?: string; config?: unknown }): boolean {
  const config = route.config as { file?: unknown } | undefined;
  return route.prefix === '/docs' || route.url === '/docs' || route.url.startsWith('/docs/') || typeof config?.file === 'string';
}

/** The OpenAPI `security` an access rule stands for: the published contract is the enforced rule. */
function openApiSecurity(access: Access): { security: Array<Record<string, string[]>>; 'x-access': string } {
  if ('public' in access) return { security: [], 'x-access': 'public' };
  if ('authenticated' in access) return { security: [{ session: [] }], 'x-access': 'any signed-in user' };
  return { security: [{ session: [] }], 'x-access': `roles: ${access.roles.join(', ')}` };
}

/**
 * Session resolution, the access rule of each route, and CSRF for cookie-authenticated writes.
 *
 * Access is a property of the route, never of the URL's text: every route declares it (registering one
 * without fails at start), and the check reads it from the route the router matched
 * (`request.routeOptions`), so no spelling of a path (`/%61pi/…`, `//api/…`, case, a trailing slash) can
 * reach a handler without its rule. Only plugin-owned routes (API docs, storefront files) are public
 * without a declaration of their own, and those are marked public here when registered.
 */
export function registerAuth(app: FastifyInstance, deps: { db: Db; config: Config }) {
  app.decorateRequest('auth', null);

  app.addHook('onRoute', (route) => {
    const declared = route.config?.access;
    if (!declared) {
      if (!isPluginRoute(route)) throw new Error(`route ${String(route.method)} ${route.url} declares no access rule`);
      route.config = { ...route.config, access: { public: true, session: false } };
      return;
    }
    if (route.schema) route.schema = { ...route.schema, ...openApiSecurity(declared) };
  });

  // Who the caller is and whether it may call the route are settled before the body is even validated:
  // an anonymous or unauthorized caller learns nothing from validation errors.
  app.addHook('onRequest', async (request) => {
    // Unmatched requests (the 404 handler) have no access rule and reach no handler.
    const access = (request.routeOptions.config as { access?: Access } | undefined)?.access;
    if (!access) return;
    // Storefront files and API docs need no session: no database round trip for them.
    if ('public' in access && access.session === false) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token && token.length <= 128) request.auth = await resolveSession(deps.db, deps.config, token);
    if ('public' in access) return;
    const auth = request.auth;
    if (!auth) throw new UnauthorizedError('请先登录 (login required)');
    if (UNSAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !safeEqual(header, auth.csrfToken)) {
        throw new ForbiddenError('CSRF token missing or wrong: send the x-csrf-token header from /api/auth/me');
      }
    }
    if ('roles' in access && !access.roles.some((role) => auth.roles.includes(role))) {
      throw new ForbiddenError(`this action needs one of the roles: ${access.roles.join(', ')}`);
    }
  });
}

export function requireAuth(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new UnauthorizedError('请先登录 (login required)');
  return request.auth;
}

/**
 * Evaluation experts are filed under the center that keeps the pool, but act for themselves: a user whose
 * only role is `expert` never inherits its organization's reads (its drafts, notices, evidence files).
 */
export const actsForOrganization = (auth: AuthContext): boolean => auth.roles.some((role) => role !== 'expert');

/**
 * Row scoping: a caller sees its own organization's rows (an expert-only user does not: it acts for itself); regulators and admins oversee all when the
 * route allows it. Others get 404, which does not confirm that the row exists.
 */
export function assertOrgScope(auth: AuthContext, orgId: string, opts: { oversight?: readonly Role[] } = {}) {
  if (auth.orgId === orgId && actsForOrganization(auth)) return;
  if (opts.oversight?.some((role) => auth.roles.includes(role))) return;
  throw new NotFoundError('not found');
}

import argon2 from 'argon2';
import { eq, lt, or, sql } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { loginAttempts, organizations, sessions, users } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import { hashToken, newToken, type AuthContext } from '../../platform/auth.ts';
import { TooManyRequestsError, UnauthorizedError } from '../../platform/errors.ts';
import { purgeExpiredRateLimits, type RateLimitStore } from '../../platform/rate-limit-store.ts';
import type { LoginBody, SessionResponse } from '../../../contracts/auth.schemas.ts';

/** How a new password becomes its stored hash: a port services take, argon2id at full cost by default. */
export type PasswordHasher = (password: string) => Promise<string>;

export const hashPassword: PasswordHasher = (password: string) => argon2.hash(password, { type: argon2.argon2id });

/**
 * For the demo accounts only: their password is printed at every start, so its hash guards nothing, and
 * the demo replay logs dozens of them in. Cheaper parameters (4 MiB, one pass) keep that to milliseconds.
 * Every account a person creates uses hashPassword.
 */
export const hashPublishedPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id, memoryCost: 4096, timeCost: 1 });

// Verifying against a fixed hash when the account does not exist keeps the answer time the same.
let dummyHash: Promise<string> | null = null;
const getDummyHash = () => (dummyHash ??= hashPassword('not-a-real-password'));

export function toSessionResponse(auth: AuthContext): SessionResponse {
  return {
    user: { id: auth.userId, username: auth.username, displayName: auth.displayName, roles: auth.roles, locale: auth.locale },
    organization: { id: auth.orgId, name: auth.orgName, kind: auth.orgKind },
    csrfToken: auth.csrfToken,
  };
}

/**
 * Failed-login counters in the shared rate-limit store: per account from one address, per account from
 * everywhere (a higher bar, against guessing spread over many addresses), and per address. An attempt takes
 * its place in every counter atomically BEFORE the password is verified, so concurrent attempts cannot all
 * pass the check: exactly the limit reach argon2, the rest are refused with 429. The tight per-account
 * limit is counted per address, so a stranger's five wrong passwords do not lock the owner out of an
 * account they log in to from elsewhere. A successful login clears the account's failures and gives the
 * address back its place (only failures count there).
 */
function loginLimiter(config: Config, limits: RateLimitStore) {
  const windowSeconds = config.LOGIN_WINDOW_MINUTES * 60;
  const pairKey = (username: string, ip: string) => `login:account:${username}:from:${ip}`;
  const accountKey = (username: string) => `login:account:${username}`;
  const addressKey = (ip: string) => `login:address:${ip}`;
  return {
    async enter(username: string, ip: string) {
      const [pair, account, address] = await Promise.all([
        limits.hit(pairKey(username, ip), windowSeconds),
        limits.hit(accountKey(username), windowSeconds),
        limits.hit(addressKey(ip), windowSeconds),
      ]);
      if (pair.count > config.LOGIN_MAX_FAILURES_PER_ACCOUNT || account.count > config.LOGIN_MAX_FAILURES_PER_ACCOUNT_TOTAL) {
        const wait = pair.count > config.LOGIN_MAX_FAILURES_PER_ACCOUNT ? pair.resetSeconds : account.resetSeconds;
        throw new TooManyRequestsError('该账号登录失败次数过多，请稍后再试 (too many failed logins for this account)', wait);
      }
      if (address.count > config.LOGIN_MAX_FAILURES_PER_ADDRESS) {
        throw new TooManyRequestsError(
          '该地址登录失败次数过多，请稍后再试 (too many failed logins from this address)',
          address.resetSeconds,
        );
      }
    },
    async succeeded(username: string, ip: string) {
      await Promise.all([limits.reset(pairKey(username, ip)), limits.reset(accountKey(username)), limits.release(addressKey(ip))]);
    },
  };
}

export function createAuthService(deps: { db: Db; config: Config; limits: RateLimitStore }) {
  const { db, config } = deps;
  const limiter = loginLimiter(config, deps.limits);

  async function login(input: LoginBody, client: { ip: string; userAgent: string | null; previousToken?: string | undefined }) {
    const username = input.username.toLowerCase();
    await limiter.enter(username, client.ip);
    const [user] = await db
      .select({ user: users, org: organizations })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.organizationId))
      .where(eq(sql`lower(${users.username})`, username));
    const valid = await argon2.verify(user?.user.passwordHash ?? (await getDummyHash()), input.password).catch(() => false);
    const allowed = Boolean(user && valid && user.user.status === 'active' && user.org.active);
    await db.insert(loginAttempts).values({ username, ip: client.ip, succeeded: allowed });
    if (!user || !allowed) throw new UnauthorizedError('用户名或密码错误 (wrong username or password)');
    await limiter.succeeded(username, client.ip);

    const token = newToken();
    const csrfToken = newToken();
    await inTransaction(db, async (tx) => {
      // A new session id at every login; the one the browser brought (if any) ends here.
      if (client.previousToken) {
        await tx
          .update(sessions)
          .set({ revokedAt: sql`now()` })
          .where(eq(sessions.idHash, hashToken(client.previousToken)));
      }
      await tx.insert(sessions).values({
        idHash: hashToken(token),
        userId: user.user.id,
        csrfToken,
        expiresAt: sql`now() + make_interval(hours => ${config.SESSION_ABSOLUTE_HOURS})`,
        ip: client.ip,
        userAgent: client.userAgent?.slice(0, 500) ?? null,
      });
      await tx
        .update(users)
        .set({ lastLoginAt: sql`now()` })
        .where(eq(users.id, user.user.id));
      await appendAudit(tx, {
        actor: { userId: user.user.id, orgId: user.org.id },
        action: 'auth.login',
        entityType: 'user',
        entityId: user.user.id,
        data: { ip: client.ip },
      });
    });
    const auth: AuthContext = {
      userId: user.user.id,
      username: user.user.username,
      displayName: user.user.displayName,
      roles: user.user.roles as AuthContext['roles'],
      locale: user.user.locale,
      orgId: user.org.id,
      orgName: user.org.name,
      orgKind: user.org.kind,
      regionCode: user.org.regionCode,
      sessionIdHash: hashToken(token),
      csrfToken,
    };
    return { token, session: toSessionResponse(auth) };
  }

  async function logout(auth: AuthContext) {
    await inTransaction(db, async (tx) => {
      await tx
        .update(sessions)
        .set({ revokedAt: sql`now()` })
        .where(eq(sessions.idHash, auth.sessionIdHash));
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'auth.logout',
        entityType: 'user',
        entityId: auth.userId,
      });
    });
  }

  return { login, logout };
}

export type AuthService = ReturnType<typeof createAuthService>;

/** Maintenance: sessions past their end, login attempts older than a day, and rate-limit counters whose window ended. */
export async function purgeExpiredAuth(db: Db, config: Config): Promise<{ sessions: number; attempts: number; rateLimits: number }> {
  const removedSessions = await db
    .delete(sessions)
    .where(
      or(
        lt(sessions.expiresAt, sql`now()`),
        lt(sessions.revokedAt, sql`now() - interval '1 day'`),
        lt(sessions.lastSeenAt, sql`now() - make_interval(mins => ${config.SESSION_IDLE_MINUTES})`),
      ),
    )
    .returning({ id: sessions.idHash });
  const removedAttempts = await db
    .delete(loginAttempts)
    .where(lt(loginAttempts.attemptedAt, sql`now() - interval '1 day'`))
    .returning({ id: loginAttempts.id });
  return { sessions: removedSessions.length, attempts: removedAttempts.length, rateLimits: await purgeExpiredRateLimits(db) };
}

import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { experts } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../platform/errors.ts';
import type { grantAccountBody } from '../../../contracts/experts.schemas.ts';
import { hashPassword as argon2Hash, type PasswordHasher } from '../auth/auth.service.ts';
import * as orgs from '../organizations/organizations.queries.ts';

/**
 * Experts are people with accounts: center staff give a pool expert a login (in the center's own
 * organization, role `expert`) and take it away. The first password is random, shown once to the staff
 * member who hands it over, stored only as its hash. Revoking disables the login, so its sessions stop at
 * the next request; granting again re-enables the same login with a new password, keeping its history.
 * Ports: `hashPassword` (argon2 at full cost by default) and `newPassword`, the first password's issuer
 * (random by default; the demo issues its published password).
 */
export function createExpertAccounts(deps: { db: Db; hashPassword?: PasswordHasher; newPassword?: () => string }) {
  const { db } = deps;
  const hashPassword = deps.hashPassword ?? argon2Hash;
  const newPassword = deps.newPassword ?? (() => randomBytes(12).toString('base64url'));

  async function grant(auth: AuthContext, expertId: string, body: z.infer<typeof grantAccountBody>) {
    const password = newPassword();
    const passwordHash = await hashPassword(password);
    return inTransaction(db, async (tx) => {
      const [e] = await tx.select().from(experts).where(eq(experts.id, expertId)).for('update');
      if (!e) throw new NotFoundError('expert not found');
      if (e.status === 'removed') throw new ConflictError('该专家已移出专家库，不能开通账号');
      if (e.userId) {
        const current = await orgs.findUser(tx, e.userId);
        if (current?.status === 'active') throw new ConflictError(`该专家已有账号 ${current.username}`);
        const user = await orgs.setUserAccess(tx, e.userId, { status: 'active', passwordHash });
        await appendAudit(tx, {
          actor: { userId: auth.userId, orgId: auth.orgId },
          action: 'expert.account.enable',
          entityType: 'expert',
          entityId: e.id,
          data: { userId: e.userId, username: user!.username },
        });
        return { expertId: e.id, userId: user!.id, username: user!.username, status: 'active' as const, initialPassword: password };
      }
      const user = await orgs.insertUser(tx, {
        organizationId: auth.orgId,
        username: body.username,
        displayName: `评审专家 ${e.name}`,
        passwordHash,
        roles: ['expert'],
      });
      if (!user) throw new ConflictError('username taken', { fields: [{ field: 'username', message: '用户名已被使用', in: 'body' }] });
      await tx.update(experts).set({ userId: user.id }).where(eq(experts.id, e.id));
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'expert.account.grant',
        entityType: 'expert',
        entityId: e.id,
        data: { userId: user.id, username: user.username },
      });
      return { expertId: e.id, userId: user.id, username: user.username, status: 'active' as const, initialPassword: password };
    });
  }

  async function revoke(auth: AuthContext, expertId: string) {
    return inTransaction(db, async (tx) => {
      const [e] = await tx.select().from(experts).where(eq(experts.id, expertId)).for('update');
      if (!e) throw new NotFoundError('expert not found');
      if (!e.userId) throw new RuleViolationError('该专家没有账号');
      const user = await orgs.setUserAccess(tx, e.userId, { status: 'disabled' });
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'expert.account.revoke',
        entityType: 'expert',
        entityId: e.id,
        data: { userId: e.userId },
      });
      return { expertId: e.id, userId: user!.id, username: user!.username, status: 'disabled' as const, initialPassword: null };
    });
  }

  async function get(expertId: string) {
    const [e] = await db.select().from(experts).where(eq(experts.id, expertId));
    if (!e) throw new NotFoundError('expert not found');
    if (!e.userId) throw new NotFoundError('该专家没有账号');
    const user = await orgs.findUser(db, e.userId);
    return { expertId: e.id, userId: user!.id, username: user!.username, status: user!.status, initialPassword: null };
  }

  return { grant, revoke, get };
}

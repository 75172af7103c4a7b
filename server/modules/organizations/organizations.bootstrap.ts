import { and, arrayContains, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organizations, users } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import { ConflictError } from '../../platform/errors.ts';
import { createUserBody } from './organizations.schemas.ts';

/** The platform operator's organization, as a fresh installation names it. */
export const PLATFORM_ORGANIZATION = { name: '集采平台运营中心', regionCode: '110000', address: '北京市西城区' } as const;

/** A first admin's password: the rules an admin's form applies to every account (createUserBody). */
export const adminPasswordSchema = createUserBody.shape.password;
export const adminUsernameSchema = createUserBody.shape.username;

/**
 * The one record made without a route: the platform operator's organization and its first admin, on an
 * installation that has no admin yet (`npm run admin:create`, and the demo's first step). Everything after it
 * is made by that admin through the product. Idempotent: where an admin exists it does nothing and returns null.
 */
export async function bootstrapPlatform(
  db: Db,
  input: { username: string; displayName?: string; passwordHash: string },
): Promise<{ organizationId: string; userId: string } | null> {
  const username = adminUsernameSchema.parse(input.username);
  return inTransaction(db, async (tx) => {
    // One bootstrap at a time: a second one waits here, then finds the admin the first made.
    await tx.execute(sql`lock table ${users} in share row exclusive mode`);
    const [admin] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(arrayContains(users.roles, ['admin']), eq(users.status, 'active')))
      .limit(1);
    if (admin) return null;
    const [taken] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(sql`lower(${users.username})`, username.toLowerCase()));
    if (taken) throw new ConflictError(`username ${username} is taken`);
    const [existing] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.kind, 'platform')).limit(1);
    const organizationId =
      existing?.id ??
      (
        await tx
          .insert(organizations)
          .values({ kind: 'platform', ...PLATFORM_ORGANIZATION })
          .returning({ id: organizations.id })
      )[0]!.id;
    const [user] = await tx
      .insert(users)
      .values({
        organizationId,
        username,
        displayName: input.displayName ?? '平台管理员',
        passwordHash: input.passwordHash,
        roles: ['admin'],
      })
      .returning({ id: users.id });
    await appendAudit(tx, {
      actor: null,
      action: 'platform.bootstrap',
      entityType: 'user',
      entityId: user!.id,
      data: { username, organizationId, organizationCreated: !existing },
    });
    return { organizationId, userId: user!.id };
  });
}

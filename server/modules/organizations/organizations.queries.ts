import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { escapeLike } from '../../db/columns.ts';
import { organizations, regions, users, type OrgKind, type Role } from '../../db/schema/index.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
import type { OrganizationDto } from './organizations.schemas.ts';

const orgColumns = {
  org: organizations,
  regionName: regions.name,
};

type OrgRow = { org: typeof organizations.$inferSelect; regionName: string };

export const toOrganizationDto = ({ org, regionName }: OrgRow): OrganizationDto => ({
  id: org.id,
  kind: org.kind,
  name: org.name,
  uscc: org.uscc,
  regionCode: org.regionCode,
  regionName,
  adminLevel: org.adminLevel,
  unitType: org.unitType,
  sizeClass: org.sizeClass,
  industry: org.industry,
  smeTreatment: org.smeTreatment,
  legalRepresentative: org.legalRepresentative,
  controlledByUscc: org.controlledByUscc,
  address: org.address,
  approvalThresholdFen: org.approvalThresholdFen,
  active: org.active,
  createdAt: org.createdAt.toISOString(),
});

export async function findOrganization(db: DbOrTx, id: string): Promise<OrgRow | undefined> {
  const [row] = await db
    .select(orgColumns)
    .from(organizations)
    .innerJoin(regions, eq(regions.code, organizations.regionCode))
    .where(eq(organizations.id, id));
  return row;
}

export async function listOrganizations(
  db: DbOrTx,
  filter: { kind?: OrgKind | undefined; q?: string | undefined; scope?: SQL | undefined },
  page: PageQuery,
) {
  const conditions: SQL[] = filter.scope ? [filter.scope] : [];
  if (filter.kind) conditions.push(eq(organizations.kind, filter.kind));
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`;
    conditions.push(or(ilike(organizations.name, pattern), ilike(organizations.uscc, pattern)) as SQL);
  }
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select(orgColumns)
      .from(organizations)
      .innerJoin(regions, eq(regions.code, organizations.regionCode))
      .where(where)
      .orderBy(asc(organizations.kind), asc(organizations.name), asc(organizations.id))
      .limit(page.pageSize)
      .offset(offsetOf(page)),
    db.select({ n: count() }).from(organizations).where(where),
  ]);
  return { items: rows.map(toOrganizationDto), total: total?.n ?? 0 };
}

export async function listUsers(db: DbOrTx, filter: { q?: string | undefined; role?: Role | undefined }, page: PageQuery) {
  const conditions: SQL[] = [];
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`;
    conditions.push(or(ilike(users.username, pattern), ilike(users.displayName, pattern), ilike(organizations.name, pattern)) as SQL);
  }
  if (filter.role) conditions.push(sql`${filter.role} = any(${users.roles})`);
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select({ user: users, organizationName: organizations.name })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.organizationId))
      .where(where)
      .orderBy(asc(users.username))
      .limit(page.pageSize)
      .offset(offsetOf(page)),
    db.select({ n: count() }).from(users).innerJoin(organizations, eq(organizations.id, users.organizationId)).where(where),
  ]);
  return {
    items: rows.map(({ user, organizationName }) => toUserDto(user, organizationName)),
    total: total?.n ?? 0,
  };
}

export async function regionExists(db: DbOrTx, code: string) {
  const [row] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, code));
  return Boolean(row);
}

export const toUserDto = (user: typeof users.$inferSelect, organizationName: string) => ({
  id: user.id,
  username: user.username,
  displayName: user.displayName,
  roles: user.roles as Role[],
  status: user.status,
  organizationId: user.organizationId,
  organizationName,
  lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
});

/** A login for another module's process (an expert's account): the row, in the caller's transaction. */
export async function insertUser(
  tx: Tx,
  values: { organizationId: string; username: string; displayName: string; passwordHash: string; roles: Role[] },
) {
  const [dup] = await tx
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.username})`, values.username.toLowerCase()));
  if (dup) return null;
  const [user] = await tx.insert(users).values(values).returning();
  return user!;
}

export async function findUser(db: DbOrTx, id: string) {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

/** Enables or disables a login (a disabled one's sessions stop at the next request), optionally with a new password. */
export async function setUserAccess(tx: Tx, id: string, access: { status: 'active' | 'disabled'; passwordHash?: string }) {
  const [user] = await tx
    .update(users)
    .set({ status: access.status, ...(access.passwordHash ? { passwordHash: access.passwordHash } : {}), updatedAt: sql`jicai.now()` })
    .where(eq(users.id, id))
    .returning();
  return user;
}

import { randomInt, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { and, arrayContains, eq } from 'drizzle-orm';
import type { Db } from '../../server/db/client.ts';
import { budgetLines, organizations, users, type OrgKind, type Role } from '../../server/db/schema/index.ts';
import { hashPassword } from '../../server/modules/auth/auth.service.ts';
import { bootstrapPlatform } from '../../server/modules/organizations/organizations.bootstrap.ts';
import { makeUscc } from '../../server/modules/organizations/organizations.rules.ts';
import { createOrganizationBody } from '../../server/modules/organizations/organizations.schemas.ts';
import { createOrganizationsService } from '../../server/modules/organizations/organizations.service.ts';
import type { AuthContext } from '../../server/platform/auth.ts';
import { client, login, type Session } from './context.ts';

export const TEST_PASSWORD = 'Test-password-2026';
let testHash: Promise<string> | null = null;
const passwordHash = () => (testHash ??= hashPassword(TEST_PASSWORD));

const unique = () => randomUUID().slice(0, 8);

/**
 * Fixtures are made the way the product makes them: organizations and users by the platform's
 * administrator through the organizations service, budget lines issued through it as the finance
 * department would. Only the first administrator comes from the bootstrap that production uses too.
 */
const admins = new WeakMap<Db, Promise<AuthContext>>();
function platformAdmin(db: Db): Promise<AuthContext> {
  let found = admins.get(db);
  if (!found) {
    found = (async () => {
      await bootstrapPlatform(db, { username: `admin-${unique()}`, passwordHash: await passwordHash() });
      const [admin] = await db
        .select({ id: users.id, username: users.username, orgId: organizations.id, orgName: organizations.name })
        .from(users)
        .innerJoin(organizations, eq(organizations.id, users.organizationId))
        .where(and(arrayContains(users.roles, ['admin']), eq(users.status, 'active'), eq(organizations.kind, 'platform')))
        .limit(1);
      if (!admin) throw new Error('no platform administrator');
      return {
        userId: admin.id,
        username: admin.username,
        displayName: '平台管理员',
        roles: ['admin'],
        locale: 'zh-CN',
        orgId: admin.orgId,
        orgName: admin.orgName,
        orgKind: 'platform',
        regionCode: '110000',
        sessionIdHash: '',
        csrfToken: '',
      };
    })();
    admins.set(db, found);
  }
  return found;
}
/** The service as the route builds it; every fixture user shares the test password's one hash. */
const organizationsOf = (db: Db) => createOrganizationsService({ db, hashPassword: () => passwordHash() });

/** An organization registered by the platform's administrator; suppliers get a valid USCC. */
export async function createOrg(db: Db, kind: OrgKind, overrides: Partial<typeof organizations.$inferInsert> = {}) {
  const admin = await platformAdmin(db);
  if (kind === 'platform') {
    const [platform] = await db.select().from(organizations).where(eq(organizations.id, admin.orgId));
    return platform!;
  }
  const body = createOrganizationBody.parse({
    kind,
    name: `测试${kind}-${unique()}`,
    regionCode: '110108',
    ...(kind === 'supplier' ? { uscc: makeUscc('110108', randomInt(10_000_000, 99_999_999)), sizeClass: 'small', industry: '批发业' } : {}),
    ...(kind === 'purchasing_unit' ? { adminLevel: 'county', unitType: '机关', approvalThresholdFen: 5_000_000 } : {}),
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== null && v !== undefined)),
  });
  const created = await organizationsOf(db).createOrganization(admin, body);
  const [org] = await db.select().from(organizations).where(eq(organizations.id, created.id));
  if (!org) throw new Error('createOrg failed');
  return org;
}

export async function createUser(db: Db, organizationId: string, roles: Role[], overrides: Partial<typeof users.$inferInsert> = {}) {
  const created = await organizationsOf(db).createUser(await platformAdmin(db), {
    organizationId,
    username: overrides.username ?? `u-${unique()}`,
    displayName: overrides.displayName ?? '测试用户',
    password: TEST_PASSWORD,
    roles,
  });
  const [user] = await db.select().from(users).where(eq(users.id, created.id));
  if (!user) throw new Error('createUser failed');
  return user;
}

/** A budget line issued to the unit through the organizations service (下达预算指标). */
export async function createBudgetLine(db: Db, organizationId: string, amountFen: number) {
  const issued = await organizationsOf(db).createBudgetLine(await platformAdmin(db), organizationId, {
    code: `BL-${unique()}`,
    name: '测试预算指标',
    fiscalYear: 2026,
    fundSource: '一般公共预算',
    amountFen,
  });
  const [line] = await db.select().from(budgetLines).where(eq(budgetLines.id, issued.id));
  if (!line) throw new Error('createBudgetLine failed');
  return line;
}

const kindForRole: Record<Role, OrgKind> = {
  purchaser: 'purchasing_unit',
  approver: 'purchasing_unit',
  supplier: 'supplier',
  center_staff: 'procurement_center',
  expert: 'procurement_center',
  regulator: 'regulator',
  admin: 'platform',
};

export interface Actor {
  session: Session;
  orgId: string;
  userId: string;
  username: string;
  http: ReturnType<typeof client>;
}

/** A logged-in user of a role, in a fresh organization of the right kind (or the one given). */
export async function actor(app: FastifyInstance, db: Db, role: Role, orgId?: string): Promise<Actor> {
  const org = orgId ?? (await createOrg(db, kindForRole[role])).id;
  const user = await createUser(db, org, [role]);
  const session = await login(app, user.username, TEST_PASSWORD);
  return { session, orgId: org, userId: user.id, username: user.username, http: client(app, session) };
}

import { randomInt, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../server/db/client.ts';
import { budgetLines, organizations, users, type OrgKind, type Role } from '../../server/db/schema/index.ts';
import { hashPassword } from '../../server/modules/auth/auth.service.ts';
import { makeUscc } from '../../server/modules/organizations/organizations.rules.ts';
import { client, login, type Session } from './context.ts';

export const TEST_PASSWORD = 'Test-password-2026';
let testHash: Promise<string> | null = null;
const passwordHash = () => (testHash ??= hashPassword(TEST_PASSWORD));

const unique = () => randomUUID().slice(0, 8);

/** A real organization row; suppliers get a valid USCC. */
export async function createOrg(db: Db, kind: OrgKind, overrides: Partial<typeof organizations.$inferInsert> = {}) {
  const [org] = await db
    .insert(organizations)
    .values({
      kind,
      name: `测试${kind}-${unique()}`,
      regionCode: '110108',
      ...(kind === 'supplier'
        ? { uscc: makeUscc('110108', randomInt(10_000_000, 99_999_999)), sizeClass: 'small', industry: '批发业' }
        : {}),
      ...(kind === 'purchasing_unit' ? { adminLevel: 'county', unitType: '机关', approvalThresholdFen: 5_000_000 } : {}),
      ...overrides,
    } as typeof organizations.$inferInsert)
    .returning();
  if (!org) throw new Error('createOrg failed');
  return org;
}

export async function createUser(db: Db, organizationId: string, roles: Role[], overrides: Partial<typeof users.$inferInsert> = {}) {
  const [user] = await db
    .insert(users)
    .values({ organizationId, username: `u-${unique()}`, displayName: '测试用户', passwordHash: await passwordHash(), roles, ...overrides })
    .returning();
  if (!user) throw new Error('createUser failed');
  return user;
}

export async function createBudgetLine(db: Db, organizationId: string, amountFen: number) {
  const [line] = await db
    .insert(budgetLines)
    .values({ organizationId, code: `BL-${unique()}`, name: '测试预算指标', fiscalYear: 2026, fundSource: '一般公共预算', amountFen })
    .returning();
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

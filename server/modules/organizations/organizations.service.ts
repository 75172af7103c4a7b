import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organizations, users, type Role } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { assertInJurisdiction, inJurisdiction, oversees } from '../../platform/jurisdiction.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../platform/errors.ts';
import type { PageQuery } from '../../../contracts/paging.ts';
import { hashPassword as argon2Hash, type PasswordHasher } from '../auth/auth.service.ts';
import * as budget from '../budget/budget.queries.ts';
import { issueLine } from '../budget/budget.service.ts';
import { orderNumbers } from '../orders/orders.queries.ts';
import { quotationNumbers } from '../quotations/quotations.queries.ts';
import * as q from './organizations.queries.ts';
import { rolesNotAllowedIn } from './organizations.rules.ts';
import type { CreateBudgetLineBody, CreateOrganizationBody, CreateUserBody, UpdateSupplierBody } from './organizations.schemas.ts';

/** Who may look at other organizations' records: oversight roles. */
const OVERSIGHT: readonly Role[] = ['admin', 'regulator'];

const actorOf = (auth: AuthContext) => ({ userId: auth.userId, orgId: auth.orgId });

/**
 * Organizations, their users and their budget lines. `hashPassword` is the port a new account's password
 * goes through: argon2 with its full cost unless the caller wires another (the demo's published password).
 */
export function createOrganizationsService(deps: { db: Db; hashPassword?: PasswordHasher }) {
  const { db } = deps;
  const hashPassword = deps.hashPassword ?? argon2Hash;

  async function getOrganization(auth: AuthContext, id: string) {
    const row = await q.findOrganization(db, id);
    if (!row) throw new NotFoundError('organization not found');
    // Suppliers sell to every region: oversight reads any supplier's record; other organizations by jurisdiction.
    if (!(row.org.kind === 'supplier' && oversees(auth) && OVERSIGHT.some((r) => auth.roles.includes(r))))
      await assertInJurisdiction(db, auth, id, OVERSIGHT);
    return q.toOrganizationDto(row);
  }

  async function budgetLinesOf(auth: AuthContext, orgId: string, page: PageQuery) {
    await assertInJurisdiction(db, auth, orgId, OVERSIGHT);
    const row = await q.findOrganization(db, orgId);
    if (!row) throw new NotFoundError('organization not found');
    return { ...(await budget.listLines(db, orgId, page)), ...page };
  }

  /** A budget line's history: every reservation, release and spend, with the order that caused it. */
  async function budgetLineHistory(auth: AuthContext, orgId: string, lineId: string, page: PageQuery) {
    await assertInJurisdiction(db, auth, orgId, OVERSIGHT);
    const history = await budget.lineHistory(db, orgId, lineId, page);
    if (!history) throw new NotFoundError('budget line not found');
    const [orderNos, quotationNos] = await Promise.all([
      orderNumbers(
        db,
        history.items.flatMap((m) => (m.orderId ? [m.orderId] : [])),
      ),
      quotationNumbers(
        db,
        history.items.flatMap((m) => (m.quotationId ? [m.quotationId] : [])),
      ),
    ]);
    const items = history.items.map(({ id, kind, amountFen, orderId, quotationId, createdAt }) => ({
      id,
      kind,
      amountFen,
      orderId,
      orderNo: orderId ? (orderNos.get(orderId) ?? null) : null,
      quotationId,
      quotationNo: quotationId ? (quotationNos.get(quotationId) ?? null) : null,
      createdAt,
    }));
    return { items, total: history.total, ...page };
  }

  /** 下达预算指标: the finance department (or an admin) issues a budget line to a purchasing unit. */
  async function createBudgetLine(auth: AuthContext, orgId: string, body: CreateBudgetLineBody) {
    await assertInJurisdiction(db, auth, orgId, OVERSIGHT);
    const row = await q.findOrganization(db, orgId);
    if (!row) throw new NotFoundError('organization not found');
    if (row.org.kind !== 'purchasing_unit')
      throw new RuleViolationError('not a purchasing unit', {
        fields: [{ field: 'id', message: '预算指标只能下达给采购单位', in: 'params' }],
      });
    return inTransaction(db, async (tx) => {
      const line = await issueLine(tx, { organizationId: orgId, ...body });
      if (!line)
        throw new ConflictError('budget line exists', {
          fields: [{ field: 'code', message: `该单位 ${body.fiscalYear} 年度已有编号为 ${body.code} 的预算指标`, in: 'body' }],
        });
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'budget.line.create',
        entityType: 'budget_line',
        entityId: line.id,
        data: { organizationId: orgId, ...body },
      });
      const { id, code, name, fiscalYear, fundSource, amountFen, reservedFen, spentFen, freeFen } = line;
      return { id, code, name, fiscalYear, fundSource, amountFen, reservedFen, spentFen, freeFen };
    });
  }

  async function createOrganization(auth: AuthContext, body: CreateOrganizationBody) {
    if (!(await q.regionExists(db, body.regionCode))) {
      throw new RuleViolationError('unknown region', { fields: [{ field: 'regionCode', message: '行政区划代码不存在', in: 'body' }] });
    }
    // The USCC's 登记管理机关 code (characters 3–8) must be a division of the region tree, in force or retired
    // (a licence keeps its code for life); 100000 is registration at national level.
    const registeredAt = body.uscc?.slice(2, 8);
    if (registeredAt && registeredAt !== '100000' && !(await q.regionExists(db, registeredAt)))
      throw new RuleViolationError('USCC region not in the region tree', {
        fields: [
          { field: 'uscc', message: `统一社会信用代码第 3–8 位的行政区划码 ${registeredAt} 不在行政区划表（GB/T 2260）中`, in: 'body' },
        ],
      });
    return inTransaction(db, async (tx) => {
      if (body.uscc) {
        const [dup] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.uscc, body.uscc));
        if (dup)
          throw new ConflictError('USCC already registered', {
            fields: [{ field: 'uscc', message: '该统一社会信用代码已登记', in: 'body' }],
          });
      }
      const [org] = await tx
        .insert(organizations)
        .values({
          kind: body.kind,
          name: body.name,
          regionCode: body.regionCode,
          uscc: body.uscc ?? null,
          legalRepresentative: body.legalRepresentative ?? null,
          address: body.address ?? null,
          phone: body.phone ?? null,
          ...(body.kind === 'purchasing_unit'
            ? { adminLevel: body.adminLevel, unitType: body.unitType, approvalThresholdFen: body.approvalThresholdFen }
            : {}),
          ...(body.kind === 'supplier'
            ? {
                sizeClass: body.sizeClass,
                industry: body.industry,
                smeTreatment: body.smeTreatment ?? null,
                controlledByUscc: body.controlledByUscc ?? null,
              }
            : {}),
        })
        .returning();
      if (!org) throw new Error('insert returned nothing');
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'organization.create',
        entityType: 'organization',
        entityId: org.id,
        data: { ...body },
      });
      const row = await q.findOrganization(tx, org.id);
      if (!row) throw new Error('organization vanished');
      return q.toOrganizationDto(row);
    });
  }

  /** The legal representative and the controlling organization of a supplier: the opening rejects related bidders in one lot by them. */
  async function updateSupplier(auth: AuthContext, id: string, body: UpdateSupplierBody) {
    return inTransaction(db, async (tx) => {
      const [org] = await tx.select().from(organizations).where(eq(organizations.id, id)).for('update');
      if (!org || org.kind !== 'supplier') throw new NotFoundError('supplier not found');
      if (body.controlledByUscc && body.controlledByUscc === org.uscc)
        throw new RuleViolationError('controls itself', {
          fields: [{ field: 'controlledByUscc', message: '控股或管理单位不能是本单位', in: 'body' }],
        });
      const set = {
        ...(body.legalRepresentative !== undefined ? { legalRepresentative: body.legalRepresentative } : {}),
        ...(body.controlledByUscc !== undefined ? { controlledByUscc: body.controlledByUscc } : {}),
      };
      if (Object.keys(set).length)
        await tx
          .update(organizations)
          .set({ ...set, updatedAt: sql`jicai.now()` })
          .where(eq(organizations.id, id));
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'organization.update',
        entityType: 'organization',
        entityId: id,
        data: { ...body },
      });
      const row = await q.findOrganization(tx, id);
      return q.toOrganizationDto(row!);
    });
  }

  async function createUser(auth: AuthContext, body: CreateUserBody) {
    const org = await q.findOrganization(db, body.organizationId);
    if (!org)
      throw new RuleViolationError('unknown organization', { fields: [{ field: 'organizationId', message: '机构不存在', in: 'body' }] });
    const wrong = rolesNotAllowedIn(org.org.kind, body.roles);
    if (wrong.length > 0) {
      throw new RuleViolationError(`roles not allowed in this kind of organization: ${wrong.join(', ')}`, {
        fields: [{ field: 'roles', message: `该类机构的用户不能担任：${wrong.join('、')}`, in: 'body' }],
      });
    }
    const passwordHash = await hashPassword(body.password);
    return inTransaction(db, async (tx) => {
      const [dup] = await tx
        .select({ id: users.id })
        .from(users)
        .where(eq(sql`lower(${users.username})`, body.username.toLowerCase()));
      if (dup) throw new ConflictError('username taken', { fields: [{ field: 'username', message: '用户名已被使用', in: 'body' }] });
      const [user] = await tx
        .insert(users)
        .values({
          organizationId: org.org.id,
          username: body.username,
          displayName: body.displayName,
          passwordHash,
          roles: [...new Set(body.roles)],
        })
        .returning();
      if (!user) throw new Error('insert returned nothing');
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        data: { username: user.username, organizationId: org.org.id, roles: user.roles },
      });
      return q.toUserDto(user, org.org.name);
    });
  }

  async function updateUser(
    auth: AuthContext,
    id: string,
    body: { status?: 'active' | 'disabled' | undefined; roles?: Role[] | undefined },
  ) {
    return inTransaction(db, async (tx) => {
      const [current] = await tx.select().from(users).where(eq(users.id, id)).for('update');
      if (!current) throw new NotFoundError('user not found');
      const org = await q.findOrganization(tx, current.organizationId);
      if (body.roles && org) {
        const wrong = rolesNotAllowedIn(org.org.kind, body.roles);
        if (wrong.length > 0) {
          throw new RuleViolationError('roles not allowed', {
            fields: [{ field: 'roles', message: `该类机构的用户不能担任：${wrong.join('、')}`, in: 'body' }],
          });
        }
      }
      if (current.id === auth.userId && body.status === 'disabled') {
        throw new RuleViolationError('cannot disable yourself', {
          fields: [{ field: 'status', message: '不能停用自己的账号', in: 'body' }],
        });
      }
      const [user] = await tx
        .update(users)
        .set({
          ...(body.status ? { status: body.status } : {}),
          ...(body.roles ? { roles: [...new Set(body.roles)] } : {}),
          updatedAt: sql`jicai.now()`,
        })
        .where(eq(users.id, id))
        .returning();
      if (!user) throw new NotFoundError('user not found');
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        data: { before: { status: current.status, roles: current.roles }, after: { status: user.status, roles: user.roles } },
      });
      return q.toUserDto(user, org?.org.name ?? '');
    });
  }

  /** The purchasing units of the caller's jurisdiction (the central level and the platform: all). */
  const listUnitsInJurisdiction = (auth: AuthContext, search: string | undefined, page: PageQuery) =>
    listOrganizations({ kind: 'purchasing_unit', scope: inJurisdiction(auth, organizations.id), ...(search ? { q: search } : {}) }, page);

  const listOrganizations = (filter: Parameters<typeof q.listOrganizations>[1], page: PageQuery) =>
    q.listOrganizations(db, filter, page).then((r) => ({ ...r, ...page }));
  const listUsers = (filter: Parameters<typeof q.listUsers>[1], page: PageQuery) =>
    q.listUsers(db, filter, page).then((r) => ({ ...r, ...page }));

  return {
    getOrganization,
    budgetLinesOf,
    budgetLineHistory,
    createBudgetLine,
    createOrganization,
    updateSupplier,
    createUser,
    updateUser,
    listOrganizations,
    listUnitsInJurisdiction,
    listUsers,
  };
}

export type OrganizationsService = ReturnType<typeof createOrganizationsService>;

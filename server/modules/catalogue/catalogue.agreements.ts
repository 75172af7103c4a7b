import { and, asc, count, desc, eq, inArray, not, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { builtOnce } from '../../db/built-once.ts';
import { rowFromJson } from '../../db/columns.ts';
import { agreementAmendments, frameworkAgreements, listings, organizations, users } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../platform/errors.ts';
import { inJurisdiction } from '../../platform/jurisdiction.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
import type { agreementInput, amendAgreementBody } from '../../../contracts/catalogue.schemas.ts';
import type { ListingsService } from './listings.service.ts';

/** Framework agreements (框架协议): who may list what, at what cap, until when; ending one takes its listings down. */
export function createAgreements(deps: { db: Db; listings: ListingsService }) {
  const { db } = deps;
  const actor = (auth: AuthContext) => ({ userId: auth.userId, orgId: auth.orgId });

  /** Agreements with supplier names and amendments, in three queries whatever the page size. */
  async function agreementDtos(rows: (typeof frameworkAgreements.$inferSelect & { manageable?: boolean })[]) {
    if (rows.length === 0) return [];
    const [suppliers, amendments] = await Promise.all([
      db
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(inArray(organizations.id, [...new Set(rows.map((a) => a.supplierId))])),
      db
        .select()
        .from(agreementAmendments)
        .where(
          inArray(
            agreementAmendments.agreementId,
            rows.map((a) => a.id),
          ),
        )
        .orderBy(desc(agreementAmendments.createdAt)),
    ]);
    const names = new Map(suppliers.map((o) => [o.id, o.name]));
    return rows.map((a) => ({
      id: a.id,
      code: a.code,
      title: a.title,
      supplierId: a.supplierId,
      supplierName: names.get(a.supplierId) ?? '',
      categoryCodes: a.categoryCodes,
      brands: a.brands,
      startsOn: a.startsOn,
      endsOn: a.endsOn,
      priceCapFen: a.priceCapFen,
      minDiscount: a.minDiscount,
      status: a.status,
      endedReason: a.endedReason,
      ...(a.manageable === undefined ? {} : { manageable: a.manageable }),
      amendments: amendments
        .filter((m) => m.agreementId === a.id)
        .map((m) => ({ changes: m.changes, reason: m.reason, createdAt: m.createdAt.toISOString() })),
    }));
  }
  const agreementDto = async (a: typeof frameworkAgreements.$inferSelect) => (await agreementDtos([a]))[0]!;

  async function createAgreement(auth: AuthContext, body: z.infer<typeof agreementInput>) {
    return inTransaction(db, (tx) => insertAgreementIn(tx, actor(auth), body)).then(agreementDto);
  }

  async function amendAgreement(auth: AuthContext, id: string, body: z.infer<typeof amendAgreementBody>) {
    return inTransaction(db, async (tx) => {
      const [a] = await tx.select().from(frameworkAgreements).where(eq(frameworkAgreements.id, id)).for('update');
      if (!a) throw new NotFoundError('agreement not found');
      await assertManagesAgreement(tx, auth, a.id, 'agreement');
      if (a.status !== 'active') throw new ConflictError('已终止的协议不能变更');
      const { reason, ...fields } = body;
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const [key, to] of Object.entries(fields)) {
        const from = a[key as keyof typeof a];
        if (to !== undefined && JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
      }
      if (Object.keys(changes).length === 0)
        throw new RuleViolationError('nothing to change', { fields: [{ field: 'reason', message: '没有要变更的内容', in: 'body' }] });
      const endsOn = (fields.endsOn ?? a.endsOn) as string;
      if (endsOn < a.startsOn)
        throw new RuleViolationError('period', { fields: [{ field: 'endsOn', message: '结束日期不能早于开始日期', in: 'body' }] });
      const [updated] = await tx
        .update(frameworkAgreements)
        .set({ ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)), updatedAt: sql`jicai.now()` })
        .where(eq(frameworkAgreements.id, id))
        .returning();
      await tx.insert(agreementAmendments).values({ agreementId: id, changes, reason, amendedBy: auth.userId });
      await appendAudit(tx, {
        actor: actor(auth),
        action: 'agreement.amend',
        entityType: 'framework_agreement',
        entityId: id,
        data: { changes, reason },
      });
      return updated!;
    }).then(agreementDto);
  }

  /** Ending an agreement takes the listings that rest on it off the shelf. */
  async function endAgreement(auth: AuthContext, id: string, reason: string) {
    return inTransaction(db, async (tx, afterCommit) => {
      const [a] = await tx.select().from(frameworkAgreements).where(eq(frameworkAgreements.id, id)).for('update');
      if (!a) throw new NotFoundError('agreement not found');
      await assertManagesAgreement(tx, auth, a.id, 'agreement');
      if (a.status !== 'active') throw new ConflictError('协议已终止');
      const [updated] = await tx
        .update(frameworkAgreements)
        .set({ status: 'ended', endedReason: reason, updatedAt: sql`jicai.now()` })
        .where(eq(frameworkAgreements.id, id))
        .returning();
      const affected = await tx
        .update(listings)
        .set({
          status: 'suspended',
          statusReason: `框架协议 ${a.code} 已终止：${reason}`,
          version: sql`${listings.version} + 1`,
          updatedAt: sql`jicai.now()`,
        })
        .where(and(eq(listings.agreementId, id), inArray(listings.status, ['active', 'submitted'])))
        .returning({ id: listings.id });
      await appendAudit(tx, {
        actor: actor(auth),
        action: 'agreement.end',
        entityType: 'framework_agreement',
        entityId: id,
        data: { reason, suspendedListings: affected.length },
      });
      await deps.listings.syncSearch(
        tx,
        afterCommit,
        affected.map((l) => l.id),
      );
      return updated!;
    }).then(agreementDto);
  }

  async function listAgreements(
    auth: AuthContext,
    filter: { supplierId?: string | undefined; status?: 'active' | 'ended' | undefined; manageable?: 'true' | 'false' | undefined },
    page: PageQuery,
  ) {
    const conditions: SQL[] = [];
    const center = auth.roles.includes('center_staff');
    if (auth.roles.includes('supplier') && !center) conditions.push(eq(frameworkAgreements.supplierId, auth.orgId));
    else if (filter.supplierId) conditions.push(eq(frameworkAgreements.supplierId, filter.supplierId));
    if (filter.status) conditions.push(eq(frameworkAgreements.status, filter.status));
    const managed = managedAgreementSql(auth, frameworkAgreements.id);
    if (center && filter.manageable) conditions.push(filter.manageable === 'true' ? managed : not(managed));
    const where = conditions.length ? and(...conditions) : undefined;
    const [rows, [total]] = await Promise.all([
      db
        .select({ agreement: frameworkAgreements, manageable: center ? sql<boolean>`${managed}` : sql<null>`null` })
        .from(frameworkAgreements)
        .where(where)
        .orderBy(desc(frameworkAgreements.createdAt), asc(frameworkAgreements.code))
        .limit(page.pageSize)
        .offset(offsetOf(page)),
      db.select({ n: count() }).from(frameworkAgreements).where(where),
    ]);
    const items = await agreementDtos(
      rows.map((r) => ({ ...r.agreement, ...(r.manageable === null ? {} : { manageable: r.manageable }) })),
    );
    return { items, total: total?.n ?? 0, ...page };
  }

  return { createAgreement, amendAgreement, endAgreement, listAgreements };
}

/**
 * Enters one agreement in the caller's transaction: the center's own form, or an admission of the 征集
 * (frameworks module), which passes the call it came from. Refused with 422 on a bad period or supplier,
 * 409 on a code in use.
 */
export async function insertAgreementIn(
  tx: Tx,
  by: { userId: string; orgId: string },
  body: z.infer<typeof agreementInput> & { callId?: string | undefined },
) {
  if (body.endsOn < body.startsOn)
    throw new RuleViolationError('period', { fields: [{ field: 'endsOn', message: '结束日期不能早于开始日期', in: 'body' }] });
  const [supplier] = await tx
    .select()
    .from(organizations)
    .where(and(eq(organizations.id, body.supplierId), eq(organizations.kind, 'supplier')));
  if (!supplier) throw new RuleViolationError('not a supplier', { fields: [{ field: 'supplierId', message: '供应商不存在', in: 'body' }] });
  const [dup] = await tx.select({ id: frameworkAgreements.id }).from(frameworkAgreements).where(eq(frameworkAgreements.code, body.code));
  if (dup) throw new ConflictError('code exists', { fields: [{ field: 'code', message: '协议编号已存在', in: 'body' }] });
  const [a] = await tx
    .insert(frameworkAgreements)
    .values({ ...body, createdBy: by.userId })
    .returning();
  await appendAudit(tx, { actor: by, action: 'agreement.create', entityType: 'framework_agreement', entityId: a!.id, data: { ...body } });
  return a!;
}

/**
 * Whether center staff may manage an agreement and the listings resting on it: the center that entered it
 * (its creator's organization) or a center whose area holds that center's (centers serve their level, #19).
 * An agreement with no recorded creator is any center's; a listing under no agreement is the centers' whose
 * area holds its supplier (given `supplierId`). As SQL over an agreement-id expression, so a list can carry
 * it (`manageable`) and filter by it.
 */
export function managedAgreementSql(auth: AuthContext, agreementId: SQLWrapper, supplierId?: SQLWrapper): SQL {
  const unagreed = supplierId ? inJurisdiction(auth, supplierId) : sql`true`;
  return sql`((${agreementId} is null and ${unagreed}) or exists (
    select 1 from ${frameworkAgreements} a left join ${users} u on u.id = a.created_by
     where a.id = ${agreementId} and (u.organization_id is null or ${inJurisdiction(auth, sql`u.organization_id`)})))`;
}

/** managedAgreementSql for one agreement id (null: a listing under no agreement, its supplier's area's). */
export async function managesAgreement(tx: DbOrTx, auth: AuthContext, agreementId: string | null, supplierId?: string): Promise<boolean> {
  const rows = await tx.execute<{ ok: boolean }>(
    sql`select ${managedAgreementSql(auth, sql`${agreementId}::uuid`, supplierId ? sql`${supplierId}::uuid` : undefined)} as ok`,
  );
  return rows.rows[0]?.ok === true;
}

/** Refuses (403) an agreement another center entered, outside the caller's area. */
export async function assertManagesAgreement(tx: DbOrTx, auth: AuthContext, agreementId: string | null, what: string, supplierId?: string) {
  if (!(await managesAgreement(tx, auth, agreementId, supplierId)))
    throw new ForbiddenError(`${what} of another center`, {
      fields: [
        {
          field: 'id',
          message:
            agreementId === null
              ? '该报价不属任何框架协议，其供应商在其他地区，由当地采购中心处理'
              : `${what === 'agreement' ? '该框架协议' : '该报价所依据的框架协议'}由其他地区的采购中心订立，本中心不能处理`,
          in: 'params',
        },
      ],
    });
}

/** Agreements by id (any status): what a checkout or a rotation checks a cap and a status against. */
const agreementsByIdsQuery = builtOnce((db) =>
  db
    .select()
    .from(frameworkAgreements)
    .where(sql`${frameworkAgreements.id} = any(${sql.placeholder('ids')}::uuid[])`)
    .prepare('jicai_agreements_by_ids'),
);

/**
 * agreementsByIds as a column of another statement (a checkout's judgement): the agreements as a JSON array
 * (the exact decimal kept as text); `agreementsFromJson` gives the rows agreementsByIds would.
 */
export const agreementsJsonSql = (ids: SQL) =>
  sql`(select coalesce(jsonb_agg(to_jsonb(a) || jsonb_build_object('min_discount', a.min_discount::text)), '[]'::jsonb)
         from ${frameworkAgreements} a where a.id = any(${ids}))`;

export const agreementsFromJson = (json: unknown) =>
  ((json ?? []) as Record<string, unknown>[]).map((r) => rowFromJson(frameworkAgreements, r));

export async function agreementsByIds(db: DbOrTx, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return agreementsByIdsQuery(db).execute({ ids: [...new Set(ids)] });
}

import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { listingCertificates, listingPriceHistory, listings, products } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAuditEntries, type AuditInput } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, type FieldProblem } from '../../platform/errors.ts';
import { managesAgreement } from './catalogue.agreements.ts';
import type { CreateListingBody } from '../../../contracts/catalogue.schemas.ts';
import type { CreditService } from '../credit/credit.service.ts';
import { canTransition, listingActionLabels, listingStatusLabels, listingTransitions, type ListingAction } from './catalogue.rules.ts';
import { actionRoles, governMemo, newListingRow, type ListingsService } from './listings.service.ts';

/** Rows per statement: well under PostgreSQL's 65,535 bind parameters, and the audit append's chain of steps. */
const CHUNK = 200;
const chunks = <T>(xs: readonly T[]) =>
  Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * The listings' bulk paths, set-based: a supplier's many offers as drafts in one transaction (the same checks
 * and price governance as one by one, every problem named by its index), and many listings moved one step
 * of the state machine at once (a supplier submitting its drafts, center staff passing a review queue) with
 * the same rules as `transition`. One audit entry per listing, as one by one.
 */
export function createListingsBulk(deps: { db: Db; listings: ListingsService; credit: Pick<CreditService, 'assertEligible'> }) {
  const { db } = deps;
  const actor = (auth: AuthContext) => ({ userId: auth.userId, orgId: auth.orgId });

  async function createMany(auth: AuthContext, bodies: readonly CreateListingBody[]) {
    if (bodies.length === 0) return { listingIds: [] as string[] };
    return inTransaction(db, async (tx, afterCommit) => {
      const ids = [...new Set(bodies.map((b) => b.productId))];
      const known = new Map([...(await productsById(tx, ids))].filter(([, p]) => p.status === 'active'));
      const listed = new Set<string>();
      for (const part of chunks(ids))
        for (const l of await tx
          .select({ productId: listings.productId })
          .from(listings)
          .where(and(eq(listings.supplierId, auth.orgId), inArray(listings.productId, part))))
          listed.add(l.productId);
      const problems: FieldProblem[] = [];
      const problem = (i: number, field: string, message: string) =>
        problems.push({ field: `listings[${i}].${field}`, message, in: 'body' });
      const memo = governMemo();
      const seen = new Set<string>();
      const values: (typeof listings.$inferInsert)[] = [];
      for (const [i, body] of bodies.entries()) {
        const product = known.get(body.productId);
        if (!product) problem(i, 'productId', '标准商品不存在或已停用');
        else if (listed.has(product.id) || seen.has(product.id)) problem(i, 'productId', '贵单位已有该商品的报价，请编辑原报价');
        if (product) seen.add(product.id);
        if (!product || problems.length > 0) continue;
        try {
          const governed = await deps.listings.governPrice(tx, auth.orgId, product, body.priceFen, memo);
          values.push(newListingRow(auth.orgId, product.id, body, governed));
        } catch (error) {
          if (!(error instanceof RuleViolationError)) throw error;
          for (const f of error.fields) problem(i, f.field, f.message);
        }
      }
      if (problems.length > 0)
        throw new RuleViolationError(`${problems.length} 条报价有错误，均未保存`, { fields: problems.slice(0, 100) });
      const rows: { id: string; productId: string; priceFen: number; priceFlag: string | null }[] = [];
      for (const part of chunks(values))
        rows.push(
          ...(await tx
            .insert(listings)
            .values(part)
            .returning({ ...pick })),
        );
      const idOf = new Map(rows.map((r) => [r.productId, r.id]));
      const certs = bodies.flatMap((b) => b.certificates.map((c) => ({ ...c, listingId: idOf.get(b.productId)! })));
      for (const part of chunks(certs)) await tx.insert(listingCertificates).values(part);
      for (const part of chunks(rows))
        await tx.insert(listingPriceHistory).values(part.map((r) => ({ listingId: r.id, priceFen: r.priceFen, changedBy: auth.userId })));
      await audit(
        tx,
        rows.map((r) => ({
          actor: actor(auth),
          action: 'listing.create',
          entityType: 'listing',
          entityId: r.id,
          data: { productId: r.productId, priceFen: r.priceFen, flag: r.priceFlag },
        })),
      );
      await deps.listings.syncSearch(
        tx,
        afterCommit,
        rows.map((r) => r.id),
      );
      return { listingIds: rows.map((r) => r.id) };
    });
  }

  /** One step for many listings, all or none: each is checked as `transition` checks it, a refusal names its index. */
  async function transitionMany(auth: AuthContext, listingIds: readonly string[], action: ListingAction, reason?: string) {
    const ids = [...new Set(listingIds)];
    if (ids.length === 0) return { listingIds: [] as string[] };
    if ((action === 'reject' || action === 'suspend') && !reason)
      throw new RuleViolationError('reason required', { fields: [{ field: 'reason', message: '请填写理由', in: 'body' }] });
    return inTransaction(db, async (tx, afterCommit) => {
      const rows = await lockAll(tx, ids);
      const who = actionRoles[action];
      const isCenter = auth.roles.includes('center_staff');
      const memo = governMemo();
      const eligible = new Set<string>();
      const governed = action === 'approve' || action === 'reactivate';
      const productOf = governed
        ? await productsById(
            tx,
            [...rows.values()].map((r) => r.productId),
          )
        : new Map();
      for (const [i, id] of ids.entries()) {
        const row = rows.get(id);
        const mayAct =
          row &&
          (who === 'owner' ? row.supplierId === auth.orgId : who === 'center' ? isCenter : isCenter || row.supplierId === auth.orgId);
        if (!row || !mayAct) throw new NotFoundError(`listing not found: listingIds[${i}]`);
        if (row.supplierId !== auth.orgId && !(await managesAgreement(tx, auth, row.agreementId, row.supplierId)))
          throw new ForbiddenError(`listing of another center: listingIds[${i}]`, {
            fields: [
              {
                field: `listingIds.${i}`,
                message:
                  row.agreementId === null
                    ? `第 ${i + 1} 条报价不属任何框架协议，其供应商在其他地区，由当地采购中心处理`
                    : `第 ${i + 1} 条报价所依据的框架协议由其他地区的采购中心订立，本中心不能处理`,
                in: 'body',
              },
            ],
          });
        if (!canTransition(action, row.status))
          throw new ConflictError(`第 ${i + 1} 条：「${listingStatusLabels[row.status]}」的报价不能${listingActionLabels[action]}`);
        if ((action === 'submit' || action === 'approve' || action === 'reactivate') && !eligible.has(row.supplierId)) {
          await deps.credit.assertEligible(tx, { supplierId: row.supplierId, action: 'list' }, 'supplierId');
          eligible.add(row.supplierId);
        }
        // The agreement must still admit the listing when it goes on the shelf.
        if (governed) await deps.listings.governPrice(tx, row.supplierId, productOf.get(row.productId)!, row.priceFen, memo);
      }
      const to = listingTransitions[action]!.to;
      for (const part of chunks(ids))
        await tx
          .update(listings)
          .set({
            status: to,
            statusReason: reason ?? null,
            ...(action === 'reject' ? { reviewNote: reason ?? null } : {}),
            ...(action === 'approve' ? { reviewNote: reason ?? null, priceFlag: null, activatedAt: sql`jicai.now()` } : {}),
            ...(action === 'reactivate' ? { activatedAt: sql`jicai.now()` } : {}),
            version: sql`${listings.version} + 1`,
            updatedAt: sql`jicai.now()`,
          })
          .where(inArray(listings.id, part));
      await audit(
        tx,
        ids.map((id) => ({
          actor: actor(auth),
          action: `listing.${action}`,
          entityType: 'listing',
          entityId: id,
          data: { from: rows.get(id)!.status, to, reason: reason ?? null },
        })),
      );
      await deps.listings.syncSearch(tx, afterCommit, ids);
      return { listingIds: ids };
    });
  }

  return { createMany, transitionMany };
}

const pick = { id: listings.id, productId: listings.productId, priceFen: listings.priceFen, priceFlag: listings.priceFlag };

/** Products by id, a statement per chunk. */
async function productsById(tx: Tx, ids: readonly string[]) {
  const out = new Map<string, typeof products.$inferSelect>();
  for (const part of chunks([...new Set(ids)]))
    for (const p of await tx.select().from(products).where(inArray(products.id, part))) out.set(p.id, p);
  return out;
}

/** The listings locked for the step, in id order (two bulk steps over overlapping sets never deadlock). */
async function lockAll(tx: Tx, ids: readonly string[]) {
  const rows = new Map<string, typeof listings.$inferSelect>();
  for (const part of chunks([...ids].sort()))
    for (const r of await tx.select().from(listings).where(inArray(listings.id, part)).orderBy(listings.id).for('update'))
      rows.set(r.id, r);
  return rows;
}

async function audit(tx: Tx, entries: AuditInput[]) {
  for (const part of chunks(entries)) await appendAuditEntries(tx, part);
}

export type ListingsBulk = ReturnType<typeof createListingsBulk>;

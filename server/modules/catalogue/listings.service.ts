import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { categories, listingCertificates, listingPriceHistory, listings, products, type ListingStatus } from '../../db/schema/index.ts';
import { inTransaction, type AfterCommit } from '../../db/tx.ts';
import { appendAudit, type AuditActor } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../platform/errors.ts';
import { assertManagesAgreement } from './catalogue.agreements.ts';
import { policyValue } from '../../platform/policy.ts';
import { yuan } from '../../../contracts/money.ts';
import type { SearchPort } from '../../platform/search/search-port.ts';
import type { CreditService } from '../credit/credit.service.ts';
import { buildDocuments, reindexAll } from './catalogue.documents.ts';
import {
  agreementCeiling,
  canTransition,
  listingActionLabels,
  listingStatusLabels,
  listingTransitions,
  priceFlag,
  type ListingAction,
} from './catalogue.rules.ts';
import type { CreateListingBody, UpdateListingBody } from '../../../contracts/catalogue.schemas.ts';
import { activeAgreements, admitting } from './listings.queries.ts';
import { createListingViews } from './listings.views.ts';

type ListingRow = typeof listings.$inferSelect;

/** What price governance reads, kept for the prices of one transaction. */
export interface GovernMemo {
  today?: string;
  ratio?: string;
  categories: Map<string, typeof categories.$inferSelect>;
  /** Each supplier's agreements in force today. */
  agreements: Map<string, Awaited<ReturnType<typeof activeAgreements>>>;
}
export const governMemo = (): GovernMemo => ({ categories: new Map(), agreements: new Map() });
const actorOf = (auth: AuthContext): AuditActor => ({ userId: auth.userId, orgId: auth.orgId });

/** A new listing's row: the supplier's offer of a product, under the agreement and with the flag its price governance gave. */
export const newListingRow = (
  supplierId: string,
  productId: string,
  body: Pick<CreateListingBody, 'priceFen' | 'stock' | 'deliveryRegions' | 'leadTimeDays'>,
  governed: { agreement: { id: string } | null | undefined; flag: string | null },
): typeof listings.$inferInsert => ({
  supplierId,
  productId,
  agreementId: governed.agreement?.id ?? null,
  priceFen: body.priceFen,
  stock: body.stock,
  deliveryRegions: body.deliveryRegions,
  leadTimeDays: body.leadTimeDays,
  priceFlag: governed.flag,
});

/** Who may take each action: the supplier on its own listings, center staff as the catalogue's keeper. */
export const actionRoles: Record<ListingAction, 'owner' | 'center' | 'either'> = {
  submit: 'owner',
  approve: 'center',
  reject: 'center',
  suspend: 'center',
  // A listing is suspended by center staff or by an exclusion; only center staff put it back on sale.
  reactivate: 'center',
  delist: 'either',
};

export {
  activeListing,
  admittingAgreement,
  certificatesFromJson,
  certificatesOf,
  certificatesSql,
  listingOnSaleSql,
  offersOf,
  productOffers,
  returnStock,
  stockShortError,
  stockShortOf,
  stockTakesInsert,
  takeStock,
  type Offer,
} from './listings.queries.ts';

/** Listings (商品挂牌): a supplier offers a product under an agreement, center staff review it; reads in listings.views.ts. */
export function createListingsService(deps: { db: Db; search: SearchPort; credit: Pick<CreditService, 'assertEligible'> }) {
  const { db, search, credit } = deps;

  const { get, list, priceHistory } = createListingViews({ db });

  /** Re-derives the listing's search document in the same transaction (or after it, per adapter). */
  async function syncSearch(tx: Tx, afterCommit: AfterCommit, listingIds: string[]) {
    const docs = await buildDocuments(tx, listingIds);
    for (const [id, doc] of docs) await search.sync(tx, afterCommit, id, doc);
  }

  async function categoryOf(tx: DbOrTx, code: string) {
    const [c] = await tx.select().from(categories).where(eq(categories.code, code));
    if (!c) throw new NotFoundError('category not found');
    return c;
  }

  /**
   * Price governance: over the agreement's ceiling is refused (naming priceFen); above the category
   * reference by the configured ratio is accepted but flagged for review. A bulk path passes one memo for
   * all its prices, so each day, category, agreement and the ratio are read once.
   */
  async function governPrice(
    tx: DbOrTx,
    supplierId: string,
    product: typeof products.$inferSelect,
    priceFen: number,
    memo: GovernMemo = governMemo(),
  ) {
    const today = (memo.today ??= shanghaiDate(await dbNow(tx)));
    const category = memo.categories.get(product.categoryCode) ?? (await categoryOf(tx, product.categoryCode));
    memo.categories.set(category.code, category);
    const inForce = memo.agreements.get(supplierId) ?? (await activeAgreements(tx, supplierId, today));
    memo.agreements.set(supplierId, inForce);
    const agreement = admitting(inForce, product.categoryCode, product.brand);
    if (category.requiresFramework && !agreement) {
      throw new RuleViolationError('no framework agreement', {
        fields: [
          {
            field: 'productId',
            message: `「${category.name}」实行协议供货，贵单位没有覆盖该品目${product.brand}品牌的有效框架协议`,
            in: 'body',
          },
        ],
      });
    }
    if (agreement) {
      const ceiling = agreementCeiling({
        priceCapFen: agreement.priceCapFen,
        minDiscount: agreement.minDiscount,
        referencePriceFen: category.referencePriceFen,
      });
      if (ceiling !== null && priceFen > ceiling) {
        throw new RuleViolationError('price above agreement cap', {
          fields: [
            { field: 'priceFen', message: `价格 ${yuan(priceFen)} 超过框架协议 ${agreement.code} 的限价 ${yuan(ceiling)}`, in: 'body' },
          ],
        });
      }
    }
    const ratio = (memo.ratio ??= (await policyValue(tx, 'catalogue.priceFlagRatio', z.string())).value);
    return { agreement, flag: priceFlag(priceFen, category.referencePriceFen, ratio) };
  }

  async function lockOwn(tx: Tx, auth: AuthContext, id: string, opts: { center?: boolean } = {}) {
    const [row] = await tx.select().from(listings).where(eq(listings.id, id)).for('update');
    const mayAct = row && (row.supplierId === auth.orgId || (opts.center && auth.roles.includes('center_staff')));
    if (!row || !mayAct) throw new NotFoundError('listing not found');
    return row;
  }

  async function replaceCertificates(tx: Tx, listingId: string, certs: CreateListingBody['certificates']) {
    await tx.delete(listingCertificates).where(eq(listingCertificates.listingId, listingId));
    if (certs.length) await tx.insert(listingCertificates).values(certs.map((c) => ({ ...c, listingId })));
  }

  async function create(auth: AuthContext, body: CreateListingBody) {
    return inTransaction(db, async (tx, afterCommit) => {
      const [product] = await tx
        .select()
        .from(products)
        .where(and(eq(products.id, body.productId), eq(products.status, 'active')));
      if (!product)
        throw new RuleViolationError('unknown product', {
          fields: [{ field: 'productId', message: '标准商品不存在或已停用', in: 'body' }],
        });
      const [dup] = await tx
        .select({ id: listings.id })
        .from(listings)
        .where(and(eq(listings.supplierId, auth.orgId), eq(listings.productId, product.id)));
      if (dup)
        throw new ConflictError('already listed', {
          fields: [{ field: 'productId', message: '贵单位已有该商品的报价，请编辑原报价', in: 'body' }],
        });
      const governed = await governPrice(tx, auth.orgId, product, body.priceFen);
      const [row] = await tx
        .insert(listings)
        .values(newListingRow(auth.orgId, product.id, body, governed))
        .returning();
      await replaceCertificates(tx, row!.id, body.certificates);
      await tx.insert(listingPriceHistory).values({ listingId: row!.id, priceFen: body.priceFen, changedBy: auth.userId });
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'listing.create',
        entityType: 'listing',
        entityId: row!.id,
        data: { productId: product.id, priceFen: body.priceFen, flag: governed.flag },
      });
      await syncSearch(tx, afterCommit, [row!.id]);
      return row!;
    }).then((row) => get(auth, row.id));
  }

  async function update(auth: AuthContext, id: string, body: UpdateListingBody) {
    await inTransaction(db, async (tx, afterCommit) => {
      const row = await lockOwn(tx, auth, id);
      if (row.version !== body.version)
        throw new ConflictError('该报价已被修改，请刷新后重试', {
          fields: [{ field: 'version', message: '该报价已被修改，请刷新后重试', in: 'body' }],
        });
      if (row.status === 'delisted') throw new ConflictError('已下架的报价不能修改');
      const changes: Partial<ListingRow> = {};
      let status: ListingStatus = row.status;
      if (body.priceFen !== undefined && body.priceFen !== row.priceFen) {
        const [product] = await tx.select().from(products).where(eq(products.id, row.productId));
        const { agreement, flag } = await governPrice(tx, row.supplierId, product!, body.priceFen);
        Object.assign(changes, { priceFen: body.priceFen, priceFlag: flag, agreementId: agreement?.id ?? null });
        await tx.insert(listingPriceHistory).values({ listingId: id, priceFen: body.priceFen, changedBy: auth.userId });
        // A price that needs review leaves the shelf until center staff look at it.
        if (flag && row.status === 'active') status = 'submitted';
      }
      if (body.stock !== undefined) changes.stock = body.stock;
      if (body.deliveryRegions !== undefined) changes.deliveryRegions = body.deliveryRegions;
      if (body.leadTimeDays !== undefined) changes.leadTimeDays = body.leadTimeDays;
      if (body.certificates !== undefined) await replaceCertificates(tx, id, body.certificates);
      await tx
        .update(listings)
        .set({
          ...changes,
          status,
          ...(status !== row.status ? { statusReason: '调价超过参考价比例，待复核' } : {}),
          version: row.version + 1,
          updatedAt: sql`jicai.now()`,
        })
        .where(eq(listings.id, id));
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'listing.update',
        entityType: 'listing',
        entityId: id,
        data: { ...body, statusFrom: row.status, statusTo: status },
      });
      await syncSearch(tx, afterCommit, [id]);
    });
    return get(auth, id);
  }

  /** One state change of the listing state machine, with the eligibility check at every step that grants. */
  async function transition(auth: AuthContext, id: string, action: ListingAction, reason?: string) {
    await inTransaction(db, async (tx, afterCommit) => {
      const who = actionRoles[action];
      const row = await lockOwn(tx, auth, id, { center: who !== 'owner' });
      const isCenter = auth.roles.includes('center_staff');
      if ((who === 'center' && !isCenter) || (who === 'owner' && row.supplierId !== auth.orgId))
        throw new NotFoundError('listing not found');
      // A center reviews the listings under the agreements of its area (the supplier acts on its own).
      if (row.supplierId !== auth.orgId) await assertManagesAgreement(tx, auth, row.agreementId, 'listing', row.supplierId);
      if (!canTransition(action, row.status))
        throw new ConflictError(`「${listingStatusLabels[row.status]}」的报价不能${listingActionLabels[action]}`);
      if ((action === 'reject' || action === 'suspend') && !reason)
        throw new RuleViolationError('reason required', { fields: [{ field: 'reason', message: '请填写理由', in: 'body' }] });
      if (action === 'submit' || action === 'approve' || action === 'reactivate') {
        await credit.assertEligible(tx, { supplierId: row.supplierId, action: 'list' }, 'supplierId');
      }
      if (action === 'approve' || action === 'reactivate') {
        // The agreement must still admit the listing when it goes on the shelf.
        const [product] = await tx.select().from(products).where(eq(products.id, row.productId));
        await governPrice(tx, row.supplierId, product!, row.priceFen);
      }
      const to = listingTransitions[action]!.to;
      await tx
        .update(listings)
        .set({
          status: to,
          statusReason: reason ?? null,
          ...(action === 'reject' ? { reviewNote: reason ?? null } : {}),
          ...(action === 'approve' ? { reviewNote: reason ?? null, priceFlag: null, activatedAt: sql`jicai.now()` } : {}),
          ...(action === 'reactivate' ? { activatedAt: sql`jicai.now()` } : {}),
          version: row.version + 1,
          updatedAt: sql`jicai.now()`,
        })
        .where(eq(listings.id, id));
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: `listing.${action}`,
        entityType: 'listing',
        entityId: id,
        data: { from: row.status, to, reason: reason ?? null },
      });
      await syncSearch(tx, afterCommit, [id]);
    });
    return get(auth, id);
  }

  /** Exclusion effect: the supplier's active listings leave the shelf. */
  async function suspendAllOf(tx: Tx, afterCommit: AfterCommit, supplierId: string, reason: string, actor: AuditActor | null) {
    const suspended = await tx
      .update(listings)
      .set({ status: 'suspended', statusReason: reason, version: sql`${listings.version} + 1`, updatedAt: sql`jicai.now()` })
      .where(and(eq(listings.supplierId, supplierId), inArray(listings.status, ['active', 'submitted'])))
      .returning({ id: listings.id });
    for (const l of suspended)
      await appendAudit(tx, { actor, action: 'listing.suspend', entityType: 'listing', entityId: l.id, data: { reason } });
    await syncSearch(
      tx,
      afterCommit,
      suspended.map((l) => l.id),
    );
    return suspended.length;
  }

  return {
    create,
    update,
    transition,
    suspendAllOf,
    get,
    list,
    priceHistory,
    reindexAll: () => reindexAll(db, search),
    syncSearch,
    governPrice,
  };
}

export type ListingsService = ReturnType<typeof createListingsService>;

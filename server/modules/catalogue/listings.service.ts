import { and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { textArray } from '../../db/columns.ts';
import { containsPattern } from '../../db/columns.ts';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import {
  categories,
  frameworkAgreements,
  listingCertificates,
  listingPriceHistory,
  listings,
  organizations,
  products,
  type ListingStatus,
} from '../../db/schema/index.ts';
import { inTransaction, type AfterCommit } from '../../db/tx.ts';
import { appendAudit, type AuditActor } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../platform/errors.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
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

type ListingRow = typeof listings.$inferSelect;
const actorOf = (auth: AuthContext): AuditActor => ({ userId: auth.userId, orgId: auth.orgId });

/** Who may take each action: the supplier on its own listings, center staff as the catalogue's keeper. */
const actionRoles: Record<ListingAction, 'owner' | 'center' | 'either'> = {
  submit: 'owner',
  approve: 'center',
  reject: 'center',
  suspend: 'center',
  // A listing is suspended by center staff or by an exclusion; only center staff put it back on sale.
  reactivate: 'center',
  delist: 'either',
};

/** The active agreement (框架协议) admitting this supplier to this category (or an ancestor) and brand on that day. */
export async function admittingAgreement(tx: DbOrTx, supplierId: string, categoryCode: string, brand: string | null, today: string) {
  const ancestors = Array.from({ length: categoryCode.length }, (_, i) => categoryCode.slice(0, i + 1));
  const rows = await tx
    .select()
    .from(frameworkAgreements)
    .where(
      and(
        eq(frameworkAgreements.supplierId, supplierId),
        eq(frameworkAgreements.status, 'active'),
        lte(frameworkAgreements.startsOn, today),
        gte(frameworkAgreements.endsOn, today),
        sql`${frameworkAgreements.categoryCodes} && ${textArray(ancestors)}`,
      ),
    )
    .orderBy(asc(frameworkAgreements.endsOn));
  return rows.find((a) => a.brands.length === 0 || brand === null || a.brands.includes(brand)) ?? null;
}

/** What a buyer orders from: a listing with its standard product, 品目 and supplier. */
export interface Offer {
  listing: typeof listings.$inferSelect;
  product: typeof products.$inferSelect;
  category: typeof categories.$inferSelect;
  supplier: typeof organizations.$inferSelect;
}

/** The offers of these listings, by listing id. */
export async function offersOf(tx: DbOrTx, listingIds: readonly string[]): Promise<Map<string, Offer>> {
  if (listingIds.length === 0) return new Map();
  const rows = await tx
    .select({ listing: listings, product: products, category: categories, supplier: organizations })
    .from(listings)
    .innerJoin(products, eq(products.id, listings.productId))
    .innerJoin(categories, eq(categories.code, products.categoryCode))
    .innerJoin(organizations, eq(organizations.id, listings.supplierId))
    .where(inArray(listings.id, [...new Set(listingIds)]));
  return new Map(rows.map((r) => [r.listing.id, r]));
}

/** The listings' certificates (those still valid on `validOn`, a Shanghai date, when given). */
export const certificatesOf = (tx: DbOrTx, listingIds: readonly string[], validOn?: string) =>
  listingIds.length === 0
    ? Promise.resolve([])
    : tx
        .select()
        .from(listingCertificates)
        .where(
          and(
            inArray(listingCertificates.listingId, [...listingIds]),
            validOn === undefined ? undefined : gte(listingCertificates.validUntil, validOn),
          ),
        );

/** A listing on sale now, or undefined. */
export async function activeListing(tx: DbOrTx, listingId: string) {
  const [row] = await tx
    .select()
    .from(listings)
    .where(and(eq(listings.id, listingId), eq(listings.status, 'active')));
  return row;
}

/**
 * Takes an order's quantities from the listings' stock, one guarded update per listing in id order, so
 * two checkouts sharing listings always lock them in the same order; a listing short of stock is a 409
 * on `cart.<listingId>`. Called last in the checkout's transaction (before its audit append).
 */
export async function takeStock(tx: Tx, items: readonly { listingId: string; quantity: number; name: string }[]) {
  for (const item of [...items].sort((x, y) => x.listingId.localeCompare(y.listingId))) {
    const took = await tx
      .update(listings)
      .set({ stock: sql`${listings.stock} - ${item.quantity}` })
      .where(and(eq(listings.id, item.listingId), gte(listings.stock, item.quantity)))
      .returning({ id: listings.id });
    if (took.length === 0)
      throw new ConflictError(`「${item.name}」库存不足`, {
        fields: [{ field: `cart.${item.listingId}`, message: '库存不足', in: 'body' }],
      });
  }
}

/** Puts an order's quantities back into the listings' stock (a cancelled or refused order). */
export async function returnStock(tx: Tx, items: readonly { listingId: string; quantity: number }[]) {
  for (const item of items)
    await tx
      .update(listings)
      .set({ stock: sql`${listings.stock} + ${item.quantity}` })
      .where(eq(listings.id, item.listingId));
}

export function createListingsService(deps: { db: Db; search: SearchPort; credit: CreditService }) {
  const { db, search, credit } = deps;

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
   * reference by the configured ratio is accepted but flagged for review.
   */
  async function governPrice(tx: DbOrTx, supplierId: string, product: typeof products.$inferSelect, priceFen: number) {
    const today = shanghaiDate(await dbNow(tx));
    const category = await categoryOf(tx, product.categoryCode);
    const agreement = await admittingAgreement(tx, supplierId, product.categoryCode, product.brand, today);
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
    const ratio = (await policyValue(tx, 'catalogue.priceFlagRatio', z.string())).value;
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
      const { agreement, flag } = await governPrice(tx, auth.orgId, product, body.priceFen);
      const [row] = await tx
        .insert(listings)
        .values({
          supplierId: auth.orgId,
          productId: product.id,
          agreementId: agreement?.id ?? null,
          priceFen: body.priceFen,
          stock: body.stock,
          deliveryRegions: body.deliveryRegions,
          leadTimeDays: body.leadTimeDays,
          priceFlag: flag,
        })
        .returning();
      await replaceCertificates(tx, row!.id, body.certificates);
      await tx.insert(listingPriceHistory).values({ listingId: row!.id, priceFen: body.priceFen, changedBy: auth.userId });
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'listing.create',
        entityType: 'listing',
        entityId: row!.id,
        data: { productId: product.id, priceFen: body.priceFen, flag },
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
          updatedAt: sql`now()`,
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
          ...(action === 'approve' ? { reviewNote: reason ?? null, priceFlag: null, activatedAt: sql`now()` } : {}),
          ...(action === 'reactivate' ? { activatedAt: sql`now()` } : {}),
          version: row.version + 1,
          updatedAt: sql`now()`,
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
      .set({ status: 'suspended', statusReason: reason, version: sql`${listings.version} + 1`, updatedAt: sql`now()` })
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

  async function get(auth: AuthContext | null, id: string) {
    const [row] = await db
      .select({ listing: listings, product: products, supplierName: organizations.name })
      .from(listings)
      .innerJoin(products, eq(products.id, listings.productId))
      .innerJoin(organizations, eq(organizations.id, listings.supplierId))
      .where(eq(listings.id, id));
    const oversight = auth && (auth.roles.includes('center_staff') || auth.roles.includes('regulator'));
    if (!row || !(row.listing.supplierId === auth?.orgId || oversight)) throw new NotFoundError('listing not found');
    const today = shanghaiDate(await dbNow(db));
    const certs = await db.select().from(listingCertificates).where(eq(listingCertificates.listingId, id));
    return toDto(row, certs, today);
  }

  function toDto(
    row: { listing: ListingRow; product: typeof products.$inferSelect; supplierName: string },
    certs: (typeof listingCertificates.$inferSelect)[],
    today: string,
  ) {
    const l = row.listing;
    return {
      id: l.id,
      supplierId: l.supplierId,
      supplierName: row.supplierName,
      productId: l.productId,
      productName: row.product.name,
      brand: row.product.brand,
      model: row.product.model,
      categoryCode: row.product.categoryCode,
      agreementId: l.agreementId,
      priceFen: l.priceFen,
      stock: l.stock,
      deliveryRegions: l.deliveryRegions,
      leadTimeDays: l.leadTimeDays,
      status: l.status,
      priceFlag: l.priceFlag,
      reviewNote: l.reviewNote,
      statusReason: l.statusReason,
      version: l.version,
      certificates: certs.map((c) => ({
        id: c.id,
        kind: c.kind,
        number: c.number,
        issuer: c.issuer,
        validUntil: c.validUntil,
        valid: c.validUntil >= today,
      })),
      updatedAt: l.updatedAt.toISOString(),
    };
  }

  /** A supplier's own listings, or (center staff) every listing, e.g. the review queue with flagged first. */
  async function list(
    auth: AuthContext,
    filter: {
      status?: ListingStatus | undefined;
      category?: string | undefined;
      q?: string | undefined;
      flagged?: 'true' | 'false' | undefined;
    },
    page: PageQuery,
  ) {
    const conditions: SQL[] = [];
    if (!auth.roles.includes('center_staff') && !auth.roles.includes('regulator')) conditions.push(eq(listings.supplierId, auth.orgId));
    if (filter.status) conditions.push(eq(listings.status, filter.status));
    if (filter.category) conditions.push(sql`${products.categoryCode} like ${`${filter.category}%`}`);
    if (filter.q)
      conditions.push(
        or(
          ilike(products.name, containsPattern(filter.q)),
          ilike(products.model, containsPattern(filter.q)),
          ilike(products.brand, containsPattern(filter.q)),
          ilike(organizations.name, containsPattern(filter.q)),
        ) as SQL,
      );
    if (filter.flagged === 'true') conditions.push(isNotNull(listings.priceFlag));
    const where = conditions.length ? and(...conditions) : undefined;
    const base = () =>
      db
        .select({ listing: listings, product: products, supplierName: organizations.name })
        .from(listings)
        .innerJoin(products, eq(products.id, listings.productId))
        .innerJoin(organizations, eq(organizations.id, listings.supplierId));
    const [rows, [total]] = await Promise.all([
      base()
        .where(where)
        .orderBy(sql`${listings.priceFlag} is null`, desc(listings.updatedAt), asc(listings.id))
        .limit(page.pageSize)
        .offset(offsetOf(page)),
      db
        .select({ n: count() })
        .from(listings)
        .innerJoin(products, eq(products.id, listings.productId))
        .innerJoin(organizations, eq(organizations.id, listings.supplierId))
        .where(where),
    ]);
    const certs = rows.length
      ? await db
          .select()
          .from(listingCertificates)
          .where(
            inArray(
              listingCertificates.listingId,
              rows.map((r) => r.listing.id),
            ),
          )
      : [];
    const today = shanghaiDate(await dbNow(db));
    return {
      items: rows.map((r) =>
        toDto(
          r,
          certs.filter((c) => c.listingId === r.listing.id),
          today,
        ),
      ),
      total: total?.n ?? 0,
      ...page,
    };
  }

  async function priceHistory(auth: AuthContext, id: string) {
    await get(auth, id);
    const rows = await db
      .select()
      .from(listingPriceHistory)
      .where(eq(listingPriceHistory.listingId, id))
      .orderBy(desc(listingPriceHistory.changedAt));
    return rows.map((r) => ({ priceFen: r.priceFen, changedAt: r.changedAt.toISOString() }));
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

import { and, asc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { rowFromJson, textArray } from '../../db/columns.ts';
import { builtOnce } from '../../db/built-once.ts';
import type { DbOrTx, Tx } from '../../db/client.ts';
import {
  categories,
  frameworkAgreements,
  listingCertificates,
  listings,
  listingStockTakes,
  organizations,
  products,
} from '../../db/schema/index.ts';
import { ConflictError } from '../../platform/errors.ts';

/* The listings' SQL that other modules call (the e-mall's orders, quotations) and the service uses. */

/** The active agreement (框架协议) admitting this supplier to this category (or an ancestor) and brand on that day. */
export async function admittingAgreement(tx: DbOrTx, supplierId: string, categoryCode: string, brand: string | null, today: string) {
  const ancestors = Array.from({ length: categoryCode.length }, (_, i) => categoryCode.slice(0, i + 1));
  const rows = await activeAgreements(tx, supplierId, today, sql`${frameworkAgreements.categoryCodes} && ${textArray(ancestors)}`);
  return admitting(rows, categoryCode, brand);
}

/** A supplier's agreements in force on that day, soonest ending first (optionally only some). */
export const activeAgreements = (tx: DbOrTx, supplierId: string, today: string, where?: SQL) =>
  tx
    .select()
    .from(frameworkAgreements)
    .where(
      and(
        eq(frameworkAgreements.supplierId, supplierId),
        eq(frameworkAgreements.status, 'active'),
        lte(frameworkAgreements.startsOn, today),
        gte(frameworkAgreements.endsOn, today),
        where,
      ),
    )
    .orderBy(asc(frameworkAgreements.endsOn));

/** Of a supplier's agreements in force, the first that admits this category (or an ancestor) and brand. */
export function admitting<A extends { categoryCodes: string[]; brands: string[] }>(
  rows: readonly A[],
  categoryCode: string,
  brand: string | null,
) {
  return (
    rows.find(
      (a) =>
        a.categoryCodes.some((c) => categoryCode.startsWith(c)) && (a.brands.length === 0 || brand === null || a.brands.includes(brand)),
    ) ?? null
  );
}

/** What a buyer orders from: a listing with its standard product, 品目 and supplier. */
export interface Offer {
  listing: typeof listings.$inferSelect;
  product: typeof products.$inferSelect;
  category: typeof categories.$inferSelect;
  supplier: typeof organizations.$inferSelect;
}

/** The offers of these listings, by listing id. */
/** Built once: the listings with their products, categories and suppliers (server/db/built-once.ts). */
const offersQuery = builtOnce((db) =>
  db
    .select({ listing: listings, product: products, category: categories, supplier: organizations })
    .from(listings)
    .innerJoin(products, eq(products.id, listings.productId))
    .innerJoin(categories, eq(categories.code, products.categoryCode))
    .innerJoin(organizations, eq(organizations.id, listings.supplierId))
    .where(sql`${listings.id} = any(${sql.placeholder('ids')}::uuid[])`)
    .prepare('jicai_offers'),
);

export async function offersOf(tx: DbOrTx, listingIds: readonly string[]): Promise<Map<string, Offer>> {
  if (listingIds.length === 0) return new Map();
  const rows = await offersQuery(tx).execute({ ids: [...new Set(listingIds)] });
  return new Map(rows.map((r) => [r.listing.id, r]));
}

/** The offers on sale of a standard product (active listings), or null when there is no such product. */
export async function productOffers(tx: DbOrTx, productId: string): Promise<Offer[] | null> {
  const [product] = await tx.select({ id: products.id }).from(products).where(eq(products.id, productId));
  if (!product) return null;
  return tx
    .select({ listing: listings, product: products, category: categories, supplier: organizations })
    .from(listings)
    .innerJoin(products, eq(products.id, listings.productId))
    .innerJoin(categories, eq(categories.code, products.categoryCode))
    .innerJoin(organizations, eq(organizations.id, listings.supplierId))
    .where(and(eq(listings.productId, productId), eq(listings.status, 'active')));
}

/** The listings' certificates (those still valid on `validOn`, a Shanghai date, when given): built once. */
const certificatesQuery = builtOnce((db) =>
  db
    .select()
    .from(listingCertificates)
    .where(sql`${listingCertificates.listingId} = any(${sql.placeholder('ids')}::uuid[])`)
    .prepare('jicai_certificates'),
);
const validCertificatesQuery = builtOnce((db) =>
  db
    .select()
    .from(listingCertificates)
    .where(
      and(
        sql`${listingCertificates.listingId} = any(${sql.placeholder('ids')}::uuid[])`,
        gte(listingCertificates.validUntil, sql.placeholder('validOn')),
      ),
    )
    .prepare('jicai_valid_certificates'),
);

export const certificatesOf = (tx: DbOrTx, listingIds: readonly string[], validOn?: string) =>
  listingIds.length === 0
    ? Promise.resolve([])
    : validOn === undefined
      ? certificatesQuery(tx).execute({ ids: [...listingIds] })
      : validCertificatesQuery(tx).execute({ ids: [...listingIds], validOn });

/**
 * The listings' certificates, all of them, as one jsonb array for a statement to read beside its own (the
 * cart's judgement, orders.findings.ts): `listingIds` is an SQL uuid[] expression of that statement. Read
 * with certificatesFromJson.
 */
export const certificatesSql = (listingIds: SQL): SQL => sql`(
  select coalesce(jsonb_agg(to_jsonb(c) order by c.created_at, c.id), '[]') from ${listingCertificates} c
   where c.listing_id = any(${listingIds}))`;

/** The certificates of a certificatesSql value (JSON text or parsed), as certificatesOf answers them. */
export const certificatesFromJson = (value: unknown) =>
  ((typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as Record<string, unknown>[]).map((c) =>
    rowFromJson(listingCertificates, c),
  );

/**
 * Whether a listing is on sale now, as a condition of the caller's statement (`listingId`: an SQL uuid
 * expression of it): a write that needs the listing on sale (a cart line) checks it in the same statement.
 */
export const listingOnSaleSql = (listingId: SQL): SQL =>
  sql`exists (select 1 from ${listings} l where l.id = ${listingId} and l.status = 'active')`;

/** A listing on sale now, or undefined. */
const activeListingQuery = builtOnce((db) =>
  db
    .select()
    .from(listings)
    .where(and(eq(listings.id, sql.placeholder('id')), eq(listings.status, 'active')))
    .prepare('jicai_active_listing'),
);

export async function activeListing(tx: DbOrTx, listingId: string) {
  const [row] = await activeListingQuery(tx).execute({ id: listingId });
  return row;
}

/**
 * Takes an order's quantities from the listings' stock at the commit of the caller's transaction: one
 * insert into listing_stock_takes, whose deferred trigger decrements each listing (in id order, so two
 * checkouts sharing listings always lock them in the same order) while enough is left. The listing's row
 * is locked by the commit only. A listing short of stock fails the commit: `stockShortOf` names it, and
 * the caller answers 409 on `cart.<listingId>` (the transaction has rolled back, nothing partial).
 */
export async function takeStock(tx: Tx, items: readonly { listingId: string; quantity: number }[]) {
  const insert = stockTakesInsert(items);
  if (insert) await tx.execute(insert);
}

/** `takeStock`'s insert as a statement of its own, to send with other writes (server/db/one-statement.ts). */
export function stockTakesInsert(items: readonly { listingId: string; quantity: number }[]): SQL | null {
  if (items.length === 0) return null;
  const sorted = [...items].sort((x, y) => (x.listingId < y.listingId ? -1 : x.listingId > y.listingId ? 1 : 0));
  return sql`
    insert into ${listingStockTakes} (listing_id, quantity)
    select t.listing_id, t.quantity
      from unnest(${sql.param(sorted.map((i) => i.listingId))}::uuid[], ${sql.param(sorted.map((i) => i.quantity))}::int[])
           with ordinality as t(listing_id, quantity, ord)
     order by t.ord`;
}

/** The listing a failed commit was short of (takeStock's trigger, SQLSTATE JC409), or null for any other error. */
export function stockShortOf(error: unknown): string | null {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const { code, detail } = e as { code?: unknown; detail?: unknown };
    if (code === 'JC409' && typeof detail === 'string') return detail;
    if ((e as { cause?: unknown }).cause === e) break;
  }
  return null;
}

/** The 409 a checkout answers when a listing ran short of stock at its commit. */
export const stockShortError = (listingId: string, name: string) =>
  new ConflictError(`「${name}」库存不足`, { fields: [{ field: `cart.${listingId}`, message: '库存不足', in: 'body' }] });

/** Puts an order's quantities back into the listings' stock (a cancelled or refused order). */
export async function returnStock(tx: Tx, items: readonly { listingId: string; quantity: number }[]) {
  for (const item of items)
    await tx
      .update(listings)
      .set({ stock: sql`${listings.stock} + ${item.quantity}` })
      .where(eq(listings.id, item.listingId));
}

/** The active standard product of a category with this brand and model, or undefined. */
export async function activeProduct(db: DbOrTx, key: { categoryCode: string; brand: string; model: string }) {
  const [product] = await db
    .select()
    .from(products)
    .where(
      and(
        eq(products.categoryCode, key.categoryCode),
        eq(products.brand, key.brand),
        eq(products.model, key.model),
        eq(products.status, 'active'),
      ),
    );
  return product;
}

/** The supplier's listing of a product (whatever its status), or undefined: one listing per supplier and product. */
export async function listingOfSupplier(db: DbOrTx, supplierId: string, productId: string) {
  const [row] = await db
    .select({ id: listings.id })
    .from(listings)
    .where(and(eq(listings.supplierId, supplierId), eq(listings.productId, productId)));
  return row;
}

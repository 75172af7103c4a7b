import { and, eq, inArray, gte } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { categories, listingCertificates, listings, organizations, products } from '../../db/schema/index.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import type { SearchDocument, SearchPort } from '../../platform/search/search-port.ts';
import * as credit from '../credit/credit.queries.ts';
import { categoryPath } from './catalogue.rules.ts';

let categoryCache: { at: number; codes: Set<string>; names: Map<string, string> } | null = null;

async function categoryIndex(db: DbOrTx) {
  if (categoryCache && Date.now() - categoryCache.at < 60_000) return categoryCache;
  const rows = await db.select({ code: categories.code, name: categories.name }).from(categories);
  categoryCache = { at: Date.now(), codes: new Set(rows.map((r) => r.code)), names: new Map(rows.map((r) => [r.code, r.name])) };
  return categoryCache;
}

/**
 * Search documents for listings, or null for each one that must not be found: not active, supplier
 * inactive, or the supplier under an exclusion in force nationwide.
 */
export async function buildDocuments(db: DbOrTx, listingIds: string[]): Promise<Map<string, SearchDocument | null>> {
  const out = new Map<string, SearchDocument | null>(listingIds.map((id) => [id, null]));
  if (listingIds.length === 0) return out;
  const today = shanghaiDate(await dbNow(db));
  const rows = await db
    .select({ listing: listings, product: products, supplier: organizations })
    .from(listings)
    .innerJoin(products, eq(products.id, listings.productId))
    .innerJoin(organizations, eq(organizations.id, listings.supplierId))
    .where(and(inArray(listings.id, listingIds), eq(listings.status, 'active'), eq(organizations.active, true)));
  if (rows.length === 0) return out;
  const supplierIds = [...new Set(rows.map((r) => r.supplier.id))];
  const usccs = rows.map((r) => r.supplier.uscc).filter((u): u is string => u !== null);
  const excluded = await credit.nationwideExclusionsInForce(db, { supplierIds, usccs, today });
  const blocked = new Set([...excluded.map((x) => x.supplierId), ...excluded.map((x) => x.uscc)]);
  const certs = await db
    .select()
    .from(listingCertificates)
    .where(
      and(
        inArray(
          listingCertificates.listingId,
          rows.map((r) => r.listing.id),
        ),
        gte(listingCertificates.validUntil, today),
      ),
    );
  const cats = await categoryIndex(db);
  for (const { listing, product, supplier } of rows) {
    if (blocked.has(supplier.id) || (supplier.uscc && blocked.has(supplier.uscc))) continue;
    out.set(listing.id, {
      listingId: listing.id,
      productId: product.id,
      supplierId: supplier.id,
      categoryCode: product.categoryCode,
      categoryPath: categoryPath(product.categoryCode, cats.codes),
      categoryName: cats.names.get(product.categoryCode) ?? '',
      brand: product.brand,
      model: product.model,
      name: product.name,
      specsText: Object.values(product.specs).join(' '),
      supplierName: supplier.name,
      sizeClass: supplier.sizeClass ?? 'large',
      deliveryRegions: listing.deliveryRegions,
      green: [...new Set(certs.filter((c) => c.listingId === listing.id).map((c) => c.kind))],
      priceFen: listing.priceFen,
      leadTimeDays: listing.leadTimeDays,
      activatedAt: listing.activatedAt ?? listing.updatedAt,
    });
  }
  return out;
}

/** Rebuilds the whole search index from the listings table, in batches (npm run search:reindex). */
export async function reindexAll(db: DbOrTx, search: SearchPort, batchSize = 2000): Promise<number> {
  const ids = await db.select({ id: listings.id }).from(listings).where(eq(listings.status, 'active')).orderBy(listings.id);
  let loaded = 0;
  for (let i = 0; i === 0 || i < ids.length; i += batchSize) {
    const docs = [
      ...(
        await buildDocuments(
          db,
          ids.slice(i, i + batchSize).map((r) => r.id),
        )
      ).values(),
    ].filter((d): d is SearchDocument => d !== null);
    await search.load(docs, { replace: i === 0 });
    loaded += docs.length;
  }
  return loaded;
}

import { and, asc, count, desc, eq, ilike, inArray, isNotNull, not, or, sql, type SQL } from 'drizzle-orm';
import { containsPattern } from '../../db/columns.ts';
import type { Db } from '../../db/client.ts';
import { listingCertificates, listingPriceHistory, listings, organizations, products, type ListingStatus } from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
import { managedAgreementSql } from './catalogue.agreements.ts';

type ListingRow = typeof listings.$inferSelect;

/** What a supplier and the catalogue's keepers read of listings: one, a page, a price history. */
export function createListingViews(deps: { db: Db }) {
  const { db } = deps;

  async function get(auth: AuthContext | null, id: string) {
    const center = auth?.roles.includes('center_staff') === true;
    const [row] = await db
      .select({
        listing: listings,
        product: products,
        supplierName: organizations.name,
        manageable:
          auth && center ? sql<boolean>`${managedAgreementSql(auth, listings.agreementId, listings.supplierId)}` : sql<null>`null`,
      })
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
    row: { listing: ListingRow; product: typeof products.$inferSelect; supplierName: string; manageable?: boolean | null },
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
      ...(row.manageable === undefined || row.manageable === null ? {} : { manageable: row.manageable }),
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
      manageable?: 'true' | 'false' | undefined;
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
    const center = auth.roles.includes('center_staff');
    const managed = managedAgreementSql(auth, listings.agreementId, listings.supplierId);
    if (center && filter.manageable) conditions.push(filter.manageable === 'true' ? managed : not(managed));
    const where = conditions.length ? and(...conditions) : undefined;
    const base = () =>
      db
        .select({
          listing: listings,
          product: products,
          supplierName: organizations.name,
          manageable: center ? sql<boolean>`${managed}` : sql<null>`null`,
        })
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

  return { get, list, priceHistory };
}

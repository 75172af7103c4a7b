import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, numeric, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, fen, id, jicai, updatedAt, utc } from '../columns.ts';
import { categories } from './catalogue.ts';
import { organizations, users } from './identity.ts';
import { listingStatuses, type ListingStatus } from '../../../contracts/enums/listings.ts';

/** A standard product: one brand and model in a category, which several suppliers offer. */
export const products = jicai.table(
  'products',
  {
    id: id(),
    categoryCode: text('category_code')
      .notNull()
      .references(() => categories.code),
    brand: text('brand').notNull(),
    model: text('model').notNull(),
    name: text('name').notNull(),
    specs: jsonb('specs').$type<Record<string, string | number>>().notNull(),
    description: text('description').notNull().default(''),
    status: text('status', { enum: ['active', 'retired'] })
      .notNull()
      .default('active'),
    createdByOrgId: uuid('created_by_org_id').references(() => organizations.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('products_category_brand_model_key').on(t.categoryCode, t.brand, t.model),
    index('products_category_idx').on(t.categoryCode),
  ],
);

export const productImages = jicai.table(
  'product_images',
  {
    id: id(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    sha256: text('sha256').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    /** A WebP thumbnail (at most 480 px a side, made by sharp) in the same area; null for images kept before thumbnails. */
    thumbSha256: text('thumb_sha256'),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('product_images_product_idx').on(t.productId)],
);

/**
 * 框架协议 / 协议供货 (财政部令第110号): which supplier is admitted to which categories (and brands), for
 * which period, with which price cap per unit or maximum discount off the reference price.
 */
export const frameworkAgreements = jicai.table(
  'framework_agreements',
  {
    id: id(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => organizations.id),
    categoryCodes: text('category_codes').array().notNull(),
    /** Empty: every brand in the categories. */
    brands: text('brands')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    priceCapFen: fen('price_cap_fen'),
    /** Listed price may be at most reference × (1 − minDiscount), as an exact decimal. */
    minDiscount: numeric('min_discount', { precision: 5, scale: 4 }),
    status: text('status', { enum: ['active', 'ended'] })
      .notNull()
      .default('active'),
    endedReason: text('ended_reason'),
    /** The 征集公告 (frameworks module) whose admission made this agreement; null for one entered directly. */
    callId: uuid('call_id'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('framework_agreements_code_key').on(t.code), index('framework_agreements_supplier_idx').on(t.supplierId)],
);

export const agreementAmendments = jicai.table('agreement_amendments', {
  id: id(),
  agreementId: uuid('agreement_id')
    .notNull()
    .references(() => frameworkAgreements.id),
  changes: jsonb('changes').$type<Record<string, { from: unknown; to: unknown }>>().notNull(),
  reason: text('reason').notNull(),
  amendedBy: uuid('amended_by').references(() => users.id),
  createdAt: createdAt(),
});

export { listingStatuses, type ListingStatus };
export const listingStatus = jicai.enum('listing_status', listingStatuses);

export const listings = jicai.table(
  'listings',
  {
    id: id(),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => organizations.id),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    agreementId: uuid('agreement_id').references(() => frameworkAgreements.id),
    priceFen: fen('price_fen').notNull(),
    stock: integer('stock').notNull(),
    deliveryRegions: text('delivery_regions').array().notNull(),
    leadTimeDays: integer('lead_time_days').notNull(),
    status: listingStatus('status').notNull().default('draft'),
    /** Set when the price is above the category reference by more than the configured ratio. */
    priceFlag: text('price_flag'),
    reviewNote: text('review_note'),
    statusReason: text('status_reason'),
    /** Optimistic concurrency for edits: a stale form cannot overwrite a newer price. */
    version: integer('version').notNull().default(1),
    activatedAt: utc('activated_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('listings_supplier_product_key').on(t.supplierId, t.productId),
    index('listings_product_idx').on(t.productId, t.status),
    index('listings_status_idx').on(t.status),
    check('listings_price_positive', sql`${t.priceFen} > 0`),
    check('listings_stock_nonnegative', sql`${t.stock} >= 0`),
  ],
);

/**
 * Stock taken by a checkout, applied at its commit: a deferred constraint trigger (migration
 * listing_stock_at_commit) decrements each listing's stock while enough is left and removes the row, or
 * fails the commit (SQLSTATE JC409, the listing's id as the detail). The listing's row is thus locked only
 * by the commit itself, never across a round trip to the app. Always empty outside a transaction.
 */
export const listingStockTakes = jicai.table('listing_stock_takes', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  listingId: uuid('listing_id').notNull(),
  quantity: integer('quantity').notNull(),
});

export const listingCertificates = jicai.table(
  'listing_certificates',
  {
    id: id(),
    listingId: uuid('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['energy_saving', 'environmental_label'] }).notNull(),
    number: text('number').notNull(),
    issuer: text('issuer').notNull(),
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('listing_certificates_listing_idx').on(t.listingId)],
);

export const listingPriceHistory = jicai.table(
  'listing_price_history',
  {
    id: id(),
    listingId: uuid('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    priceFen: fen('price_fen').notNull(),
    changedBy: uuid('changed_by').references(() => users.id),
    changedAt: createdAt(),
  },
  (t) => [index('listing_price_history_listing_idx').on(t.listingId, t.changedAt)],
);

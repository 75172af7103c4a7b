import { customType, index, integer, text, uuid } from 'drizzle-orm/pg-core';
import { fen, jicai, utc } from '../columns.ts';
import { listings } from './listings.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * The PostgreSQL search adapter's index: one row per listing that may be found (active, supplier
 * eligible), denormalized for facets. Chinese text is segmented in the app (Intl.Segmenter) before
 * to_tsvector('simple', …), because PostgreSQL has no Chinese parser.
 */
export const searchListings = jicai.table(
  'search_listings',
  {
    listingId: uuid('listing_id')
      .primaryKey()
      .references(() => listings.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    supplierId: uuid('supplier_id').notNull(),
    categoryCode: text('category_code').notNull(),
    /** The category and its ancestors, so a filter on A0201 finds A02010105. */
    categoryPath: text('category_path').array().notNull(),
    brand: text('brand').notNull(),
    model: text('model').notNull(),
    name: text('name').notNull(),
    supplierName: text('supplier_name').notNull(),
    sizeClass: text('size_class').notNull(),
    deliveryRegions: text('delivery_regions').array().notNull(),
    /** Certificate kinds valid today: energy_saving, environmental_label. */
    green: text('green').array().notNull(),
    priceFen: fen('price_fen').notNull(),
    leadTimeDays: integer('lead_time_days').notNull(),
    activatedAt: utc('activated_at').notNull(),
    /** Plain text for pg_trgm fuzzy matching. */
    searchText: text('search_text').notNull(),
    tsv: tsvector('tsv').notNull(),
  },
  (t) => [
    index('search_listings_tsv_idx').using('gin', t.tsv),
    index('search_listings_trgm_idx').using('gin', t.searchText.op('gin_trgm_ops')),
    index('search_listings_category_idx').using('gin', t.categoryPath),
    index('search_listings_price_idx').on(t.priceFen, t.listingId),
    /** Recency is the static score: empty and broad queries read their newest matches through it. */
    index('search_listings_activated_idx').on(t.activatedAt, t.listingId),
    /**
     * A product's offers, cheapest first: each hit's best offer and the offer facets are read through it.
     * The migration adds INCLUDE (size_class, green, delivery_regions), so the offer filters are checked
     * in the index (index-only scans) without visiting the table; drizzle's builder cannot say INCLUDE.
     */
    index('search_listings_product_price_idx').on(t.productId, t.priceFen, t.listingId),
  ],
);

/**
 * One row per product (SPU) with at least one findable offer: what a search matches, ranks, counts and
 * pages, so that its cost follows the number of products, not of offers. Offer attributes are kept as
 * aggregates (every size class, delivery region, certificate kind and price band some offer has, the
 * lowest price); the product's offers stay in search_listings, which picks each hit's best offer.
 * Rebuilt from search_listings by refreshSearchProducts in the transaction that changes an offer.
 */
export const searchProducts = jicai.table(
  'search_products',
  {
    productId: uuid('product_id').primaryKey(),
    categoryCode: text('category_code').notNull(),
    categoryPath: text('category_path').array().notNull(),
    brand: text('brand').notNull(),
    model: text('model').notNull(),
    name: text('name').notNull(),
    /** Findable offers of the product. */
    offers: integer('offers').notNull(),
    minPriceFen: fen('min_price_fen').notNull(),
    sizeClasses: text('size_classes').array().notNull(),
    deliveryRegions: text('delivery_regions').array().notNull(),
    green: text('green').array().notNull(),
    priceBands: text('price_bands').array().notNull(),
    /** The newest offer's activation: the static score of empty and broad queries. */
    activatedAt: utc('activated_at').notNull(),
    /** Every lexeme of every offer's document (product text, category, specs, supplier names). */
    tsv: tsvector('tsv').notNull(),
  },
  (t) => [
    index('search_products_tsv_idx').using('gin', t.tsv),
    index('search_products_category_idx').using('gin', t.categoryPath),
    index('search_products_price_idx').on(t.minPriceFen, t.productId),
    index('search_products_activated_idx').on(t.activatedAt, t.productId),
  ],
);

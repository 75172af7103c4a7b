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
    index('search_listings_product_idx').on(t.productId),
  ],
);

import type { Tx } from '../../db/client.ts';
import type { AfterCommit } from '../../db/tx.ts';

export interface SearchHealth {
  status: 'ok' | 'down';
  backend: 'postgres' | 'meilisearch';
  error?: string;
}

/** What the index holds for one findable listing (active, supplier eligible). */
export interface SearchDocument {
  listingId: string;
  productId: string;
  supplierId: string;
  categoryCode: string;
  categoryPath: string[];
  categoryName: string;
  brand: string;
  model: string;
  name: string;
  specsText: string;
  supplierName: string;
  sizeClass: string;
  deliveryRegions: string[];
  green: string[];
  priceFen: number;
  leadTimeDays: number;
  activatedAt: Date;
}

export type SortOrder = 'relevance' | 'price_asc' | 'price_desc' | 'newest';

export interface SearchQuery {
  q?: string | undefined;
  category?: string | undefined;
  brand?: string[] | undefined;
  region?: string | undefined;
  green?: string[] | undefined;
  size?: string[] | undefined;
  price?: string | undefined;
  sort: SortOrder;
  page: number;
  pageSize: number;
}

/**
 * One product that matches, shown by its cheapest offer meeting the offer filters (region, certificate,
 * size, price band); `offers` is how many of its offers meet them.
 */
export interface SearchHit {
  listingId: string;
  offers: number;
  productId: string;
  supplierId: string;
  supplierName: string;
  sizeClass: string;
  categoryCode: string;
  brand: string;
  model: string;
  name: string;
  /** The name cut into pieces, matched pieces marked: safe to render without HTML. */
  highlight: { text: string; match: boolean }[];
  priceFen: number;
  leadTimeDays: number;
  deliveryRegions: string[];
  green: string[];
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Matching products. */
  total: number;
  page: number;
  pageSize: number;
  /**
   * Products counted over the whole result set, with every filter applied: choosing a value yields its
   * count (a product counts for an offer value when one of its offers has it and meets the other filters).
   */
  facets: {
    category: FacetCount[];
    brand: FacetCount[];
    region: FacetCount[];
    green: FacetCount[];
    size: FacetCount[];
    price: FacetCount[];
  };
  /** True when nothing matched exactly and these are the closest (fuzzy) matches. */
  fuzzy: boolean;
  /**
   * True when more matched than the exact-count bound (SEARCH_EXACT_COUNT_BOUND, 1,000 products): `total`
   * and the facet counts are then estimates, shown as 约 N. Exact otherwise.
   */
  approximate: boolean;
}

/** Counts (total and facets) are exact up to this many matches, estimated above it. */
export const SEARCH_EXACT_COUNT_BOUND = 1000;

/**
 * Catalogue search behind one port: PostgreSQL full-text search by default, Meilisearch when MEILI_HOST
 * is set. The catalogue module builds documents; the port stores and queries them.
 */
export interface SearchPort {
  readonly backend: 'postgres' | 'meilisearch';
  health(): Promise<SearchHealth>;
  /**
   * A listing changed, inside the change's transaction. PostgreSQL stores the document in that
   * transaction; Meilisearch has a BullMQ job apply it after commit.
   */
  sync(tx: Tx, afterCommit: AfterCommit, listingId: string, doc: SearchDocument | null): Promise<void>;
  /** Store (or remove, when null) one document now: what the sync job does. */
  apply(listingId: string, doc: SearchDocument | null): Promise<void>;
  /** Bulk load, for reindexing and benchmarks; `replace` clears the index first. */
  load(docs: SearchDocument[], opts: { replace: boolean }): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  close(): Promise<void>;
}

import { inArray, sql, type SQL } from 'drizzle-orm';
import { textArray } from '../../db/columns.ts';
import type { Db, Tx } from '../../db/client.ts';
import { PLAN_EACH_TIME } from '../../db/prepared-statements.ts';
import { searchListings, searchProducts } from '../../db/schema/search.ts';
import { highlight } from './highlight.ts';
import {
  filtersOf,
  OFFER_FACET_PRODUCTS,
  offerFiltersOf,
  refreshLock,
  refreshProductsStatement,
  searchStatement,
} from './postgres-search-sql.ts';
import { searchCache } from './search-cache.ts';
import {
  SEARCH_EXACT_COUNT_BOUND,
  type FacetCount,
  type SearchDocument,
  type SearchPort,
  type SearchQuery,
  type SearchResult,
} from './search-port.ts';
import { anyTermQuery, documentLexemes, phraseQuery, words } from './segment.ts';
import { expandSynonyms } from './synonyms.ts';

export { PRICE_BANDS } from './postgres-search-sql.ts';

/** The query as tsquery text: every whitespace-separated term must match, as itself or a synonym. */
export function buildTsQuery(q: string): { tsquery: string | null; terms: string[] } {
  const groups = q.trim().split(/\s+/).filter(Boolean).slice(0, 8);
  const clauses: string[] = [];
  const terms: string[] = [];
  for (const group of groups) {
    const alternatives = expandSynonyms(group);
    terms.push(...alternatives, ...alternatives.flatMap(words));
    const queries = [...new Set(alternatives.map(phraseQuery).filter((x): x is string => x !== null))];
    if (queries.length) clauses.push(`(${queries.map((x) => `(${x})`).join(' | ')})`);
  }
  return { tsquery: clauses.length ? clauses.join(' & ') : null, terms };
}

/**
 * The default adapter: PostgreSQL full-text search over app-segmented Chinese. A query with no exact match
 * falls back to any of its bigrams and words, closest first (the most of them, in the heaviest fields).
 * Fast before any cache: a search is one statement (see postgres-search-sql.ts) that reads a bounded number
 * of rows whatever it matches. For relevance, ts_rank orders every match of a narrow query and the first
 * RANK_CANDIDATES (at least the bound) of a broad one; a broad query in a static order (price, newest)
 * reads its page through that order's index. Total and facet counts are exact up to
 * SEARCH_EXACT_COUNT_BOUND matches and estimated above it (`approximate`).
 * Answers are then cached briefly (`cacheTtlMs`, 15 s by default, 0 = off; see search-cache.ts). A change
 * through this process clears the cache when it commits; another replica's change shows within two TTLs.
 */
/** Product rows above which a text query's plan is checked for a sequential scan (see run). */
const SEQSCAN_CHECK_ROWS = 5000;

export function postgresSearch(
  db: Db,
  opts: { cacheTtlMs?: number; cacheBytes?: number; exactCountBound?: number } = {},
): SearchPort & { cacheCounts(): { hits: number; misses: number; entries: number; bytes: number } } {
  const bound = opts.exactCountBound ?? SEARCH_EXACT_COUNT_BOUND;
  const {
    cached,
    clear: clearCache,
    counts,
  } = searchCache((query) => search(query), opts.cacheTtlMs ?? 15_000, opts.cacheBytes ?? 128 * 2 ** 20);
  const row = (doc: SearchDocument) => {
    const nameText = `${doc.brand} ${doc.model} ${doc.name}`;
    return {
      listingId: doc.listingId,
      productId: doc.productId,
      supplierId: doc.supplierId,
      categoryCode: doc.categoryCode,
      categoryPath: doc.categoryPath,
      brand: doc.brand,
      model: doc.model,
      name: doc.name,
      supplierName: doc.supplierName,
      sizeClass: doc.sizeClass,
      deliveryRegions: doc.deliveryRegions,
      green: doc.green,
      priceFen: doc.priceFen,
      leadTimeDays: doc.leadTimeDays,
      activatedAt: doc.activatedAt,
      searchText: `${nameText} ${doc.categoryName} ${doc.supplierName}`.toLowerCase(),
      tsv: sql`setweight(array_to_tsvector(${textArray(documentLexemes(nameText))}), 'A')
        || setweight(array_to_tsvector(${textArray(documentLexemes(doc.categoryName))}), 'B')
        || setweight(array_to_tsvector(${textArray(documentLexemes(`${doc.specsText} ${doc.supplierName}`))}), 'C')` as unknown as string,
    };
  };

  /**
   * Rebuilds the products' search rows from their offers (all when null), each product's lock taken
   * first in a fixed order (a bulk load locks the table), so concurrent changes to one product's offers
   * are each counted: the refresh statement's snapshot is taken after the lock is granted.
   */
  async function refreshProducts(tx: Tx, productIds: string[] | null) {
    if (productIds && productIds.length <= 50) {
      if (productIds.length === 0) return;
      productIds = [...new Set(productIds)].sort();
      for (const id of productIds) await tx.execute(refreshLock(id));
    } else {
      // A bulk load waits for every uncommitted refresh and holds later ones back until it commits.
      await tx.execute(sql`lock table ${searchProducts} in exclusive mode`);
    }
    await tx.execute(refreshProductsStatement(productIds));
  }

  async function search(query: SearchQuery): Promise<SearchResult> {
    const q = query.q?.trim() ?? '';
    const { tsquery, terms } = q ? buildTsQuery(q) : { tsquery: null, terms: [] as string[] };
    const filters = filtersOf(query);
    const whereOf = (text: string | null) => sql.join([text ? sql`p.tsv @@ ${text}::tsquery` : sql`true`, ...filters], sql` and `);

    let fuzzy = false;
    let found = await run(query, whereOf(tsquery), tsquery ? sql`ts_rank(p.tsv, ${tsquery}::tsquery)` : null, tsquery !== null);
    const loose = found.total === 0 && q && query.page === 1 ? anyTermQuery(q) : null;
    if (loose) {
      const closest = await run(query, whereOf(loose), sql`ts_rank(p.tsv, ${loose}::tsquery)`, true);
      if (closest.total > 0) [found, fuzzy] = [closest, closest.rows.length > 0];
    }
    return {
      hits: found.rows.map((h) => ({
        listingId: String(h.listing_id),
        offers: Number(h.matching_offers),
        productId: String(h.product_id),
        supplierId: String(h.supplier_id),
        supplierName: String(h.supplier_name),
        sizeClass: String(h.size_class),
        categoryCode: String(h.category_code),
        brand: String(h.brand),
        model: String(h.model),
        name: String(h.name),
        highlight: highlight(String(h.name), terms),
        priceFen: Number(h.price_fen),
        leadTimeDays: Number(h.lead_time_days),
        deliveryRegions: h.delivery_regions as string[],
        green: h.green as string[],
      })),
      total: found.total,
      page: query.page,
      pageSize: query.pageSize,
      facets: found.facets,
      fuzzy,
      approximate: found.approximate,
    };
  }

  const emptyFacets = () => ({ category: [], brand: [], region: [], green: [], size: [], price: [] });

  /**
   * One search statement (searchStatement): the page of hits, and total and every facet's counts over at
   * most SEARCH_EXACT_COUNT_BOUND + 1 matching products — exact when that is all of them; otherwise the
   * total is the planner's estimate (at least the bound) and each count is scaled from those rows, marked
   * approximate. A region's count is what filtering by that region finds — products with an offer
   * delivering there, to its whole province or nationwide.
   *
   * On a large product table (over SEQSCAN_CHECK_ROWS) the plan of a text query is asked first (planning
   * only): whether the planner means to find the first matches by a sequential scan. It underprices
   * testing `@@` on each row it reads, so when the matches are not so many that a sequential scan meets
   * them quickly (fewer than √(10,000 · rows)), the statement runs with sequential scans off and the text
   * index finds them. Below that size a sequential scan costs no more than the index (measured at 2,000
   * products: 19–23 ms vs 19–24 ms under load, same statement), and the extra round trips are skipped.
   */
  async function run(query: SearchQuery, where: SQL, rank: SQL | null, text: boolean) {
    const rows = await tableRows();
    const planned = text && rows > SEQSCAN_CHECK_ROWS ? await plan(where) : null;
    // Over a large table the words decide the plan: each search is planned for its own (a generic plan
    // measured slower at 1M listings, p99 276 vs 258 ms). On a small one the plan is a scan of the table
    // whatever the words, and the statement is served from its generic plan once prepared (db/prepared-statements.ts):
    // ~1.5 ms of planning saved per search (302 → 349 searches/s, p99 107 → 92 ms at 2,000 products).
    const own = searchStatement(query, where, rank, bound);
    const statement = rows <= SEQSCAN_CHECK_ROWS ? own : sql`${sql.raw(PLAN_EACH_TIME)} ${own}`;
    type Row = { n: number; facets: [string, string, number][] | string; hits: Record<string, unknown>[] | string };
    const forceIndex = planned !== null && planned.seqScan && planned.matches < Math.sqrt(10_000 * rows);
    const r = forceIndex
      ? await db.transaction(async (tx) => {
          await tx.execute(sql`set local enable_seqscan = off`);
          return tx.execute<Row>(statement);
        })
      : await db.execute<Row>(statement);
    const row = r.rows[0]!;
    const parsed = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
    const seen = Number(row.n);
    const total = seen > bound ? Math.max(seen, (planned ?? (await plan(where))).matches) : seen;
    // Offer facets under an offer filter are counted over the offers of the first OFFER_FACET_PRODUCTS products.
    const offerSample = offerFiltersOf(query).length ? Math.min(seen, OFFER_FACET_PRODUCTS) : seen;
    const approximate = seen > bound || offerSample < seen;
    const scale = (n: number, of: number) => (of < total ? Math.max(1, Math.round((n * total) / of)) : n);
    const facets: SearchResult['facets'] = emptyFacets();
    for (const [facet, value, n] of parsed(row.facets)) {
      const of = facet === 'category' || facet === 'brand' ? seen : offerSample;
      (facets[facet as keyof SearchResult['facets']] as FacetCount[]).push({ value, count: scale(Number(n), Math.min(of, seen)) });
    }
    for (const list of Object.values(facets)) list.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    return { rows: parsed(row.hits), total, approximate, facets };
  }

  type PlanNode = { 'Node Type': string; 'Plan Rows': number; Plans?: PlanNode[] };

  /** The planner's row estimate for the matches (what 约 N shows above the bound) and how it would find the first ones. */
  async function plan(where: SQL): Promise<{ matches: number; seqScan: boolean }> {
    const r = await db.execute<{ 'QUERY PLAN': unknown }>(
      sql`${sql.raw(PLAN_EACH_TIME)} explain (format json) select 1 from ${searchProducts} p where ${where} limit ${bound + 1}`,
    );
    const raw = r.rows[0]?.['QUERY PLAN'];
    const limit = ((typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[])[0]?.Plan;
    const scan = limit?.Plans?.[0] ?? limit;
    return { matches: Math.round(scan?.['Plan Rows'] ?? 0), seqScan: scan?.['Node Type'] === 'Seq Scan' };
  }

  let known = { at: 0, rows: 0 };
  /** The index's row count as the planner has it (pg_class.reltuples), re-read once a minute. */
  async function tableRows(): Promise<number> {
    if (Date.now() - known.at < 60_000) return known.rows;
    const r = await db.execute<{ n: number }>(
      sql`select greatest(reltuples, 0)::float8 as n from pg_class where oid = ${'jicai.search_products'}::regclass`,
    );
    known = { at: Date.now(), rows: Number(r.rows[0]?.n ?? 0) };
    return known.rows;
  }

  return {
    backend: 'postgres',
    async health() {
      try {
        await db.execute(sql`select 1 from ${searchListings} limit 1`);
        return { status: 'ok', backend: 'postgres' };
      } catch (error) {
        return { status: 'down', backend: 'postgres', error: error instanceof Error ? error.message : String(error) };
      }
    },
    async sync(tx, afterCommit, listingId, doc) {
      afterCommit(clearCache);
      if (!doc) {
        const gone = await tx
          .delete(searchListings)
          .where(sql`listing_id = ${listingId}`)
          .returning({ productId: searchListings.productId });
        await refreshProducts(
          tx,
          gone.map((g) => g.productId),
        );
        return;
      }
      const values = row(doc);
      await tx.insert(searchListings).values(values).onConflictDoUpdate({ target: searchListings.listingId, set: values });
      await refreshProducts(tx, [doc.productId]);
    },
    async apply(listingId, doc) {
      await db.transaction((tx) => this.sync(tx, () => undefined, listingId, doc));
      clearCache();
    },
    async load(docs, opts) {
      clearCache();
      await db.transaction(async (tx) => {
        if (opts.replace) await tx.delete(searchListings);
        const products = new Set<string>();
        for (let i = 0; i < docs.length; i += 500) {
          const batch = docs.slice(i, i + 500);
          const gone = await tx
            .delete(searchListings)
            .where(
              inArray(
                searchListings.listingId,
                batch.map((d) => d.listingId),
              ),
            )
            .returning({ productId: searchListings.productId });
          for (const g of gone) products.add(g.productId);
          for (const d of batch) products.add(d.productId);
          await tx.insert(searchListings).values(batch.map(row));
        }
        await refreshProducts(tx, opts.replace ? null : [...products]);
      });
      clearCache();
    },
    search: cached,
    cacheCounts: counts,
    async close() {},
  };
}

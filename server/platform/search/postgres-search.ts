import { inArray, sql, type SQL } from 'drizzle-orm';
import { textArray } from '../../db/columns.ts';
import type { Db } from '../../db/client.ts';
import { searchListings } from '../../db/schema/search.ts';
import { highlight } from './highlight.ts';
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

export const PRICE_BANDS = [
  { key: '0-1000', min: 0, max: 100_000 },
  { key: '1000-3000', min: 100_000, max: 300_000 },
  { key: '3000-5000', min: 300_000, max: 500_000 },
  { key: '5000-10000', min: 500_000, max: 1_000_000 },
  { key: '10000-50000', min: 1_000_000, max: 5_000_000 },
  { key: '50000+', min: 5_000_000, max: Number.MAX_SAFE_INTEGER },
] as const;

/** The query as tsquery text: every whitespace-separated term must match, as itself or a synonym. */
export function buildTsQuery(q: string): { tsquery: string | null; terms: string[] } {
  const groups = q.trim().split(/\s+/).filter(Boolean).slice(0, 8);
  const clauses: string[] = [];
  const terms: string[] = [];
  for (const group of groups) {
    const alternatives = expandSynonyms(group);
    terms.push(...alternatives, ...alternatives.flatMap(words));
    const queries = alternatives.map(phraseQuery).filter((x): x is string => x !== null);
    if (queries.length) clauses.push(`(${queries.map((x) => `(${x})`).join(' | ')})`);
  }
  return { tsquery: clauses.length ? clauses.join(' & ') : null, terms };
}

const regionMatch = (region: string) => {
  const province = `${region.slice(0, 2)}0000`;
  return [...new Set([region, province, '000000'])];
};

/** Relevance ranks at most this many matches of a broad query, enough for every page a person reads. */
const RANK_CANDIDATES = 400;

/**
 * The default adapter: PostgreSQL full-text search over app-segmented Chinese, pg_trgm for fuzzy ranking.
 * Fast before any cache: a search reads a bounded number of rows whatever it matches. Hits come through
 * an index in the order asked for (price, newest: the static orders), or, for relevance, ts_rank orders
 * every match of a narrow query and a bounded RANK_CANDIDATES of a broad one; total and facet
 * counts are exact up to SEARCH_EXACT_COUNT_BOUND matches and estimated above it (`approximate`).
 * Answers are then cached briefly (`cacheTtlMs`, 15 s by default, 0 = off; see search-cache.ts). A change
 * through this process clears the cache when it commits; another replica's change shows within two TTLs.
 */
export function postgresSearch(
  db: Db,
  opts: { cacheTtlMs?: number; cacheEntries?: number; exactCountBound?: number } = {},
): SearchPort & { cacheCounts(): { hits: number; misses: number } } {
  const bound = opts.exactCountBound ?? SEARCH_EXACT_COUNT_BOUND;
  const { cached, clear: clearCache, counts } = searchCache((query) => search(query), opts.cacheTtlMs ?? 15_000, opts.cacheEntries ?? 1000);
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

  async function search(query: SearchQuery): Promise<SearchResult> {
    const q = query.q?.trim() ?? '';
    const { tsquery, terms } = q ? buildTsQuery(q) : { tsquery: null, terms: [] as string[] };
    const filters = filtersOf(query);
    const whereOf = (text: string | null) => sql.join([text ? sql`tsv @@ ${text}::tsquery` : sql`true`, ...filters], sql` and `);

    let fuzzy = false;
    // Counting first is bounded and tells whether the query is broad (more matches than the bound).
    let counted = await countsOf(whereOf(tsquery));
    let rows =
      counted.total > 0
        ? await hitsOf(query, whereOf(tsquery), tsquery ? sql`ts_rank(tsv, ${tsquery}::tsquery)` : null, counted.approximate)
        : [];
    const loose = rows.length === 0 && counted.total === 0 && q && query.page === 1 ? anyTermQuery(q) : null;
    if (loose) {
      const looseCounted = await countsOf(whereOf(loose));
      if (looseCounted.total > 0) {
        rows = await hitsOf(query, whereOf(loose), sql`similarity(search_text, ${q.toLowerCase()})`, looseCounted.approximate);
        [counted, fuzzy] = [looseCounted, rows.length > 0];
      }
    }
    return {
      hits: rows.map((h) => ({
        listingId: String(h.listing_id),
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
      total: counted.total,
      page: query.page,
      pageSize: query.pageSize,
      facets: counted.facets,
      fuzzy,
      approximate: counted.approximate,
    };
  }

  function filtersOf(query: SearchQuery): SQL[] {
    const filters: SQL[] = [];
    if (query.category) filters.push(sql`category_path @> array[${query.category}]::text[]`);
    if (query.brand?.length) filters.push(sql`brand = any(${textArray(query.brand)})`);
    if (query.region) filters.push(sql`delivery_regions && ${textArray(regionMatch(query.region))}`);
    if (query.green?.length) filters.push(sql`green @> ${textArray(query.green)}`);
    if (query.size?.length) filters.push(sql`size_class = any(${textArray(query.size)})`);
    const band = PRICE_BANDS.find((b) => b.key === query.price);
    if (band) filters.push(sql`price_fen >= ${band.min} and price_fen < ${band.max}`);
    return filters;
  }

  /**
   * One page of hits. Price and newest orders walk their index and stop at the page. Relevance ranks
   * every match of a narrow query (at most the exact-count bound); of a broad one, only the first
   * RANK_CANDIDATES matches the index scan meets (enough for any page shown), so that its work is bounded.
   */
  async function hitsOf(query: SearchQuery, where: SQL, rank: SQL | null, broad: boolean) {
    const offset = (query.page - 1) * query.pageSize;
    const columns = sql`listing_id, product_id, supplier_id, supplier_name, size_class, category_code, brand, model, name,
               price_fen, lead_time_days, delivery_regions, green`;
    const page = sql`limit ${query.pageSize} offset ${offset}`;
    if (query.sort !== 'relevance' || !rank) {
      const order =
        query.sort === 'price_asc'
          ? sql`price_fen asc, listing_id`
          : query.sort === 'price_desc'
            ? sql`price_fen desc, listing_id desc`
            : sql`activated_at desc, listing_id desc`;
      return (
        await db.execute<Record<string, unknown>>(sql`select ${columns} from ${searchListings} where ${where} order by ${order} ${page}`)
      ).rows;
    }
    const candidates = Math.max(RANK_CANDIDATES, offset + query.pageSize);
    // Narrow rows are ranked; the page's 20 are then read whole by primary key.
    const r = await db.execute<Record<string, unknown>>(sql`
      with ranked as (
        select listing_id, ${rank} as rank, price_fen from (
          select listing_id, tsv, search_text, price_fen from ${searchListings} where ${where} ${broad ? sql`limit ${candidates}` : sql``}
        ) c order by rank desc, price_fen asc, listing_id ${page})
      select ${columns} from ranked join ${searchListings} using (listing_id, price_fen) order by ranked.rank desc, price_fen asc, listing_id`);
    return r.rows;
  }

  const emptyFacets = () => ({ category: [], brand: [], region: [], green: [], size: [], price: [] });

  /**
   * Total and every facet's counts in one pass over at most SEARCH_EXACT_COUNT_BOUND + 1 matching rows:
   * exact when that is all of them; otherwise the total is the planner's estimate (at least the bound)
   * and each count is scaled from those rows, marked approximate. A region's count is what filtering by
   * that region finds — listings delivering there, to its whole province or nationwide.
   */
  async function countsOf(where: SQL): Promise<{ total: number; approximate: boolean; facets: SearchResult['facets'] }> {
    const bandCase = sql.raw(`case ${PRICE_BANDS.map((b) => `when price_fen < ${b.max} then '${b.key}'`).join(' ')} end`);
    const r = await db.execute<{ facet: string; value: string; n: number }>(sql`
      with m as materialized (select category_path, brand, delivery_regions, green, size_class, price_fen
                               from ${searchListings} where ${where} limit ${bound + 1})
      select 'total' as facet, '' as value, count(*)::int as n from m
      union all select 'category', c, count(*)::int from m, unnest(category_path) c group by c
      union all select 'brand', brand, count(*)::int from m group by brand
      union all select 'region', v.r, sum(g.n)::int
        from (select delivery_regions, count(*) as n from m group by delivery_regions) g
        join (select distinct unnest(delivery_regions) as r from m) v on g.delivery_regions && array[v.r, substr(v.r, 1, 2) || '0000', '000000']
       group by v.r
      union all select 'green', g, count(*)::int from m, unnest(green) g group by g
      union all select 'size', size_class, count(*)::int from m group by size_class
      union all select 'price', ${bandCase}, count(*)::int from m group by 2`);
    const seen = Number(r.rows.find((f) => f.facet === 'total')?.n ?? 0);
    const approximate = seen > bound;
    const total = approximate ? Math.max(seen, await estimate(where)) : seen;
    const scale = (n: number) => (approximate ? Math.max(1, Math.round((n * total) / seen)) : n);
    const facets: SearchResult['facets'] = emptyFacets();
    for (const f of r.rows)
      if (f.facet !== 'total')
        (facets[f.facet as keyof SearchResult['facets']] as FacetCount[]).push({ value: f.value, count: scale(Number(f.n)) });
    for (const list of Object.values(facets)) list.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    return { total, approximate, facets };
  }

  /** The planner's row estimate for the matches: what 约 N shows above the exact-count bound. */
  async function estimate(where: SQL): Promise<number> {
    const r = await db.execute<{ 'QUERY PLAN': unknown }>(sql`explain (format json) select 1 from ${searchListings} where ${where}`);
    const raw = r.rows[0]?.['QUERY PLAN'];
    const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: { 'Plan Rows': number } }[];
    return Math.round(plan[0]?.Plan['Plan Rows'] ?? 0);
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
        await tx.delete(searchListings).where(sql`listing_id = ${listingId}`);
        return;
      }
      const values = row(doc);
      await tx.insert(searchListings).values(values).onConflictDoUpdate({ target: searchListings.listingId, set: values });
    },
    async apply(listingId, doc) {
      await db.transaction((tx) => this.sync(tx, () => undefined, listingId, doc));
      clearCache();
    },
    async load(docs, opts) {
      clearCache();
      await db.transaction(async (tx) => {
        if (opts.replace) await tx.delete(searchListings);
        for (let i = 0; i < docs.length; i += 500) {
          const batch = docs.slice(i, i + 500);
          await tx.delete(searchListings).where(
            inArray(
              searchListings.listingId,
              batch.map((d) => d.listingId),
            ),
          );
          await tx.insert(searchListings).values(batch.map(row));
        }
      });
      clearCache();
    },
    search: cached,
    cacheCounts: counts,
    async close() {},
  };
}

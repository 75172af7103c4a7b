import { inArray, sql, type SQL } from 'drizzle-orm';
import { textArray } from '../../db/columns.ts';
import type { Db } from '../../db/client.ts';
import { searchListings } from '../../db/schema/search.ts';
import { highlight } from './highlight.ts';
import type { FacetCount, SearchDocument, SearchPort, SearchQuery, SearchResult } from './search-port.ts';
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

/**
 * The default adapter: PostgreSQL full-text search over app-segmented Chinese, pg_trgm for fuzzy ranking.
 * Answers are cached briefly (`cacheTtlMs`, 15 s by default). A fresh answer is served as is; one up
 * to a second TTL older is served while a single refresh runs behind it (stale-while-revalidate), so a
 * popular query never waits for its SQL once warm, and concurrent misses of one query share one run.
 * A change through this process clears the cache when it commits (a refresh started before it is not
 * stored); another API replica's change shows here within two TTLs.
 */
export function postgresSearch(db: Db, opts: { cacheTtlMs?: number; cacheEntries?: number } = {}): SearchPort {
  const ttl = opts.cacheTtlMs ?? 15_000;
  const maxEntries = opts.cacheEntries ?? 1000;
  const cache = new Map<string, { at: number; result: SearchResult }>();
  const inflight = new Map<string, Promise<SearchResult>>();
  let generation = 0;
  const clearCache = () => {
    generation++;
    cache.clear();
    inflight.clear();
  };
  const refresh = (key: string, query: SearchQuery): Promise<SearchResult> => {
    const running = inflight.get(key);
    if (running) return running;
    const startedIn = generation;
    const run = search(query).then(
      (result) => {
        if (startedIn === generation) {
          cache.delete(key);
          cache.set(key, { at: Date.now(), result });
          if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
          inflight.delete(key);
        }
        return result;
      },
      (error: unknown) => {
        if (startedIn === generation) inflight.delete(key);
        throw error;
      },
    );
    inflight.set(key, run);
    return run;
  };
  const cached = async (query: SearchQuery): Promise<SearchResult> => {
    if (ttl <= 0) return search(query);
    const key = JSON.stringify(query);
    const hit = cache.get(key);
    const age = hit ? Date.now() - hit.at : Infinity;
    if (hit && age < ttl) {
      cache.delete(key);
      cache.set(key, hit);
      return hit.result;
    }
    if (hit && age < 2 * ttl) {
      // Served now; the refresh's failure shows on the next miss, not here.
      refresh(key, query).catch(() => undefined);
      return hit.result;
    }
    return refresh(key, query);
  };
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
    const filters: SQL[] = [];
    if (query.category) filters.push(sql`category_path @> array[${query.category}]::text[]`);
    if (query.brand?.length) filters.push(sql`brand = any(${textArray(query.brand)})`);
    if (query.region) filters.push(sql`delivery_regions && ${textArray(regionMatch(query.region))}`);
    if (query.green?.length) filters.push(sql`green @> ${textArray(query.green)}`);
    if (query.size?.length) filters.push(sql`size_class = any(${textArray(query.size)})`);
    const band = PRICE_BANDS.find((b) => b.key === query.price);
    if (band) filters.push(sql`price_fen >= ${band.min} and price_fen < ${band.max}`);

    const run = async (text: string | null, fuzzy: boolean) => {
      const match = text ? sql`tsv @@ ${text}::tsquery` : sql`true`;
      const where = sql.join([match, ...filters], sql` and `);
      const rank = text ? (fuzzy ? sql`similarity(search_text, ${q.toLowerCase()})` : sql`ts_rank(tsv, ${text}::tsquery)`) : sql`0`;
      const order =
        query.sort === 'price_asc'
          ? sql`price_fen asc, listing_id`
          : query.sort === 'price_desc'
            ? sql`price_fen desc, listing_id`
            : query.sort === 'newest' || !text
              ? sql`activated_at desc, listing_id`
              : sql`rank desc, price_fen asc, listing_id`;
      const hits = await db.execute<Record<string, unknown>>(sql`
        select listing_id, product_id, supplier_id, supplier_name, size_class, category_code, brand, model, name,
               price_fen, lead_time_days, delivery_regions, green, ${rank} as rank, count(*) over () as total
        from ${searchListings} where ${where}
        order by ${order}
        limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`);
      return { hits: hits.rows, where };
    };

    let fuzzy = false;
    let result = await run(tsquery, false);
    if (result.hits.length === 0 && q && query.page === 1) {
      const loose = anyTermQuery(q);
      if (loose) {
        const attempt = await run(loose, true);
        if (attempt.hits.length > 0) {
          result = attempt;
          fuzzy = true;
        }
      }
    }
    const firstTotal = Number(result.hits[0]?.total ?? 0);
    const total = result.hits.length > 0 ? firstTotal : await countOf(result.where);
    const facets = total > 0 ? await facetsOf(result.where) : emptyFacets();
    return {
      hits: result.hits.map((h) => ({
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
      total,
      page: query.page,
      pageSize: query.pageSize,
      facets,
      fuzzy,
    };
  }

  async function countOf(where: SQL) {
    const r = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${searchListings} where ${where}`);
    return Number(r.rows[0]?.n ?? 0);
  }

  const emptyFacets = () => ({ category: [], brand: [], region: [], green: [], size: [], price: [] });

  /**
   * Every facet's counts in one pass over the matching rows. A region's count is what filtering by that
   * region finds — listings delivering there, to its whole province or nationwide — counted over the
   * few distinct delivery lists rather than row by row.
   */
  async function facetsOf(where: SQL): Promise<SearchResult['facets']> {
    const bandCase = sql.raw(`case ${PRICE_BANDS.map((b) => `when price_fen < ${b.max} then '${b.key}'`).join(' ')} end`);
    const r = await db.execute<{ facet: string; value: string; n: number }>(sql`
      with m as (select category_path, brand, delivery_regions, green, size_class, price_fen from ${searchListings} where ${where})
      select 'category' as facet, c as value, count(*)::int as n from m, unnest(category_path) c group by c
      union all select 'brand', brand, count(*)::int from m group by brand
      union all select 'region', v.r, sum(g.n)::int
        from (select delivery_regions, count(*) as n from m group by delivery_regions) g
        join (select distinct unnest(delivery_regions) as r from m) v on g.delivery_regions && array[v.r, substr(v.r, 1, 2) || '0000', '000000']
       group by v.r
      union all select 'green', g, count(*)::int from m, unnest(green) g group by g
      union all select 'size', size_class, count(*)::int from m group by size_class
      union all select 'price', ${bandCase}, count(*)::int from m group by 2`);
    const facets: SearchResult['facets'] = emptyFacets();
    for (const f of r.rows) (facets[f.facet as keyof SearchResult['facets']] as FacetCount[]).push({ value: f.value, count: Number(f.n) });
    for (const list of Object.values(facets)) list.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    return facets;
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
    async close() {},
  };
}

import { sql, type SQL } from 'drizzle-orm';
import { textArray } from '../../db/columns.ts';
import { searchListings } from '../../db/schema/search.ts';
import type { SearchQuery } from './search-port.ts';

export const PRICE_BANDS = [
  { key: '0-1000', min: 0, max: 100_000 },
  { key: '1000-3000', min: 100_000, max: 300_000 },
  { key: '3000-5000', min: 300_000, max: 500_000 },
  { key: '5000-10000', min: 500_000, max: 1_000_000 },
  { key: '10000-50000', min: 1_000_000, max: 5_000_000 },
  { key: '50000+', min: 5_000_000, max: Number.MAX_SAFE_INTEGER },
] as const;

/** Relevance ranks at least this many matches of a broad query, enough for every page a person reads. */
export const RANK_CANDIDATES = 400;

const regionMatch = (region: string) => {
  const province = `${region.slice(0, 2)}0000`;
  return [...new Set([region, province, '000000'])];
};

/** The filters of a query as SQL conditions on search_listings. */
export function filtersOf(query: SearchQuery): SQL[] {
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

/** What a hit shows, read by primary key for the page's rows only. */
const hitColumns = sql.raw(`listing_id, product_id, supplier_id, supplier_name, size_class, category_code, brand, model, name,
  price_fen, lead_time_days, delivery_regions, green, activated_at`);
/** What counting, facets and ordering need of every candidate. */
const candidateColumns = sql.raw('listing_id, category_path, brand, delivery_regions, green, size_class, price_fen, activated_at');

function orderOf(sort: SearchQuery['sort'], ranked: boolean): SQL {
  if (sort === 'relevance' && ranked) return sql.raw('rank desc, price_fen asc, listing_id');
  if (sort === 'price_asc') return sql.raw('price_fen asc, listing_id');
  if (sort === 'price_desc') return sql.raw('price_fen desc, listing_id desc');
  return sql.raw('activated_at desc, listing_id desc');
}

const bandCase = `case ${PRICE_BANDS.map((b) => `when price_fen < ${b.max} then '${b.key}'`).join(' ')} end`;

/**
 * Every facet's counts over the rows of `mb`, as [facet, value, n]. Arrays are grouped before they are
 * unnested (few distinct arrays), and a region counts the groups that deliver there, to its province or
 * nationwide: what filtering by that region finds.
 */
const facetsOver = sql.raw(`
  select 'category' as facet, c as value, sum(g.n)::int as n
    from (select category_path, count(*) as n from mb group by category_path) g, unnest(g.category_path) c group by c
  union all select 'brand', brand, count(*)::int from mb group by brand
  union all select 'region', v.r, sum(g.n)::int
    from (select delivery_regions, count(*) as n from mb group by delivery_regions) g
    join (select distinct unnest(delivery_regions) as r from mb) v on g.delivery_regions && array[v.r, substr(v.r, 1, 2) || '0000', '000000']
   group by v.r
  union all select 'green', x, sum(g.n)::int from (select green, count(*) as n from mb group by green) g, unnest(g.green) x group by x
  union all select 'size', size_class, count(*)::int from mb group by size_class
  union all select 'price', ${bandCase}, count(*)::int from mb group by 2`);

/**
 * A whole search in one statement, one scan of the text index: `m` holds the first matches the index
 * scan meets (at most the bound + 1, or the relevance candidates when more), counted and faceted over its
 * first bound + 1 rows. The page comes from `m` when `m` holds every match (a narrow query) or when the
 * order is relevance (the candidates are ranked); a broad query in a static order (price, newest) walks
 * that order's index instead and stops at the page. PostgreSQL runs only the branch the count selects
 * (a one-time filter on an InitPlan).
 */
export function searchStatement(query: SearchQuery, where: SQL, rank: SQL | null, bound: number): SQL {
  const offset = (query.page - 1) * query.pageSize;
  const ranked = query.sort === 'relevance' && rank !== null;
  const limit = ranked ? Math.max(bound + 1, RANK_CANDIDATES, offset + query.pageSize) : bound + 1;
  const order = orderOf(query.sort, ranked);
  const page = sql`limit ${query.pageSize} offset ${offset}`;
  const fromM = sql`select listing_id, rank from m order by ${order} ${page}`;
  const ids = ranked
    ? fromM
    : sql`select * from (${fromM}) narrow where (select n from c) <= ${bound}
          union all
          select * from (select listing_id, 0::real as rank from ${searchListings} where ${where} order by ${order} ${page}) broad
           where (select n from c) > ${bound}`;
  return sql`
    with m as materialized (
      select ${candidateColumns}, ${ranked ? rank : sql`0`}::real as rank from ${searchListings} where ${where} limit ${limit}),
    mb as ${limit > bound + 1 ? sql`(select * from m limit ${bound + 1})` : sql`not materialized (select * from m)`},
    c as (select count(*)::int as n from mb),
    f as (${facetsOver}),
    p as (${ids}),
    h as (select ${hitColumns}, p.rank from p join ${searchListings} using (listing_id))
    select (select n from c) as n,
           (select coalesce(json_agg(json_build_array(facet, value, n)), '[]') from f) as facets,
           (select coalesce(json_agg(h order by ${order}), '[]') from h) as hits`;
}

import { sql, type SQL } from 'drizzle-orm';
import { textArray } from '../../db/columns.ts';
import { searchListings, searchProducts } from '../../db/schema/search.ts';
import type { SearchQuery } from './search-port.ts';

export const PRICE_BANDS = [
  { key: '0-1000', min: 0, max: 100_000 },
  { key: '1000-3000', min: 100_000, max: 300_000 },
  { key: '3000-5000', min: 300_000, max: 500_000 },
  { key: '5000-10000', min: 500_000, max: 1_000_000 },
  { key: '10000-50000', min: 1_000_000, max: 5_000_000 },
  { key: '50000+', min: 5_000_000, max: Number.MAX_SAFE_INTEGER },
] as const;

/** Relevance ranks at least this many matching products of a broad query, enough for every page a person reads. */
export const RANK_CANDIDATES = 400;

/**
 * With a filter on an offer's attributes (region, certificate, size, price), the offer facets are counted
 * over the offers of at most this many matching products (exact below it, scaled and marked 约 above).
 */
export const OFFER_FACET_PRODUCTS = 25;

const regionMatch = (region: string) => {
  const province = `${region.slice(0, 2)}0000`;
  return [...new Set([region, province, '000000'])];
};

const bandOf = (column: string) => `case ${PRICE_BANDS.map((b) => `when ${column} < ${b.max} then '${b.key}'`).join(' ')} end`;

/**
 * A query's filters on one offer (search_listings row, alias `l`): the conditions an offer must meet
 * together. Category and brand belong to the product and are not here.
 */
export function offerFiltersOf(query: SearchQuery): SQL[] {
  const filters: SQL[] = [];
  if (query.region) filters.push(sql`l.delivery_regions && ${textArray(regionMatch(query.region))}`);
  if (query.green?.length) filters.push(sql`l.green @> ${textArray(query.green)}`);
  if (query.size?.length) filters.push(sql`l.size_class = any(${textArray(query.size)})`);
  const band = PRICE_BANDS.find((b) => b.key === query.price);
  if (band) filters.push(sql`l.price_fen >= ${band.min} and l.price_fen < ${band.max}`);
  return filters;
}

/**
 * The filters of a query as SQL conditions on search_products (alias `p`). One offer filter is exact on
 * the product's aggregates (some offer has it); two or more must hold for one offer together, which an
 * EXISTS over the product's offers decides after the aggregates have narrowed the products.
 */
export function filtersOf(query: SearchQuery): SQL[] {
  const filters: SQL[] = [];
  if (query.category) filters.push(sql`p.category_path @> array[${query.category}]::text[]`);
  if (query.brand?.length) filters.push(sql`p.brand = any(${textArray(query.brand)})`);
  if (query.region) filters.push(sql`p.delivery_regions && ${textArray(regionMatch(query.region))}`);
  if (query.green?.length) filters.push(sql`p.green @> ${textArray(query.green)}`);
  if (query.size?.length) filters.push(sql`p.size_classes && ${textArray(query.size)}`);
  if (query.price) filters.push(sql`p.price_bands @> array[${query.price}]::text[]`);
  const offer = offerFiltersOf(query);
  if (offer.length > 1)
    filters.push(sql`exists (select 1 from ${searchListings} l where l.product_id = p.product_id and ${sql.join(offer, sql` and `)})`);
  return filters;
}

/** What counting, facets and ordering need of every candidate product. */
const candidateColumns = sql.raw(
  'p.product_id, p.category_path, p.brand, p.delivery_regions, p.green, p.size_classes, p.price_bands, p.min_price_fen, p.activated_at',
);

function orderOf(sort: SearchQuery['sort'], ranked: boolean): SQL {
  if (sort === 'relevance' && ranked) return sql.raw('rank desc, min_price_fen asc, product_id');
  if (sort === 'price_asc') return sql.raw('min_price_fen asc, product_id');
  if (sort === 'price_desc') return sql.raw('min_price_fen desc, product_id desc');
  return sql.raw('activated_at desc, product_id desc');
}

/**
 * Every facet's counts over the products of `mb`, as [facet, value, n]. Arrays are grouped before they
 * are unnested (few distinct arrays), and a region counts the products that deliver there, to its
 * province or nationwide: what filtering by that region finds.
 */
const productFacets = sql.raw(`
  select 'category' as facet, c as value, sum(g.n)::int as n
    from (select category_path, count(*) as n from mb group by category_path) g, unnest(g.category_path) c group by c
  union all select 'brand', brand, count(*)::int from mb group by brand
  union all select 'region', v.r, sum(g.n)::int
    from (select delivery_regions, count(*) as n from mb group by delivery_regions) g
    join (select distinct unnest(delivery_regions) as r from mb) v on g.delivery_regions && array[v.r, substr(v.r, 1, 2) || '0000', '000000']
   group by v.r
  union all select 'green', x, sum(g.n)::int from (select green, count(*) as n from mb group by green) g, unnest(g.green) x group by x
  union all select 'size', x, sum(g.n)::int from (select size_classes, count(*) as n from mb group by size_classes) g, unnest(g.size_classes) x group by x
  union all select 'price', x, sum(g.n)::int from (select price_bands, count(*) as n from mb group by price_bands) g, unnest(g.price_bands) x group by x`);

/**
 * With offer filters, a product's offer facets count the products that have an offer meeting every
 * filter and that value (choosing the value yields the count), over the offers of the first
 * OFFER_FACET_PRODUCTS products (`ml`, scaled by the caller above that). [facet, value, n, sampled products].
 */
const offerFacets = (offer: SQL[]) => sql`
  ml as materialized (  -- through the (product_id, price_fen) index, product by product (offset 0 keeps the planner from a hash join)
    select l.* from (select product_id from mb limit ${OFFER_FACET_PRODUCTS}) s
     cross join lateral (select l.product_id, l.delivery_regions, l.green, l.size_class, l.price_fen from ${searchListings} l
                          where l.product_id = s.product_id and ${sql.join(offer, sql` and `)} offset 0) l),
  f as (
    select 'category' as facet, c as value, count(*)::int as n
      from mb, unnest(mb.category_path) c group by c
    union all select 'brand', brand, count(*)::int from mb group by brand
    union all select 'region', v.r, count(distinct pr.product_id)::int
      from (select distinct product_id, r from ml, unnest(ml.delivery_regions) r) pr
      join (select distinct unnest(delivery_regions) as r from ml) v on pr.r in (v.r, substr(v.r, 1, 2) || '0000', '000000')
     group by v.r
    union all select 'green', x, count(distinct product_id)::int from ml, unnest(ml.green) x group by x
    union all select 'size', size_class, count(distinct product_id)::int from ml group by size_class
    union all select 'price', ${sql.raw(bandOf('price_fen'))}, count(distinct product_id)::int from ml group by 2)`;

/**
 * A whole search in one statement over search_products, one scan of the text index: `m` holds the first
 * matching products the index scan meets (at most the bound + 1, or the relevance candidates when more),
 * counted and faceted over its first bound + 1 rows. The page comes from `m` when `m` holds every match
 * (a narrow query) or when the order is relevance (the candidates are ranked); a broad query in a static
 * order (price, newest) walks that order's index instead and stops at the page. PostgreSQL runs only the
 * branch the count selects (a one-time filter on an InitPlan). Each product on the page then shows its
 * cheapest offer that meets the offer filters, read through (product_id, price_fen), with how many do.
 */
export function searchStatement(query: SearchQuery, where: SQL, rank: SQL | null, bound: number): SQL {
  const offset = (query.page - 1) * query.pageSize;
  const ranked = query.sort === 'relevance' && rank !== null;
  const limit = ranked ? Math.max(bound + 1, RANK_CANDIDATES, offset + query.pageSize) : bound + 1;
  const order = orderOf(query.sort, ranked);
  const page = sql`limit ${query.pageSize} offset ${offset}`;
  const fromM = sql`select product_id, rank, min_price_fen, activated_at from m order by ${order} ${page}`;
  const ids = ranked
    ? fromM
    : sql`select * from (${fromM}) narrow where (select n from c) <= ${bound}
          union all
          select * from (select p.product_id, 0::real as rank, p.min_price_fen, p.activated_at from ${searchProducts} p where ${where} order by ${order} ${page}) broad
           where (select n from c) > ${bound}`;
  const offer = offerFiltersOf(query);
  const offerWhere = offer.length ? sql` and ${sql.join(offer, sql` and `)}` : sql``;
  return sql`
    with m as materialized (
      select ${candidateColumns}, ${ranked ? rank : sql`0`}::real as rank from ${searchProducts} p where ${where} limit ${limit}),
    mb as ${limit > bound + 1 ? sql`(select * from m limit ${bound + 1})` : sql`not materialized (select * from m)`},
    c as (select count(*)::int as n from mb),
    ${offer.length ? offerFacets(offer) : sql`f as (${productFacets})`},
    pg as (${ids}),
    h as (
      select pg.rank, pg.min_price_fen, pg.activated_at, sp.product_id, sp.category_code, sp.brand, sp.model, sp.name,
             best.matching_offers, d.listing_id, d.supplier_id, d.supplier_name, d.size_class, d.price_fen, d.lead_time_days,
             d.delivery_regions, d.green
        from pg join ${searchProducts} sp using (product_id)
        cross join lateral (
          select l.listing_id, count(*) over ()::int as matching_offers
            from ${searchListings} l where l.product_id = pg.product_id${offerWhere}
           order by l.price_fen, l.listing_id limit 1) best
        join ${searchListings} d on d.listing_id = best.listing_id)
    select (select n from c) as n,
           (select coalesce(json_agg(json_build_array(facet, value, n)), '[]') from f) as facets,
           (select coalesce(json_agg(h order by ${order}), '[]') from h) as hits`;
}

/**
 * Rebuilds the search_products rows of the given products (all when null) from their offers in
 * search_listings, in one statement; a product left with no findable offer loses its row. The caller
 * holds refreshLock for each product first, so two changes to one product's offers cannot each write an
 * aggregate that misses the other's offer.
 */
export function refreshProductsStatement(productIds: string[] | null): SQL {
  const scope = productIds ? sql`product_id = any(${sql.param(productIds)}::uuid[])` : sql`true`;
  return sql`
    with l as (select * from ${searchListings} where ${scope}),
    gone as (delete from ${searchProducts} where ${scope} and product_id not in (select product_id from l)),
    agg as (
      select product_id, min(category_code) as category_code, min(category_path) as category_path, min(brand) as brand, min(model) as model,
             min(name) as name, count(*)::int as offers, min(price_fen) as min_price_fen, max(activated_at) as activated_at,
             array_agg(distinct size_class order by size_class) as size_classes,
             array_agg(distinct ${sql.raw(bandOf('price_fen'))}) as price_bands
        from l group by product_id),
    reg as (select product_id, array_agg(distinct r order by r) as regions from l, unnest(l.delivery_regions) r group by product_id),
    grn as (select product_id, array_agg(distinct g order by g) as green from l, unnest(l.green) g group by product_id),
    lex as (select product_id, array_agg(distinct u.lexeme) as lexemes from l, unnest(l.tsv) u group by product_id)
    insert into ${searchProducts} (product_id, category_code, category_path, brand, model, name, offers, min_price_fen, size_classes,
                                   delivery_regions, green, price_bands, activated_at, tsv)
    select agg.product_id, agg.category_code, agg.category_path, agg.brand, agg.model, agg.name, agg.offers, agg.min_price_fen,
           agg.size_classes, coalesce(reg.regions, '{}'), coalesce(grn.green, '{}'), agg.price_bands, agg.activated_at,
           array_to_tsvector(coalesce(lex.lexemes, '{}'))
      from agg left join reg using (product_id) left join grn using (product_id) left join lex using (product_id)
    on conflict (product_id) do update set
      category_code = excluded.category_code, category_path = excluded.category_path, brand = excluded.brand, model = excluded.model,
      name = excluded.name, offers = excluded.offers, min_price_fen = excluded.min_price_fen, size_classes = excluded.size_classes,
      delivery_regions = excluded.delivery_regions, green = excluded.green, price_bands = excluded.price_bands,
      activated_at = excluded.activated_at, tsv = excluded.tsv`;
}

/** Serializes refreshes of one product's aggregate within the changing transaction (released at commit). */
export const refreshLock = (productId: string) =>
  sql`select pg_advisory_xact_lock(hashtext('jicai.search_products'), hashtext(${productId}))`;

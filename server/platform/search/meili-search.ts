import { createHash } from 'node:crypto';
import { Meilisearch } from 'meilisearch';
import { highlight } from './highlight.ts';
import { PRICE_BANDS } from './postgres-search.ts';
import type { FacetCount, SearchDocument, SearchPort, SearchQuery, SearchResult } from './search-port.ts';
import { words } from './segment.ts';
import { expandSynonyms, synonymGroups } from './synonyms.ts';

export const MEILI_INDEX = 'listings';
/** Meilisearch counts hits exactly up to this many; a total at the cap is marked approximate. */
const MAX_TOTAL_HITS = 100_000;

/** Index settings: what is searched, filtered, sorted, and the same synonyms as the PostgreSQL adapter. */
export function meiliSettings() {
  const synonyms: Record<string, string[]> = {};
  for (const group of synonymGroups) for (const term of group) synonyms[term] = group.filter((t) => t !== term);
  return {
    searchableAttributes: ['name', 'brand', 'model', 'categoryName', 'specsText', 'supplierName'],
    filterableAttributes: ['productId', 'categoryPath', 'brand', 'deliveryRegions', 'green', 'sizeClass', 'priceFen', 'priceBand'],
    // One hit per product (SPU), like the PostgreSQL adapter: the best-ranked, then cheapest, offer.
    distinctAttribute: 'productId',
    sortableAttributes: ['priceFen', 'activatedAtMs'],
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
    synonyms,
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    faceting: { maxValuesPerFacet: 200 },
  };
}

const bandOf = (priceFen: number) => PRICE_BANDS.find((b) => priceFen < b.max)?.key ?? '50000+';
const quote = (v: string) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

/**
 * Meilisearch (MEILI_HOST): documents are pushed by the `search.sync` BullMQ job after each listing
 * change commits; `enqueueSync` hands the job to the queue. One document per offer, found one per product
 * (distinctAttribute productId). Facet counts here count offers, not products (Meilisearch's facet
 * distribution ignores the distinct attribute); the PostgreSQL adapter counts products.
 */
/** Listings delivering to a region: there, to its whole province, or nationwide. */
const regionFilter = (region: string) => `deliveryRegions IN [${[region, `${region.slice(0, 2)}0000`, '000000'].map(quote).join(', ')}]`;

export function meiliSearch(
  host: string,
  apiKey: string | undefined,
  enqueueSync: (listingId: string, token: string) => Promise<void>,
): SearchPort & { setup(): Promise<void> } {
  const client = new Meilisearch({ host, ...(apiKey ? { apiKey } : {}) });
  const index = client.index(MEILI_INDEX);
  const toDoc = (d: SearchDocument) => ({
    ...d,
    activatedAt: d.activatedAt.toISOString(),
    activatedAtMs: d.activatedAt.getTime(),
    priceBand: bandOf(d.priceFen),
  });

  async function search(query: SearchQuery): Promise<SearchResult> {
    const filter: string[] = [];
    if (query.category) filter.push(`categoryPath = ${quote(query.category)}`);
    if (query.brand?.length) filter.push(`brand IN [${query.brand.map(quote).join(', ')}]`);
    if (query.region) filter.push(regionFilter(query.region));
    for (const g of query.green ?? []) filter.push(`green = ${quote(g)}`);
    if (query.size?.length) filter.push(`sizeClass IN [${query.size.map(quote).join(', ')}]`);
    if (query.price) filter.push(`priceBand = ${quote(query.price)}`);
    const sort =
      query.sort === 'price_asc'
        ? ['priceFen:asc']
        : query.sort === 'price_desc'
          ? ['priceFen:desc']
          : query.sort === 'newest' || !query.q
            ? ['activatedAtMs:desc']
            : ['priceFen:asc'];
    const res = await index.search<SearchDocument & { priceBand: string }>(query.q ?? '', {
      filter,
      facets: ['categoryPath', 'brand', 'deliveryRegions', 'green', 'sizeClass', 'priceBand'],
      page: query.page,
      hitsPerPage: query.pageSize,
      ...(sort ? { sort } : {}),
    });
    const dist = (res.facetDistribution ?? {}) as Record<string, Record<string, number>>;
    // A region's count must be what filtering by it finds (there, its province or nationwide), which
    // the raw distribution of delivery regions is not: one multi-search counts each region shown.
    const regionValues = Object.keys(dist.deliveryRegions ?? {});
    if (regionValues.length) {
      const counts = await client.multiSearch({
        queries: regionValues.map((r) => ({
          indexUid: MEILI_INDEX,
          q: query.q ?? '',
          filter: [...filter, regionFilter(r)],
          page: 1,
          hitsPerPage: 0,
        })),
      });
      dist.deliveryRegions = Object.fromEntries(
        regionValues.map((r, i) => [r, (counts.results[i] as { totalHits?: number }).totalHits ?? 0]),
      );
    }
    const facet = (name: string): FacetCount[] =>
      Object.entries(dist[name] ?? {})
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    const terms = (query.q ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .flatMap((t) => expandSynonyms(t))
      .flatMap((t) => [t, ...words(t)]);
    const total = (res as { totalHits?: number }).totalHits ?? res.hits.length;
    // How many offers of each product on the page meet the filters: facet counts ignore the distinct attribute.
    const productIds = [...new Set(res.hits.map((h) => h.productId))];
    const offers = productIds.length
      ? ((
          await index.search(query.q ?? '', {
            filter: [...filter, `productId IN [${productIds.map(quote).join(', ')}]`],
            facets: ['productId'],
            hitsPerPage: 0,
          })
        ).facetDistribution?.productId ?? {})
      : {};
    return {
      hits: res.hits.map((h) => ({
        listingId: h.listingId,
        offers: offers[h.productId] ?? 1,
        productId: h.productId,
        supplierId: h.supplierId,
        supplierName: h.supplierName,
        sizeClass: h.sizeClass,
        categoryCode: h.categoryCode,
        brand: h.brand,
        model: h.model,
        name: h.name,
        highlight: highlight(String(h.name), terms),
        priceFen: h.priceFen,
        leadTimeDays: h.leadTimeDays,
        deliveryRegions: h.deliveryRegions,
        green: h.green,
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
      facets: {
        category: facet('categoryPath'),
        brand: facet('brand'),
        region: facet('deliveryRegions'),
        green: facet('green'),
        size: facet('sizeClass'),
        price: facet('priceBand'),
      },
      fuzzy: false,
      // Meilisearch counts exactly up to its maxTotalHits (MAX_TOTAL_HITS) and stops there.
      approximate: total >= MAX_TOTAL_HITS,
    };
  }

  return {
    backend: 'meilisearch',
    async setup() {
      await client
        .createIndex(MEILI_INDEX, { primaryKey: 'listingId' })
        .waitTask()
        .catch(() => undefined);
      await index.updateSettings(meiliSettings()).waitTask();
    },
    async health() {
      try {
        await client.health();
        return { status: 'ok', backend: 'meilisearch' };
      } catch (error) {
        return { status: 'down', backend: 'meilisearch', error: error instanceof Error ? error.message : String(error) };
      }
    },
    async sync(_tx, afterCommit, listingId, doc) {
      // The job id follows the document's content: a retried change queues once, a new change queues again.
      const token = createHash('sha256')
        .update(doc ? JSON.stringify(toDoc(doc)) : 'deleted')
        .digest('hex')
        .slice(0, 16);
      afterCommit(() => enqueueSync(listingId, token));
    },
    async apply(listingId, doc) {
      if (doc) await index.addDocuments([toDoc(doc)], { primaryKey: 'listingId' }).waitTask();
      else await index.deleteDocument(listingId).waitTask();
    },
    async load(docs, opts) {
      if (opts.replace) await index.deleteAllDocuments().waitTask();
      for (let i = 0; i < docs.length; i += 5000)
        await index.addDocuments(docs.slice(i, i + 5000).map(toDoc), { primaryKey: 'listingId' }).waitTask({ timeout: 120_000 });
    },
    search,
    async close() {},
  };
}

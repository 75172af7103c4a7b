import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meiliSearch } from '../../server/platform/search/meili-search.ts';
import type { SearchDocument } from '../../server/platform/search/search-port.ts';

/**
 * The Meilisearch adapter against a real Meilisearch. No Meilisearch server can be installed on the
 * development machines, so this file runs only where MEILI_HOST is set (docker compose, staging).
 */
const host = process.env.MEILI_HOST;
const suite = host ? describe : describe.skip;

const doc = (over: Partial<SearchDocument>): SearchDocument => ({
  listingId: randomUUID(),
  productId: randomUUID(),
  supplierId: randomUUID(),
  categoryCode: 'A02010105',
  categoryPath: ['A', 'A02', 'A0201', 'A020101', 'A02010105'],
  categoryName: '便携式计算机',
  brand: '联想',
  model: '开天N80z',
  name: '联想 开天N80z 便携式计算机',
  specsText: '龙芯3A6000 16 512',
  supplierName: '北京测试科技有限公司',
  sizeClass: 'small',
  deliveryRegions: ['110000'],
  green: ['energy_saving'],
  priceFen: 639_900,
  leadTimeDays: 3,
  activatedAt: new Date(),
  ...over,
});

suite('Meilisearch adapter (MEILI_HOST)', () => {
  const port = meiliSearch(host ?? 'http://127.0.0.1:7700', process.env.MEILI_API_KEY, async () => undefined);
  beforeAll(async () => {
    await port.setup();
    await port.load(
      [
        doc({}),
        doc({
          brand: '华为',
          model: '擎云B730',
          name: '华为 擎云B730 台式计算机',
          categoryCode: 'A02010104',
          categoryPath: ['A', 'A02', 'A0201', 'A020101', 'A02010104'],
          categoryName: '台式计算机',
          sizeClass: 'large',
          green: [],
          priceFen: 459_900,
          deliveryRegions: ['110108'],
        }),
      ],
      { replace: true },
    );
  });
  afterAll(() => port.close());

  it('reports healthy', async () => {
    expect((await port.health()).status).toBe('ok');
  });

  it('finds 便携式计算机 for 笔记本 through the synonyms, and facets agree with filters', async () => {
    const byWord = await port.search({ q: '笔记本', sort: 'relevance', page: 1, pageSize: 20 });
    expect(byWord.hits.map((h) => h.brand)).toContain('联想');
    const all = await port.search({ q: '计算机', sort: 'relevance', page: 1, pageSize: 20 });
    const green = all.facets.green.find((f) => f.value === 'energy_saving')!;
    const filtered = await port.search({ q: '计算机', green: ['energy_saving'], sort: 'relevance', page: 1, pageSize: 20 });
    expect(filtered.total).toBe(green.count);
    // A region's count is what filtering by it finds: there, its whole province, or nationwide.
    expect(Object.fromEntries(all.facets.region.map((f) => [f.value, f.count]))).toEqual({ '110108': 2, '110000': 1 });
    expect((await port.search({ q: '计算机', region: '110108', sort: 'relevance', page: 1, pageSize: 20 })).total).toBe(2);
  });

  it('applies and removes single documents', async () => {
    const d = doc({ model: `X${Date.now()}` });
    await port.apply(d.listingId, d);
    expect((await port.search({ q: d.model, sort: 'relevance', page: 1, pageSize: 5 })).total).toBe(1);
    await port.apply(d.listingId, null);
    expect((await port.search({ q: d.model, sort: 'relevance', page: 1, pageSize: 5 })).total).toBe(0);
  });
});

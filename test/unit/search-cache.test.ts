import { describe, expect, it } from 'vitest';
import { searchCache } from '../../server/platform/search/search-cache.ts';
import type { SearchQuery, SearchResult } from '../../server/platform/search/search-port.ts';

const answer = (q: string): SearchResult =>
  ({ hits: [], total: q.length, page: 1, pageSize: 20, facets: {}, fuzzy: false, approximate: false }) as unknown as SearchResult;
const query = (q: string) => ({ q, page: 1, pageSize: 20 }) as unknown as SearchQuery;

describe('the search answer cache', () => {
  it('is bounded by size: the least recently used answers go first, and a second asking of a kept one runs no search', async () => {
    let runs = 0;
    const one = 2 * JSON.stringify(query('q-0')).length + 4 * JSON.stringify(answer('q-0')).length;
    const { cached, counts } = searchCache(
      async (q) => {
        runs++;
        return answer(q.q ?? '');
      },
      60_000,
      3 * one,
    );
    for (const q of ['q-0', 'q-1', 'q-2']) await cached(query(q));
    await cached(query('q-0')); // q-0 is now the most recently used
    await cached(query('q-3')); // drops q-1, the least recently used
    expect(counts()).toMatchObject({ entries: 3, bytes: 3 * one });
    expect(runs).toBe(4);
    await cached(query('q-0'));
    await cached(query('q-2'));
    expect(runs).toBe(4);
    await cached(query('q-1'));
    expect(runs).toBe(5);
  });

  it('keeps no answer larger than the whole cache', async () => {
    const { cached, counts } = searchCache(async (q) => answer(q.q ?? ''), 60_000, 10);
    await cached(query('big'));
    expect(counts()).toMatchObject({ entries: 0, bytes: 0, misses: 1 });
  });
});

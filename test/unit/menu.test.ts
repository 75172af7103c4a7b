import { describe, expect, it } from 'vitest';
import { longestEntry } from '../../web/src/app/layouts/menu-match.ts';

describe('the sidebar highlights the entry a page belongs to', () => {
  it('a tender’s evaluation page under its entry, not under the projects list', () => {
    const center = [
      { path: '/center' },
      { path: '/center/tenders' },
      { path: '/center/evaluation', also: ['/center/tenders/:id/evaluation'] },
    ];
    expect(longestEntry(center, '/center/tenders/0b7c6c52-1f0e-4f52-9f5a-0a4f7e3c9d11/evaluation')).toBe('/center/evaluation');
    expect(longestEntry(center, '/center/tenders/0b7c6c52-1f0e-4f52-9f5a-0a4f7e3c9d11')).toBe('/center/tenders');
    expect(longestEntry(center, '/center/evaluation')).toBe('/center/evaluation');
    expect(longestEntry(center, '/center/tendersx')).toBe('/center');
    expect(longestEntry(center, '/elsewhere')).toBeUndefined();
  });

  it('立即购买’s checkout under the search it came from, the cart’s checkout under the cart', () => {
    const purchaser = [
      { path: '/purchaser' },
      { path: '/search', also: ['/purchaser/checkout?listing'] },
      { path: '/purchaser/cart', also: ['/purchaser/checkout'] },
    ];
    expect(longestEntry(purchaser, '/purchaser/checkout', '?listing=abc&quantity=2&key=k')).toBe('/search');
    expect(longestEntry(purchaser, '/purchaser/checkout', '')).toBe('/purchaser/cart');
    expect(longestEntry(purchaser, '/purchaser/checkout', '?quantity=2')).toBe('/purchaser/cart');
    expect(longestEntry(purchaser, '/purchaser/cart')).toBe('/purchaser/cart');
  });
});

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
});

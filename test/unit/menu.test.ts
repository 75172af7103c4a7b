import { describe, expect, it } from 'vitest';
import { menuFor, selectedEntry } from '../../web/src/app/layouts/menu.tsx';

describe('the sidebar highlights the entry a page belongs to', () => {
  it('a tender’s evaluation page under its entry, not under the projects list', () => {
    const center = menuFor(['center_staff']);
    expect(selectedEntry(center, '/center/tenders/0b7c6c52-1f0e-4f52-9f5a-0a4f7e3c9d11/evaluation')).toBe('/center/evaluation');
    expect(selectedEntry(center, '/center/tenders/0b7c6c52-1f0e-4f52-9f5a-0a4f7e3c9d11')).toBe('/center/tenders');
    expect(selectedEntry(center, '/center/evaluation')).toBe('/center/evaluation');
    expect(selectedEntry(menuFor(['purchaser']), '/purchaser/tenders/x1/award')).toBe('/purchaser/awards');
    expect(selectedEntry(menuFor(['supplier']), '/supplier/tenders/x1/challenges')).toBe('/supplier/challenges');
  });
});

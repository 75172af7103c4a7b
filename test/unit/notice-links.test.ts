import { describe, expect, it } from 'vitest';
import { noticeLinkFor } from '../../web/src/features/notifications/links.ts';

describe("a notice's link opens a page its reader may open", () => {
  it("a unit's order notice opens the order on the page of the unit's role the reader has", () => {
    const approval = '/approver/orders/253fe5b9-0000-4000-8000-000000000001';
    expect(noticeLinkFor(approval, ['approver'])).toBe(approval);
    expect(noticeLinkFor(approval, ['purchaser'])).toBe('/purchaser/orders/253fe5b9-0000-4000-8000-000000000001');
    expect(noticeLinkFor('/purchaser/orders/x1', ['approver'])).toBe('/approver/orders/x1');
    expect(noticeLinkFor('/purchaser/orders/x1', ['purchaser', 'approver'])).toBe('/purchaser/orders/x1');
  });

  it('leaves every other link as it is', () => {
    expect(noticeLinkFor('/supplier/orders/x1', ['purchaser'])).toBe('/supplier/orders/x1');
    expect(noticeLinkFor('/approver/orders/x1/print', ['purchaser'])).toBe('/approver/orders/x1/print');
    expect(noticeLinkFor('/center/tenders/t1', ['purchaser'])).toBe('/center/tenders/t1');
  });
});

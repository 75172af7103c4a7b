import { describe, expect, it } from 'vitest';
import { endAfterBid, relistFloor } from '../../server/modules/auctions/auctions.rules.ts';

describe('auction rules', () => {
  it('extends only inside the window, to the extension after the bid [rule:auctions.anti-sniping]', () => {
    const lot = { endsAt: new Date('2026-12-01T10:00:00Z'), extensionWindowMinutes: 5, extensionMinutes: 5 };
    expect(endAfterBid(lot, new Date('2026-12-01T09:54:59Z'))).toEqual(lot.endsAt);
    expect(endAfterBid(lot, new Date('2026-12-01T09:57:00Z'))).toEqual(new Date('2026-12-01T10:02:00Z'));
  });
  it('a relisted round may start at most 20% lower [rule:auctions.relist-discount]', () => {
    expect(relistFloor(1_000_000, '0.20')).toBe(800_000);
    expect(relistFloor(999_999, '0.20')).toBe(800_000);
  });
});

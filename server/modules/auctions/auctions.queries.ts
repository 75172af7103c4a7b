import { count, countDistinct, eq, sql } from 'drizzle-orm';
import type { SourceRefLookup } from '../credit/credit.source-ref.ts';
import { assetOwnerOrg, assetOwnerRegion } from '../assets/assets.queries.ts';
import type { DbOrTx } from '../../db/client.ts';
import { auctionBids, auctionLots, auctionRegistrations } from '../../db/schema/index.ts';

/** Whether the asset was ever put up in a lot: its lots (and so its photos) are on the public auction hall. */
export async function everAuctioned(db: DbOrTx, assetId: string): Promise<boolean> {
  const [lot] = await db.select({ id: auctionLots.id }).from(auctionLots).where(eq(auctionLots.assetId, assetId)).limit(1);
  return lot !== undefined;
}

export async function lotById(db: DbOrTx, lotId: string) {
  const [lot] = await db.select().from(auctionLots).where(eq(auctionLots.id, lotId));
  return lot;
}

/** How many bidders registered for the lot. */
export async function registrationCount(db: DbOrTx, lotId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(auctionRegistrations).where(eq(auctionRegistrations.lotId, lotId));
  return row?.n ?? 0;
}

/** How many bidders placed at least one bid on the lot (OCDS numberOfTenderers: who bid, not who registered). */
export async function bidderCount(db: DbOrTx, lotId: string): Promise<number> {
  const [row] = await db
    .select({ n: countDistinct(auctionBids.registrationId) })
    .from(auctionBids)
    .where(eq(auctionBids.lotId, lotId));
  return row?.n ?? 0;
}

/** Where a lot is sold, for regional rules: the region of the unit disposing of the asset (#19). */
export const lotRegion = (db: DbOrTx, lot: { assetId: string }): Promise<string | undefined> => assetOwnerRegion(db, lot.assetId);

/**
 * The auction lots a credit event's source reference names (拍卖标的编号, or an id): the center that put it up
 * and the unit disposing of the asset, and whether the bidder registered for it.
 */
export const lotSourceRef: SourceRefLookup = {
  shape: /PM\d{9}/,
  find: async (tx, ref, supplierId) => {
    const lots = await tx.execute<{ asset_id: string; center: string | null; linked: boolean }>(sql`
      select l.asset_id, (select u.organization_id from jicai.users u where u.id = l.created_by) as center,
             exists (select 1 from ${auctionRegistrations} r where r.lot_id = l.id and r.bidder_org_id = ${supplierId}::uuid) as linked
        from ${auctionLots} l
       where position(l.lot_no in ${ref.compact}) > 0 or l.id = any(${sql.param(ref.uuids)}::uuid[])`);
    return Promise.all(lots.rows.map(async (l) => ({ parties: [l.center, await assetOwnerOrg(tx, l.asset_id)], linked: l.linked })));
  },
};

import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { auctionLots } from '../../db/schema/index.ts';

/** Whether the asset was ever put up in a lot: its lots (and so its photos) are on the public auction hall. */
export async function everAuctioned(db: DbOrTx, assetId: string): Promise<boolean> {
  const [lot] = await db.select({ id: auctionLots.id }).from(auctionLots).where(eq(auctionLots.assetId, assetId)).limit(1);
  return lot !== undefined;
}

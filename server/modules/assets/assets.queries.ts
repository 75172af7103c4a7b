import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { assets } from '../../db/schema/index.ts';

export async function assetById(db: DbOrTx, assetId: string) {
  const [asset] = await db.select().from(assets).where(eq(assets.id, assetId));
  return asset;
}

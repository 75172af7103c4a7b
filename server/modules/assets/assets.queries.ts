import { and, asc, eq, notInArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { builtOnce } from '../../db/built-once.ts';
import { assets } from '../../db/schema/index.ts';

/** One asset; `lock` holds its row to the end of the transaction (a checkout replacing it, so two cannot). */
export async function assetById(db: DbOrTx, assetId: string, opts: { lock?: boolean } = {}) {
  const query = db.select().from(assets).where(eq(assets.id, assetId));
  const [asset] = opts.lock ? await query.for('update') : await query;
  return asset;
}

/** A unit's assets in these 品目 still in its hands (not sold or written off; reallocated ones are the receiver's), oldest first. */
const unitAssetsInQuery = builtOnce((db) =>
  db
    .select({
      id: assets.id,
      assetNo: assets.assetNo,
      name: assets.name,
      categoryCode: assets.categoryCode,
      quantity: assets.quantity,
      acquiredOn: assets.acquiredOn,
      status: assets.status,
    })
    .from(assets)
    .where(
      and(
        eq(assets.ownerOrgId, sql.placeholder('ownerOrgId')),
        sql`${assets.categoryCode} = any(${sql.placeholder('categoryCodes')}::text[])`,
        notInArray(assets.status, ['sold', 'written_off']),
      ),
    )
    .orderBy(asc(assets.acquiredOn), asc(assets.assetNo))
    .prepare('jicai_unit_assets_in'),
);

export async function unitAssetsIn(db: DbOrTx, input: { ownerOrgId: string; categoryCodes: string[] }) {
  if (input.categoryCodes.length === 0) return [];
  return unitAssetsInQuery(db).execute(input);
}

/** The unit holding an asset, as a sub-select on an asset-id column: how other modules scope by the asset's owner. */
export const assetOwnerOf = (assetId: SQLWrapper): SQL => sql`(select a.owner_org_id from ${assets} a where a.id = ${assetId})`;

/** The region of the unit holding an asset: where its sale happens, for regional rules (#19). */
export async function assetOwnerRegion(db: DbOrTx, assetId: string): Promise<string | undefined> {
  const rows = await db.execute<{ region_code: string }>(
    sql`select o.region_code from ${assets} a join jicai.organizations o on o.id = a.owner_org_id where a.id = ${assetId}::uuid`,
  );
  return rows.rows[0]?.region_code;
}

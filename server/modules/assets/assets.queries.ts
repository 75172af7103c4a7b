import { eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { assets } from '../../db/schema/index.ts';
import { provinceOrgsOf } from '../../platform/jurisdiction.ts';

/** One asset; `lock` holds its row to the end of the transaction (a checkout replacing it, so two cannot). */
export async function assetById(db: DbOrTx, assetId: string, opts: { lock?: boolean } = {}) {
  const query = db.select().from(assets).where(eq(assets.id, assetId));
  const [asset] = opts.lock ? await query.for('update') : await query;
  return asset;
}

/** An asset as the e-mall reads it beside its own rows: the unit's for a replacement, another unit's surplus. */
const assetJson = sql`jsonb_build_object('id', a.id, 'assetNo', a.asset_no, 'name', a.name, 'categoryCode', a.category_code,
  'quantity', a.quantity, 'acquiredOn', a.acquired_on::text, 'condition', a.condition, 'status', a.status)`;
export type MallAsset = Pick<
  typeof assets.$inferSelect,
  'id' | 'assetNo' | 'name' | 'categoryCode' | 'quantity' | 'acquiredOn' | 'condition' | 'status'
>;

/**
 * A unit's assets in these 品目 still in its hands (not sold or written off; reallocated ones are the
 * receiver's), oldest first, as one jsonb array for a statement to read beside its own (the cart's
 * judgement): inputs are SQL expressions (ownerOrgId uuid, categoryCodes text[]). Read with mallAssetsFromJson.
 */
export const unitAssetsSql = (input: { ownerOrgId: SQL; categoryCodes: SQL }): SQL => sql`(
  select coalesce(jsonb_agg(${assetJson} order by a.acquired_on, a.asset_no), '[]') from ${assets} a
   where a.owner_org_id = ${input.ownerOrgId} and a.category_code = any(${input.categoryCodes})
     and a.status not in ('sold', 'written_off'))`;

/**
 * Offered surplus assets (公物仓) of these 品目 held by other units, the newest five, as one jsonb array
 * (the cart's surplus-first finding): inputs are SQL expressions (purchaserOrgId uuid, categoryCodes text[]).
 */
export const surplusAssetsSql = (input: { purchaserOrgId: SQL; categoryCodes: SQL }): SQL => sql`(
  select coalesce(jsonb_agg(${assetJson} order by a.created_at desc), '[]') from (
    select * from ${assets} a
     where a.status = 'offered' and a.offered_until > jicai.now() and a.owner_org_id <> ${input.purchaserOrgId}
       and a.category_code = any(${input.categoryCodes})
       and a.owner_org_id in ${provinceOrgsOf(input.purchaserOrgId)} -- reallocated within one province-level area
     order by a.created_at desc limit 5) a)`;

/** The assets of a unitAssetsSql or surplusAssetsSql value (JSON text or parsed). */
export const mallAssetsFromJson = (value: unknown): MallAsset[] =>
  (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as MallAsset[];

/** The unit holding an asset, as a sub-select on an asset-id column: how other modules scope by the asset's owner. */
export const assetOwnerOf = (assetId: SQLWrapper): SQL => sql`(select a.owner_org_id from ${assets} a where a.id = ${assetId})`;

/** The region of the unit holding an asset: where its sale happens, for regional rules (#19). */
/** The unit that owns the asset (disposes of it). */
export async function assetOwnerOrg(db: DbOrTx, assetId: string): Promise<string | null> {
  const [row] = await db.select({ owner: assets.ownerOrgId }).from(assets).where(eq(assets.id, assetId));
  return row?.owner ?? null;
}

export async function assetOwnerRegion(db: DbOrTx, assetId: string): Promise<string | undefined> {
  const rows = await db.execute<{ region_code: string }>(
    sql`select o.region_code from ${assets} a join jicai.organizations o on o.id = a.owner_org_id where a.id = ${assetId}::uuid`,
  );
  return rows.rows[0]?.region_code;
}

import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { assetPhotos, assets, categories, organizations, reallocationRequests } from '../../db/schema/index.ts';
import { shanghaiDateTime } from '../../platform/calendar.ts';
import { fieldError } from '../../platform/errors.ts';
import { assetEvent, type AssetRow, type EventKind } from './assets.history.ts';

/* The auction module's face on assets: what it may lock, mark and show of an asset put up in a lot. */

/**
 * The auction module's way to an asset (公物仓 → 公开拍卖): it locks the asset and checks that it may be
 * auctioned — in the warehouse, its reallocation window over, no request pending — each refusal a 422 on
 * `assetId`.
 */
export async function lockForAuction(tx: Tx, assetId: string, now: Date): Promise<AssetRow> {
  const [asset] = await tx.select().from(assets).where(eq(assets.id, assetId)).for('update');
  if (!asset) throw fieldError('assetId', '资产不存在');
  if (asset.status !== 'offered') throw fieldError('assetId', `资产当前不在公物仓（${asset.status}），须先放入公物仓调剂`);
  if (!asset.offeredUntil || asset.offeredUntil > now)
    throw fieldError('assetId', `调剂公示期至 ${shanghaiDateTime(asset.offeredUntil ?? now)} 结束，期满无人调剂方可拍卖`);
  const [pending] = await tx
    .select({ n: count() })
    .from(reallocationRequests)
    .where(and(eq(reallocationRequests.assetId, asset.id), eq(reallocationRequests.status, 'pending')));
  if ((pending?.n ?? 0) > 0) throw fieldError('assetId', '该资产还有未处理的调剂申请，请先处理');
  return asset;
}

type LotEvent = { note: string; lotId: string; actorId?: string | null; orgId?: string | null };
const lotEvent = (tx: Tx, assetId: string, kind: EventKind, e: LotEvent) =>
  assetEvent(tx, assetId, kind, e.note, { orgId: e.orgId ?? null, actorId: e.actorId ?? null, data: { lotId: e.lotId } });

/** Put up in a lot (the first round moves it out of the warehouse; a relisting keeps it in auction). */
export async function markInAuction(tx: Tx, assetId: string, event: LotEvent & { now: Date }) {
  await tx
    .update(assets)
    .set({ status: 'in_auction', updatedAt: event.now })
    .where(and(eq(assets.id, assetId), eq(assets.status, 'offered')));
  await lotEvent(tx, assetId, 'auctioned', event);
}

/** Paid for by the lot's winner. */
export async function markSold(tx: Tx, assetId: string, event: LotEvent & { now: Date }) {
  await tx.update(assets).set({ status: 'sold', updatedAt: event.now }).where(eq(assets.id, assetId));
  await lotEvent(tx, assetId, 'sold', event);
}

/** A lot that did not sell (流拍, or a defaulting winner): the asset stays in auction, to be relisted. */
export async function markUnsold(tx: Tx, assetId: string, event: LotEvent) {
  await lotEvent(tx, assetId, 'unsold', event);
}

/** What a lot shows of its asset: the asset, its category's and seller's names, and its photos in order. */
export async function auctionViews(db: DbOrTx, assetIds: string[]) {
  const [rows, photos] = await Promise.all([
    db
      .select({ asset: assets, categoryName: categories.name, sellerName: organizations.name })
      .from(assets)
      .innerJoin(categories, eq(categories.code, assets.categoryCode))
      .innerJoin(organizations, eq(organizations.id, assets.ownerOrgId))
      .where(inArray(assets.id, assetIds)),
    db
      .select({ id: assetPhotos.id, assetId: assetPhotos.assetId })
      .from(assetPhotos)
      .where(inArray(assetPhotos.assetId, assetIds))
      .orderBy(assetPhotos.sortOrder),
  ]);
  return new Map(rows.map((r) => [r.asset.id, { ...r, photoIds: photos.filter((p) => p.assetId === r.asset.id).map((p) => p.id) }]));
}

/** The ids of assets in a category (a code prefix), as a subquery for the auction list's filter. */
export const assetIdsInCategory = (db: DbOrTx, categoryPrefix: string) =>
  db
    .select({ id: assets.id })
    .from(assets)
    .where(sql`${assets.categoryCode} like ${`${categoryPrefix}%`}`);

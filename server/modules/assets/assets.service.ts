import { and, count, desc, eq, gt, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { containsPattern } from '../../db/columns.ts';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { statementBuiltOnce } from '../../db/built-once.ts';
import {
  assetEvents,
  assetPhotos,
  assets,
  categories,
  organizations,
  reallocationRequests,
  type AssetStatus,
} from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { beijingTime, shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { inJurisdiction, inProvinceOf, oversees, provinceOrgs, withinJurisdiction } from '../../platform/jurisdiction.ts';
import { procedureAfter, sandboxNote } from '../../platform/sandbox.ts';
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import { yuan } from '../../../contracts/money.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
import { policyValue } from '../../platform/policy.ts';
import { acceptImage, type FileStore } from '../../platform/storage.ts';
import { everAuctioned } from '../auctions/auctions.queries.ts';
import type { Finding } from '../orders/orders.rules.ts';
import type { AssetInput } from '../../../contracts/assets.schemas.ts';
import { actorOf, assetEvent, assetStatusLabels, reallocatedFrom, type AssetRow } from './assets.history.ts';
import { createAssetReallocation } from './assets.reallocation.ts';
import { mallAssetsFromJson, surplusAssetsSql } from './assets.queries.ts';

const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** The roles the asset routes serve (GET /api/assets/:id); a photo is read as its asset is. */
export const assetReaderRoles = ['purchaser', 'approver', 'center_staff', 'regulator'] as const;

export { assetEvent, assetStatusLabels } from './assets.history.ts';
export { assetIdsInCategory, auctionViews, lockForAuction, markInAuction, markSold, markUnsold } from './assets.auction.ts';

/** Surplus first as findings: each offered asset of another unit in the 品目 bought (surplusAssetsSql's rows). */
export const surplusFindingsOf = (value: unknown): Finding[] =>
  mallAssetsFromJson(value).map((a) => ({
    code: 'surplus_available' as const,
    level: 'info' as const,
    message: `公物仓有同类闲置资产「${a.name}」（${a.assetNo}，${a.quantity} 件）可申请调剂，请优先调剂使用`,
    basis: '“十四五”机关事务工作规划 第三章第一节：推进公物仓建设，闲置资产优先调剂',
    params: { asset: a.name, assetNo: a.assetNo, quantity: a.quantity, categoryCode: a.categoryCode, doc: 'surplusFirst' },
    assetId: a.id,
  }));

/** The e-mall's seam (orders.context.ts SurplusProvider): the surplus read inside the cart's judgement, and its findings. */
export const surplusProvider = { sql: surplusAssetsSql, findings: surplusFindingsOf };

const surplusStatement = statementBuiltOnce<{ surplus: unknown }>(
  'jicai_surplus',
  () =>
    sql`select ${surplusAssetsSql({
      purchaserOrgId: sql`${sql.placeholder('purchaserOrgId')}::uuid`,
      categoryCodes: sql`${sql.placeholder('categoryCodes')}::text[]`,
    })} as surplus`,
);

/** Idle assets (闲置资产): registration, photos, the warehouse (公物仓), write-off; reallocation in assets.reallocation.ts. */
export function createAssetsService(deps: { db: Db; files: FileStore }) {
  const { db } = deps;
  const { request, decide, listRequests } = createAssetReallocation({ db });

  async function categoryOf(tx: DbOrTx, code: string) {
    const [c] = await tx.select().from(categories).where(eq(categories.code, code));
    if (!c) throw fieldError('categoryCode', '品目不存在');
    return c;
  }

  async function register(auth: AuthContext, body: AssetInput) {
    if (body.netValueFen > body.originalValueFen) throw fieldError('netValueFen', '净值不能高于原值');
    const id = await inTransaction(db, async (tx) => {
      await categoryOf(tx, body.categoryCode);
      const now = await dbNow(tx);
      if (body.acquiredOn > shanghaiDate(now)) throw fieldError('acquiredOn', '取得日期不能晚于今天');
      const [seq] = await tx.execute<{ n: string }>(sql`select nextval('jicai.asset_no_seq') as n`).then((r) => r.rows);
      const [row] = await tx
        .insert(assets)
        .values({
          ...body,
          assetNo: `ZC${shanghaiDate(now).slice(0, 4)}${String(seq!.n).padStart(6, '0')}`,
          ownerOrgId: auth.orgId,
          createdBy: auth.userId,
        })
        .returning();
      await assetEvent(tx, row!.id, 'registered', `登记闲置资产，原值 ${yuan(body.originalValueFen)}，净值 ${yuan(body.netValueFen)}`, {
        orgId: auth.orgId,
        actorId: auth.userId,
      });
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'asset.register',
        entityType: 'asset',
        entityId: row!.id,
        data: { assetNo: row!.assetNo },
      });
      return row!.id;
    });
    return get(auth, id);
  }

  async function lockOwned(tx: Tx, auth: AuthContext, id: string) {
    const [a] = await tx.select().from(assets).where(eq(assets.id, id)).for('update');
    if (!a || a.ownerOrgId !== auth.orgId) throw new NotFoundError('asset not found');
    return a;
  }

  async function addPhoto(auth: AuthContext, id: string, file: { content: Buffer }) {
    const [a] = await db.select().from(assets).where(eq(assets.id, id));
    if (!a || a.ownerOrgId !== auth.orgId) throw new NotFoundError('asset not found');
    const { contentType, content } = acceptImage(file.content, MAX_PHOTO_BYTES);
    const stored = await deps.files.put('asset-photos', content);
    await inTransaction(db, async (tx) => {
      const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(assetPhotos).where(eq(assetPhotos.assetId, id));
      if (n >= 12) throw fieldError('file', '每项资产最多 12 张照片');
      await tx.insert(assetPhotos).values({ assetId: id, sha256: stored.sha256, contentType, sizeBytes: stored.sizeBytes, sortOrder: n });
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'asset.photo.add',
        entityType: 'asset',
        entityId: id,
        data: { sha256: stored.sha256 },
      });
    });
    return get(auth, id);
  }

  /**
   * A photo answers as its asset does: to anyone while the asset is on the public auction hall (its lots
   * show the photos), otherwise to those who may read the asset (the owner unit, oversight, and units
   * while it is in the warehouse). Everyone else gets 404, as for the asset.
   */
  async function readPhoto(auth: AuthContext | null, assetId: string, photoId: string) {
    const [row] = await db
      .select({ photo: assetPhotos, asset: assets })
      .from(assetPhotos)
      .innerJoin(assets, eq(assets.id, assetPhotos.assetId))
      .where(and(eq(assetPhotos.id, photoId), eq(assetPhotos.assetId, assetId)));
    const readsAssets = auth !== null && auth.roles.some((role) => (assetReaderRoles as readonly string[]).includes(role));
    if (!row || !((readsAssets && (await mayRead(auth, row.asset))) || (await everAuctioned(db, row.asset.id))))
      throw new NotFoundError('photo not found');
    const p = row.photo;
    return { contentType: p.contentType, sha256: p.sha256, content: await deps.files.read('asset-photos', p.sha256) };
  }

  /** 公物仓: offering a surplus asset to other units for the reallocation window (调剂公示期). */
  async function offer(auth: AuthContext, id: string) {
    await inTransaction(db, async (tx) => {
      const a = await lockOwned(tx, auth, id);
      if (a.status !== 'registered' && a.status !== 'reallocated')
        throw new ConflictError(`资产当前为「${assetStatusLabels[a.status]}」，不能放入公物仓`);
      const now = await dbNow(tx);
      const days = await policyValue(tx, 'assets.reallocationWindowDays', z.number().int().positive());
      const until = procedureAfter(now, days.value * 86_400_000);
      await tx.update(assets).set({ status: 'offered', offeredUntil: until, updatedAt: now }).where(eq(assets.id, id));
      await assetEvent(tx, id, 'offered', `放入公物仓，调剂公示至 ${beijingTime(until)}（${days.value} 日${sandboxNote()}）`, {
        orgId: auth.orgId,
        actorId: auth.userId,
      });
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'asset.offer',
        entityType: 'asset',
        entityId: id,
        data: { offeredUntil: until.toISOString() },
      });
    });
    return get(auth, id);
  }

  async function writeOff(auth: AuthContext, id: string, reason: string) {
    await inTransaction(db, async (tx) => {
      const a = await lockOwned(tx, auth, id);
      if (a.status !== 'registered' && a.status !== 'reallocated')
        throw new ConflictError(`资产当前为「${assetStatusLabels[a.status]}」，不能报废`);
      await tx
        .update(assets)
        .set({ status: 'written_off', updatedAt: sql`jicai.now()` })
        .where(eq(assets.id, id));
      await assetEvent(tx, id, 'written_off', `报废：${reason}`, { orgId: auth.orgId, actorId: auth.userId });
      await appendAudit(tx, { actor: actorOf(auth), action: 'asset.write_off', entityType: 'asset', entityId: id, data: { reason } });
    });
    return get(auth, id);
  }

  async function toDtos(rows: AssetRow[]) {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [cats, orgs, photos, pending] = await Promise.all([
      db
        .select({ code: categories.code, name: categories.name })
        .from(categories)
        .where(inArray(categories.code, [...new Set(rows.map((r) => r.categoryCode))])),
      db
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(inArray(organizations.id, [...new Set(rows.map((r) => r.ownerOrgId))])),
      db.select().from(assetPhotos).where(inArray(assetPhotos.assetId, ids)).orderBy(assetPhotos.sortOrder),
      db
        .select({ assetId: reallocationRequests.assetId, n: count() })
        .from(reallocationRequests)
        .where(and(inArray(reallocationRequests.assetId, ids), eq(reallocationRequests.status, 'pending')))
        .groupBy(reallocationRequests.assetId),
    ]);
    const cat = new Map(cats.map((c) => [c.code, c.name]));
    const org = new Map(orgs.map((o) => [o.id, o.name]));
    return rows.map((a) => ({
      id: a.id,
      assetNo: a.assetNo,
      ownerOrgId: a.ownerOrgId,
      ownerName: org.get(a.ownerOrgId) ?? '',
      categoryCode: a.categoryCode,
      categoryName: cat.get(a.categoryCode) ?? a.categoryCode,
      name: a.name,
      description: a.description,
      quantity: a.quantity,
      originalValueFen: a.originalValueFen,
      netValueFen: a.netValueFen,
      acquiredOn: a.acquiredOn,
      condition: a.condition,
      location: a.location,
      status: a.status,
      offeredUntil: a.offeredUntil?.toISOString() ?? null,
      photos: photos.filter((p) => p.assetId === a.id).map((p) => ({ id: p.id, url: `/api/assets/${a.id}/photos/${p.id}` })),
      pendingRequests: pending.find((p) => p.assetId === a.id)?.n ?? 0,
      createdAt: a.createdAt.toISOString(),
    }));
  }

  /**
   * Who may read an asset: its owner, center staff and regulators of the owner's area (#19) or of an area it
   * was reallocated from, any unit of its province-level area while it is in the warehouse, anyone at auction.
   */
  const mayRead = async (auth: AuthContext, a: AssetRow) => {
    if (a.ownerOrgId === auth.orgId || a.status === 'in_auction') return true;
    if (a.status === 'offered' && (await inProvinceOf(db, auth, a.ownerOrgId))) return true;
    if (!oversees(auth)) return false;
    if (await withinJurisdiction(db, auth, [a.ownerOrgId])) return true;
    // The oversight (center staff, regulators) of its former owners' areas keeps seeing an asset reallocated away.
    const former = await formerOwners(a.id);
    return former.length > 0 && (await withinJurisdiction(db, auth, former));
  };

  /** The units an asset was reallocated away from. */
  async function formerOwners(assetId: string): Promise<string[]> {
    const rows = await db
      .select({ from: sql<string | null>`${reallocatedFrom}` })
      .from(assetEvents)
      .where(and(eq(assetEvents.assetId, assetId), eq(assetEvents.kind, 'reallocated')));
    return rows.flatMap((r) => (r.from ? [r.from] : []));
  }

  async function get(auth: AuthContext, id: string) {
    const [a] = await db.select().from(assets).where(eq(assets.id, id));
    if (!a || !(await mayRead(auth, a))) throw new NotFoundError('asset not found');
    const [dto] = await toDtos([a]);
    const history = await db
      .select({ kind: assetEvents.kind, orgName: organizations.name, note: assetEvents.note, at: assetEvents.at })
      .from(assetEvents)
      .leftJoin(organizations, eq(organizations.id, assetEvents.orgId))
      .where(eq(assetEvents.assetId, id))
      .orderBy(assetEvents.at);
    return { ...dto!, history: history.map((h) => ({ ...h, at: h.at.toISOString() })) };
  }

  async function page(where: SQL | undefined, p: PageQuery) {
    const [rows, [total]] = await Promise.all([
      db.select().from(assets).where(where).orderBy(desc(assets.createdAt)).limit(p.pageSize).offset(offsetOf(p)),
      db.select({ n: count() }).from(assets).where(where),
    ]);
    return { items: await toDtos(rows), total: total?.n ?? 0, ...p };
  }

  const text = (q?: string) => (q ? or(ilike(assets.name, containsPattern(q)), ilike(assets.assetNo, containsPattern(q))) : undefined);

  /** The unit's own assets; center staff and regulators those of the units of their area (#19). */
  function list(auth: AuthContext, f: { status?: AssetStatus | undefined; q?: string | undefined }, p: PageQuery) {
    return page(and(inJurisdiction(auth, assets.ownerOrgId), f.status ? eq(assets.status, f.status) : undefined, text(f.q)), p);
  }

  /**
   * 公物仓: what other units of the caller's province-level area offer now, inside the reallocation window
   * (public property is reallocated within one area: a Shanghai unit neither sees nor asks for a Beijing asset).
   */
  function warehouse(auth: AuthContext, f: { category?: string | undefined; q?: string | undefined }, p: PageQuery) {
    return page(
      and(
        eq(assets.status, 'offered'),
        sql`${assets.ownerOrgId} in ${provinceOrgs(auth.regionCode)}`,
        gt(assets.offeredUntil, sql`jicai.now()`),
        f.category ? sql`${assets.categoryCode} like ${`${f.category}%`}` : undefined,
        text(f.q),
      ),
      p,
    );
  }

  /** Surplus first, read on its own: matching warehouse items of other units, as findings. */
  async function surplusFindings(tx: DbOrTx, input: { purchaserOrgId: string; categoryCodes: string[] }): Promise<Finding[]> {
    if (input.categoryCodes.length === 0) return [];
    const [row] = await surplusStatement(tx, input);
    return surplusFindingsOf(row!.surplus);
  }

  return { register, addPhoto, readPhoto, offer, writeOff, request, decide, get, list, warehouse, listRequests, surplusFindings };
}

export type AssetsService = ReturnType<typeof createAssetsService>;

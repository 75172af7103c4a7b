import { and, count, desc, eq, gt, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { containsPattern } from '../../db/columns.ts';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
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
import { appendAudit, type AuditActor } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate, shanghaiDateTime } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import { yuan } from '../../../contracts/money.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
import { policyValue } from '../../platform/policy.ts';
import { acceptImage, type FileStore } from '../../platform/storage.ts';
import { everAuctioned } from '../auctions/auctions.queries.ts';
import type { Finding } from '../orders/orders.rules.ts';
import type { AssetInput } from '../../../contracts/assets.schemas.ts';

const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** The roles the asset routes serve (GET /api/assets/:id); a photo is read as its asset is. */
export const assetReaderRoles = ['purchaser', 'approver', 'center_staff', 'regulator'] as const;
const actorOf = (auth: AuthContext): AuditActor => ({ userId: auth.userId, orgId: auth.orgId });
export const assetStatusLabels: Record<AssetStatus, string> = {
  registered: '已登记',
  offered: '公物仓调剂中',
  reallocated: '已调剂',
  in_auction: '拍卖处置中',
  sold: '已售出',
  written_off: '已报废',
};

type AssetRow = typeof assets.$inferSelect;
type EventKind = (typeof assetEvents.$inferInsert)['kind'];

/** Records one step of an asset's history; the history stays with the asset whoever owns it. */
export async function assetEvent(
  tx: Tx,
  assetId: string,
  kind: EventKind,
  note: string,
  opts: { orgId?: string | null; actorId?: string | null; data?: Record<string, unknown> } = {},
) {
  await tx.insert(assetEvents).values({
    assetId,
    kind,
    note,
    orgId: opts.orgId ?? null,
    actorId: opts.actorId ?? null,
    data: opts.data ?? {},
    at: sql`clock_timestamp()`,
  });
}

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

export function createAssetsService(deps: { db: Db; files: FileStore }) {
  const { db } = deps;

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
    if (!row || !((readsAssets && mayRead(auth, row.asset)) || (await everAuctioned(db, row.asset.id))))
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
      const until = new Date(now.getTime() + days.value * 86_400_000);
      await tx.update(assets).set({ status: 'offered', offeredUntil: until, updatedAt: now }).where(eq(assets.id, id));
      await assetEvent(tx, id, 'offered', `放入公物仓，调剂公示至 ${until.toISOString()}（${days.value} 日）`, {
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
        .set({ status: 'written_off', updatedAt: sql`now()` })
        .where(eq(assets.id, id));
      await assetEvent(tx, id, 'written_off', `报废：${reason}`, { orgId: auth.orgId, actorId: auth.userId });
      await appendAudit(tx, { actor: actorOf(auth), action: 'asset.write_off', entityType: 'asset', entityId: id, data: { reason } });
    });
    return get(auth, id);
  }

  /** A unit asks for an asset in the warehouse while its window is open. */
  async function request(auth: AuthContext, assetId: string, reason: string) {
    const id = await inTransaction(db, async (tx) => {
      const [a] = await tx.select().from(assets).where(eq(assets.id, assetId)).for('share');
      if (!a || a.status !== 'offered') throw new NotFoundError('asset not in the warehouse');
      if (a.ownerOrgId === auth.orgId) throw fieldError('assetId', '不能申请调剂本单位的资产');
      if (!a.offeredUntil || a.offeredUntil <= (await dbNow(tx))) throw new ConflictError('调剂公示期已结束');
      const [row] = await tx
        .insert(reallocationRequests)
        .values({ assetId, requestingOrgId: auth.orgId, requestedBy: auth.userId, reason })
        .onConflictDoNothing()
        .returning();
      if (!row) throw new ConflictError('本单位已申请过该资产');
      await assetEvent(tx, assetId, 'requested', '收到调剂申请', { orgId: auth.orgId, actorId: auth.userId });
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'asset.request',
        entityType: 'asset',
        entityId: assetId,
        data: { requestId: row.id },
      });
      return row.id;
    });
    return requestDto(id);
  }

  /**
   * Center staff grant one request: the asset moves to the requesting unit with its whole history, and
   * every other request for it is declined, in one transaction.
   */
  async function decide(auth: AuthContext, requestId: string, decision: 'grant' | 'decline', reason?: string) {
    await inTransaction(db, async (tx) => {
      const [r] = await tx.select().from(reallocationRequests).where(eq(reallocationRequests.id, requestId));
      if (!r) throw new NotFoundError('request not found');
      const [a] = await tx.select().from(assets).where(eq(assets.id, r.assetId)).for('update');
      const [fresh] = await tx.select().from(reallocationRequests).where(eq(reallocationRequests.id, requestId)).for('update');
      if (fresh!.status !== 'pending') throw new ConflictError('该申请已处理');
      const now = await dbNow(tx);
      if (decision === 'decline') {
        if (!reason) throw fieldError('reason', '请填写不予调剂的理由');
        await tx
          .update(reallocationRequests)
          .set({ status: 'declined', decidedBy: auth.userId, decidedAt: now, decisionReason: reason })
          .where(eq(reallocationRequests.id, requestId));
      } else {
        if (a!.status !== 'offered') throw new ConflictError(`资产当前为「${assetStatusLabels[a!.status]}」，不能调剂`);
        await tx
          .update(reallocationRequests)
          .set({ status: 'granted', decidedBy: auth.userId, decidedAt: now, decisionReason: reason ?? null })
          .where(eq(reallocationRequests.id, requestId));
        await tx
          .update(reallocationRequests)
          .set({ status: 'declined', decidedBy: auth.userId, decidedAt: now, decisionReason: '该资产已调剂给其他单位' })
          .where(and(eq(reallocationRequests.assetId, r.assetId), eq(reallocationRequests.status, 'pending')));
        await tx
          .update(assets)
          .set({ ownerOrgId: r.requestingOrgId, status: 'reallocated', offeredUntil: null, updatedAt: now })
          .where(eq(assets.id, r.assetId));
        const [from] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, a!.ownerOrgId));
        const [to] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, r.requestingOrgId));
        await assetEvent(tx, r.assetId, 'reallocated', `由${from?.name ?? ''}调剂至${to?.name ?? ''}`, {
          orgId: r.requestingOrgId,
          actorId: auth.userId,
          data: { fromOrgId: a!.ownerOrgId, toOrgId: r.requestingOrgId, requestId },
        });
      }
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: `asset.request.${decision}`,
        entityType: 'asset',
        entityId: r.assetId,
        data: { requestId, reason },
      });
    });
    return requestDto(requestId);
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

  /** Who may read an asset: its owner, center staff and regulators, and any unit while it is in the warehouse or at auction. */
  const mayRead = (auth: AuthContext, a: AssetRow) =>
    a.ownerOrgId === auth.orgId ||
    auth.roles.includes('center_staff') ||
    auth.roles.includes('regulator') ||
    a.status === 'offered' ||
    a.status === 'in_auction';

  async function get(auth: AuthContext, id: string) {
    const [a] = await db.select().from(assets).where(eq(assets.id, id));
    if (!a || !mayRead(auth, a)) throw new NotFoundError('asset not found');
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

  /** The unit's own assets; center staff and regulators see every unit's. */
  function list(auth: AuthContext, f: { status?: AssetStatus | undefined; q?: string | undefined }, p: PageQuery) {
    const all = auth.roles.includes('center_staff') || auth.roles.includes('regulator');
    return page(and(all ? undefined : eq(assets.ownerOrgId, auth.orgId), f.status ? eq(assets.status, f.status) : undefined, text(f.q)), p);
  }

  /** 公物仓: what other units offer now, inside the reallocation window. */
  function warehouse(auth: AuthContext, f: { category?: string | undefined; q?: string | undefined }, p: PageQuery) {
    return page(
      and(
        eq(assets.status, 'offered'),
        gt(assets.offeredUntil, sql`now()`),
        f.category ? sql`${assets.categoryCode} like ${`${f.category}%`}` : undefined,
        text(f.q),
      ),
      p,
    );
  }

  async function requestDtos(rows: (typeof reallocationRequests.$inferSelect)[]) {
    if (rows.length === 0) return [];
    const assetRows = await db
      .select()
      .from(assets)
      .where(inArray(assets.id, [...new Set(rows.map((r) => r.assetId))]));
    const orgs = await db
      .select({ id: organizations.id, name: organizations.name })
      .from(organizations)
      .where(inArray(organizations.id, [...new Set([...rows.map((r) => r.requestingOrgId), ...assetRows.map((a) => a.ownerOrgId)])]));
    const name = new Map(orgs.map((o) => [o.id, o.name]));
    return rows.map((r) => {
      const a = assetRows.find((x) => x.id === r.assetId)!;
      return {
        id: r.id,
        assetId: r.assetId,
        assetNo: a.assetNo,
        assetName: a.name,
        ownerName: name.get(a.ownerOrgId) ?? '',
        requestingOrgId: r.requestingOrgId,
        requestingOrgName: name.get(r.requestingOrgId) ?? '',
        reason: r.reason,
        status: r.status,
        decisionReason: r.decisionReason,
        decidedAt: r.decidedAt?.toISOString() ?? null,
        offeredUntil: a.offeredUntil?.toISOString() ?? null,
        createdAt: r.createdAt.toISOString(),
      };
    });
  }

  async function requestDto(id: string) {
    const rows = await db.select().from(reallocationRequests).where(eq(reallocationRequests.id, id));
    return (await requestDtos(rows))[0]!;
  }

  /** Requests: all for center staff and regulators; a unit's own requests and those on its assets otherwise. */
  async function listRequests(
    auth: AuthContext,
    f: { status?: (typeof reallocationRequests.$inferSelect)['status'] | undefined; assetId?: string | undefined },
    p: PageQuery,
  ) {
    const all = auth.roles.includes('center_staff') || auth.roles.includes('regulator');
    const ownAssets = db.select({ id: assets.id }).from(assets).where(eq(assets.ownerOrgId, auth.orgId));
    const where = and(
      all ? undefined : or(eq(reallocationRequests.requestingOrgId, auth.orgId), inArray(reallocationRequests.assetId, ownAssets)),
      f.status ? eq(reallocationRequests.status, f.status) : undefined,
      f.assetId ? eq(reallocationRequests.assetId, f.assetId) : undefined,
    );
    const [rows, [total]] = await Promise.all([
      db
        .select()
        .from(reallocationRequests)
        .where(where)
        .orderBy(desc(reallocationRequests.createdAt))
        .limit(p.pageSize)
        .offset(offsetOf(p)),
      db.select({ n: count() }).from(reallocationRequests).where(where),
    ]);
    return { items: await requestDtos(rows), total: total?.n ?? 0, ...p };
  }

  /** Surplus first (the e-mall checkout's seam): matching warehouse items of other units, as findings. */
  async function surplusFindings(tx: DbOrTx, input: { purchaserOrgId: string; categoryCodes: string[] }): Promise<Finding[]> {
    if (input.categoryCodes.length === 0) return [];
    const rows = await tx
      .select({
        id: assets.id,
        assetNo: assets.assetNo,
        name: assets.name,
        categoryCode: assets.categoryCode,
        quantity: assets.quantity,
        condition: assets.condition,
      })
      .from(assets)
      .where(
        and(
          eq(assets.status, 'offered'),
          gt(assets.offeredUntil, sql`now()`),
          ne(assets.ownerOrgId, input.purchaserOrgId),
          inArray(assets.categoryCode, input.categoryCodes),
        ),
      )
      .orderBy(desc(assets.createdAt))
      .limit(5);
    return rows.map((a) => ({
      code: 'surplus_available' as const,
      level: 'info' as const,
      message: `公物仓有同类闲置资产「${a.name}」（${a.assetNo}，${a.quantity} 件）可申请调剂，请优先调剂使用`,
      basis: '“十四五”机关事务工作规划 第三章第一节：推进公物仓建设，闲置资产优先调剂',
      assetId: a.id,
    }));
  }

  return { register, addPhoto, readPhoto, offer, writeOff, request, decide, get, list, warehouse, listRequests, surplusFindings };
}

export type AssetsService = ReturnType<typeof createAssetsService>;

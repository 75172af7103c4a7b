import { and, count, desc, eq, inArray, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { assetEvents, assets, organizations, reallocationRequests } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { dbNow } from '../../platform/clock.ts';
import { inJurisdiction, inProvinceOf, withinJurisdiction } from '../../platform/jurisdiction.ts';
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
import { actorOf, assetEvent, assetStatusLabels, reallocatedFrom } from './assets.history.ts';

/** 调剂: a unit's request for an asset in the warehouse (公物仓), and the center's decision on it. */
export function createAssetReallocation(deps: { db: Db }) {
  const { db } = deps;

  /** A unit asks for an asset in the warehouse while its window is open. */
  async function request(auth: AuthContext, assetId: string, reason: string) {
    const id = await inTransaction(db, async (tx) => {
      const [a] = await tx.select().from(assets).where(eq(assets.id, assetId)).for('share');
      if (!a || a.status !== 'offered') throw new NotFoundError('asset not in the warehouse');
      if (a.ownerOrgId === auth.orgId) throw fieldError('assetId', '不能申请调剂本单位的资产');
      // Reallocated within one province-level area's public property only (公物仓 of that area).
      if (!(await inProvinceOf(tx, auth, a.ownerOrgId)))
        throw fieldError('assetId', '只能申请调剂本省（自治区、直辖市）内单位的公物仓资产');
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
      // Decided by the center of the owner's area (#19); elsewhere the request does not exist.
      if (!(await withinJurisdiction(tx, auth, [a?.ownerOrgId]))) throw new NotFoundError('request not found');
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

  /**
   * Requests: for center staff and regulators, those on assets of their area or from units of their area (#19);
   * a unit's own requests and those on its assets otherwise.
   */
  async function listRequests(
    auth: AuthContext,
    f: { status?: (typeof reallocationRequests.$inferSelect)['status'] | undefined; assetId?: string | undefined },
    p: PageQuery,
  ) {
    const areaAssets = db.select({ id: assets.id }).from(assets).where(inJurisdiction(auth, assets.ownerOrgId));
    // An asset reallocated away stays in its former owner's area's view, with the requests it had.
    const formerAreaAssets = db
      .select({ id: assetEvents.assetId })
      .from(assetEvents)
      .where(and(eq(assetEvents.kind, 'reallocated'), inJurisdiction(auth, reallocatedFrom)));
    const where = and(
      or(
        inJurisdiction(auth, reallocationRequests.requestingOrgId),
        inArray(reallocationRequests.assetId, areaAssets),
        inArray(reallocationRequests.assetId, formerAreaAssets),
      ),
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

  return { request, decide, listRequests };
}

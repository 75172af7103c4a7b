import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { assetEvents, type assets, type AssetStatus } from '../../db/schema/index.ts';
import type { AuditActor } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';

export const actorOf = (auth: AuthContext): AuditActor => ({ userId: auth.userId, orgId: auth.orgId });
export const assetStatusLabels: Record<AssetStatus, string> = {
  registered: '已登记',
  offered: '公物仓调剂中',
  reallocated: '已调剂',
  in_auction: '拍卖处置中',
  sold: '已售出',
  written_off: '已报废',
};

export type AssetRow = typeof assets.$inferSelect;
export type EventKind = (typeof assetEvents.$inferInsert)['kind'];

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
    at: sql`jicai.clock_timestamp()`,
  });
}

/** The unit a `reallocated` event moved its asset away from, as an SQL uuid expression over asset_events. */
export const reallocatedFrom = sql`(${assetEvents.data}->>'fromOrgId')::uuid`;

import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { assetStatuses, assetConditions, reallocationStatuses } from '../../../contracts/enums/process.ts';
import { clockNow, createdAt, fen, id, jicai, updatedAt, utc } from '../columns.ts';
import { categories } from './catalogue.ts';
import { organizations, users } from './identity.ts';

export type AssetStatus = (typeof assetStatuses)[number];
export const assetStatus = jicai.enum('asset_status', assetStatuses);
export type AssetCondition = (typeof assetConditions)[number];

/** 资产: a unit's surplus state asset, from registration through the warehouse to reallocation or sale. */
export const assets = jicai.table(
  'assets',
  {
    id: id(),
    assetNo: text('asset_no').notNull(),
    ownerOrgId: uuid('owner_org_id')
      .notNull()
      .references(() => organizations.id),
    categoryCode: text('category_code')
      .notNull()
      .references(() => categories.code),
    name: text('name').notNull(),
    description: text('description').notNull(),
    quantity: integer('quantity').notNull(),
    originalValueFen: fen('original_value_fen').notNull(),
    netValueFen: fen('net_value_fen').notNull(),
    acquiredOn: date('acquired_on', { mode: 'string' }).notNull(),
    condition: text('condition', { enum: assetConditions }).notNull(),
    location: text('location').notNull(),
    status: assetStatus('status').notNull().default('registered'),
    /** End of the reallocation window (调剂公示期) while offered in the warehouse. */
    offeredUntil: utc('offered_until'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('assets_no_key').on(t.assetNo),
    index('assets_owner_idx').on(t.ownerOrgId, t.createdAt),
    index('assets_status_idx').on(t.status, t.categoryCode),
    check(
      'assets_values',
      sql`${t.quantity} > 0 and ${t.originalValueFen} >= 0 and ${t.netValueFen} >= 0 and ${t.netValueFen} <= ${t.originalValueFen}`,
    ),
  ],
);

export const assetPhotos = jicai.table(
  'asset_photos',
  {
    id: id(),
    assetId: uuid('asset_id')
      .notNull()
      .references(() => assets.id),
    sha256: text('sha256').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('asset_photos_asset_idx').on(t.assetId)],
);

/** The asset's history: it travels with the asset when it is reallocated to another unit. */
export const assetEvents = jicai.table(
  'asset_events',
  {
    id: id(),
    assetId: uuid('asset_id')
      .notNull()
      .references(() => assets.id),
    kind: text('kind', {
      enum: ['registered', 'offered', 'requested', 'reallocated', 'auctioned', 'sold', 'unsold', 'written_off'],
    }).notNull(),
    orgId: uuid('org_id').references(() => organizations.id),
    actorId: uuid('actor_id').references(() => users.id),
    note: text('note').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    at: utc('at').notNull().default(clockNow),
  },
  (t) => [index('asset_events_asset_idx').on(t.assetId, t.at)],
);

/** 调剂申请: another unit asks for a warehouse asset, with its reason; center staff grant one. */
export const reallocationRequests = jicai.table(
  'reallocation_requests',
  {
    id: id(),
    assetId: uuid('asset_id')
      .notNull()
      .references(() => assets.id),
    requestingOrgId: uuid('requesting_org_id')
      .notNull()
      .references(() => organizations.id),
    requestedBy: uuid('requested_by').references(() => users.id),
    reason: text('reason').notNull(),
    status: text('status', { enum: reallocationStatuses }).notNull().default('pending'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: utc('decided_at'),
    decisionReason: text('decision_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('reallocation_requests_one_per_unit').on(t.assetId, t.requestingOrgId),
    index('reallocation_requests_status_idx').on(t.status),
  ],
);

export { assetStatuses, assetConditions, reallocationStatuses };

import { and, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { builtOnce, statementBuiltOnce } from '../../db/built-once.ts';
import { bids, organizations, procurementMethods, tenderLots, tenders } from '../../db/schema/index.ts';
import { auditInsertSelect, type AuditActor } from '../../platform/audit.ts';
import { CENTRAL_REGION } from '../../platform/jurisdiction.ts';
import { creditFactsFromJson, creditFactsSql } from '../credit/credit.queries.ts';

const purchasers = alias(organizations, 'purchaser');
const iso = (expr: string) => sql.raw(`to_char(${expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/**
 * Everything a bid is checked against, in ONE read that locks nothing: the tender (its sealing key and
 * documents version, not its documents), the lot asked for, the procurement method, the bidder's
 * organization, the purchaser's name and region, the database clock's time (the statement's: the same
 * moment throughout) and what the bidder's eligibility is judged by there and then. Null when there is no such tender.
 */
const bidContextQuery = builtOnce((db) =>
  db
    .select({
      tender: {
        id: tenders.id,
        tenderNo: tenders.tenderNo,
        title: tenders.title,
        kind: tenders.kind,
        status: tenders.status,
        deadline: tenders.deadline,
        documentsVersion: tenders.documentsVersion,
        sealPublicKey: tenders.sealPublicKey,
        methodCode: tenders.methodCode,
        invitedSupplierIds: tenders.invitedSupplierIds,
        purchaserOrgId: tenders.purchaserOrgId,
      },
      lot: tenderLots,
      method: procurementMethods,
      org: organizations,
      purchaserName: purchasers.name,
      /** Where the purchasing unit is: a regional exclusion counts there (#19). */
      purchaserRegion: purchasers.regionCode,
      now: sql<string>`${iso('jicai.now()')}`,
      /** What the bidder's eligibility is judged by (creditFactsOf), at the same moment, where the purchaser is. */
      creditFacts: sql<unknown>`${creditFactsSql({
        ids: sql`array[${sql.placeholder('orgId')}::uuid]`,
        usccs: sql`(case when ${organizations.kind} = 'supplier' and ${organizations.uscc} is not null then array[${organizations.uscc}] else '{}'::text[] end)`,
        regionCode: sql`nullif(nullif(${purchasers.regionCode}, ${CENTRAL_REGION}), '')::text`,
        day: sql`(jicai.now() at time zone 'Asia/Shanghai')::date`,
        at: sql`jicai.now()`,
      })}`,
    })
    .from(tenders)
    .leftJoin(tenderLots, and(eq(tenderLots.id, sql.placeholder('lotId')), eq(tenderLots.tenderId, tenders.id)))
    .leftJoin(procurementMethods, eq(procurementMethods.code, tenders.methodCode))
    .leftJoin(organizations, eq(organizations.id, sql.placeholder('orgId')))
    .leftJoin(purchasers, eq(purchasers.id, tenders.purchaserOrgId))
    .where(eq(tenders.id, sql.placeholder('tenderId')))
    .prepare('jicai_bid_context'),
);

export async function bidContext(db: Db, tenderId: string, lotId: string, orgId: string) {
  const [row] = await bidContextQuery(db).execute({ tenderId, lotId, orgId });
  return row ? { ...row, now: new Date(row.now), creditFacts: creditFactsFromJson(row.creditFacts) } : null;
}

export type BidContext = NonNullable<Awaited<ReturnType<typeof bidContext>>>;

export interface SealedBid {
  tenderId: string;
  lotId: string;
  supplierId: string;
  userId: string;
  documentsVersion: number;
  submittedAt: Date;
  commitment: string;
  sealed: string;
  submittedIp: string | null;
  deviceId: string | null;
}

type StoreParam = Exclude<keyof SealedBid, 'submittedAt'> | 'submittedAt' | 'actorUserId' | 'actorOrgId';
const p = (name: StoreParam) => sql.placeholder(name);

/** The statement, built once (server/db/built-once.ts): a bid's values fill its placeholders. */
const storeBidStatement = statementBuiltOnce<{ id: string; version: number; status: string; status_note: string | null }>(
  'jicai_store_bid',
  () => sql`
    with t as (
      select id from ${tenders}
      where id = ${p('tenderId')} and status = 'bidding' and documents_version = ${p('documentsVersion')}
        and deadline > jicai.clock_timestamp()
      for share),
    ins as (
      insert into ${bids} as b (tender_id, lot_id, supplier_id, submitted_by, documents_version, submitted_at, sha256, sealed,
                                submitted_ip, device_id)
      select t.id, ${p('lotId')}, ${p('supplierId')}, ${p('userId')}, ${p('documentsVersion')}, ${p('submittedAt')}::timestamptz,
             ${p('commitment')}, ${p('sealed')}, ${p('submittedIp')}, ${p('deviceId')}
      from t
      on conflict (lot_id, supplier_id) do update set
        version = b.version + 1, submitted_by = excluded.submitted_by, documents_version = excluded.documents_version,
        submitted_at = excluded.submitted_at, sha256 = excluded.sha256, sealed = excluded.sealed, status = 'submitted',
        status_note = null, submitted_ip = excluded.submitted_ip, device_id = excluded.device_id
      returning b.id, b.lot_id, b.version, b.sha256, b.status, b.status_note),
    audit as (${auditInsertSelect(sql`ins`, {
      occurredAt: sql`date_trunc('milliseconds', jicai.clock_timestamp())`,
      actor: { userId: p('actorUserId'), orgId: p('actorOrgId') },
      action: 'tender.bid',
      entityType: 'tender',
      entityId: p('tenderId'),
      data: sql`jsonb_build_object('lotId', lot_id, 'version', version, 'commitment', sha256)`,
    })})
    select id, version, status, status_note from ins`,
);

/**
 * The bid stored in ONE autocommitted statement, every check done before it: the tender's row is share-
 * locked by its first part (the opening locks it for update, so it waits for every bid in flight, and no
 * bid lands after it has read them) only while the statement runs, and only while the tender still takes
 * bids at the documents version the bid was sealed under and the database clock is before the deadline;
 * the bid is inserted or replaces the supplier's bid on the lot (its version raised), and its audit entry
 * is appended from the stored row. Null when the tender no longer takes this bid (the caller says why).
 */
export async function storeBidInOneStatement(db: Db, b: SealedBid, actor: AuditActor) {
  const [row] = await storeBidStatement(db, {
    ...b,
    submittedAt: b.submittedAt.toISOString(),
    actorUserId: actor.userId,
    actorOrgId: actor.orgId,
  });
  if (!row) return null;
  return {
    id: row.id,
    tenderId: b.tenderId,
    lotId: b.lotId,
    version: Number(row.version),
    documentsVersion: b.documentsVersion,
    submittedAt: b.submittedAt,
    commitment: b.commitment,
    status: row.status as (typeof bids.$inferSelect)['status'],
    statusNote: row.status_note,
  };
}

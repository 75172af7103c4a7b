import { and, asc, eq, getTableColumns, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { SourceRefLookup } from '../credit/credit.source-ref.ts';
import type { DbOrTx } from '../../db/client.ts';
import {
  bids,
  lotEvaluations,
  tenderAwardAnnulments,
  tenderClarifications,
  tenderContracts,
  tenderLots,
  tenders,
} from '../../db/schema/index.ts';

// What open data reads of a tender: not its opening record (a row per bid, megabytes at an opening of
// thousands), its documents' text or its wrapped key.
const { openingRecord: _record, documents: _documents, sealPrivateKeyWrapped: _key, ...announcedColumns } = getTableColumns(tenders);

/** A tender past its draft, with what open data publishes of it: lots in order, evaluations, contracts, and the bids opened. */
export async function announcedTender(db: DbOrTx, tenderId: string) {
  const [tender] = await db
    .select(announcedColumns)
    .from(tenders)
    .where(and(eq(tenders.id, tenderId), ne(tenders.status, 'draft')));
  return tender;
}

export const lotsOf = (db: DbOrTx, tenderId: string) =>
  db.select().from(tenderLots).where(eq(tenderLots.tenderId, tenderId)).orderBy(asc(tenderLots.lotNo));

export const evaluationsOf = (db: DbOrTx, tenderId: string) =>
  db.select().from(lotEvaluations).where(eq(lotEvaluations.tenderId, tenderId));

/** The awards complaint decisions annulled, oldest first. */
export const annulledAwardsOf = (db: DbOrTx, tenderId: string) =>
  db
    .select()
    .from(tenderAwardAnnulments)
    .where(eq(tenderAwardAnnulments.tenderId, tenderId))
    .orderBy(asc(tenderAwardAnnulments.annulledAt));

export const contractsOf = (db: DbOrTx, tenderId: string) =>
  db.select().from(tenderContracts).where(eq(tenderContracts.tenderId, tenderId));

/** The bids opened at the opening (qualified or rejected later): supplier, lot and price. */
export const openedBids = (db: DbOrTx, tenderId: string) =>
  db
    .select({ supplierId: bids.supplierId, lotId: bids.lotId, id: bids.id, priceFen: bids.priceFen })
    .from(bids)
    .where(and(eq(bids.tenderId, tenderId), inArray(bids.status, ['opened', 'rejected'])));

/** Answered clarifications and amendments (澄清、修改), in the order they were published. */
export const answeredClarifications = (db: DbOrTx, tenderId: string) =>
  db
    .select()
    .from(tenderClarifications)
    .where(and(eq(tenderClarifications.tenderId, tenderId), isNotNull(tenderClarifications.answeredAt)))
    .orderBy(asc(tenderClarifications.answeredAt), asc(tenderClarifications.id));

/**
 * The tenders and contracts a credit event's source reference names (招标编号, 合同编号 of ten characters or
 * more, or an id): the unit and the center running it, and whether the supplier was invited, bid (known only
 * once the bids are opened, and not for a bid withdrawn in time), or holds the contract.
 */
export const tenderSourceRef: SourceRefLookup = {
  shape: /ZB\d{12}/,
  find: async (tx, ref, supplierId) => {
    const rows = await tx.execute<{ unit: string; center: string | null; linked: boolean }>(sql`
      select t.purchaser_org_id as unit, t.center_org_id as center,
             -- Who bid is sealed until the opening (tenders.sealed-until-deadline): before it, and for a bid
             -- withdrawn in time, a bid links no one, so a credit event's reference cannot probe for bidders.
             (t.opened_at is not null and exists (select 1 from ${bids} b
               where b.tender_id = t.id and b.supplier_id = ${supplierId}::uuid and b.status <> 'withdrawn'))
             or ${supplierId}::uuid = any(coalesce(t.invited_supplier_ids, '{}')) as linked
        from ${tenders} t where position(t.tender_no in ${ref.compact}) > 0 or t.id = any(${sql.param(ref.uuids)}::uuid[])
      union all
      select t.purchaser_org_id, t.center_org_id, c.supplier_id = ${supplierId}::uuid
        from ${tenderContracts} c join ${tenders} t on t.id = c.tender_id,
             lateral (select translate(regexp_replace(upper(c.contract_no), '[^A-Z0-9]', '', 'g'), 'OI', '01') as no) k
       where (length(k.no) >= 10 and position(k.no in ${ref.compact}) > 0) or c.id = any(${sql.param(ref.uuids)}::uuid[])`);
    return rows.rows.map((r) => ({ parties: [r.unit, r.center], linked: r.linked }));
  },
};

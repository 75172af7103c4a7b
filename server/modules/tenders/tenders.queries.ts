import { and, asc, eq, getTableColumns, inArray, isNotNull, ne } from 'drizzle-orm';
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

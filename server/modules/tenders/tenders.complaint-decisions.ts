import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { bids, organizations, tenderAwardAnnulments, tenderComplaints, tenderLots } from '../../db/schema/index.ts';

/**
 * The published decisions on these tenders (public: the 处理决定 and its reasons, not the complaint's
 * grounds), each with the awards it annulled (the lot and the supplier it had gone to, as the award notice
 * had published them).
 */
export async function complaintDecisionsOf(db: DbOrTx, tenderIds: string[]) {
  if (tenderIds.length === 0) return [];
  const rows = await db
    .select({ c: tenderComplaints, regulatorName: organizations.name })
    .from(tenderComplaints)
    .innerJoin(organizations, eq(organizations.id, tenderComplaints.regulatorOrgId))
    .where(and(inArray(tenderComplaints.tenderId, tenderIds), eq(tenderComplaints.status, 'decided')))
    .orderBy(tenderComplaints.decidedAt);
  const annulled = rows.some(({ c }) => c.outcome !== 'dismissed')
    ? await db
        .select({
          complaintId: tenderAwardAnnulments.complaintId,
          lotNo: tenderLots.lotNo,
          supplierName: organizations.name,
          awardedAt: tenderAwardAnnulments.awardedAt,
        })
        .from(tenderAwardAnnulments)
        .innerJoin(tenderLots, eq(tenderLots.id, tenderAwardAnnulments.lotId))
        .innerJoin(bids, eq(bids.id, tenderAwardAnnulments.bidId))
        .innerJoin(organizations, eq(organizations.id, bids.supplierId))
        .where(inArray(tenderAwardAnnulments.tenderId, tenderIds))
        .orderBy(tenderLots.lotNo)
    : [];
  return rows.map(({ c, regulatorName }) => ({
    tenderId: c.tenderId,
    complaintId: c.id,
    outcome: c.outcome!,
    reasons: c.decisionReasons ?? '',
    decidedAt: c.decidedAt!.toISOString(),
    regulatorName,
    annulledAwards: annulled
      .filter((a) => a.complaintId === c.id)
      .map((a) => ({ lotNo: a.lotNo, supplierName: a.supplierName, awardedAt: a.awardedAt.toISOString() })),
  }));
}

import { asc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import {
  organizations,
  tenderFinalOffers,
  tenderObjections,
  tenderRequirementChanges,
  tenderRoundRecords,
  tenders,
} from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { dbNow } from '../../platform/clock.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { ProcedureView } from '../../../contracts/tender-rounds.schemas.ts';
import type { TenderRounds } from './tenders.rounds.ts';
import type { TenderSingleSource } from './tenders.single-source.ts';
import { currentStage, methodConfig, procedureOf } from './tenders.stages.ts';
import { readsAsExpert } from './tenders.access.ts';

/**
 * The procedure as each reader sees it: the stage track for anyone who may read the tender; the rounds,
 * changes and participants for its center and unit in full, for a supplier its own; the final offers only
 * as receipts until the job opens them, then the record for all; objections in full for the center and
 * unit, the objector its own.
 */
export function createProcedureView(deps: { db: Db; rounds: TenderRounds; singleSource: TenderSingleSource }) {
  async function view(caller: AuthContext | null, id: string): Promise<ProcedureView> {
    // An expert-only user acts for itself, not for the center that keeps the pool: it reads what the public reads.
    const auth = readsAsExpert(caller) ? null : caller;
    return inTransaction(deps.db, async (tx) => {
      const [t] = await tx.select().from(tenders).where(eq(tenders.id, id));
      const party = !!auth && !!t && (auth.orgId === t.centerOrgId || auth.orgId === t.purchaserOrgId);
      if (!t || (t.status === 'draft' && !party)) throw new NotFoundError('tender not found');
      const now = await dbNow(tx);
      const p = await procedureOf(tx, id);
      const m = methodConfig(t.methodCode);
      const opened = t.status !== 'draft' && t.status !== 'bidding';
      const people = opened && m.stages.includes('rounds') ? await deps.rounds.participantsOf(tx, t) : [];
      const mine = (supplierId: string) => party || supplierId === auth?.orgId;
      // One after another: a transaction's connection runs one statement at a time.
      const records = await tx
        .select()
        .from(tenderRoundRecords)
        .where(eq(tenderRoundRecords.tenderId, id))
        .orderBy(asc(tenderRoundRecords.round));
      const changes = await tx
        .select()
        .from(tenderRequirementChanges)
        .where(eq(tenderRequirementChanges.tenderId, id))
        .orderBy(asc(tenderRequirementChanges.announcedAt));
      const offers = auth ? await tx.select().from(tenderFinalOffers).where(eq(tenderFinalOffers.tenderId, id)) : [];
      const names = await namesOf(
        tx,
        people.map((x) => x.supplierId),
      );
      return {
        tenderId: id,
        methodCode: t.methodCode,
        stages: [...m.stages],
        stage: currentStage(t, p, now),
        round: Math.max(p?.round ?? 0, people.length ? 1 : 0),
        finalOfferDeadline: p?.finalOfferDeadline?.toISOString() ?? null,
        finalOpenedAt: p?.finalOpenedAt?.toISOString() ?? null,
        finalRecord: p?.finalOpenedAt ? ((p.finalRecord ?? []) as ProcedureView['finalRecord']) : null,
        participants: people
          .filter((x) => mine(x.supplierId))
          .map((x) => ({
            supplierId: x.supplierId,
            supplierName: names.get(x.supplierId) ?? '',
            status: x.status,
            reason: x.reason,
            leftAfterRound: x.leftAfterRound,
          })),
        records: records
          .filter((r) => mine(r.supplierId))
          .map((r) => ({ round: r.round, supplierId: r.supplierId, notes: r.notes, recordedAt: r.recordedAt.toISOString() })),
        changes: changes
          .filter((c) => party || (!!auth && c.recipients.includes(auth.orgId)))
          .map((c) => ({ id: c.id, afterRound: c.afterRound, text: c.text, announcedAt: c.announcedAt.toISOString() })),
        myFinalOffers: offers
          .filter((o) => o.supplierId === auth?.orgId)
          .map((o) => ({
            offerId: o.id,
            tenderId: o.tenderId,
            lotId: o.lotId,
            version: o.version,
            submittedAt: o.submittedAt.toISOString(),
            commitment: o.commitment,
            status: o.status,
            statusNote: o.statusNote,
          })),
        singleSource: await singleSourceOf(tx, t, p, auth, party, now),
        methodChange: p?.methodChangedFrom ? { from: p.methodChangedFrom, to: t.methodCode, reason: p.methodChangeReason ?? '' } : null,
      };
    });
  }

  async function namesOf(tx: Tx, ids: string[]) {
    if (!ids.length) return new Map<string, string>();
    const rows = await tx
      .select({ id: organizations.id, name: organizations.name })
      .from(organizations)
      .where(inArray(organizations.id, ids));
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async function singleSourceOf(
    tx: Tx,
    t: typeof tenders.$inferSelect,
    p: Awaited<ReturnType<typeof procedureOf>>,
    auth: AuthContext | null,
    party: boolean,
    now: Date,
  ): Promise<ProcedureView['singleSource']> {
    if (!p?.singleSourceReasons) return null;
    const w = await deps.singleSource.windowOf(tx, t);
    const objections = await tx
      .select({ o: tenderObjections, name: organizations.name })
      .from(tenderObjections)
      .innerJoin(organizations, eq(organizations.id, tenderObjections.organizationId))
      .where(eq(tenderObjections.tenderId, t.id))
      .orderBy(asc(tenderObjections.lodgedAt));
    const names = await namesOf(tx, p.proposedSupplierId ? [p.proposedSupplierId] : []);
    const seesRecord = party || auth?.orgId === p.proposedSupplierId;
    return {
      reasons: p.singleSourceReasons,
      proposedSupplierId: p.proposedSupplierId,
      proposedSupplierName: p.proposedSupplierId ? (names.get(p.proposedSupplierId) ?? null) : null,
      windowUntil: w?.due.toISOString() ?? null,
      windowOpen: !!w && w.status === 'running' && now < w.due,
      objections: objections
        .filter(({ o }) => party || o.organizationId === auth?.orgId)
        .map(({ o, name }) => ({
          id: o.id,
          organizationName: name,
          grounds: o.grounds,
          lodgedAt: o.lodgedAt.toISOString(),
          reply: o.reply,
          upheld: o.upheld,
          answeredAt: o.answeredAt?.toISOString() ?? null,
          mine: o.organizationId === auth?.orgId,
        })),
      negotiationRecord: seesRecord ? p.negotiationRecord : null,
      agreedPriceFen: seesRecord || t.status === 'awarded' || t.status === 'contracted' ? p.agreedPriceFen : null,
      priceReasons: seesRecord ? p.priceReasons : null,
    };
  }

  return { view };
}

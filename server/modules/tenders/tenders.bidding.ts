import { and, eq, inArray } from 'drizzle-orm';
import { bids, tenders } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate, shanghaiDateTime } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import type { RequestOrigin } from '../../platform/origin.ts';
import { RECEIPT_SCHEME, commitmentMatches, commitmentOf, newReceiptNonce, sealedEnvelope } from '../../platform/receipts.ts';
import { tenderStatusLabels } from './tenders.rules.ts';
import type { BidInput } from '../../../contracts/tenders.schemas.ts';
import { actorOf, bidBinding, type TendersDeps } from './tenders.context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { bidContext, storeBidInOneStatement, type BidContext } from './tenders.bid-statement.ts';
import type { TenderPublishing } from './tenders.publishing.ts';
import { smeDeclarationProblem, smeStandingOf } from '../../../contracts/sme-treatment.ts';
import { consortiumDeclarationProblem, smeShareFactsOf, smeStatementOf } from './tenders.sme-share.ts';
import { outcomesOf } from './tenders.results.ts';

/** 投标: sealed bids and their receipts, withdrawn before the deadline, checked by the bidder after the opening. */
export function createTenderBidding(
  deps: TendersDeps & {
    publishing: TenderPublishing;
  },
) {
  const { db, credit, sealer } = deps;

  /**
   * Who may bid on this lot, and what is sealed with the bid besides what was sent: the registered size or
   * treatment, the consortium or subcontract facts, and the 中小企业声明函 written from them. A declaration
   * the facts do not bear is refused here, naming smeDeclared. Checked against what bidContext read in one
   * query; credit reads the supplier's exclusions and records.
   */
  async function admit(tx: DbOrTx, auth: AuthContext, ctx: BidContext, input: Pick<BidInput, 'lotId' | 'smeDeclared' | 'smeShare'>) {
    const { tender: t, lot, method, org, now } = ctx;
    if (!lot) throw fieldError('lotId', '该项目没有这个包');
    if (!method) throw fieldError('methodCode', '采购方式不存在');
    if (method.invitationOnly && !t.invitedSupplierIds.includes(auth.orgId))
      throw fieldError('supplier', `${method.name}仅受邀供应商可以投标`);
    // A regional exclusion counts where the purchasing unit is (#19), read with the tender.
    const regionCode = ctx.purchaserRegion ?? undefined;
    await credit.assertEligible(tx, { supplierId: auth.orgId, action: 'bid', regionCode }, 'supplier', {
      now,
      suppliers: org ? [org] : [],
      facts: ctx.creditFacts,
    });
    // Prison enterprises and disability welfare units count as small/micro (smeStandingOf; 财库〔2014〕68号, 〔2017〕141号).
    const standing = smeStandingOf(org!);
    if (lot.smeReserved && !standing.sme) throw fieldError('supplier', '本包专门面向中小企业，大型企业不能投标');
    if (lot.smallMicroOnly && !standing.smallOrMicro) throw fieldError('supplier', '本包专门面向小微企业，中型和大型企业不能投标');
    const smeShareFacts = await smeShareFactsOf(tx, org!, input.smeShare, lot);
    const declaration =
      smeDeclarationProblem(org!, input.smeDeclared, { smeReservedLot: lot.smeReserved && !lot.smallMicroOnly }) ??
      consortiumDeclarationProblem(smeShareFacts, input.smeDeclared);
    if (declaration) throw fieldError('smeDeclared', declaration);
    const smeStatement = await smeStatementOf(
      tx,
      { bidder: org!, purchaserName: ctx.purchaserName ?? '', tender: t },
      lot,
      input,
      shanghaiDate(now),
    );
    return { lot, org: org!, standing, smeShareFacts, smeStatement };
  }

  /** The tender as a bidder may see it: a draft (or none) is not found. */
  async function contextOf(auth: AuthContext, id: string, lotId: string) {
    const ctx = await bidContext(db, id, lotId, auth.orgId);
    if (!ctx || ctx.tender.status === 'draft') throw new NotFoundError('tender not found');
    return ctx;
  }

  /** The 中小企业声明函 a bid with these declarations would seal, before it is sent: refused as the bid would be. */
  async function previewSmeStatement(auth: AuthContext, id: string, input: Pick<BidInput, 'lotId' | 'smeDeclared' | 'smeShare'>) {
    const { smeStatement } = await admit(db, auth, await contextOf(auth, id, input.lotId), input);
    return { smeStatement };
  }

  /**
   * A sealed bid for one lot, until the deadline by the database clock; replacing raises its version.
   * Everything is read and checked, and the bid sealed, before anything is locked; the bid is then stored
   * by one statement that share-locks the tender only while it runs (storeBidInOneStatement). When that
   * statement finds the tender moved on (its documents amended meanwhile), the bid is checked and sealed again.
   */
  async function submitBid(auth: AuthContext, id: string, input: BidInput, origin: RequestOrigin | null = null) {
    for (let attempt = 0; ; attempt++) {
      const ctx = await contextOf(auth, id, input.lotId);
      const { tender: t, now } = ctx;
      if (t.status !== 'bidding') throw new ConflictError(`项目当前为「${tenderStatusLabels[t.status]}」，不接受投标`);
      if (now >= t.deadline) throw new ConflictError(`投标已于 ${shanghaiDateTime(t.deadline)}（北京时间）截止`);
      const { lot, org, standing, smeShareFacts, smeStatement } = await admit(db, auth, ctx, input);
      // The receipt commits to what the bidder sent under a nonce only it gets; the nonce is sealed with the bid.
      const nonce = newReceiptNonce();
      const commitment = commitmentOf(nonce, bidBinding(id, lot.id, auth.orgId, t.documentsVersion), input);
      const sealed = sealer.seal(
        t.sealPublicKey,
        sealedEnvelope(nonce, input, {
          sizeClass: org.sizeClass ?? 'large',
          smeTreatment: standing.basis === 'size_class' ? null : standing.basis,
          documentsVersion: t.documentsVersion,
          ...(smeShareFacts ? { smeShareFacts } : {}),
        }),
        `${id}:${lot.id}:${auth.orgId}`,
      );
      const stored = await storeBidInOneStatement(
        db,
        {
          tenderId: id,
          lotId: lot.id,
          supplierId: auth.orgId,
          userId: auth.userId,
          documentsVersion: t.documentsVersion,
          submittedAt: now,
          commitment,
          sealed,
          submittedIp: origin?.ip ?? null,
          deviceId: origin?.deviceId ?? null,
        },
        actorOf(auth),
      );
      // The nonce leaves the platform here, once: it is stored nowhere in clear.
      if (stored) return { ...receiptOf(stored), supplierId: auth.orgId, scheme: RECEIPT_SCHEME, nonce, smeStatement };
      // Not taken: the tender closed, reached its deadline or had its documents amended since the read.
      if (attempt >= 2) throw new ConflictError('招标文件刚刚变更，请重新提交投标');
    }
  }

  async function withdrawBid(auth: AuthContext, id: string, lotId: string) {
    return inTransaction(db, async (tx) => {
      const [t] = await tx.select().from(tenders).where(eq(tenders.id, id)).for('share');
      if (!t || t.status !== 'bidding') throw new NotFoundError('tender not open');
      if ((await dbNow(tx)) >= t.deadline) throw new ConflictError('投标已截止，不能撤回');
      const [row] = await tx
        .update(bids)
        .set({ status: 'withdrawn', sealed: null, statusNote: '投标人在截止前撤回' })
        .where(and(eq(bids.lotId, lotId), eq(bids.tenderId, id), eq(bids.supplierId, auth.orgId), eq(bids.status, 'submitted')))
        .returning();
      if (!row) throw new NotFoundError('no bid to withdraw');
      await appendAudit(tx, { actor: actorOf(auth), action: 'tender.withdraw', entityType: 'tender', entityId: id, data: { lotId } });
      return receipt(row);
    });
  }

  /**
   * 回执核验: after the opening, anyone holding a bid as sent and its 回执密钥 can have the stored commitment
   * checked. Before it the answer would say who bid, so it waits for the opening.
   */
  async function verifyReceipt(id: string, input: { supplierId: string; nonce: string; bid: BidInput }) {
    const [t] = await db.select().from(tenders).where(eq(tenders.id, id));
    if (!t || t.status === 'draft') throw new NotFoundError('tender not found');
    if (!t.openedAt) throw new ConflictError('开标后方可核验投标回执');
    const [row] = await db
      .select()
      .from(bids)
      .where(
        and(
          eq(bids.tenderId, id),
          eq(bids.lotId, input.bid.lotId),
          eq(bids.supplierId, input.supplierId),
          inArray(bids.status, ['opened', 'rejected']),
        ),
      );
    if (!row) throw new NotFoundError('no opened bid of this supplier in this lot');
    return {
      tenderId: id,
      lotId: row.lotId,
      supplierId: row.supplierId,
      version: row.version,
      documentsVersion: row.documentsVersion,
      submittedAt: row.submittedAt.toISOString(),
      commitment: row.commitment,
      valid: commitmentMatches(row.commitment, input.nonce, bidBinding(id, row.lotId, row.supplierId, row.documentsVersion), input.bid),
    };
  }

  const receipt = (b: typeof bids.$inferSelect) => receiptOf(b);
  const receiptOf = (b: Pick<typeof bids.$inferSelect, ReceiptField>) => ({
    bidId: b.id,
    tenderId: b.tenderId,
    lotId: b.lotId,
    version: b.version,
    documentsVersion: b.documentsVersion,
    submittedAt: b.submittedAt.toISOString(),
    commitment: b.commitment,
    status: b.status,
    statusNote: b.statusNote,
  });

  async function myBids(auth: AuthContext, id: string) {
    const rows = await db
      .select()
      .from(bids)
      .where(and(eq(bids.tenderId, id), eq(bids.supplierId, auth.orgId)));
    const outcome = await outcomesOf(db, id);
    return rows.map((b) => ({ ...receipt(b), outcome: outcome(b) }));
  }

  return { submitBid, withdrawBid, verifyReceipt, receipt, myBids, previewSmeStatement };
}

type ReceiptField = 'id' | 'tenderId' | 'lotId' | 'version' | 'documentsVersion' | 'submittedAt' | 'commitment' | 'status' | 'statusNote';

export type TenderBidding = ReturnType<typeof createTenderBidding>;

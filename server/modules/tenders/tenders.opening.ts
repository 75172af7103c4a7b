import { bidderOpeningNotices, openingNotices } from './tenders.notices.ts';
import { orgRegion } from '../../platform/jurisdiction.ts';
import { and, eq, sql } from 'drizzle-orm';
import { uuidIn } from '../../db/columns.ts';
import type { Tx } from '../../db/client.ts';
import { bids, organizations, tenderLots, tenders } from '../../db/schema/index.ts';
import type { AfterCommit } from '../../db/tx.ts';
import { requestAuditCheckpoint } from '../../platform/audit-anchor.ts';
import { appendAudit } from '../../platform/audit.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { unsealAll } from '../../platform/unseal.ts';
import { distinctBidders, evaluationOf, greenCertificateCounts, overBudgetNote, relatedBidderNotes } from './tenders.rules.ts';
import { bidContent, bidBinding, tenderJobs, type TendersDeps } from './tenders.context.ts';
import type { TenderPublishing } from './tenders.publishing.ts';
import { recordReleases } from '../ocds/ocds.store.ts';
import { smeStatementOf } from './tenders.sme-share.ts';
import { recordAutomaticReviews, reservedLotDeclarationFailure } from './tenders.review.ts';
import { sameBrandGroups, sameBrandNote } from './tenders.categories.ts';
import type { z } from 'zod';
import type { FileStore } from '../../platform/storage.ts';
import { openBidFiles } from './tenders.files.ts';

/** 开标: at the deadline every sealed bid is opened once, qualified, and the opening record published. */
export function createTenderOpening(
  deps: TendersDeps & {
    publishing: TenderPublishing;
    files: FileStore;
  },
) {
  const { credit, sealer } = deps;
  const { methodOf } = deps.publishing;

  /**
   * 开标, by the worker at the deadline. The private key comes from a query that returns it only once
   * the database clock has passed the deadline. Every submitted bid is opened once, checked (credit at
   * this moment, the budget, one legal representative per lot, no direct control or management relationship
   * between bidders of one lot), given its SME deduction and evaluation price, its declared green certificate
   * kept, and written back in one statement; lots with fewer distinct bidders (one brand counts once)
   * than the method's minimum fail (流标). The opening record is published with the tender. A second run
   * finds the tender opened and changes nothing.
   */
  async function open(tx: Tx, afterCommit: AfterCommit, id: string): Promise<'opened' | 'failed' | 'skipped' | 'not-due'> {
    const [t] = await tx.select().from(tenders).where(eq(tenders.id, id)).for('update');
    if (!t || t.status !== 'bidding') return 'skipped';
    const [keyRow] = await tx
      .select({ key: tenders.sealPrivateKeyWrapped })
      .from(tenders)
      .where(and(eq(tenders.id, id), sql`${tenders.deadline} <= jicai.now()`));
    if (!keyRow) return 'not-due';
    const now = await dbNow(tx);
    const rows = await submittedBids(tx, id);
    // The bids decrypt on worker threads while this transaction reads what they are checked against; the
    // queries run one after the other (the transaction has one connection, on which queries at once only queue).
    const unsealing = unsealBids(id, keyRow.key, rows);
    unsealing.catch(() => undefined); // awaited below; a failure meanwhile is not left unhandled
    const method = await methodOf(tx, t.methodCode);
    const lots = await tx.select().from(tenderLots).where(eq(tenderLots.tenderId, id)).orderBy(tenderLots.lotNo);
    const supplierIds = [...new Set(rows.map((r) => r.supplierId))];
    const orgs = await bidderOrgs(tx, supplierIds);
    const eligibility = await credit.checkEligibilityOfMany(tx, supplierIds, 'bid', await orgRegion(tx, t.purchaserOrgId), {
      now,
      suppliers: orgs,
    });
    const unsealed = await unsealing;
    await openBidFiles(
      tx,
      { sealer, files: deps.files },
      id,
      keyRow.key,
      rows.map((r) => r.id),
    );
    const orgOf = new Map(orgs.map((o) => [o.id, o]));
    const opened = unsealed.map(({ row: r, envelope, receiptHolds }) => {
      const c = bidContent.parse(envelope.content);
      const lot = lots.find((l) => l.id === r.lotId)!;
      const notes: string[] = [...(eligibility.get(r.supplierId)?.reasons.map((x) => x.message) ?? [])];
      // The receipt the bidder holds must match what was sealed: a bid that does not is not counted.
      if (!receiptHolds) notes.push('投标回执与密封内容不符（回执承诺校验失败）');
      const overBudget = overBudgetNote(c.priceFen, lot.budgetFen);
      if (overBudget) notes.push(overBudget);
      const undeclared = reservedLotDeclarationFailure(lot, c);
      if (undeclared) notes.push(undeclared);
      return { row: r, c, lot, notes, ...evaluationOf({ ...c, smeShare: c.smeShareFacts ?? null }, lot) };
    });
    // 同一法定代表人 and 直接控股、管理关系 within a lot (政府采购法实施条例第十八条, tenders.rules.ts).
    for (const lot of lots) {
      const inLot = opened.filter((o) => o.lot.id === lot.id);
      relatedBidderNotes(inLot.map((o) => orgOf.get(o.row.supplierId))).forEach((notes, i) => inLot[i]!.notes.push(...notes));
    }
    const lotOutcome = lots.map((lot) => {
      const valid = opened.filter((o) => o.lot.id === lot.id && o.notes.length === 0);
      const n = distinctBidders(valid.map((o) => ({ supplierId: o.row.supplierId, brand: o.c.brand })));
      return { lot, ok: n >= method.minBidders, n, brands: sameBrandGroups(valid.map((o) => ({ id: o.row.id, brand: o.c.brand }))) };
    });
    const sameBrandOf = new Map(lotOutcome.flatMap((o) => o.brands.flatMap((g) => g.ids.map((bidId) => [bidId, g.brand] as const))));
    if (opened.length) {
      await tx.execute(sql`
        update jicai.bids b set
          status = v.status, status_note = v.note, price_fen = v.price, brand = v.brand, size_class = v.size::jicai.size_class,
          sme_declared = v.sme, technical_response = v.tech, deduction_rate = v.rate, evaluation_price_fen = v.eval, green_certificate = v.green::jsonb, opened_at = ${now.toISOString()}::timestamptz
        from (select unnest(${sql.param(opened.map((o) => o.row.id))}::uuid[]) as id,
                     unnest(${sql.param(opened.map((o) => (o.notes.length ? 'rejected' : 'opened')))}::text[]) as status,
                     unnest(${sql.param(opened.map((o) => (o.notes.length ? o.notes.join('；') : null)))}::text[]) as note,
                     unnest(${sql.param(opened.map((o) => o.c.priceFen))}::bigint[]) as price,
                     unnest(${sql.param(opened.map((o) => o.c.brand))}::text[]) as brand,
                     unnest(${sql.param(opened.map((o) => o.c.sizeClass))}::text[]) as size,
                     unnest(${sql.param(opened.map((o) => o.c.smeDeclared))}::boolean[]) as sme,
                     unnest(${sql.param(opened.map((o) => o.c.technicalResponse))}::text[]) as tech,
                     unnest(${sql.param(opened.map((o) => o.deductionRate))}::text[]) as rate,
                     unnest(${sql.param(opened.map((o) => o.evaluationPriceFen))}::bigint[]) as eval,
                     unnest(${sql.param(opened.map((o) => (o.c.greenCertificate ? JSON.stringify(o.c.greenCertificate) : null)))}::text[]) as green) v
        where b.id = v.id`);
    }
    await recordAutomaticReviews(
      tx,
      id,
      opened.flatMap((o) => {
        const reason = reservedLotDeclarationFailure(o.lot, o.c);
        return reason ? [{ bidId: o.row.id, lotId: o.lot.id, reason }] : [];
      }),
    );
    for (const o of lotOutcome)
      await tx
        .update(tenderLots)
        .set(o.ok ? { status: 'opened' } : { status: 'failed', failedAt: now })
        .where(eq(tenderLots.id, o.lot.id));
    const statements = await statementsOf(tx, t, opened, orgOf);
    const record = opened
      .sort((a, b) => a.lot.lotNo - b.lot.lotNo || a.row.submittedAt.getTime() - b.row.submittedAt.getTime())
      .map((o) => ({
        lotId: o.lot.id,
        lotNo: o.lot.lotNo,
        supplierId: o.row.supplierId,
        supplierName: orgOf.get(o.row.supplierId)?.name ?? '',
        sizeClass: o.c.sizeClass,
        priceFen: o.c.priceFen,
        brand: o.c.brand || null,
        sameBrand: sameBrandOf.get(o.row.id) ?? null,
        smeDeclared: o.c.smeDeclared,
        deductionRate: o.deductionRate,
        smeBasis: o.smeBasis,
        evaluationPriceFen: o.evaluationPriceFen,
        submittedAt: o.row.submittedAt.toISOString(),
        commitment: o.row.commitment,
        status: o.notes.length ? 'rejected' : 'opened',
        statusNote: o.notes.length ? o.notes.join('；') : null,
        greenCertificate: o.c.greenCertificate ?? null,
        greenValid: greenCertificateCounts(o.c.greenCertificate, shanghaiDate(t.deadline)),
        smeStatement: statements.get(o.row.id) ?? null,
      }));
    const allFailed = lotOutcome.every((o) => !o.ok);
    const note = lotOutcome
      .map((o) => `第 ${o.lot.lotNo} 包：有效投标 ${o.n} 家${sameBrandNote(o.brands)}${o.ok ? '' : `，少于 ${method.minBidders} 家，流标`}`)
      .join('；');
    await tx
      .update(tenders)
      .set({ status: allFailed ? 'failed' : 'opened', openedAt: now, openingRecord: record, resultNote: note, updatedAt: now })
      .where(eq(tenders.id, id));
    // The center and the buying unit are told here; the bidders, however many, by their own job once this commits.
    await deps.notify(tx, openingNotices(t, { failed: allFailed, note, at: now }));
    if (supplierIds.length)
      await deps.jobs.schedule(tx, afterCommit, tenderJobs.openingNotices, {
        key: id,
        runAt: now,
        payload: { tenderId: id, failed: allFailed, note },
      });
    await requestAuditCheckpoint(tx, afterCommit, deps.jobs, { reason: `tender.open ${t.tenderNo}`, ref: `tender.open:${id}`, at: now });
    await appendAudit(tx, {
      actor: null,
      action: 'tender.open',
      entityType: 'tender',
      entityId: id,
      data: { bids: opened.length, lots: lotOutcome.map((o) => ({ lotNo: o.lot.lotNo, valid: o.n, failed: !o.ok })) },
    });
    await recordReleases(tx, 'tender', id);
    return allFailed ? 'failed' : 'opened';
  }

  /**
   * The opening's notices to the bidders (tenderJobs.openingNotices), in the job's transaction: every supplier
   * in the published opening record, told of a rejected bid of its own as the record shows it.
   */
  async function notifyBidders(tx: Tx, job: { tenderId: string; failed: boolean; note: string }) {
    const [t] = await tx.select().from(tenders).where(eq(tenders.id, job.tenderId));
    if (!t?.openedAt) return;
    const bidders = await tx.execute<{ supplierId: string; rejected: boolean }>(sql`
      select r->>'supplierId' as "supplierId", bool_or(r->>'status' = 'rejected') as rejected
        from ${tenders} t, jsonb_array_elements(t.opening_record) with ordinality as e(r, n)
       where t.id = ${job.tenderId}
       group by r->>'supplierId' order by min(e.n)`);
    await deps.notify(tx, bidderOpeningNotices(t, { failed: job.failed, note: job.note, at: t.openedAt }, bidders.rows));
  }

  /** The bidders as the opening judges them: only what the checks, the record and the SME letters use (thousands are read). */
  function bidderOrgs(tx: Tx, supplierIds: readonly string[]) {
    if (supplierIds.length === 0) return Promise.resolve([]);
    return tx
      .select({
        id: organizations.id,
        kind: organizations.kind,
        name: organizations.name,
        uscc: organizations.uscc,
        active: organizations.active,
        legalRepresentative: organizations.legalRepresentative,
        controlledByUscc: organizations.controlledByUscc,
      })
      .from(organizations)
      .where(uuidIn(organizations.id, supplierIds));
  }

  /** The submitted bids as sealed, read in the opening's transaction after the tender's row is locked. */
  function submittedBids(tx: Tx, id: string) {
    return tx
      .select({
        id: bids.id,
        lotId: bids.lotId,
        supplierId: bids.supplierId,
        sealed: bids.sealed,
        submittedAt: bids.submittedAt,
        commitment: bids.commitment,
        documentsVersion: bids.documentsVersion,
      })
      .from(bids)
      .where(and(eq(bids.tenderId, id), eq(bids.status, 'submitted')));
  }

  /** The bids opened with the tender's key (the 投标文件 sealed with them are opened by openBidFiles). */
  function unsealBids(id: string, key: string, rows: Awaited<ReturnType<typeof submittedBids>>) {
    return unsealAll(sealer, key, rows, (r) => ({
      sealed: r.sealed!,
      aad: `${id}:${r.lotId}:${r.supplierId}`,
      commitment: r.commitment,
      binding: bidBinding(id, r.lotId, r.supplierId, r.documentsVersion),
      legacyPrefix: `${id}\n${r.lotId}\n${r.supplierId}`,
    }));
  }

  /**
   * Each declaring bid's 中小企业声明函, written again from what was sealed (the size facts at submission, the
   * consortium or subcontract share as sent) on its submission date: the letter its receipt showed.
   */
  async function statementsOf(
    tx: Tx,
    t: typeof tenders.$inferSelect,
    opened: readonly {
      row: { id: string; supplierId: string; submittedAt: Date };
      c: z.infer<typeof bidContent>;
      lot: { lotNo: number; name: string };
    }[],
    orgOf: ReadonlyMap<string, { name: string; uscc: string | null }>,
  ) {
    const out = new Map<string, string>();
    const declaring = opened.filter((o) => o.c.smeDeclared);
    if (declaring.length === 0) return out;
    const [purchaser] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, t.purchaserOrgId));
    for (const o of declaring) {
      const org = orgOf.get(o.row.supplierId);
      const bidder = { name: org?.name ?? '', uscc: org?.uscc ?? null, sizeClass: o.c.sizeClass, smeTreatment: o.c.smeTreatment ?? null };
      const text = await smeStatementOf(
        tx,
        { bidder, purchaserName: purchaser?.name ?? '', tender: t },
        o.lot,
        o.c,
        shanghaiDate(o.row.submittedAt),
      );
      if (text) out.set(o.row.id, text);
    }
    return out;
  }

  return { open, notifyBidders };
}

export type TenderOpening = ReturnType<typeof createTenderOpening>;

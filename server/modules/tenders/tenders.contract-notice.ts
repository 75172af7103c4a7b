import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { bids, lotEvaluations, organizations, tenderContracts, tenderLots, tenders } from '../../db/schema/index.ts';
import { inTransaction, type AfterCommit } from '../../db/tx.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
import { meetClock, startClock } from './tenders.clocks.ts';
import { appendAudit } from '../../platform/audit.ts';
import { actsForOrganization, type AuthContext } from '../../platform/auth.ts';
import { shanghaiDate, shanghaiDateTime, workdayDeadline } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, RuleViolationError, fieldError } from '../../platform/errors.ts';
import { checkPdf } from '../../platform/file-checks.ts';
import type { Notify } from '../notifications/notifications.service.ts';
import type { FileStore } from '../../platform/storage.ts';
import { policyValue } from '../../platform/policy.ts';
import { yuan } from '../../../contracts/money.ts';
import { recordReleases } from '../ocds/ocds.store.ts';
import { tenderStatusLabels } from './tenders.rules.ts';

export const CONTRACT_FILES = 'tender-contracts';
type ContractRow = typeof tenderContracts.$inferSelect;
type TenderRow = typeof tenders.$inferSelect;

/** The purchasing unit and the running center record, upload and publish; the winner also reads before publication. */
const isRunningParty = (auth: AuthContext, t: TenderRow) =>
  actsForOrganization(auth) && (auth.orgId === t.purchaserOrgId || auth.orgId === t.centerOrgId);
/** The organization a caller reads as (an expert-only user reads as none). */
export const viewerOf = (auth: AuthContext | null) => (auth && actsForOrganization(auth) ? auth.orgId : null);
/** Before its notice, a contract is the parties' and the center's only. */
export const contractVisibleTo = (viewerOrgId: string | null, t: TenderRow, c: ContractRow) =>
  c.publishedAt !== null || (viewerOrgId !== null && [t.purchaserOrgId, t.centerOrgId, c.supplierId].includes(viewerOrgId));

export const contractDocumentUrl = (tenderId: string, lotId: string) => `/api/tenders/${tenderId}/lots/${lotId}/contract/document`;

/**
 * 合同公告 (政府采购法实施条例第五十条): each contract with its parties, amount and signing date, and the
 * document once uploaded. Published ones for everyone; the unpublished only for the parties and the center.
 */
export async function contractNoticesOf(db: DbOrTx, viewerOrgId: string | null, rows: readonly TenderRow[]) {
  const ids = rows.map((t) => t.id);
  if (!ids.length) return new Map<string, ReturnType<typeof noticeOf>[]>();
  const found = await db
    .select({ c: tenderContracts, lotNo: tenderLots.lotNo, supplierName: organizations.name })
    .from(tenderContracts)
    .innerJoin(tenderLots, eq(tenderLots.id, tenderContracts.lotId))
    .innerJoin(organizations, eq(organizations.id, tenderContracts.supplierId))
    .where(inArray(tenderContracts.tenderId, ids))
    .orderBy(tenderLots.lotNo);
  const purchasers = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(inArray(organizations.id, [...new Set(rows.map((t) => t.purchaserOrgId))]));
  const out = new Map<string, ReturnType<typeof noticeOf>[]>();
  for (const t of rows) {
    const purchaserName = purchasers.find((p) => p.id === t.purchaserOrgId)?.name ?? '';
    out.set(
      t.id,
      found
        .filter((r) => r.c.tenderId === t.id && contractVisibleTo(viewerOrgId, t, r.c))
        .map((r) => noticeOf(r.c, r.lotNo, purchaserName, r.supplierName)),
    );
  }
  return out;
}

function noticeOf(c: ContractRow, lotNo: number, purchaserName: string, supplierName: string) {
  return {
    id: c.id,
    contractNo: c.contractNo,
    lotId: c.lotId,
    lotNo,
    purchaserName,
    supplierName,
    amountFen: c.priceFen,
    amountReason: c.amountReason,
    signedOn: c.signedOn,
    publishedAt: c.publishedAt?.toISOString() ?? null,
    document:
      c.documentSha256 && c.documentFilename
        ? { filename: c.documentFilename, sizeBytes: c.documentSizeBytes ?? 0, url: contractDocumentUrl(c.tenderId, c.lotId) }
        : null,
  };
}

export interface ContractFields {
  signedOn: string;
  contractNo?: string | undefined;
  amountFen?: number | undefined;
  amountReason?: string | undefined;
}

/** 合同: recorded, its signed document uploaded, and its 合同公告 published (the 2-working-day clock met). */
export function createContractNotice(deps: { db: Db; jobs: JobSystem; files: FileStore; notify?: Notify }) {
  const { db, jobs, files } = deps;

  async function lockedTender(tx: Tx, auth: AuthContext, tenderId: string) {
    const [t] = await tx.select().from(tenders).where(eq(tenders.id, tenderId)).for('update');
    if (!t || !isRunningParty(auth, t)) throw new NotFoundError('tender not found');
    return t;
  }

  async function contractOf(tx: Tx, tenderId: string, lotId: string) {
    const [c] = await tx
      .select()
      .from(tenderContracts)
      .where(and(eq(tenderContracts.tenderId, tenderId), eq(tenderContracts.lotId, lotId)));
    if (!c) throw new NotFoundError('该包尚未登记合同');
    return c;
  }

  /** 签订合同 meets the 30-day clock and starts the 2-working-day clock of its publication. */
  async function contractClocks(tx: Tx, afterCommit: AfterCommit, t: TenderRow, lotId: string, contractId: string, now: Date) {
    await meetClock(tx, jobs, t.id, 'contract_signing', lotId, now);
    const days = (await policyValue(tx, 'tender.contractPublishWorkdays', z.number().int())).value;
    await startClock(tx, afterCommit, jobs, {
      tenderId: t.id,
      kind: 'contract_publication',
      subjectId: contractId,
      responsibleOrgId: t.purchaserOrgId,
      startedAt: now,
      due: await workdayDeadline(tx, now, days),
    });
  }

  /** 合同: after the challenge window, with no challenge open or upheld; the amount is the awarded bid's unless a reason is given. */
  async function signContract(auth: AuthContext, tenderId: string, lotId: string, input: ContractFields) {
    await inTransaction(db, async (tx, afterCommit) => {
      const t = await lockedTender(tx, auth, tenderId);
      if (t.suspendedAt)
        throw new ConflictError(`项目因投诉处理已于 ${shanghaiDateTime(t.suspendedAt)}（北京时间）暂停采购活动，待财政部门处理决定后继续`);
      if (t.status !== 'awarded') throw new ConflictError(`项目当前为「${tenderStatusLabels[t.status]}」，不能签订合同`);
      const now = await dbNow(tx);
      if (!t.challengeUntil || now <= t.challengeUntil)
        throw new ConflictError(`质疑期至 ${t.challengeUntil ? shanghaiDateTime(t.challengeUntil) : ''}（北京时间）届满后方可签订合同`);
      // The day it was signed (Beijing): not before the challenge window ended, not after today.
      if (input.signedOn > shanghaiDate(now)) throw fieldError('signedOn', `签订日期 ${input.signedOn} 晚于今天`);
      if (input.signedOn < shanghaiDate(t.challengeUntil))
        throw fieldError('signedOn', `签订日期 ${input.signedOn} 早于质疑期届满（${shanghaiDateTime(t.challengeUntil)}，北京时间）`);
      const [e] = await tx
        .select()
        .from(lotEvaluations)
        .where(and(eq(lotEvaluations.lotId, lotId), eq(lotEvaluations.tenderId, tenderId)));
      if (!e?.awardedBidId)
        throw new RuleViolationError('not awarded', { fields: [{ field: 'lotId', message: '该包尚未确认中标', in: 'params' }] });
      const [bid] = await tx.select().from(bids).where(eq(bids.id, e.awardedBidId));
      const [lot] = await tx.select().from(tenderLots).where(eq(tenderLots.id, lotId));
      const amountFen = input.amountFen ?? bid!.priceFen!;
      if (amountFen !== bid!.priceFen && !input.amountReason)
        throw fieldError('amountFen', `合同金额应与中标金额 ${yuan(bid!.priceFen!)} 一致；不一致的须说明理由`);
      const inserted = await tx
        .insert(tenderContracts)
        .values({
          contractNo: input.contractNo ?? `HT${t.tenderNo}-${lot!.lotNo}`,
          tenderId,
          lotId,
          bidId: bid!.id,
          supplierId: bid!.supplierId,
          priceFen: amountFen,
          amountReason: amountFen === bid!.priceFen ? null : input.amountReason!,
          signedOn: input.signedOn,
          createdBy: auth.userId,
        })
        .onConflictDoNothing()
        .returning();
      if (inserted.length === 0) throw new ConflictError('该包合同已登记（或合同编号已被使用）');
      await contractClocks(tx, afterCommit, t, lotId, inserted[0]!.id, now);
      const awardedLots = (await tx.select().from(tenderLots).where(eq(tenderLots.tenderId, tenderId))).filter(
        (l) => l.status === 'awarded',
      );
      const contracts = await tx.select().from(tenderContracts).where(eq(tenderContracts.tenderId, tenderId));
      if (awardedLots.every((l) => contracts.some((c) => c.lotId === l.id)))
        await tx.update(tenders).set({ status: 'contracted', updatedAt: now }).where(eq(tenders.id, tenderId));
      // Both parties of the contract are told it is registered, with the clocks it starts (publication, 备案).
      await deps.notify?.(
        tx,
        [
          { organizationId: bid!.supplierId, link: `/supplier/tenders/${tenderId}` },
          { organizationId: t.purchaserOrgId, link: `/purchaser/tenders/${tenderId}` },
        ].map((to) => ({
          ...to,
          kind: 'tender.contract' as const,
          title: `合同已登记：${t.tenderNo} 第 ${lot!.lotNo} 包`,
          body: `「${t.title}」第 ${lot!.lotNo} 包合同（${yuan(amountFen)}，签订日期 ${input.signedOn}）已登记，合同须在签订之日起 2 个工作日内公告。`,
          params: { tenderNo: t.tenderNo, title: t.title, lotNo: lot!.lotNo, amountFen, signedOn: input.signedOn },
        })),
      );
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'tender.contract',
        entityType: 'tender',
        entityId: tenderId,
        data: { lotId, priceFen: amountFen, signedOn: input.signedOn, amountReason: input.amountReason ?? null },
      });
    });
    const rows = await db.select().from(tenderContracts).where(eq(tenderContracts.tenderId, tenderId));
    return rows.map((c) => ({
      id: c.id,
      contractNo: c.contractNo,
      lotId: c.lotId,
      supplierId: c.supplierId,
      priceFen: c.priceFen,
      signedOn: c.signedOn,
    }));
  }

  /** The signed contract (PDF, checked to its end), kept through the file store in the same transaction; replaceable until published. */
  async function uploadDocument(auth: AuthContext, tenderId: string, lotId: string, file: { filename: string; content: Buffer }) {
    checkPdf(file.content, 'file');
    await inTransaction(db, async (tx) => {
      await lockedTender(tx, auth, tenderId);
      const c = await contractOf(tx, tenderId, lotId);
      if (c.publishedAt) throw new ConflictError('合同公告已发布，合同文本不能更换');
      const stored = await files.put(CONTRACT_FILES, file.content, tx);
      await tx
        .update(tenderContracts)
        .set({ documentSha256: stored.sha256, documentFilename: file.filename.slice(0, 200), documentSizeBytes: stored.sizeBytes })
        .where(eq(tenderContracts.id, c.id));
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'tender.contract.document',
        entityType: 'tender',
        entityId: tenderId,
        data: { lotId, contractNo: c.contractNo, sha256: stored.sha256, sizeBytes: stored.sizeBytes },
      });
    });
    return notice(auth, tenderId, lotId);
  }

  /** 合同公告: with the document uploaded; meets the contract-publication clock and records the OCDS release. */
  async function publish(auth: AuthContext, tenderId: string, lotId: string) {
    await inTransaction(db, async (tx) => {
      const t = await lockedTender(tx, auth, tenderId);
      const c = await contractOf(tx, tenderId, lotId);
      if (c.publishedAt) throw new ConflictError('合同公告已发布');
      if (!c.documentSha256) throw fieldError('file', '请先上传已签订的合同文本（PDF）');
      const now = await dbNow(tx);
      await tx.update(tenderContracts).set({ publishedAt: now }).where(eq(tenderContracts.id, c.id));
      await meetClock(tx, jobs, t.id, 'contract_publication', c.id, now);
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'tender.contract.publish',
        entityType: 'tender',
        entityId: tenderId,
        data: { lotId, contractNo: c.contractNo, priceFen: c.priceFen, sha256: c.documentSha256 },
      });
      await recordReleases(tx, 'tender', tenderId);
    });
    return notice(auth, tenderId, lotId);
  }

  async function notice(auth: AuthContext | null, tenderId: string, lotId: string) {
    const [t] = await db.select().from(tenders).where(eq(tenders.id, tenderId));
    const found = t ? (await contractNoticesOf(db, viewerOf(auth), [t])).get(t.id)?.find((n) => n.lotId === lotId) : undefined;
    if (!found) throw new NotFoundError('contract not found');
    return found;
  }

  /** The document: anyone once published; before, the purchasing unit, the center and the supplier only (others: 404). */
  async function document(auth: AuthContext | null, tenderId: string, lotId: string) {
    const [row] = await db
      .select({ c: tenderContracts, t: tenders })
      .from(tenderContracts)
      .innerJoin(tenders, eq(tenders.id, tenderContracts.tenderId))
      .where(and(eq(tenderContracts.tenderId, tenderId), eq(tenderContracts.lotId, lotId)));
    if (!row?.c.documentSha256 || !contractVisibleTo(viewerOf(auth), row.t, row.c)) throw new NotFoundError('contract document not found');
    return { filename: row.c.documentFilename ?? 'contract.pdf', content: await files.read(CONTRACT_FILES, row.c.documentSha256) };
  }

  return { signContract, uploadDocument, publish, notice, document };
}

export type ContractNotice = ReturnType<typeof createContractNotice>;

import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import type { AfterCommit } from '../../db/tx.ts';
import { bids, tenderLots, tenders } from '../../db/schema/index.ts';
import { shanghaiDateTime } from '../../platform/calendar.ts';
import { procedureAfter } from '../../platform/sandbox.ts';
import { DAY, tenderJobs, type TendersDeps } from './tenders.context.ts';

/**
 * 修改招标文件 inside the caller's transaction: the documents' version is raised, bids already in were made
 * against the old text and become invalid (their bidders are told why), and if fewer than the method's
 * clarification days remain, the deadline moves and the opening job with it. Used for a changed text
 * (clarify) and for a new uploaded PDF version of the documents (tenders.files.ts).
 */
export async function changeDocuments(
  tx: Tx,
  afterCommit: AfterCommit,
  deps: Pick<TendersDeps, 'jobs' | 'notify'>,
  t: typeof tenders.$inferSelect,
  opts: { now: Date; clarificationMinDays: number; documents: string },
): Promise<{ version: number; invalidated: number; movedTo: Date | null }> {
  const { now } = opts;
  const id = t.id;
  const version = t.documentsVersion + 1;
  const gone = await tx
    .update(bids)
    .set({
      status: 'invalidated',
      statusNote: `招标文件已于 ${shanghaiDateTime(now)}（北京时间）修改（第 ${version} 版），原投标文件失效，请按新文件重新递交`,
      sealed: null,
    })
    .where(and(eq(bids.tenderId, id), eq(bids.status, 'submitted')))
    .returning({ id: bids.id, supplierId: bids.supplierId, lotId: bids.lotId });
  const lotNos = new Map(
    (await tx.select({ id: tenderLots.id, lotNo: tenderLots.lotNo }).from(tenderLots).where(eq(tenderLots.tenderId, id))).map((l) => [
      l.id,
      l.lotNo,
    ]),
  );
  await deps.notify(
    tx,
    gone.map((b) => ({
      organizationId: b.supplierId,
      kind: 'tender.bid.invalidated' as const,
      title: `投标已失效：${t.tenderNo} 第 ${lotNos.get(b.lotId) ?? ''} 包`,
      body: `「${t.title}」招标文件已于 ${shanghaiDateTime(now)}（北京时间）修改（第 ${version} 版），你单位原投标文件失效，请按新文件在截止前重新递交。`,
      params: { tenderNo: t.tenderNo, title: t.title, lotNo: lotNos.get(b.lotId) ?? '', amendedAt: now.toISOString(), version },
      link: `/supplier/tenders/${id}`,
    })),
  );
  const earliest = procedureAfter(now, opts.clarificationMinDays * DAY);
  const movedTo = t.deadline.getTime() < earliest.getTime() ? earliest : null;
  await tx
    .update(tenders)
    .set({ documents: opts.documents, documentsVersion: version, ...(movedTo ? { deadline: movedTo } : {}), updatedAt: now })
    .where(eq(tenders.id, id));
  if (movedTo) await deps.jobs.schedule(tx, afterCommit, tenderJobs.open, { key: id, runAt: movedTo, payload: { tenderId: id } });
  return { version, invalidated: gone.length, movedTo };
}

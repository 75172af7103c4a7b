import type { DbOrTx } from '../../db/client.ts';
import type { tenders } from '../../db/schema/index.ts';
import { shanghaiDateTime } from '../../platform/calendar.ts';
import * as expertsQ from '../experts/experts.queries.ts';
import { notifyUsers, type NotificationInput } from '../notifications/notifications.service.ts';

type Tender = Pick<typeof tenders.$inferSelect, 'id' | 'tenderNo' | 'title' | 'centerOrgId' | 'purchaserOrgId'>;

/** Personal notices to experts, each in its own login's account (an expert without a login is not told). */
export async function notifyExperts(tx: DbOrTx, expertIds: readonly string[], n: Omit<NotificationInput, 'organizationId' | 'userId'>) {
  const logins = await expertsQ.loginsOf(tx, expertIds);
  await notifyUsers(tx, [...logins.values()], n);
}

/** The center (who answers) is told of a question; not who asked, which stays with the asker. */
export const questionNotice = (t: Tender): NotificationInput => ({
  organizationId: t.centerOrgId,
  kind: 'tender.question',
  title: `投标人提问待答复：${t.tenderNo}`,
  body: `「${t.title}」收到一个投标人问题，请在投标截止前澄清答复。`,
  params: { tenderNo: t.tenderNo, title: t.title },
  link: `/center/tenders/${t.id}`,
});

/** The asking supplier is told its question was answered. */
export const answerNotice = (t: Tender, askedByOrgId: string, changesDocuments: boolean): NotificationInput => ({
  organizationId: askedByOrgId,
  kind: 'tender.question_answered',
  title: `你单位的问题已答复：${t.tenderNo}`,
  body: `「${t.title}」采购中心已答复你单位的问题${changesDocuments ? '，并修改了招标文件' : ''}。`,
  params: { tenderNo: t.tenderNo, title: t.title, ...(changesDocuments ? { variant: 'amended' } : {}) },
  link: `/supplier/tenders/${t.id}`,
});

/** The center (who runs the evaluation next) and the buying unit are told of the opening. */
export const openingNotices = (t: Tender, opts: { failed: boolean; note: string; at: Date }): NotificationInput[] =>
  [
    { organizationId: t.centerOrgId, link: `/center/tenders/${t.id}` },
    { organizationId: t.purchaserOrgId, link: `/purchaser/tenders/${t.id}` },
  ].map((to) => ({
    ...to,
    kind: opts.failed ? ('tender.failed' as const) : ('tender.opened' as const),
    title: `${opts.failed ? '项目流标' : '已开标'}：${t.tenderNo}`,
    body: `「${t.title}」已于 ${shanghaiDateTime(opts.at)}（北京时间）开标。${opts.note}。`,
    params: openingParams(t, opts),
  }));

/** Each bidder is told of the opening (直接 to the supplier's organization), and whether a bid of its own was rejected there. */
export const bidderOpeningNotices = (
  t: Tender,
  opts: { failed: boolean; note: string; at: Date },
  bidders: readonly { supplierId: string; rejected: boolean }[],
): NotificationInput[] =>
  bidders.map(({ supplierId, rejected }) => ({
    organizationId: supplierId,
    kind: opts.failed ? ('tender.failed' as const) : ('tender.opened' as const),
    title: `${opts.failed ? '项目流标' : '已开标'}：${t.tenderNo}`,
    body: `「${t.title}」已于 ${shanghaiDateTime(opts.at)}（北京时间）开标。${opts.note}。${rejected ? '你单位有投标未通过开标审查，原因见开标一览表。' : ''}`,
    params: { ...openingParams(t, opts), ...(rejected ? { variant: 'rejected' } : {}) },
    link: `/supplier/tenders/${t.id}`,
  }));

/** An opening's facts: the lots' result (`note`, as recorded in Chinese) is left to the tender page in other languages. */
export const openingParams = (t: Tender, opts: { note: string; at: Date }) => ({
  tenderNo: t.tenderNo,
  title: t.title,
  openedAt: opts.at.toISOString(),
  note: opts.note,
});

/** The committee signs the report next (令87 第六十四条): each seated member is told. */
export const reportToSignNotice = (t: Tender) => ({
  kind: 'tender.report_to_sign' as const,
  title: `评标报告待签署：${t.tenderNo}`,
  body: `「${t.title}」的评标报告已出具，请审阅并签署（持不同意见的须书面说明理由）。`,
  params: { tenderNo: t.tenderNo, title: t.title },
  link: '/expert/assignments',
});

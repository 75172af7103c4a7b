import fs from 'node:fs';
import { and, eq, inArray } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import type { Db } from '../../db/client.ts';
import { bids, lotEvaluations, organizations, tenderLots, tenders } from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { NotFoundError, RuleViolationError } from '../../platform/errors.ts';
import { yuan } from '../../../contracts/money.ts';
import { CJK_FONT } from './tenders.documents.ts';

/**
 * 中标通知书 to the winner and 中标结果通知书 to each other bidder of a lot (财政部令第87号第六十九条), once the
 * award notice is out: a bidder reads its own; the running center and the purchasing unit read the winner's.
 */
export async function resultLetter(db: Db, auth: AuthContext, tenderId: string, lotId: string) {
  const [t] = await db.select().from(tenders).where(eq(tenders.id, tenderId));
  const party = t && (t.centerOrgId === auth.orgId || t.purchaserOrgId === auth.orgId);
  const [[lot], [e]] = await Promise.all([
    db
      .select()
      .from(tenderLots)
      .where(and(eq(tenderLots.id, lotId), eq(tenderLots.tenderId, tenderId))),
    db.select().from(lotEvaluations).where(eq(lotEvaluations.lotId, lotId)),
  ]);
  if (!t || !t.awardNoticeAt || !lot || !e?.awardedBidId) throw new NotFoundError('no award notice for this lot');
  const [bid] = await db
    .select()
    .from(bids)
    .where(
      party
        ? eq(bids.id, e.awardedBidId)
        : and(eq(bids.lotId, lotId), eq(bids.supplierId, auth.orgId), inArray(bids.status, ['opened', 'rejected'])),
    );
  if (!bid) throw new NotFoundError('no bid of yours in this lot');
  const names = new Map(
    (
      await db
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(inArray(organizations.id, [t.purchaserOrgId, t.centerOrgId, bid.supplierId]))
    ).map((o) => [o.id, o.name]),
  );
  const [winner] = await db
    .select({ name: organizations.name })
    .from(bids)
    .innerJoin(organizations, eq(organizations.id, bids.supplierId))
    .where(eq(bids.id, e.awardedBidId));
  return {
    won: bid.id === e.awardedBidId,
    tenderNo: t.tenderNo,
    title: t.title,
    lotNo: lot.lotNo,
    lotName: lot.name,
    supplierName: names.get(bid.supplierId) ?? '',
    purchaserName: names.get(t.purchaserOrgId) ?? '',
    centerName: names.get(t.centerOrgId) ?? '',
    winnerName: winner?.name ?? '',
    amountFen: e.contractPriceFen ?? 0,
    rejectedNote: bid.status === 'rejected' ? bid.statusNote : null,
    date: shanghaiDate(t.awardNoticeAt),
  };
}

type Letter = Awaited<ReturnType<typeof resultLetter>>;

/** The letter as a PDF (A4, the CJK font as for the evaluation report). */
export function resultLetterPdf(d: Letter): Promise<Buffer> {
  if (!fs.existsSync(CJK_FONT.path))
    throw new RuleViolationError('no Chinese font on this server', {
      fields: [{ field: 'format', message: '服务器缺少中文字体 fonts-noto-cjk，无法生成 PDF' }],
    });
  return new Promise((resolve, reject) => {
    const heading = d.won ? '中标通知书' : '中标结果通知书';
    const doc = new PDFDocument({ size: 'A4', margin: 64, info: { Title: `${heading} ${d.tenderNo}`, Author: '集采 · 政府采购电子卖场' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font(CJK_FONT.path, CJK_FONT.family);
    doc.fontSize(20).text(heading, { align: 'center' }).moveDown(1.2);
    doc.fontSize(12).text(`${d.supplierName}：`).moveDown(0.6);
    const project = `「${d.title}」（项目编号 ${d.tenderNo}）第 ${d.lotNo} 包「${d.lotName}」`;
    if (d.won) {
      doc.text(`    你单位参加的${project}，经评标委员会评审、采购人确认，你单位为中标人，中标金额 ${yuan(d.amountFen)}。`);
      doc.moveDown(0.4).text('    请自本通知书发出之日起 30 日内，按照招标文件和你单位投标文件的约定，与采购人签订政府采购合同。');
    } else {
      doc.text(
        `    你单位参加的${project}，经评标委员会评审、采购人确认，中标人为 ${d.winnerName}，中标金额 ${yuan(d.amountFen)}。你单位未中标。`,
      );
      if (d.rejectedNote) doc.moveDown(0.4).text(`    你单位的投标为无效投标，原因：${d.rejectedNote}。`);
      doc.moveDown(0.4).text('    对评审结果有异议的，可在中标结果公告期限届满之日起 7 个工作日内以书面形式提出质疑。');
    }
    doc.moveDown(2).text(`采购人：${d.purchaserName}`, { align: 'right' });
    doc.text(`集中采购机构：${d.centerName}`, { align: 'right' });
    doc.text(d.date, { align: 'right' });
    doc.end();
  });
}

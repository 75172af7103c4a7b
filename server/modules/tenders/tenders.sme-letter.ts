import fs from 'node:fs';
import { and, eq } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import { bids } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../platform/errors.ts';
import { actorOf, type TendersDeps } from './tenders.context.ts';
import { CJK_FONT } from './tenders.documents.ts';
import type { TenderFiles } from './tenders.files.ts';

/** The 中小企业声明函 text as an A4 PDF: its first line the heading, the rest as written. */
export function smeStatementPdf(text: string, title: string): Promise<Buffer> {
  if (!fs.existsSync(CJK_FONT.path))
    throw new RuleViolationError('no Chinese font on this server', {
      fields: [{ field: 'format', message: '服务器缺少中文字体 fonts-noto-cjk，无法生成 PDF' }],
    });
  const [heading = '中小企业声明函', ...body] = text.split('\n');
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 64, info: { Title: `${heading} ${title}`, Author: '集采 · 政府采购电子卖场' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font(CJK_FONT.path, CJK_FONT.family);
    doc.fontSize(18).text(heading, { align: 'center' }).moveDown(1);
    doc.fontSize(11);
    for (const line of body) {
      if (line.trim()) doc.text(line);
      else doc.moveDown(0.5);
    }
    doc.end();
  });
}

/**
 * The 中小企业声明函 sealed with a bid, as a PDF, after the opening: to its bidder and to those who read the
 * opened bid files (the center, the purchasing unit, the seated committee). Each download is recorded.
 */
export function createSmeLetters(deps: Pick<TendersDeps, 'db'> & { files: Pick<TenderFiles, 'bidFileReader'> }) {
  const { db } = deps;
  async function download(auth: AuthContext, id: string, bidId: string) {
    return inTransaction(db, async (tx) => {
      const { t, committee } = await deps.files.bidFileReader(tx, auth, id);
      const [bid] = await tx
        .select()
        .from(bids)
        .where(and(eq(bids.id, bidId), eq(bids.tenderId, id)));
      if (!bid || (!committee && bid.supplierId !== auth.orgId)) throw new NotFoundError('bid not found');
      if (!t.openedAt) throw new ConflictError('中小企业声明函随投标密封，开标后方可下载');
      const row = ((t.openingRecord ?? []) as { lotId: string; supplierId: string; smeStatement?: string | null }[]).find(
        (r) => r.lotId === bid.lotId && r.supplierId === bid.supplierId,
      );
      if (!row?.smeStatement) throw new NotFoundError('this bid declared no SME standing: there is no statement');
      const content = await smeStatementPdf(row.smeStatement, t.tenderNo);
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'tender.sme-statement.download',
        entityType: 'tender',
        entityId: id,
        data: { bidId, supplierId: bid.supplierId },
      });
      return { filename: `中小企业声明函-${t.tenderNo}.pdf`, content };
    });
  }
  return { download };
}

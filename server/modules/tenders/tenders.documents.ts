import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { RuleViolationError } from '../../platform/errors.ts';
import { yuan } from '../../../contracts/money.ts';
import type { TenderEvaluation } from './tenders.evaluation.ts';
import { bp } from '../../../contracts/tenders.policy.ts';

type ReportDocument = Awaited<ReturnType<TenderEvaluation['reportDocument']>>;

/** Noto Sans CJK from Debian's fonts-noto-cjk, as for the purchase order: PDFs need a Chinese font. */
export const CJK_FONT = { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' };

const beijing = (iso: string | null) =>
  iso ? `${new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')}（北京时间）` : '—';
const pct = (rate: string | null | undefined) => (rate && bp(rate) > 0 ? `${bp(rate) / 100}%` : '—');
const sizeLabels: Record<string, string> = { large: '大型', medium: '中型', small: '小型', micro: '微型' };

/** 评标报告 of one lot as a PDF: every figure of the ranking, the preferences applied, the outliers and the committee. */
export function evaluationReportPdf(d: ReportDocument): Promise<Buffer> {
  if (!fs.existsSync(CJK_FONT.path)) {
    throw new RuleViolationError('no Chinese font on this server', {
      fields: [{ field: 'format', message: '服务器缺少中文字体 fonts-noto-cjk，无法生成 PDF' }],
    });
  }
  const r = d.report;
  const comprehensive = r.method === 'comprehensive';
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margin: 36,
      info: { Title: `评标报告 ${d.tenderNo} 第 ${d.lotNo} 包`, Author: '集采 · 政府采购电子卖场' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font(CJK_FONT.path, CJK_FONT.family);
    const left = 36;
    const width = doc.page.width - 72;
    doc.fontSize(16).text(`评标报告 · ${d.title}`, { align: 'center' });
    doc
      .moveDown(0.3)
      .fontSize(9)
      .fillColor('#555')
      .text(`项目编号：${d.tenderNo}    第 ${d.lotNo} 包：${d.lotName}    出具时间：${beijing(d.computedAt)}`, { align: 'center' });
    doc.moveDown(0.6).fillColor('#000').fontSize(10);
    doc.text(`采购人：${d.purchaserName}    集中采购机构：${d.centerName}`);
    doc.text(`投标截止：${beijing(d.deadline)}    开标：${beijing(d.openedAt)}    本包预算：${yuan(d.budgetFen)}`);
    const method = comprehensive
      ? `综合评分法，价格分权重 ${pct(r.priceWeight)}（价格分 = 最低评审价 ÷ 本评审价 × 价格分值）`
      : '最低评标价法（评审价最低者推荐为中标候选人）';
    doc.text(`评审方法：${method}；最低评审价 ${yuan(r.lowestEvaluationPriceFen)}`);
    doc.text(`小微企业价格扣除：${d.smeDeductionRate ? pct(d.smeDeductionRate) : '本包专门面向中小企业，不扣除'}（财库〔2020〕46号）`);
    if (r.greenBonusPoints || r.greenDeductionRate) {
      doc.text(
        `节能环保优先采购（财库〔2019〕9号）：${r.greenBonusPoints ? `有效证书加 ${r.greenBonusPoints} 分` : `有效证书按报价再扣除 ${pct(r.greenDeductionRate)}`}；证书有效期须不早于投标截止日。`,
      );
    }
    if (comprehensive && d.criteria.length)
      doc.text(`其他评分因素：${d.criteria.map((c) => `${c.name} ${bp(c.weight) / 100} 分`).join('、')}（各专家评分的平均值）`);
    doc.text('评审价仅用于评审，合同价为投标报价。');
    doc.moveDown(0.6);

    // The ranking table.
    type Col = { head: string; w: number; cell: (row: (typeof r.ranking)[number]) => string; right?: boolean };
    const cols: Col[] = [
      { head: '排名', w: 30, cell: (x) => String(x.rank) },
      {
        head: '投标人',
        w: 120,
        cell: (x) =>
          `${x.supplierName}${x.sizeClass ? `（${sizeLabels[x.sizeClass] ?? x.sizeClass}）` : ''}${x.bidId === d.awardedBidId ? ' ★中标' : x.bidId === d.recommendedBidId && !d.awardedBidId ? ' 推荐' : ''}`,
      },
      { head: '投标报价', w: 78, cell: (x) => yuan(x.priceFen), right: true },
      { head: '小微扣除', w: 46, cell: (x) => pct(x.deductionRate), right: true },
      {
        head: '节能环保',
        w: 92,
        cell: (x) =>
          x.greenValid
            ? x.greenDeductionFen
              ? `扣 ${pct(x.greenDeductionRate)}（${yuan(x.greenDeductionFen)}）`
              : `加 ${x.greenBonus} 分`
            : x.greenCertificate
              ? '证书过期，不优惠'
              : '—',
      },
      { head: '评审价', w: 78, cell: (x) => yuan(x.evaluationPriceFen), right: true },
      ...(comprehensive
        ? [
            { head: '价格分', w: 40, cell: (x: (typeof r.ranking)[number]) => x.priceScore, right: true },
            ...d.criteria.map((c) => ({
              head: c.name,
              w: 44,
              cell: (x: (typeof r.ranking)[number]) => x.criteria[c.key] ?? '—',
              right: true,
            })),
            { head: '其他得分', w: 44, cell: (x: (typeof r.ranking)[number]) => x.otherScore, right: true },
            { head: '总分', w: 40, cell: (x: (typeof r.ranking)[number]) => x.total, right: true },
          ]
        : []),
    ];
    const fixed = cols.reduce((s, c) => s + c.w, 0);
    const noteW = Math.max(80, width - fixed);
    cols.push({ head: '备注（同分处理）', w: noteW, cell: (x) => x.tieBreak ?? '' });
    const scale = Math.min(1, width / cols.reduce((s, c) => s + c.w, 0));
    for (const c of cols) c.w = Math.floor(c.w * scale);
    let y = doc.y;
    const drawRow = (cells: string[], bold: boolean) => {
      doc.fontSize(8);
      const heights = cols.map((c, i) => doc.heightOfString(cells[i] ?? '', { width: c.w - 4 }));
      const h = Math.max(12, ...heights) + 4;
      if (y + h > doc.page.height - 48) {
        doc.addPage();
        y = 36;
      }
      let x = left;
      cols.forEach((c, i) => {
        doc.fillColor(bold ? '#000' : '#111').text(cells[i] ?? '', x + 2, y + 2, { width: c.w - 4, align: c.right ? 'right' : 'left' });
        x += c.w;
      });
      y += h;
      doc
        .moveTo(left, y)
        .lineTo(left + cols.reduce((s, c) => s + c.w, 0), y)
        .lineWidth(bold ? 0.8 : 0.3)
        .strokeColor('#999')
        .stroke();
    };
    drawRow(
      cols.map((c) => c.head),
      true,
    );
    for (const row of r.ranking)
      drawRow(
        cols.map((c) => c.cell(row)),
        false,
      );
    doc.x = left;
    doc.y = y + 8;
    doc.fillColor('#000').fontSize(10);
    if (d.contractPriceFen !== null) doc.text(`确认中标后合同价（投标报价）：${yuan(d.contractPriceFen)}`, left, doc.y, { width });

    doc.moveDown(0.6).fontSize(11).text('评分偏离提示', left, doc.y, { width });
    doc.fontSize(9);
    if (d.outliers.length === 0) doc.text('无：各专家评分与其他专家平均分的偏离均在规定比例以内。', { width });
    for (const o of d.outliers)
      doc.text(`· ${o.expert} 对「${o.bidder}」的评分合计 ${o.total} 分，其他专家平均 ${o.othersMean} 分`, { width });

    writeReasons(doc, d, width);
    writeInvalidAndCommittee(doc, d, width);
    doc.end();
  });
}

/** 评分理由: per member (评审专家 N), per bidder, each criterion's points and the reason given. */
function writeReasons(doc: PDFKit.PDFDocument, d: ReportDocument, width: number) {
  if (d.report.method !== 'comprehensive') return;
  doc.moveDown(0.6).fontSize(11).text('评分理由', { width });
  doc.fontSize(9);
  if (d.reasons.length === 0) doc.text('—', { width });
  let last = '';
  for (const x of d.reasons) {
    const head = `${x.expert} · ${x.supplierName}`;
    if (head !== last) doc.moveDown(0.2).text(head, { width });
    last = head;
    doc.text(`    ${x.criterionName} ${x.points} 分：${x.reason || '（满分，未填写理由）'}`, { width });
  }
}

/** The 无效投标 with their reasons, the committee (names after the award, 评审专家 N before) and its signatures. */
function writeInvalidAndCommittee(doc: PDFKit.PDFDocument, d: ReportDocument, width: number) {
  doc.moveDown(0.6).fontSize(11).text('无效投标（不参与评分和排序）', { width });
  doc.fontSize(9);
  if (d.invalidBids.length === 0) doc.text('无', { width });
  for (const b of d.invalidBids) doc.text(`· ${b.supplierName}：${b.reason}`, { width });

  doc.moveDown(0.6).fontSize(11).text('评标委员会', { width });
  doc.fontSize(9);
  if (d.committee.length === 0) doc.text('—', { width });
  for (const c of d.committee) doc.text(`第 ${c.seat} 席：${[c.name, c.title, c.employer].filter(Boolean).join('，')}`, { width });
  doc
    .moveDown(0.4)
    .text(
      `签署：${d.signing.signatures.length} / ${d.signing.required} 人${d.signing.final ? '，全体成员已签署，报告定稿' : '，尚未定稿'}`,
      { width },
    );
  for (const x of d.signing.signatures)
    doc.text(`· ${x.expert}：${x.agrees ? '同意' : `持不同意见：${x.dissent ?? ''}`}（${beijing(x.signedAt)}）`, { width });
}

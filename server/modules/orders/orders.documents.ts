import fs from 'node:fs';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { RuleViolationError } from '../../platform/errors.ts';
import { yuan } from '../../../contracts/money.ts';
import { orderStatusLabels } from './orders.rules.ts';
import type { OrdersService } from './orders.service.ts';

type OrderDto = Awaited<ReturnType<OrdersService['get']>>;

/** Noto Sans CJK from Debian's fonts-noto-cjk (installed by .ci/run and the Dockerfile): PDFs need a Chinese font. */
export const CJK_FONT = { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' };

export const beijing = (iso: string | null) =>
  iso ? `${new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')} (北京时间)` : '—';

export const statusLabels: Record<string, string> = orderStatusLabels;

/** The purchase order (采购订单) as a PDF with Chinese text. */
export function purchaseOrderPdf(order: OrderDto): Promise<Buffer> {
  if (!fs.existsSync(CJK_FONT.path)) {
    throw new RuleViolationError('no Chinese font on this server', {
      fields: [{ field: 'format', message: '服务器缺少中文字体 fonts-noto-cjk，无法生成 PDF' }],
    });
  }
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 48,
      info: { Title: `采购订单 ${order.orderNo}`, Author: '集采 · 政府采购电子卖场' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font(CJK_FONT.path, CJK_FONT.family);
    doc.fontSize(18).text('政府采购电子卖场 采购订单', { align: 'center' });
    doc
      .moveDown(0.5)
      .fontSize(10)
      .fillColor('#555')
      .text(`订单编号：${order.orderNo}    状态：${statusLabels[order.status] ?? order.status}    下单时间：${beijing(order.createdAt)}`, {
        align: 'center',
      });
    doc.moveDown().fillColor('#000').fontSize(11);
    const field = (label: string, value: string) => doc.text(`${label}：${value}`);
    field('采购单位', order.purchaserName);
    field('供应商', order.supplierName);
    field('收货地址', order.deliveryAddress);
    field('联系人', `${order.contactName}  ${order.contactPhone}`);
    field('确认截止', beijing(order.confirmDeadline));
    doc.moveDown();
    const cols = [48, 250, 330, 400, 470];
    const header = ['商品', '单价', '数量', '小计', '配置标准'];
    let y = doc.y;
    doc.fontSize(10);
    header.forEach((h, i) => doc.text(h, cols[i]!, y, { width: (cols[i + 1] ?? 547) - cols[i]! - 6 }));
    doc
      .moveTo(48, y + 16)
      .lineTo(547, y + 16)
      .stroke();
    y += 22;
    for (const line of order.lines) {
      const title = `${line.title}（${line.brand} ${line.model}）`;
      const height = Math.max(doc.heightOfString(title, { width: 196 }), 14);
      if (y + height > 760) {
        doc.addPage();
        y = 48;
      }
      doc.text(title, cols[0]!, y, { width: 196 });
      doc.text(yuan(line.unitPriceFen), cols[1]!, y, { width: 74 });
      doc.text(String(line.quantity), cols[2]!, y, { width: 64 });
      doc.text(yuan(line.lineTotalFen), cols[3]!, y, { width: 64 });
      doc.text(line.overStandard ? '超标准（已审批）' : '符合', cols[4]!, y, { width: 77 });
      y += height + 8;
    }
    doc.moveTo(48, y).lineTo(547, y).stroke();
    doc.fontSize(12).text(`合计：${yuan(order.totalFen)}`, 48, y + 8, { align: 'right', width: 499 });
    if (order.findings.length) {
      doc.moveDown(1.5).fontSize(10).text('下单时的政策提示：', 48);
      for (const f of order.findings) doc.text(`· ${f.message}（依据：${f.basis}）`, { width: 499 });
    }
    doc.end();
  });
}

/** A list of orders as an XLSX workbook (amounts in yuan, times in Beijing time). */
export async function ordersWorkbook(items: OrderDto[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '集采 · 政府采购电子卖场';
  const sheet = wb.addWorksheet('订单');
  sheet.columns = [
    { header: '订单编号', key: 'orderNo', width: 22 },
    { header: '状态', key: 'status', width: 14 },
    { header: '采购单位', key: 'purchaser', width: 28 },
    { header: '供应商', key: 'supplier', width: 28 },
    { header: '金额（元）', key: 'total', width: 14 },
    { header: '商品', key: 'lines', width: 60 },
    { header: '下单时间（北京时间）', key: 'createdAt', width: 22 },
  ];
  for (const o of items) {
    sheet.addRow({
      orderNo: o.orderNo,
      status: statusLabels[o.status] ?? o.status,
      purchaser: o.purchaserName,
      supplier: o.supplierName,
      total: o.totalFen / 100,
      lines: o.lines.map((l) => `${l.title} × ${l.quantity}`).join('；'),
      createdAt: beijing(o.createdAt).replace(' (北京时间)', ''),
    });
  }
  sheet.getColumn('total').numFmt = '#,##0.00';
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

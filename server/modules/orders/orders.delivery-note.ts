import { createHash } from 'node:crypto';
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { canonicalJson } from '../../platform/audit.ts';
import { RuleViolationError } from '../../platform/errors.ts';
import type { ShipmentDto } from '../../../contracts/orders.schemas.ts';
import { beijing, CJK_FONT } from './orders.documents.ts';

type Order = {
  orderNo: string;
  purchaserName: string;
  supplierName: string;
  deliveryAddress: string;
  contactName: string;
  contactPhone: string;
};

/**
 * 送货单 of one shipment as a PDF: what it holds with serial numbers, the carrier and waybill, who shipped it
 * and who signed for its delivery with when, and the fingerprint (SHA-256) of the shipment as recorded, so a
 * printed note can be checked against the platform's record.
 */
export function deliveryNotePdf(order: Order, shipment: ShipmentDto): Promise<Buffer> {
  if (!fs.existsSync(CJK_FONT.path))
    throw new RuleViolationError('no Chinese font on this server', {
      fields: [{ field: 'format', message: '服务器缺少中文字体 fonts-noto-cjk，无法生成 PDF' }],
    });
  const fingerprint = createHash('sha256')
    .update(canonicalJson({ orderNo: order.orderNo, ...shipment }))
    .digest('hex');
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 48,
      info: { Title: `送货单 ${order.orderNo}-${shipment.seq}`, Author: '集采 · 政府采购电子卖场' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font(CJK_FONT.path, CJK_FONT.family);
    doc.fontSize(18).text('送货单 Delivery note', { align: 'center' });
    doc.moveDown(0.5).fontSize(10).fillColor('#555').text(`订单编号：${order.orderNo}    第 ${shipment.seq} 批`, { align: 'center' });
    doc.moveDown().fillColor('#000').fontSize(11);
    const field = (label: string, value: string) => doc.text(`${label}：${value}`);
    field('采购单位', order.purchaserName);
    field('供应商', order.supplierName);
    field('收货地址', order.deliveryAddress);
    field('联系人', `${order.contactName}  ${order.contactPhone}`);
    field('承运商 / 运单号', `${shipment.carrier} / ${shipment.waybillNo}`);
    if (shipment.note) field('备注', shipment.note);
    doc.moveDown().fontSize(12).text('货物清单');
    doc.fontSize(10);
    shipment.items.forEach((item, i) => {
      doc.moveDown(0.3).text(`${i + 1}. ${item.title} × ${item.quantity}`);
      if (item.serialNumbers.length)
        doc
          .fillColor('#555')
          .text(`   序列号：${item.serialNumbers.join('、')}`)
          .fillColor('#000');
    });
    doc.moveDown().fontSize(11);
    field('发货', `${shipment.shippedByName}（${order.supplierName}） ${beijing(shipment.shippedAt)}`);
    field(
      '签收',
      shipment.deliveredAt
        ? `${shipment.deliveredByName ?? ''} 确认送达 ${beijing(shipment.deliveredAt)}`
        : '尚未送达 —— 收货人签字：____________  日期：________',
    );
    doc.moveDown().fontSize(8).fillColor('#555').text(`平台记录指纹 SHA-256：${fingerprint}`);
    doc.end();
  });
}

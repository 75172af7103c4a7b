import { z } from 'zod';
import type { Db, Tx } from '../../db/client.ts';
import { listingCertificates, listingPriceHistory, listings } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError, RuleViolationError, type FieldProblem } from '../../platform/errors.ts';
import { readTable } from '../../platform/tables.ts';
import * as q from './listings.queries.ts';
import { governMemo, type ListingsService } from './listings.service.ts';

const headers: Record<string, string> = {
  品目代码: 'categoryCode',
  品牌: 'brand',
  型号: 'model',
  '价格(元)': 'price',
  价格: 'price',
  库存: 'stock',
  配送地区: 'regions',
  '供货周期(天)': 'leadTimeDays',
  供货周期: 'leadTimeDays',
  证书类型: 'certKind',
  证书编号: 'certNumber',
  发证机构: 'certIssuer',
  有效期至: 'certValidUntil',
};

export const LISTING_IMPORT_HEADERS = Object.keys(headers).filter((h) => !['价格', '供货周期'].includes(h));

/** Yuan with at most two decimals, to integer fen without floating point. */
const yuanToFen = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,2})?$/, '价格应为元，最多两位小数')
  .transform((v) => {
    const [w = '0', f = ''] = v.split('.');
    return Number(w) * 100 + Number(f.padEnd(2, '0'));
  })
  .refine((v) => v > 0, '价格须大于 0');

const rowSchema = z
  .object({
    categoryCode: z
      .string()
      .trim()
      .regex(/^[ABC]\d{0,8}$/, '品目代码格式不正确'),
    brand: z.string().trim().min(1, '请填写品牌'),
    model: z.string().trim().min(1, '请填写型号'),
    price: yuanToFen,
    stock: z
      .string()
      .trim()
      .regex(/^\d{1,8}$/, '库存应为非负整数')
      .transform(Number),
    regions: z
      .string()
      .trim()
      .transform((v) => v.split(/[;；、,，\s]+/).filter(Boolean))
      .pipe(z.array(z.string().regex(/^\d{6}$/, '配送地区应为 6 位地区代码（000000 为全国），以分号分隔')).min(1, '请填写配送地区')),
    leadTimeDays: z
      .string()
      .trim()
      .regex(/^\d{1,3}$/, '供货周期应为天数')
      .transform(Number)
      .pipe(z.number().min(1).max(180)),
    certKind: z.string().trim().default(''),
    certNumber: z.string().trim().default(''),
    certIssuer: z.string().trim().default(''),
    certValidUntil: z.string().trim().default(''),
  })
  .superRefine((row, ctx) => {
    if (!row.certKind) return;
    if (!['节能产品', '环境标志产品', 'energy_saving', 'environmental_label'].includes(row.certKind))
      ctx.addIssue({ code: 'custom', path: ['certKind'], message: '证书类型应为 节能产品 或 环境标志产品' });
    if (!row.certNumber) ctx.addIssue({ code: 'custom', path: ['certNumber'], message: '请填写证书编号' });
    if (!row.certIssuer) ctx.addIssue({ code: 'custom', path: ['certIssuer'], message: '请填写发证机构' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(row.certValidUntil))
      ctx.addIssue({ code: 'custom', path: ['certValidUntil'], message: '有效期格式应为 YYYY-MM-DD' });
  });

/**
 * A supplier's bulk listing import (CSV or XLSX): every row becomes a draft listing of an existing
 * standard product, through the same price governance as the form. One bad row imports nothing; the
 * answer names each bad row by its spreadsheet row number.
 */
export async function importListings(deps: { db: Db; listings: ListingsService }, auth: AuthContext, content: Buffer, dryRun: boolean) {
  let table: Record<string, string>[];
  try {
    table = await readTable(content);
  } catch {
    throw new RuleViolationError('unreadable file', {
      fields: [{ field: 'file', message: '无法读取文件：请上传 UTF-8 CSV 或 XLSX', in: 'body' }],
    });
  }
  if (table.length === 0) throw new RuleViolationError('empty', { fields: [{ field: 'file', message: '文件中没有数据行', in: 'body' }] });
  if (table.length > 5000)
    throw new RuleViolationError('too many rows', { fields: [{ field: 'file', message: '一次最多导入 5000 行', in: 'body' }] });

  const problems: FieldProblem[] = [];
  const rowProblem = (row: number, field: string, message: string) =>
    problems.push({ field: `rows[${row}].${field}`, message: `第 ${row} 行：${message}`, in: 'body' });
  const result = await inTransaction(deps.db, async (tx, afterCommit) => {
    const created: { row: number; listingId: string; productName: string; priceFen: number; priceFlag: string | null }[] = [];
    const seen = new Map<string, number>();
    const memo = governMemo();
    for (const [index, record] of table.entries()) {
      const rowNumber = index + 2;
      const parsed = parseRow(record);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) rowProblem(rowNumber, String(issue.path[0] ?? ''), issue.message);
        continue;
      }
      const r = parsed.data;
      const product = await q.activeProduct(tx, r);
      if (!product) {
        rowProblem(rowNumber, 'model', `目录中没有 ${r.categoryCode} ${r.brand} ${r.model} 这一标准商品`);
        continue;
      }
      const earlier = seen.get(product.id);
      if (earlier) {
        rowProblem(rowNumber, 'model', `与第 ${earlier} 行是同一商品`);
        continue;
      }
      seen.set(product.id, rowNumber);
      const existing = await q.listingOfSupplier(tx, auth.orgId, product.id);
      if (existing) {
        rowProblem(rowNumber, 'model', '贵单位已有该商品的报价，请在报价列表中修改');
        continue;
      }
      let governed;
      try {
        governed = await deps.listings.governPrice(tx, auth.orgId, product, r.price, memo);
      } catch (error) {
        if (error instanceof AppError) {
          rowProblem(rowNumber, error.fields[0]?.field === 'priceFen' ? 'price' : 'model', error.fields[0]?.message ?? error.message);
          continue;
        }
        throw error;
      }
      if (problems.length > 0) continue;
      const listing = await insertDraft(tx, auth, product.id, r, governed);
      created.push({ row: rowNumber, listingId: listing.id, productName: product.name, priceFen: r.price, priceFlag: governed.flag });
    }
    if (problems.length > 0) {
      throw new RuleViolationError(`${new Set(problems.map((p) => p.field.split('.')[0])).size} 行有错误，整个文件未导入`, {
        fields: problems,
      });
    }
    await appendAudit(tx, {
      actor: { userId: auth.userId, orgId: auth.orgId },
      action: 'listing.import',
      entityType: 'organization',
      entityId: auth.orgId,
      data: { rows: created.length, dryRun },
    });
    if (dryRun) throw new DryRunDone(created);
    await deps.listings.syncSearch(
      tx,
      afterCommit,
      created.map((c) => c.listingId),
    );
    return created;
  }).catch((error: unknown) => {
    if (error instanceof DryRunDone) return error.created;
    throw error;
  });
  return { dryRun, rowCount: result.length, rows: result.map((r) => ({ ...r, listingId: dryRun ? null : r.listingId })) };
}

/** A spreadsheet row by its column headings (Chinese or English), checked. */
function parseRow(record: Record<string, string>) {
  const raw: Record<string, string> = {};
  for (const [h, v] of Object.entries(record)) {
    const key = headers[h.trim()];
    if (key) raw[key] = v ?? '';
  }
  return rowSchema.safeParse(raw);
}

/** One imported row as a draft listing, with its first price and its certificate if it names one. */
async function insertDraft(
  tx: Tx,
  auth: AuthContext,
  productId: string,
  r: z.infer<typeof rowSchema>,
  governed: { agreement: { id: string } | null; flag: string | null },
) {
  const [listing] = await tx
    .insert(listings)
    .values({
      supplierId: auth.orgId,
      productId,
      agreementId: governed.agreement?.id ?? null,
      priceFen: r.price,
      stock: r.stock,
      deliveryRegions: r.regions,
      leadTimeDays: r.leadTimeDays,
      priceFlag: governed.flag,
    })
    .returning();
  await tx.insert(listingPriceHistory).values({ listingId: listing!.id, priceFen: r.price, changedBy: auth.userId });
  if (r.certKind) {
    const kind = r.certKind === '节能产品' || r.certKind === 'energy_saving' ? 'energy_saving' : 'environmental_label';
    await tx
      .insert(listingCertificates)
      .values({ listingId: listing!.id, kind, number: r.certNumber, issuer: r.certIssuer, validUntil: r.certValidUntil });
  }
  return listing!;
}

/** A dry run does all the work in the transaction, then rolls it back. */
class DryRunDone extends Error {
  constructor(readonly created: { row: number; listingId: string; productName: string; priceFen: number; priceFlag: string | null }[]) {
    super('dry run');
  }
}

import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { creditImports, exclusionListTypes, type ExclusionListType } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { RuleViolationError, type FieldProblem } from '../../platform/errors.ts';
import { readTable } from '../../platform/tables.ts';
import { usccSchema } from '../organizations/organizations.schemas.ts';
import * as q from './credit.queries.ts';
import { banLengthProblem, listTypeLabels } from './credit.rules.ts';
import type { CreditService } from './credit.service.ts';

export const MAX_IMPORT_ROWS = 10_000;

/** Column headers accepted in Chinese (as 信用中国 exports name them) or English. */
const headerAliases: Record<string, keyof RawRow> = {
  统一社会信用代码: 'uscc',
  uscc: 'uscc',
  名称: 'name',
  主体名称: 'name',
  name: 'name',
  名单类型: 'listType',
  list_type: 'listType',
  listtype: 'listType',
  列入日期: 'startsOn',
  starts_on: 'startsOn',
  startson: 'startsOn',
  移出日期: 'endsOn',
  ends_on: 'endsOn',
  endson: 'endsOn',
  地区: 'regionCode',
  region_code: 'regionCode',
  regioncode: 'regionCode',
  依据: 'legalBasis',
  basis: 'legalBasis',
  legal_basis: 'legalBasis',
};

interface RawRow {
  uscc: string;
  name: string;
  listType: string;
  startsOn: string;
  endsOn: string;
  regionCode: string;
  legalBasis: string;
}

const listTypeByLabel = new Map<string, ExclusionListType>([
  ...exclusionListTypes.map((t) => [t, t] as const),
  ...Object.entries(listTypeLabels).map(([t, label]) => [label, t as ExclusionListType] as const),
  ['不良行为记录', 'bad_conduct'],
  ['失信被执行人', 'dishonest_debtor'],
  ['重大税收违法失信主体', 'tax_violation'],
  ['政府采购严重违法失信行为记录名单', 'serious_dishonesty'],
]);

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), '日期不存在');

const rowSchema = z.object({
  uscc: usccSchema,
  name: z.string().trim().min(2, '名称不能为空').max(100),
  listType: z
    .string()
    .trim()
    .transform((v, ctx) => {
      const t = listTypeByLabel.get(v);
      if (!t) ctx.addIssue({ code: 'custom', message: `未知名单类型「${v}」` });
      return t ?? 'bad_conduct';
    }),
  startsOn: isoDate,
  endsOn: z.union([z.literal('').transform(() => null), isoDate]),
  regionCode: z.union([
    z.literal(''),
    z
      .string()
      .trim()
      .regex(/^\d{6}$/, '地区代码应为 6 位数字'),
  ]),
  legalBasis: z.string().trim().min(2, '依据不能为空').max(500),
});
export type ImportRow = z.infer<typeof rowSchema>;

export interface ImportReportRow {
  row: number;
  uscc: string;
  name: string;
  listType: ExclusionListType;
  supplierId: string | null;
  supplierName: string | null;
  exclusionId: string | null;
}

/**
 * 信用中国 and similar lists, imported whole or not at all: every row is validated first (USCC check
 * character, list type, dates, 第77条 length for bad-conduct bans), and one bad row refuses the file,
 * naming each bad row by its spreadsheet row number.
 */
export async function importExclusionList(
  deps: { db: Db; credit: CreditService },
  auth: AuthContext,
  file: { filename: string; content: Buffer },
  dryRun: boolean,
) {
  let table: Record<string, string>[];
  try {
    table = await readTable(file.content);
  } catch {
    throw new RuleViolationError('unreadable file', {
      fields: [{ field: 'file', message: '无法读取文件：请上传 UTF-8 CSV 或 XLSX', in: 'body' }],
    });
  }
  if (table.length === 0)
    throw new RuleViolationError('empty file', { fields: [{ field: 'file', message: '文件中没有数据行', in: 'body' }] });
  if (table.length > MAX_IMPORT_ROWS)
    throw new RuleViolationError('too many rows', {
      fields: [{ field: 'file', message: `一次最多导入 ${MAX_IMPORT_ROWS} 行`, in: 'body' }],
    });

  const problems: FieldProblem[] = [];
  const parsed: { row: number; data: ImportRow }[] = [];
  const seen = new Map<string, number>();
  table.forEach((record, index) => {
    const rowNumber = index + 2; // header is row 1
    const raw: RawRow = { uscc: '', name: '', listType: '', startsOn: '', endsOn: '', regionCode: '', legalBasis: '' };
    for (const [header, value] of Object.entries(record)) {
      const key = headerAliases[header.toLowerCase()] ?? headerAliases[header];
      if (key) raw[key] = value ?? '';
    }
    const result = rowSchema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues)
        problems.push({
          field: `rows[${rowNumber}].${String(issue.path[0] ?? '')}`,
          message: `第 ${rowNumber} 行：${issue.message}`,
          in: 'body',
        });
      return;
    }
    const lengthProblem = banLengthProblem(result.data.listType, result.data.startsOn, result.data.endsOn);
    if (lengthProblem) problems.push({ field: `rows[${rowNumber}].endsOn`, message: `第 ${rowNumber} 行：${lengthProblem}`, in: 'body' });
    const key = `${result.data.uscc}|${result.data.listType}|${result.data.startsOn}`;
    const earlier = seen.get(key);
    if (earlier) problems.push({ field: `rows[${rowNumber}].uscc`, message: `第 ${rowNumber} 行：与第 ${earlier} 行重复`, in: 'body' });
    seen.set(key, rowNumber);
    parsed.push({ row: rowNumber, data: result.data });
  });
  if (problems.length > 0) {
    throw new RuleViolationError(`${new Set(problems.map((p) => p.field.split('.')[0])).size} 行有错误，整个文件未导入`, {
      fields: problems,
    });
  }

  const actor = { userId: auth.userId, orgId: auth.orgId };
  const run = async (writing: boolean) =>
    inTransaction(deps.db, async (tx, afterCommit) => {
      const report: ImportReportRow[] = [];
      const [batch] = writing
        ? await tx
            .insert(creditImports)
            .values({
              filename: file.filename.slice(0, 200),
              rowCount: parsed.length,
              matchedCount: 0,
              importedBy: auth.userId,
              report: [],
            })
            .returning()
        : [null];
      const matched = new Map<number, Awaited<ReturnType<typeof q.findSupplierByUscc>>>();
      const outside: FieldProblem[] = [];
      for (const { row, data } of parsed) {
        const supplier = await q.findSupplierByUscc(tx, data.uscc);
        matched.set(row, supplier);
        // A 不良行为记录 is the importing department's own decision, held to where its own may reach; the
        // other lists are copies of what their authority (a court, the tax bureau, the finance ministry)
        // published, with the region it gave.
        const problem =
          data.listType === 'bad_conduct'
            ? await deps.credit.exclusionRegionProblem(tx, auth, { regionCode: data.regionCode, supplierId: supplier?.id ?? null })
            : null;
        if (problem) outside.push({ field: `rows[${row}].regionCode`, message: `第 ${row} 行：${problem}`, in: 'body' });
      }
      if (outside.length) throw new RuleViolationError(`${outside.length} 行超出本辖区，整个文件未导入`, { fields: outside });
      for (const { row, data } of parsed) {
        const supplier = matched.get(row);
        const exclusion = writing
          ? await deps.credit.insertExclusion(
              tx,
              afterCommit,
              {
                supplierId: supplier?.id ?? null,
                uscc: data.uscc,
                name: data.name,
                listType: data.listType,
                regionCode: data.regionCode,
                startsOn: data.startsOn,
                endsOn: data.endsOn,
                legalBasis: data.legalBasis,
                importId: batch?.id ?? null,
              },
              actor,
            )
          : null;
        report.push({
          row,
          uscc: data.uscc,
          name: data.name,
          listType: data.listType,
          supplierId: supplier?.id ?? null,
          supplierName: supplier?.name ?? null,
          exclusionId: exclusion?.id ?? null,
        });
      }
      const matchedCount = report.filter((r) => r.supplierId).length;
      if (batch) {
        await tx.update(creditImports).set({ matchedCount, report }).where(eq(creditImports.id, batch.id));
        await appendAudit(tx, {
          actor,
          action: 'credit.import',
          entityType: 'credit_import',
          entityId: batch.id,
          data: { filename: file.filename, rows: parsed.length, matchedCount },
        });
      }
      return { importId: batch?.id ?? null, dryRun: !writing, rowCount: parsed.length, matchedCount, rows: report };
    });
  return run(!dryRun);
}

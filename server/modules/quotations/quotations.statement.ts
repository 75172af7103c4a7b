import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { organizations } from '../../db/schema/index.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { smeStatementText } from '../../../contracts/sme-statement.ts';
import type { QuotationRow } from './quotations.context.ts';

type Supplier = { name: string; uscc: string | null; sizeClass: string | null; smeTreatment: string | null };

/**
 * The 中小企业声明函 of a small/micro quote (contracts/sme-statement.ts), from the supplier's size facts as
 * sealed with the quote, dated on its submission day. Written at submission for the receipt and again at the
 * close from what was sealed; the letter itself is not sealed, so a declaration does not change the
 * envelope's size bucket.
 */
export async function quoteStatement(tx: DbOrTx, q: QuotationRow, supplier: Supplier, itemName: string, submittedAt: Date) {
  const [purchaser] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, q.purchaserOrgId));
  return smeStatementText({
    supplier,
    purchaserName: purchaser?.name ?? '',
    procurementNo: q.quotationNo,
    title: q.title,
    part: '网上竞价',
    itemName,
    kind: 'goods',
    date: shanghaiDate(submittedAt),
  });
}

/** Each declaring opened quote's letter, by quote row id. */
export async function quoteStatements(
  tx: DbOrTx,
  q: QuotationRow,
  itemName: string,
  opened: readonly {
    row: { id: string; supplierId: string; submittedAt: Date };
    content: { smeDeclared: boolean; sizeClass: string; smeTreatment?: string | null | undefined };
  }[],
) {
  const declaring = opened.filter((o) => o.content.smeDeclared);
  const out = new Map<string, string>();
  if (declaring.length === 0) return out;
  const orgs = await tx
    .select({ id: organizations.id, name: organizations.name, uscc: organizations.uscc })
    .from(organizations)
    .where(
      inArray(
        organizations.id,
        declaring.map((o) => o.row.supplierId),
      ),
    );
  for (const o of declaring) {
    const org = orgs.find((x) => x.id === o.row.supplierId);
    const supplier = {
      name: org?.name ?? '',
      uscc: org?.uscc ?? null,
      sizeClass: o.content.sizeClass,
      smeTreatment: o.content.smeTreatment ?? null,
    };
    const text = await quoteStatement(tx, q, supplier, itemName, o.row.submittedAt);
    if (text) out.set(o.row.id, text);
  }
  return out;
}

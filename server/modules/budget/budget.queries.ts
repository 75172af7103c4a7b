import { and, asc, count, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { budgetLines, budgetMovements } from '../../db/schema/index.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';

/** A unit's budget lines with their reserved, spent and free amounts. */
export async function listLines(db: DbOrTx, orgId: string, page: PageQuery) {
  const where = eq(budgetLines.organizationId, orgId);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(budgetLines)
      .where(where)
      .orderBy(desc(budgetLines.fiscalYear), asc(budgetLines.code))
      .limit(page.pageSize)
      .offset(offsetOf(page)),
    db.select({ n: count() }).from(budgetLines).where(where),
  ]);
  return {
    items: rows.map((b) => ({
      id: b.id,
      code: b.code,
      name: b.name,
      fiscalYear: b.fiscalYear,
      fundSource: b.fundSource,
      amountFen: b.amountFen,
      reservedFen: b.reservedFen,
      spentFen: b.spentFen,
      freeFen: b.amountFen - b.reservedFen - b.spentFen,
    })),
    total: total?.n ?? 0,
  };
}

/**
 * A line's history: every reservation, release and spend, newest first, with the order or quotation that
 * caused it (their numbers come from their modules); undefined when the line is not the unit's.
 */
export async function lineHistory(db: DbOrTx, orgId: string, lineId: string, page: PageQuery) {
  const [line] = await db
    .select({ id: budgetLines.id })
    .from(budgetLines)
    .where(and(eq(budgetLines.id, lineId), eq(budgetLines.organizationId, orgId)));
  if (!line) return undefined;
  const where = eq(budgetMovements.budgetLineId, lineId);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(budgetMovements)
      .where(where)
      .orderBy(desc(budgetMovements.createdAt), desc(budgetMovements.id))
      .limit(page.pageSize)
      .offset(offsetOf(page)),
    db.select({ n: count() }).from(budgetMovements).where(where),
  ]);
  return {
    items: rows.map((movement) => ({
      id: movement.id,
      kind: movement.kind,
      amountFen: movement.amountFen,
      orderId: movement.orderId,
      quotationId: movement.quotationId,
      createdAt: movement.createdAt.toISOString(),
    })),
    total: total?.n ?? 0,
  };
}

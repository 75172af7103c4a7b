import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { budgetLines, budgetMovements } from '../../db/schema/index.ts';
import { fieldError } from '../../platform/errors.ts';
import { yuan } from '../../../contracts/money.ts';

/**
 * 预算指标: the one guarded update every reservation goes through. It succeeds only while the line has
 * room (and, given an owner, only on the owner's line), so concurrent orders and quotations can never
 * hold more than the line holds. Refused, it names the line's free amount on `budgetLineId`.
 */
export async function reserveOnLine(tx: Tx, input: { lineId: string; amountFen: number; ownerOrgId?: string; purpose?: string }) {
  const owned = input.ownerOrgId ? eq(budgetLines.organizationId, input.ownerOrgId) : undefined;
  const reserved = await tx
    .update(budgetLines)
    .set({ reservedFen: sql`${budgetLines.reservedFen} + ${input.amountFen}`, updatedAt: sql`now()` })
    .where(and(eq(budgetLines.id, input.lineId), owned, sql`${budgetLines.amountFen} - ${budgetLines.reservedFen} - ${budgetLines.spentFen} >= ${input.amountFen}`))
    .returning();
  if (reserved.length > 0) return;
  const [line] = await tx.select().from(budgetLines).where(and(eq(budgetLines.id, input.lineId), owned));
  if (!line) throw fieldError('budgetLineId', '预算指标不存在');
  throw fieldError('budgetLineId', `预算指标「${line.name}」可用余额 ${yuan(line.amountFen - line.reservedFen - line.spentFen)}，不足${input.purpose ?? ''} ${yuan(input.amountFen)}`);
}

/** Releases a hold, or turns it into spending, with its movement in the line's history. */
export async function settleOnLine(tx: Tx, input: { lineId: string; kind: 'release' | 'spend'; amountFen: number; orderId?: string; quotationId?: string }) {
  const change =
    input.kind === 'release'
      ? { reservedFen: sql`${budgetLines.reservedFen} - ${input.amountFen}` }
      : { reservedFen: sql`${budgetLines.reservedFen} - ${input.amountFen}`, spentFen: sql`${budgetLines.spentFen} + ${input.amountFen}` };
  await tx.update(budgetLines).set({ ...change, updatedAt: sql`now()` }).where(eq(budgetLines.id, input.lineId));
  await tx.insert(budgetMovements).values({ budgetLineId: input.lineId, orderId: input.orderId ?? null, quotationId: input.quotationId ?? null, kind: input.kind, amountFen: input.amountFen });
}

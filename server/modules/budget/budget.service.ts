import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { builtOnce } from '../../db/built-once.ts';
import { oneStatement, type StatementPart } from '../../db/one-statement.ts';
import { budgetLines, budgetMovements } from '../../db/schema/index.ts';
import { fieldError } from '../../platform/errors.ts';
import { yuan } from '../../../contracts/money.ts';

/**
 * 预算指标: the budget module owns `budget_lines` and `budget_movements`. Every change to a line goes
 * through `reserve`, `release` or `settle`, each of which writes its own movement in the line's history,
 * in the caller's transaction.
 */

/** What a movement is for: an order, or an online quotation's ceiling. */
export type BudgetHold = { amountFen: number; orderId?: string | undefined; quotationId?: string | undefined };

const ownedBy = (ownerOrgId: string | undefined) => (ownerOrgId ? eq(budgetLines.organizationId, ownerOrgId) : undefined);

/**
 * Refuses, with 422 on `budgetLineId`, a line that does not exist (or, given an owner, is not the
 * owner's), without locking it: callers check before writing rows that refer to the line, and lock it
 * only at the end with `reserve`.
 */
/** A line and its free amount, read unlocked (of its owner, when one is given): built once, each way. */
const lineRead = (owned: boolean) =>
  builtOnce((db) =>
    db
      .select({
        id: budgetLines.id,
        name: budgetLines.name,
        freeFen: sql<number>`${budgetLines.amountFen} - ${budgetLines.reservedFen} - ${budgetLines.spentFen}`.mapWith(Number),
      })
      .from(budgetLines)
      .where(
        and(
          eq(budgetLines.id, sql.placeholder('lineId')),
          owned ? eq(budgetLines.organizationId, sql.placeholder('ownerOrgId')) : undefined,
        ),
      )
      .prepare(owned ? 'jicai_budget_line_owned' : 'jicai_budget_line'),
  );
const lineReads = { owned: lineRead(true), any: lineRead(false) };

export async function assertLine(tx: Tx, input: { lineId: string; ownerOrgId?: string | undefined; message?: string }) {
  const [line] = input.ownerOrgId
    ? await lineReads.owned(tx).execute({ lineId: input.lineId, ownerOrgId: input.ownerOrgId })
    : await lineReads.any(tx).execute({ lineId: input.lineId });
  return lineAnswer(line, input.message);
}

/**
 * assertLine's read of an owner's line as a column of another statement (a checkout's judgement, which reads
 * the rules it judges by in one statement): the line as JSON, or null. `assertLineRead` answers from it.
 */
export const ownedLineJsonSql = (lineId: SQL, ownerOrgId: SQL) =>
  sql`(select jsonb_build_object('id', l.id, 'name', l.name, 'freeFen', l.amount_fen - l.reserved_fen - l.spent_fen)
         from ${budgetLines} l where l.id = ${lineId} and l.organization_id = ${ownerOrgId})`;

/** assertLine, from what ownedLineJsonSql read. */
export function assertLineRead(json: unknown, message?: string) {
  const read = json as { id: string; name: string; freeFen: number | string } | null | undefined;
  return lineAnswer(read ? { id: read.id, name: read.name, freeFen: Number(read.freeFen) } : undefined, message);
}

function lineAnswer(line: { id: string; name: string; freeFen: number } | undefined, message: string | undefined) {
  if (!line) throw fieldError('budgetLineId', message ?? '预算指标不存在');
  return {
    ...line,
    /**
     * Refuses now, before anything is written, an amount the line's free amount (as read, unlocked) cannot
     * hold, with the words `reserve` would refuse it in; `reserve` still decides under the lock.
     */
    assertRoom(amountFen: number, purpose?: string) {
      if (line.freeFen < amountFen) throw shortOf(line.name, line.freeFen, amountFen, purpose);
    },
  };
}

const shortOf = (name: string, freeFen: number, amountFen: number, purpose?: string) =>
  fieldError('budgetLineId', `预算指标「${name}」可用余额 ${yuan(freeFen)}，不足${purpose ?? ''} ${yuan(amountFen)}`);

/**
 * The one guarded update every reservation goes through, for the sum of its holds: it succeeds only
 * while the line has room (and, given an owner, only on the owner's line), so concurrent orders and
 * quotations can never hold more than the line holds. Each hold gets its `reserve` movement. Refused, it
 * names the line's free amount on `budgetLineId`. Callers call it last in their transaction (before the
 * audit append), so the line is held only until the commit.
 */
export async function reserve(
  tx: Tx,
  input: { lineId: string; ownerOrgId?: string | undefined; purpose?: string; holds: readonly BudgetHold[] },
) {
  const reserved = await tx.execute<{ id: string }>(oneStatement(reservationParts(input), sql`select id from ${sql.identifier(RESERVED)}`));
  if (reserved.rows.length === 0) await refuseReservation(tx, input);
}

const RESERVED = 'budget_reserved';

/**
 * `reserve` as parts of the caller's statement (server/db/one-statement.ts): the guarded update and its
 * movements. The statement's final select reads `reservedSql` (the line's id, or null when refused); a
 * refused reservation is answered by `refuseReservation`, and the caller's transaction rolls back.
 */
export function reservationParts(input: {
  lineId: string;
  ownerOrgId?: string | undefined;
  holds: readonly BudgetHold[];
}): StatementPart[] {
  const amountFen = input.holds.reduce((s, h) => s + h.amountFen, 0);
  return [
    [
      RESERVED,
      sql`update ${budgetLines} set reserved_fen = reserved_fen + ${amountFen}, updated_at = jicai.now()
           where id = ${input.lineId} ${input.ownerOrgId ? sql`and organization_id = ${input.ownerOrgId}` : sql``}
             and amount_fen - reserved_fen - spent_fen >= ${amountFen}
          returning id`,
    ],
    [
      'budget_reserve_movements',
      sql`insert into ${budgetMovements} (budget_line_id, order_id, quotation_id, kind, amount_fen)
          select r.id, h.order_id, h.quotation_id, 'reserve', h.amount_fen
            from ${sql.identifier(RESERVED)} r,
                 unnest(${sql.param(input.holds.map((h) => h.orderId ?? null))}::uuid[], ${sql.param(input.holds.map((h) => h.quotationId ?? null))}::uuid[],
                        ${sql.param(input.holds.map((h) => h.amountFen))}::bigint[]) as h(order_id, quotation_id, amount_fen)`,
    ],
  ];
}

/** The reserved line's id, or null when the guarded update found no room (to put in the final select). */
export const reservedSql = sql<string | null>`(select id from ${sql.identifier(RESERVED)})`;

/** Why a reservation was refused: the line is gone (or not the owner's), or its free amount is short. */
export async function refuseReservation(
  tx: Tx,
  input: { lineId: string; ownerOrgId?: string | undefined; purpose?: string; holds: readonly BudgetHold[] },
): Promise<never> {
  const amountFen = input.holds.reduce((s, h) => s + h.amountFen, 0);
  const [line] = await tx
    .select()
    .from(budgetLines)
    .where(and(eq(budgetLines.id, input.lineId), ownedBy(input.ownerOrgId)));
  if (!line) throw fieldError('budgetLineId', '预算指标不存在');
  throw shortOf(line.name, line.amountFen - line.reservedFen - line.spentFen, amountFen, input.purpose);
}

/** Gives a hold back to the line's free amount. */
export async function release(tx: Tx, input: { lineId: string } & BudgetHold) {
  await tx
    .update(budgetLines)
    .set({ reservedFen: sql`${budgetLines.reservedFen} - ${input.amountFen}`, updatedAt: sql`jicai.now()` })
    .where(eq(budgetLines.id, input.lineId));
  await writeMovements(tx, input.lineId, 'release', [input]);
}

/** Turns a hold into spending. */
export async function settle(tx: Tx, input: { lineId: string } & BudgetHold) {
  await tx
    .update(budgetLines)
    .set({
      reservedFen: sql`${budgetLines.reservedFen} - ${input.amountFen}`,
      spentFen: sql`${budgetLines.spentFen} + ${input.amountFen}`,
      updatedAt: sql`jicai.now()`,
    })
    .where(eq(budgetLines.id, input.lineId));
  await writeMovements(tx, input.lineId, 'spend', [input]);
}

async function writeMovements(tx: Tx, lineId: string, kind: 'reserve' | 'release' | 'spend', holds: readonly BudgetHold[]) {
  if (holds.length === 0) return;
  await tx.insert(budgetMovements).values(
    holds.map((h) => ({
      budgetLineId: lineId,
      orderId: h.orderId ?? null,
      quotationId: h.quotationId ?? null,
      kind,
      amountFen: h.amountFen,
    })),
  );
}

/** A new budget line (下达预算指标) in the caller's transaction; null when the unit has the code in that year already. */
export async function issueLine(
  tx: Tx,
  input: { organizationId: string; code: string; name: string; fiscalYear: number; fundSource: string; amountFen: number },
) {
  const [line] = await tx
    .insert(budgetLines)
    .values(input)
    .onConflictDoNothing({ target: [budgetLines.organizationId, budgetLines.fiscalYear, budgetLines.code] })
    .returning();
  if (!line) return null;
  return { ...line, freeFen: line.amountFen - line.reservedFen - line.spentFen };
}

import { count, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { experts } from '../../db/schema/index.ts';

/** Experts in the pool with the right to evaluate (not suspended, not removed). */
export async function countActive(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: count() }).from(experts).where(eq(experts.status, 'active'));
  return row?.n ?? 0;
}

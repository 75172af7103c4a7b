import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';

/** Deadlines are judged by the database's clock, never the app server's. */
export async function dbNow(db: DbOrTx): Promise<Date> {
  const result = await db.execute<{ now: Date | string }>(sql`select clock_timestamp() as now`);
  const value = result.rows[0]?.now;
  return value instanceof Date ? value : new Date(String(value));
}

import { and, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx } from '../db/client.ts';
import { policyValues } from '../db/schema/index.ts';
import { NotFoundError } from './errors.ts';
import { shanghaiDate } from './calendar.ts';
import { dbNow } from './clock.ts';
import { regionChain, regionName } from './jurisdiction.ts';

export { regionChain } from './jurisdiction.ts';

export interface PolicyValue<T> {
  key: string;
  value: T;
  basis: string;
  /** '' for the national value, else the region whose override is in force. */
  regionCode: string;
  /** 全国 or the overriding region's name: which level set the value, for findings to cite. */
  setBy: string;
  effectiveFrom: string;
}

/**
 * The value of a policy in force on a day (Asia/Shanghai) for a region: the nearest override in force up the
 * region tree (district → city → province) wins over the national default. Answers with the basis and the
 * level that set it, so a finding can cite both.
 */
export async function policyValue<S extends z.ZodType>(
  db: DbOrTx,
  key: string,
  schema: S,
  opts: { regionCode?: string; at?: Date } = {},
): Promise<PolicyValue<z.infer<S>>> {
  const day = shanghaiDate(opts.at ?? (await dbNow(db)));
  const chain = await regionChain(db, opts.regionCode);
  // The raw jsonb text, parsed here: drizzle re-parses jsonb strings, which turns a rate "0.20" into 0.2.
  const rows = await db
    .select({
      regionCode: policyValues.regionCode,
      effectiveFrom: policyValues.effectiveFrom,
      basis: policyValues.basis,
      raw: sql<string>`${policyValues.value}::text`,
    })
    .from(policyValues)
    .where(
      and(
        eq(policyValues.key, key),
        inArray(policyValues.regionCode, chain),
        lte(policyValues.effectiveFrom, day),
        or(isNull(policyValues.effectiveTo), gte(policyValues.effectiveTo, day)),
      ),
    );
  const best = rows.sort(
    (a, b) => chain.indexOf(a.regionCode) - chain.indexOf(b.regionCode) || (a.effectiveFrom < b.effectiveFrom ? 1 : -1),
  )[0];
  if (!best) throw new NotFoundError(`no policy value "${key}" in force on ${day}`);
  return {
    key,
    value: schema.parse(JSON.parse(best.raw)),
    basis: best.basis,
    regionCode: best.regionCode,
    setBy: await regionName(db, best.regionCode),
    effectiveFrom: best.effectiveFrom,
  };
}

import { and, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx } from '../db/client.ts';
import { policyValues } from '../db/schema/index.ts';
import { NotFoundError } from './errors.ts';
import { shanghaiDate } from './calendar.ts';
import { dbNow } from './clock.ts';

export interface PolicyValue<T> {
  key: string;
  value: T;
  basis: string;
  regionCode: string;
  effectiveFrom: string;
}

/** A district falls back to its province, and the province to the national default (''). */
export function regionChain(regionCode: string | undefined): string[] {
  if (!regionCode || regionCode === '000000') return [''];
  const chain = [regionCode];
  const province = `${regionCode.slice(0, 2)}0000`;
  if (province !== regionCode) chain.push(province);
  chain.push('');
  return chain;
}

/**
 * The value of a policy in force on a day (Asia/Shanghai) for a region: the region's own row wins over
 * its province's, which wins over the national default. Answers with the basis, so a finding can cite it.
 */
export async function policyValue<S extends z.ZodType>(
  db: DbOrTx,
  key: string,
  schema: S,
  opts: { regionCode?: string; at?: Date } = {},
): Promise<PolicyValue<z.infer<S>>> {
  const day = shanghaiDate(opts.at ?? (await dbNow(db)));
  const chain = regionChain(opts.regionCode);
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
    effectiveFrom: best.effectiveFrom,
  };
}

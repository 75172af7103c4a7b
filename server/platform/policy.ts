import { and, eq, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx } from '../db/client.ts';
import { statementBuiltOnce } from '../db/built-once.ts';
import { policyValues } from '../db/schema/index.ts';
import { NotFoundError } from './errors.ts';
import { shanghaiDate } from './calendar.ts';
import { dbNow } from './clock.ts';
import { CENTRAL_REGION, regionChain, regionName } from './jurisdiction.ts';

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

/** Which policies to read at once: a name for each, its key and the schema of its value. */
export type PolicySpecs = Record<string, { key: string; schema: z.ZodType; national?: true }>;

/** A candidate policy value as the statement reads it (every value of the keys in force on the day along the chain). */
type PolicyRow = {
  key: string | null;
  region_code: string | null;
  effective_from: string | null;
  basis: string | null;
  raw: string | null;
  region_name: string | null;
};

/**
 * The region's chain and every value of the keys in force on the day along it, as one jsonb value
 * `{codes, rows}` for a statement to read beside its own (policyValuesOf's, or a judgement's that reads
 * the unit and the clock with it). Each input is an SQL expression of that statement: region text or null
 * (null for the national level), keys text[], day date. Read it with policyValuesFromJson.
 */
export function policyValuesSql(input: { region: SQL; keys: SQL; day: SQL }): SQL {
  return sql`(
    with recursive up(code, parent, depth) as (
      select code, parent_code, 0 from jicai.regions where code = ${input.region}
      union all select r.code, r.parent_code, up.depth + 1 from jicai.regions r join up on r.code = up.parent where up.depth < 8),
    chain as (select coalesce(array_agg(code order by depth) filter (where code <> ${CENTRAL_REGION}), '{}') as codes from up)
    select jsonb_build_object('codes', chain.codes, 'rows', (
      select coalesce(jsonb_agg(jsonb_build_object('key', pv.key, 'region_code', pv.region_code,
        'effective_from', pv.effective_from::text, 'basis', pv.basis, 'raw', pv.value::text, 'region_name', r.name)), '[]')
        from ${policyValues} pv left join jicai.regions r on r.code = pv.region_code
       where pv.key = any(${input.keys})
         and (pv.region_code = '' or pv.region_code = any(chain.codes) or pv.region_code = ${input.region})
         and pv.effective_from <= ${input.day} and (pv.effective_to is null or pv.effective_to >= ${input.day})))
    from chain)`;
}

/** policyValuesOf's statement, built once (server/db/built-once.ts). */
const policyStatement = statementBuiltOnce<{ policy: unknown }>(
  'jicai_policy_values',
  () =>
    sql`select ${policyValuesSql({
      region: sql`${sql.placeholder('region')}::text`,
      keys: sql`${sql.placeholder('keys')}::text[]`,
      day: sql`${sql.placeholder('day')}::date`,
    })} as policy`,
);

/** The distinct keys of some policies, for policyValuesSql's `keys`. */
export const policyKeysOf = (specs: PolicySpecs) => [...new Set(Object.values(specs).map((s) => s.key))];

/** The region policyValuesSql reads for a unit's region code: null for none or the national level. */
export const policyRegionOf = (regionCode: string | null | undefined) => (regionCode && regionCode !== CENTRAL_REGION ? regionCode : null);

/**
 * Several policies in force at once, the way `policyValue` judges each (the nearest override up the region
 * tree wins, then the latest in force), in one statement: the region chain, every candidate value and the
 * names of the regions that set them (a spec marked `national` reads the national value only, as
 * `policyValue` without a region does). Also answers the chain itself (as `regionChain`), for callers that
 * judge regional rules of their own with it.
 */
export async function policyValuesOf<T extends PolicySpecs>(
  db: DbOrTx,
  specs: T,
  opts: { regionCode?: string | undefined; at: Date },
): Promise<{ chain: string[]; values: { [K in keyof T]: PolicyValue<z.infer<T[K]['schema']>> } }> {
  const day = shanghaiDate(opts.at);
  const region = policyRegionOf(opts.regionCode);
  const [row] = await policyStatement(db, { region, keys: policyKeysOf(specs), day });
  return policyValuesFromJson(specs, region, day, row!.policy);
}

/** A policyValuesSql value (JSON text or parsed) judged for these specs: what policyValuesOf answers. */
export function policyValuesFromJson<T extends PolicySpecs>(
  specs: T,
  region: string | null,
  day: string,
  json: unknown,
): { chain: string[]; values: { [K in keyof T]: PolicyValue<z.infer<T[K]['schema']>> } } {
  const read = (typeof json === 'string' ? JSON.parse(json) : json) as { codes: string[] | null; rows: PolicyRow[] } | null;
  const codes = read?.codes ?? [];
  // As regionChain: nearest first, then the national level; a region missing from the tree stands alone.
  const chain = region === null ? [''] : [...(codes.length ? codes : [region]), ''];
  const rows = (read?.rows ?? []).filter((r) => r.key !== null && chain.includes(r.region_code!));
  const values = {} as { [K in keyof T]: PolicyValue<z.infer<T[K]['schema']>> };
  for (const [name, spec] of Object.entries(specs) as [keyof T & string, T[keyof T]][]) {
    const own = spec.national ? [''] : chain;
    const best = rows
      .filter((r) => r.key === spec.key && own.includes(r.region_code!))
      .sort((a, b) => own.indexOf(a.region_code!) - own.indexOf(b.region_code!) || (a.effective_from! < b.effective_from! ? 1 : -1))[0];
    if (!best) throw new NotFoundError(`no policy value "${spec.key}" in force on ${day}`);
    values[name] = {
      key: spec.key,
      value: spec.schema.parse(JSON.parse(best.raw!)) as z.infer<T[keyof T & string]['schema']>,
      basis: best.basis!,
      regionCode: best.region_code!,
      setBy: !best.region_code || best.region_code === CENTRAL_REGION ? '全国' : (best.region_name ?? best.region_code),
      effectiveFrom: best.effective_from!,
    };
  }
  return { chain, values };
}

import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import type { ExclusionListType, organizations } from '../../db/schema/index.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import { CENTRAL_REGION } from '../../platform/jurisdiction.ts';
import type { PolicyValue } from '../../platform/policy.ts';
import * as q from './credit.queries.ts';
import { actionLabels, exclusionApplies, listTypeLabels, type EligibilityAction } from './credit.rules.ts';

/** A supplier's act refused for its exclusions or major violations (a 422 problem naming each). */
export class IneligibleError extends AppError {
  readonly status = 422;
  readonly type = 'ineligible';
}

export interface EligibilityReason {
  code: 'exclusion' | 'major_violation' | 'inactive' | 'not_supplier';
  message: string;
  exclusionId?: string;
  eventId?: string;
  listType?: ExclusionListType;
  legalBasis?: string;
  endsOn?: string | null;
  /** The facts the message words, to word it in another language (supplier, list, dates, region, record). */
  params?: Record<string, string | number>;
}

export interface Eligibility {
  eligible: boolean;
  action: EligibilityAction;
  checkedAt: string;
  reasons: EligibilityReason[];
}

/** What a caller already read in its own statement: the moment of the check and the suppliers' rows. */
export interface EligibilityKnown {
  now: Date;
  /** The suppliers as read by the caller: what eligibility is judged by (an opening reads only these columns of thousands). */
  suppliers: readonly Pick<typeof organizations.$inferSelect, 'id' | 'kind' | 'name' | 'uscc' | 'active'>[];
  /** The policy `credit.lookbackYears` (national) and the region chain, when the caller read them with its own policies. */
  lookback?: PolicyValue<number>;
  chain?: string[];
  /**
   * What creditFactsOf would answer for these suppliers, the region and `now`, read by the caller in its own
   * statement (creditFactsSql): then nothing more is read here.
   */
  facts?: q.CreditFacts;
}

/** The policies eligibility judges by, for a caller reading them with its own in one statement (policyValuesOf). */
export const eligibilityPolicies = { lookback: { key: 'credit.lookbackYears', schema: z.number().positive(), national: true } } as const;

/**
 * Eligibility of many suppliers at once (a bid opening checks thousands): three queries whatever the
 * number — the suppliers, the exclusions naming them by id or USCC, their major violations (the suppliers
 * and the moment not read again when the caller already has them, `known`).
 */
export async function checkEligibilityOfMany(
  tx: DbOrTx,
  supplierIds: readonly string[],
  action: EligibilityAction,
  regionCode?: string,
  known?: EligibilityKnown,
): Promise<Map<string, Eligibility>> {
  const result = new Map<string, Eligibility>();
  if (supplierIds.length === 0) return result;
  const now = known?.now ?? (await dbNow(tx));
  const day = shanghaiDate(now);
  const ids = [...new Set(supplierIds)];
  const suppliers = known ? known.suppliers.filter((x) => x.kind === 'supplier') : await q.suppliersByIds(tx, ids);
  const usccs = suppliers.map((x) => x.uscc).filter((u): u is string => u !== null);
  // Exclusions, major violations, the lookback and the region chain in one statement (creditFactsOf).
  const region = regionCode && regionCode !== CENTRAL_REGION ? regionCode : null;
  const facts = known?.facts ?? (await q.creditFactsOf(tx, { ids, usccs, regionCode: region, day, at: now }));
  const allExclusions = facts.exclusions;
  const lookbackYears = known?.lookback?.value ?? lookbackOf(facts.lookbackRaw, day);
  const since = new Date(now.getTime() - lookbackYears * 365.25 * 86_400_000);
  const majors = facts.majors.filter((m) => m.occurredAt >= since);
  // As regionChain: nearest first, then the national level; a region missing from the tree stands alone.
  const codes = facts.codes.filter((c) => c !== CENTRAL_REGION);
  const chain = known?.chain ?? (region === null ? [''] : [...(codes.length ? codes : [region]), '']);
  // Grouped once, so a check of thousands of suppliers (an opening) stays linear.
  const supplierOf = new Map(suppliers.map((x) => [x.id, x]));
  const group = <T>(rows: readonly T[], keyOf: (r: T) => string | null) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const k = keyOf(r);
      if (k === null) continue;
      const list = m.get(k);
      if (list) list.push(r);
      else m.set(k, [r]);
    }
    return m;
  };
  const exclusionsById = group(allExclusions, (e) => e.supplierId);
  const exclusionsByUscc = group(allExclusions, (e) => e.uscc);
  const majorsOf = group(majors, (m) => m.supplierId);
  const exclusionOrder = new Map(allExclusions.map((e, i) => [e, i]));
  for (const id of ids) {
    const supplier = supplierOf.get(id);
    if (!supplier) {
      result.set(id, {
        eligible: false,
        action,
        checkedAt: now.toISOString(),
        reasons: [{ code: 'not_supplier', message: '不是已登记的供应商', params: {} }],
      });
      continue;
    }
    const reasons: EligibilityReason[] = [];
    if (!supplier.active) reasons.push({ code: 'inactive', message: '供应商账户已停用', params: { supplier: supplier.name } });
    const naming = new Set([
      ...(exclusionsById.get(id) ?? []),
      ...(supplier.uscc !== null ? (exclusionsByUscc.get(supplier.uscc) ?? []) : []),
    ]);
    for (const x of [...naming].sort((a, b) => exclusionOrder.get(a)! - exclusionOrder.get(b)!)) {
      // Without a region, any regional exclusion counts: the caller did not say where the act happens.
      const applies = regionCode ? exclusionApplies(x, day, chain) : exclusionApplies({ ...x, regionCode: '' }, day, ['']);
      if (!applies) continue;
      reasons.push({
        code: 'exclusion',
        message: `${supplier.name} 被列入「${listTypeLabels[x.listType]}」（${x.startsOn} 至 ${x.endsOn ?? '长期'}${x.regionCode ? `，${x.regionCode} 地区` : ''}；依据：${x.legalBasis}），不得${actionLabels[action]}`,
        params: {
          supplier: supplier.name,
          listType: x.listType,
          startsOn: x.startsOn,
          endsOn: x.endsOn ?? '',
          regionCode: x.regionCode ?? '',
          rule: x.legalBasis,
          action,
        },
        exclusionId: x.id,
        listType: x.listType,
        legalBasis: x.legalBasis,
        endsOn: x.endsOn,
      });
    }
    for (const e of majorsOf.get(id) ?? []) {
      reasons.push({
        code: 'major_violation',
        message: `${supplier.name} 在参加采购活动前 ${lookbackYears} 年内有重大违法记录「${e.title}」（${shanghaiDate(e.occurredAt)}；政府采购法第二十二条），不得${actionLabels[action]}`,
        params: { supplier: supplier.name, years: lookbackYears, title: e.title, occurredOn: shanghaiDate(e.occurredAt), action },
        eventId: e.id,
      });
    }
    result.set(id, { eligible: reasons.length === 0, action, checkedAt: now.toISOString(), reasons });
  }
  return result;
}

const lookbackSchema = z.number().positive();
/** The national `credit.lookbackYears` in force, as policyValue reads it (refused when none is). */
function lookbackOf(raw: string | null, day: string): number {
  if (raw === null) throw new NotFoundError(`no policy value "credit.lookbackYears" in force on ${day}`);
  return lookbackSchema.parse(JSON.parse(raw));
}

/**
 * "May this supplier do X now?" Every module asks at the moment it grants something (listing
 * activation, quote, bid, opening, award, order, auction registration and win); the answer at that
 * moment counts, by the database clock, with a reason naming each exclusion or record that blocks it.
 */
export async function checkEligibility(
  tx: DbOrTx,
  input: { supplierId: string; action: EligibilityAction; regionCode?: string | undefined },
  known?: EligibilityKnown,
): Promise<Eligibility> {
  return (await checkEligibilityOfMany(tx, [input.supplierId], input.action, input.regionCode, known)).get(input.supplierId)!;
}

/** checkEligibility that refuses with a 422 problem naming the exclusion. */
export async function assertEligible(
  tx: DbOrTx,
  input: { supplierId: string; action: EligibilityAction; regionCode?: string | undefined },
  field = 'supplierId',
  known?: EligibilityKnown,
) {
  const result = await checkEligibility(tx, input, known);
  if (!result.eligible) {
    throw new IneligibleError(result.reasons.map((r) => r.message).join('；'), {
      fields: result.reasons.map((r) => ({ field, message: r.message })),
    });
  }
  return result;
}

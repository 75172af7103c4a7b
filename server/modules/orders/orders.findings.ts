import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { statementBuiltOnce } from '../../db/built-once.ts';
import { rowFromJson } from '../../db/columns.ts';
import { organizations } from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { calendarFromJson, calendarJsonSql, shanghaiDate } from '../../platform/calendar.ts';
import { CENTRAL_REGION } from '../../platform/jurisdiction.ts';
import {
  policyKeysOf,
  policyRegionOf,
  policyValuesFromJson,
  policyValuesSql,
  type PolicySpecs,
  type PolicyValue,
} from '../../platform/policy.ts';
import { certificatesFromJson, certificatesSql, type certificatesOf, type Offer } from '../catalogue/listings.service.ts';
import { mallAssetsFromJson, unitAssetsSql } from '../assets/assets.queries.ts';
import { creditFactsFromJson, creditFactsSql } from '../credit/credit.queries.ts';
import { agreementsFromJson, agreementsJsonSql } from '../catalogue/catalogue.agreements.ts';
import { ownedLineJsonSql } from '../budget/budget.service.ts';

type Certificate = Awaited<ReturnType<typeof certificatesOf>>[number];
type Supplier = Offer['supplier'];
import { eligibilityPolicies, type EligibilityReason } from '../credit/credit.eligibility.ts';
import { bandFinding, deliversTo, lineFindings, splitPurchaseFinding, type Finding } from './orders.rules.ts';
import { orderingBandPolicies, type OrderingBands } from './orders.method.ts';
import * as q from './orders.queries.ts';
import { replaceableCodesOf, replacementAsk } from './orders.replacement.ts';
import type { CartRow, OrdersDeps, SurplusProvider } from './orders.context.ts';

const ph = (name: string) => sql.placeholder(name);

/**
 * Everything a cart or an offer is judged by, in ONE statement built once: the purchasing unit, the moment
 * (the one given, else the platform clock), the policy values in force for the unit's region along its
 * chain (policyValuesSql), what the suppliers' eligibility is judged by (creditFactsSql: exclusions, major
 * violations, the lookback), the lines' certificates (certificatesSql: a checkout records them on its lines;
 * those valid that day, Asia/Shanghai, certify a line), the unit's spend in the bought 品目 for each
 * split-purchase window (priorSpendSql), other units' surplus (the SurplusProvider's part) and, for the cart
 * page's picker, the unit's assets in the 品目 with a minimum years in use (unitAssetsSql). These were six to
 * nine statements, each a round trip, on every cart change and every checkout. A checkout also reads here
 * what it checks before writing: the listings' framework agreements, the budget line it names (its owner's
 * only) and the calendar ahead (its confirmation deadline): three round trips fewer an order.
 */
const judgementStatement = (surplus: SurplusProvider | undefined) =>
  statementBuiltOnce<{
    unit: unknown;
    at_ms: number | string;
    policy: unknown;
    credit: unknown;
    certs: unknown;
    prior_spend: unknown;
    surplus: unknown;
    unit_assets: unknown;
    agreements: unknown;
    budget_line: unknown;
    calendar: unknown;
  }>(surplus ? 'jicai_order_judgement' : 'jicai_order_judgement_no_surplus', () => {
    const orgId = sql`${ph('orgId')}::uuid`;
    const codes = sql`${ph('categoryCodes')}::text[]`;
    return sql`
    with t as (select coalesce(${ph('at')}::timestamptz, jicai.clock_timestamp()) as at),
    u as (
      select t.at, (t.at at time zone 'Asia/Shanghai')::date as day, to_jsonb(o) as unit,
             case when o.region_code is null or o.region_code = ${CENTRAL_REGION} then null else o.region_code end as region
        from t left join ${organizations} o on o.id = ${orgId})
    select u.unit, extract(epoch from u.at) * 1000 as at_ms,
      ${policyValuesSql({ region: sql`u.region`, keys: sql`${ph('keys')}::text[]`, day: sql`u.day` })} as policy,
      ${creditFactsSql({
        ids: sql`${ph('supplierIds')}::uuid[]`,
        usccs: sql`${ph('usccs')}::text[]`,
        regionCode: sql`u.region`,
        day: sql`u.day`,
        at: sql`u.at`,
      })} as credit,
      ${certificatesSql(sql`${ph('listingIds')}::uuid[]`)} as certs,
      ${q.priorSpendSql({ purchaserOrgId: orgId, categoryCodes: codes, at: sql`u.at`, day: sql`u.day` })} as prior_spend,
      ${surplus ? surplus.sql({ purchaserOrgId: orgId, categoryCodes: codes }) : sql`'[]'::jsonb`} as surplus,
      ${unitAssetsSql({ ownerOrgId: orgId, categoryCodes: sql`${ph('replaceableCodes')}::text[]` })} as unit_assets,
      ${agreementsJsonSql(sql`${ph('agreementIds')}::uuid[]`)} as agreements,
      ${ownedLineJsonSql(sql`${ph('lineId')}::uuid`, orgId)} as budget_line,
      ${calendarJsonSql(sql`u.day`, CALENDAR_AHEAD_DAYS)} as calendar
    from u`;
  });

/** The calendar a judgement reads ahead, for a checkout's confirmation deadline (a longer one reads its own). */
const CALENDAR_AHEAD_DAYS = 60;

/** The policy findings on a cart (shown in the cart, recorded at checkout). */
export function createOrderFindings(deps: OrdersDeps) {
  const { credit } = deps;
  const judgement = judgementStatement(deps.surplus);

  /**
   * What every finding is judged by: the unit (its region), the time, the bands and policy values in force
   * (with the eligibility's, in one statement), the lines' valid certificates. A checkout passes the moment
   * and the certificates it already read, and asks for policies of its own (`more`) in the same statement.
   */
  async function rulesInForce<M extends PolicySpecs = Record<never, never>>(
    tx: DbOrTx,
    auth: AuthContext,
    listingIds: readonly string[],
    suppliers: readonly Supplier[],
    known: { at?: Date; more?: M; agreementIds?: readonly string[]; budgetLineId?: string } = {},
    bought: { categoryCodes: readonly string[]; replaceableCodes: readonly string[] } = { categoryCodes: [], replaceableCodes: [] },
  ) {
    const specs = {
      ...orderingBandPolicies,
      splitDays: { key: q.SPLIT_WINDOW_KEY, schema: z.number().int() },
      nevShare: { key: 'green.newEnergyVehicleShareMin', schema: z.string() },
      ...eligibilityPolicies,
      ...((known.more ?? {}) as M),
    };
    const [read] = await judgement(tx, {
      orgId: auth.orgId,
      at: known.at?.toISOString() ?? null,
      keys: policyKeysOf(specs),
      supplierIds: suppliers.map((x) => x.id),
      usccs: suppliers.filter((x) => x.kind === 'supplier').flatMap((x) => (x.uscc === null ? [] : [x.uscc])),
      listingIds: [...listingIds],
      categoryCodes: [...bought.categoryCodes],
      replaceableCodes: [...bought.replaceableCodes],
      agreementIds: [...new Set(known.agreementIds ?? [])],
      lineId: known.budgetLineId ?? null,
    });
    const unit = read!.unit ? rowFromJson(organizations, read!.unit as Record<string, unknown>) : undefined;
    const region = unit?.regionCode;
    const at = known.at ?? new Date(Number(read!.at_ms));
    const today = shanghaiDate(at);
    const { chain, values } = policyValuesFromJson(specs, policyRegionOf(region), today, read!.policy);
    const bands: OrderingBands = { direct: values.direct, decentralized: values.decentralized };
    const certificates: Certificate[] = certificatesFromJson(read!.certs);
    const certs = certificates.filter((c) => c.validUntil >= today);
    const certified = new Set(certs.map((c) => c.listingId));
    return {
      unit,
      region,
      at,
      bands,
      splitDays: values.splitDays,
      nevShare: values.nevShare,
      certified,
      certificates,
      chain,
      lookback: values.lookback,
      creditFacts: creditFactsFromJson(read!.credit),
      priorSpend: read!.prior_spend,
      surplus: deps.surplus?.findings(read!.surplus) ?? [],
      unitAssets: mallAssetsFromJson(read!.unit_assets),
      agreements: agreementsFromJson(read!.agreements),
      /** The budget line named (known.budgetLineId) if it is the unit's, as assertLineRead takes it. */
      budgetLine: read!.budget_line,
      calendar: calendarFromJson(today, CALENDAR_AHEAD_DAYS, read!.calendar),
      values: values as { [K in keyof M]: PolicyValue<z.infer<M[K]['schema']>> },
    };
  }

  /** A supplier's eligibility to be ordered from, as block findings (政府采购法第二十二条、第七十七条). */
  const ineligibleFindings = (supplier: string, reasons: readonly EligibilityReason[]): Finding[] =>
    reasons.map((reason) => ({
      code: 'supplier_ineligible',
      level: 'block',
      message: reason.message,
      basis: reason.legalBasis ?? '政府采购法第二十二条、第七十七条',
      params: {
        supplier,
        ...reason.params,
        variant: reason.code,
        ...(reason.legalBasis ? { rule: reason.legalBasis } : { doc: 'procurementLaw22' }),
      },
    }));

  /**
   * Every policy that applies to buying these lines now, each as a finding with the rule it comes from:
   * ordering bands, allocation standards (配置标准), mandatory green, split purchases, supplier eligibility,
   * stock, new-energy vehicles, minimum years in use (asked here, checked at checkout), and surplus first.
   */
  async function policyFindings(tx: DbOrTx, auth: AuthContext, rows: CartRow[]): Promise<Finding[]> {
    if (rows.length === 0) return [];
    return (await judgeCart(tx, auth, rows)).findings;
  }

  /**
   * policyFindings with the rules it judged by (the unit, the moment, the policies), for the checkout to go
   * on with. `picker`: the cart page's replacement picker also needs the unit's assets in the lines' 品目
   * (rules.unitAssets); a checkout reads the declared ones itself.
   */
  async function judgeCart<M extends PolicySpecs = Record<never, never>>(
    tx: DbOrTx,
    auth: AuthContext,
    rows: CartRow[],
    known: { at?: Date; more?: M; picker?: boolean; budgetLineId?: string } = {},
  ) {
    const findings: Finding[] = [];
    const suppliers = [...new Map(rows.map((r) => [r.supplier.id, r.supplier])).values()];
    const categoriesBought = [...new Set(rows.map((r) => r.product.categoryCode))];
    const rules = await rulesInForce(
      tx,
      auth,
      rows.map((r) => r.listing.id),
      suppliers,
      { ...known, agreementIds: rows.flatMap((r) => (r.listing.agreementId ? [r.listing.agreementId] : [])) },
      { categoryCodes: categoriesBought, replaceableCodes: known.picker ? replaceableCodesOf(rows) : [] },
    );
    const { region, at, bands, splitDays, nevShare, certified } = rules;
    const bySupplier = new Map<string, number>();
    for (const r of rows) {
      bySupplier.set(r.supplier.id, (bySupplier.get(r.supplier.id) ?? 0) + r.listing.priceFen * r.cart.quantity);
      findings.push(
        ...lineFindings(
          {
            ...r,
            quantity: r.cart.quantity,
            certified: certified.has(r.listing.id),
            delivers: deliversTo(r.listing.deliveryRegions, rules.chain),
          },
          nevShare,
        ),
      );
      const ask = replacementAsk(r);
      if (ask) findings.push(ask);
    }
    // Every supplier's eligibility at once, from the rows and the facts already read (no statement of its own).
    const eligibility = await credit.checkEligibilityOfMany(
      tx,
      suppliers.map((x) => x.id),
      'order',
      region ?? undefined,
      { now: at, suppliers, lookback: rules.lookback, chain: rules.chain, facts: rules.creditFacts },
    );
    for (const [supplierId, total] of bySupplier) {
      const name = rows.find((r) => r.supplier.id === supplierId)!.supplier.name;
      const band = bandFinding(name, total, bands);
      if (band) findings.push(band);
      findings.push(...ineligibleFindings(name, eligibility.get(supplierId)!.reasons));
    }
    // 拆分采购: the same unit buying the same category within the window beyond the direct-order band. The
    // judgement read the spend for every window in force; the one the unit's policy resolved to is among
    // them (read on its own otherwise).
    for (const code of categoriesBought) {
      const inCategory = rows.filter((r) => r.product.categoryCode === code);
      const split = splitPurchaseFinding({
        categoryCode: code,
        categoryName: inCategory[0]!.category.name,
        priorFen:
          q.priorSpendOf(rules.priorSpend, splitDays.value, code) ??
          (await q.priorCategorySpend(tx, { purchaserOrgId: auth.orgId, categoryCode: code, at, days: splitDays.value })),
        nowFen: inCategory.reduce((s, r) => s + r.listing.priceFen * r.cart.quantity, 0),
        suppliers: new Set(inCategory.map((r) => r.supplier.id)).size,
        direct: bands.direct,
        splitDays,
      });
      if (split) findings.push(split);
    }
    findings.push(...rules.surplus);
    return { findings, rules };
  }

  /**
   * Each offer as the cart would judge one unit of it for this buyer now, by the same rules as
   * policyFindings: on sale and in stock, mandatory green, the supplier's eligibility, and the ordering
   * band one unit's price already passes. Only what depends on the whole cart (split purchases, the
   * supplier's order total, surplus, replacements) is left to the cart. Each offer's block and approval
   * findings, in that order.
   */
  async function offerFindings(tx: DbOrTx, auth: AuthContext, offers: readonly Offer[]): Promise<Map<string, Finding[]>> {
    const result = new Map<string, Finding[]>();
    if (offers.length === 0) return result;
    const suppliers = [...new Map(offers.map((o) => [o.supplier.id, o.supplier])).values()];
    const { region, at, bands, nevShare, certified, lookback, chain, creditFacts } = await rulesInForce(
      tx,
      auth,
      offers.map((o) => o.listing.id),
      suppliers,
    );
    const eligibility = await credit.checkEligibilityOfMany(
      tx,
      suppliers.map((x) => x.id),
      'order',
      region ?? undefined,
      { now: at, suppliers, lookback, chain, facts: creditFacts },
    );
    for (const o of offers) {
      const found = lineFindings(
        { ...o, quantity: 1, certified: certified.has(o.listing.id), delivers: deliversTo(o.listing.deliveryRegions, chain) },
        nevShare,
      );
      const band = bandFinding(o.supplier.name, o.listing.priceFen, bands);
      if (band) found.push({ ...band, listingId: o.listing.id });
      found.push(
        ...ineligibleFindings(o.supplier.name, eligibility.get(o.supplier.id)?.reasons ?? []).map((f) => ({
          ...f,
          listingId: o.listing.id,
        })),
      );
      const rank = { block: 0, approval: 1, info: 2 } as const;
      result.set(
        o.listing.id,
        found.filter((f) => f.level !== 'info').sort((a, b) => rank[a.level] - rank[b.level]),
      );
    }
    return result;
  }

  return { policyFindings, judgeCart, offerFindings };
}

export type OrderFindings = ReturnType<typeof createOrderFindings>;

import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { builtOnce } from '../../db/built-once.ts';
import { organizations } from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { policyValuesOf, type PolicySpecs, type PolicyValue } from '../../platform/policy.ts';
import { certificatesOf, type Offer } from '../catalogue/listings.service.ts';

type Certificate = Awaited<ReturnType<typeof certificatesOf>>[number];
import { eligibilityPolicies, type EligibilityReason } from '../credit/credit.eligibility.ts';
import { bandFinding, lineFindings, splitPurchaseFinding, type Finding } from './orders.rules.ts';
import { orderingBandPolicies, type OrderingBands } from './orders.method.ts';
import * as q from './orders.queries.ts';
import { replacementAsk } from './orders.replacement.ts';
import type { CartRow, OrdersDeps } from './orders.context.ts';

/** The purchasing unit and the database clock, in one read built once. */
const unitAndClock = builtOnce((db) =>
  db
    .select({ unit: organizations, now: sql<Date | string>`jicai.clock_timestamp()` })
    .from(organizations)
    .where(eq(organizations.id, sql.placeholder('orgId')))
    .prepare('jicai_unit_and_clock'),
);

/** The policy findings on a cart (shown in the cart, recorded at checkout). */
export function createOrderFindings(deps: OrdersDeps) {
  const { credit } = deps;

  /**
   * What every finding is judged by: the unit (its region), the time, the bands and policy values in force
   * (with the eligibility's, in one statement), the lines' valid certificates. A checkout passes the moment
   * and the certificates it already read, and asks for policies of its own (`more`) in the same statement.
   */
  async function rulesInForce<M extends PolicySpecs = Record<never, never>>(
    tx: DbOrTx,
    auth: AuthContext,
    listingIds: readonly string[],
    known: { at?: Date; certificates?: readonly Certificate[]; more?: M } = {},
  ) {
    // The unit and the clock in one round trip.
    const [read] = await unitAndClock(tx).execute({ orgId: auth.orgId });
    const unit = read?.unit;
    const region = unit?.regionCode;
    const at = known.at ?? (read ? new Date(read.now instanceof Date ? read.now : String(read.now)) : await dbNow(tx));
    const today = shanghaiDate(at);
    const { chain, values } = await policyValuesOf(
      tx,
      {
        ...orderingBandPolicies,
        splitDays: { key: 'ordering.splitWindowDays', schema: z.number().int() },
        nevShare: { key: 'green.newEnergyVehicleShareMin', schema: z.string() },
        ...eligibilityPolicies,
        ...((known.more ?? {}) as M),
      },
      { regionCode: region ?? undefined, at },
    );
    const bands: OrderingBands = { direct: values.direct, decentralized: values.decentralized };
    const certs = known.certificates
      ? known.certificates.filter((c) => c.validUntil >= today && listingIds.includes(c.listingId))
      : await certificatesOf(tx, listingIds, today);
    const certified = new Set(certs.map((c) => c.listingId));
    return {
      unit,
      region,
      at,
      bands,
      splitDays: values.splitDays,
      nevShare: values.nevShare,
      certified,
      chain,
      lookback: values.lookback,
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

  /** policyFindings with the rules it judged by (the unit, the moment, the policies), for the checkout to go on with. */
  async function judgeCart<M extends PolicySpecs = Record<never, never>>(
    tx: DbOrTx,
    auth: AuthContext,
    rows: CartRow[],
    known: { at?: Date; certificates?: readonly Certificate[]; more?: M } = {},
  ) {
    const findings: Finding[] = [];
    const rules = await rulesInForce(
      tx,
      auth,
      rows.map((r) => r.listing.id),
      known,
    );
    const { region, at, bands, splitDays, nevShare, certified } = rules;
    const bySupplier = new Map<string, number>();
    for (const r of rows) {
      bySupplier.set(r.supplier.id, (bySupplier.get(r.supplier.id) ?? 0) + r.listing.priceFen * r.cart.quantity);
      findings.push(...lineFindings({ ...r, quantity: r.cart.quantity, certified: certified.has(r.listing.id) }, nevShare));
      const ask = replacementAsk(r);
      if (ask) findings.push(ask);
    }
    // Every supplier's eligibility at once, from the rows and policies already read (two statements).
    const suppliers = [...new Map(rows.map((r) => [r.supplier.id, r.supplier])).values()];
    const eligibility = await credit.checkEligibilityOfMany(
      tx,
      suppliers.map((x) => x.id),
      'order',
      region ?? undefined,
      { now: at, suppliers, lookback: rules.lookback, chain: rules.chain },
    );
    for (const [supplierId, total] of bySupplier) {
      const name = rows.find((r) => r.supplier.id === supplierId)!.supplier.name;
      const band = bandFinding(name, total, bands);
      if (band) findings.push(band);
      findings.push(...ineligibleFindings(name, eligibility.get(supplierId)!.reasons));
    }
    // 拆分采购: the same unit buying the same category within the window beyond the direct-order band.
    const categoriesBought = [...new Set(rows.map((r) => r.product.categoryCode))];
    for (const code of categoriesBought) {
      const inCategory = rows.filter((r) => r.product.categoryCode === code);
      const split = splitPurchaseFinding({
        categoryCode: code,
        categoryName: inCategory[0]!.category.name,
        priorFen: await q.priorCategorySpend(tx, { purchaserOrgId: auth.orgId, categoryCode: code, at, days: splitDays.value }),
        nowFen: inCategory.reduce((s, r) => s + r.listing.priceFen * r.cart.quantity, 0),
        direct: bands.direct,
        splitDays,
      });
      if (split) findings.push(split);
    }
    if (deps.surplus) findings.push(...(await deps.surplus(tx, { purchaserOrgId: auth.orgId, categoryCodes: categoriesBought })));
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
    const { region, at, bands, nevShare, certified, lookback, chain } = await rulesInForce(
      tx,
      auth,
      offers.map((o) => o.listing.id),
    );
    const suppliers = [...new Map(offers.map((o) => [o.supplier.id, o.supplier])).values()];
    const eligibility = await credit.checkEligibilityOfMany(
      tx,
      suppliers.map((x) => x.id),
      'order',
      region ?? undefined,
      { now: at, suppliers, lookback, chain },
    );
    for (const o of offers) {
      const found = lineFindings({ ...o, quantity: 1, certified: certified.has(o.listing.id) }, nevShare);
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

import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { organizations } from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { policyValue } from '../../platform/policy.ts';
import { certificatesOf } from '../catalogue/listings.service.ts';
import { bandFinding, lineFindings, splitPurchaseFinding, type Finding } from './orders.rules.ts';
import { orderingBands } from './orders.method.ts';
import * as q from './orders.queries.ts';
import { replacementAsk } from './orders.replacement.ts';
import type { CartRow, OrdersDeps } from './orders.context.ts';

/** The policy findings on a cart (shown in the cart, recorded at checkout). */
export function createOrderFindings(deps: OrdersDeps) {
  const { credit } = deps;

  /**
   * Every policy that applies to buying these lines now, each as a finding with the rule it comes from:
   * ordering bands, allocation standards (配置标准), mandatory green, split purchases, supplier eligibility,
   * stock, new-energy vehicles, minimum years in use (asked here, checked at checkout), and surplus first.
   */
  async function policyFindings(tx: DbOrTx, auth: AuthContext, rows: CartRow[]): Promise<Finding[]> {
    const findings: Finding[] = [];
    if (rows.length === 0) return findings;
    const [unit] = await tx.select().from(organizations).where(eq(organizations.id, auth.orgId));
    const region = unit?.regionCode;
    const at = await dbNow(tx);
    const today = shanghaiDate(at);
    const opts = region ? { regionCode: region, at } : { at };
    // One after the other: a transaction has one connection, on which queries at once only queue.
    const bands = await orderingBands(tx, opts);
    const splitDays = await policyValue(tx, 'ordering.splitWindowDays', z.number().int(), opts);
    const nevShare = await policyValue(tx, 'green.newEnergyVehicleShareMin', z.string(), opts);
    const certs = await certificatesOf(
      tx,
      rows.map((r) => r.listing.id),
      today,
    );
    const bySupplier = new Map<string, number>();
    for (const r of rows) {
      bySupplier.set(r.supplier.id, (bySupplier.get(r.supplier.id) ?? 0) + r.listing.priceFen * r.cart.quantity);
      const certified = certs.some((c) => c.listingId === r.listing.id);
      findings.push(...lineFindings({ ...r, quantity: r.cart.quantity, certified }, nevShare));
      const ask = replacementAsk(r);
      if (ask) findings.push(ask);
    }
    for (const [supplierId, total] of bySupplier) {
      const name = rows.find((r) => r.supplier.id === supplierId)!.supplier.name;
      const band = bandFinding(name, total, bands);
      if (band) findings.push(band);
      const eligibility = await credit.checkEligibility(tx, { supplierId, action: 'order', regionCode: region });
      for (const reason of eligibility.reasons)
        findings.push({
          code: 'supplier_ineligible',
          level: 'block',
          message: reason.message,
          basis: reason.legalBasis ?? '政府采购法第二十二条、第七十七条',
          params: {
            supplier: name,
            ...reason.params,
            variant: reason.code,
            ...(reason.legalBasis ? { rule: reason.legalBasis } : { doc: 'procurementLaw22' }),
          },
        });
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
    return findings;
  }

  return { policyFindings };
}

export type OrderFindings = ReturnType<typeof createOrderFindings>;

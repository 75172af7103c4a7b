import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { orderLines, orders, organizations } from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { policyValue } from '../../platform/policy.ts';
import { certificatesOf } from '../catalogue/listings.service.ts';
import { yuan, type Finding } from './orders.rules.ts';
import type { CartRow, OrdersDeps } from './orders.context.ts';

/** The policy findings on a cart (shown in the cart, recorded at checkout). */
export function createOrderFindings(deps: OrdersDeps) {
  const { credit } = deps;

  /**
   * Every policy that applies to buying these lines now, each as a finding with the rule it comes from:
   * ordering bands, allocation standards (配置标准), mandatory green, split purchases, supplier eligibility,
   * stock, new-energy vehicles, and surplus first.
   */
  async function policyFindings(tx: DbOrTx, auth: AuthContext, rows: CartRow[]): Promise<Finding[]> {
    const findings: Finding[] = [];
    if (rows.length === 0) return findings;
    const [unit] = await tx.select().from(organizations).where(eq(organizations.id, auth.orgId));
    const region = unit?.regionCode;
    const at = await dbNow(tx);
    const today = shanghaiDate(at);
    const opts = region ? { regionCode: region, at } : { at };
    const [direct, decentralized, splitDays, nevShare] = await Promise.all([
      policyValue(tx, 'ordering.directOrderLimitFen', z.number().int(), opts),
      policyValue(tx, 'ordering.decentralizedLimitFen', z.number().int(), opts),
      policyValue(tx, 'ordering.splitWindowDays', z.number().int(), opts),
      policyValue(tx, 'green.newEnergyVehicleShareMin', z.string(), opts),
    ]);
    const certs = await certificatesOf(
      tx,
      rows.map((r) => r.listing.id),
      today,
    );
    const bySupplier = new Map<string, number>();
    for (const r of rows) {
      const line = r.listing.priceFen * r.cart.quantity;
      bySupplier.set(r.supplier.id, (bySupplier.get(r.supplier.id) ?? 0) + line);
      if (r.listing.status !== 'active')
        findings.push({
          code: 'stock',
          level: 'block',
          message: `「${r.product.name}」已下架或暂停销售`,
          basis: '电子卖场交易规则',
          listingId: r.listing.id,
        });
      else if (r.listing.stock < r.cart.quantity)
        findings.push({
          code: 'stock',
          level: 'block',
          message: `「${r.product.name}」库存仅 ${r.listing.stock}，少于采购数量 ${r.cart.quantity}`,
          basis: '电子卖场交易规则',
          listingId: r.listing.id,
        });
      if (r.category.allocationCapFen !== null && r.listing.priceFen > r.category.allocationCapFen) {
        findings.push({
          code: 'over_standard',
          level: 'approval',
          message: `「${r.product.name}」单价 ${yuan(r.listing.priceFen)} 超过${r.category.name}配置标准 ${yuan(r.category.allocationCapFen)}，需说明理由并经审批`,
          basis: '中央行政单位通用办公设备家具配置标准（财资〔2016〕27号）',
          listingId: r.listing.id,
        });
      }
      const green = certs.filter((c) => c.listingId === r.listing.id);
      if (r.category.greenPolicy === 'mandatory' && green.length === 0) {
        findings.push({
          code: 'green_mandatory',
          level: 'block',
          message: `「${r.category.name}」属强制采购节能产品品目，「${r.product.name}」没有有效的节能产品认证证书`,
          basis: '财库〔2019〕9号 节能产品政府采购品目清单（★）',
          listingId: r.listing.id,
        });
      }
      if (r.category.greenPolicy === 'priority' && green.length === 0) {
        findings.push({
          code: 'green_priority',
          level: 'info',
          message: `「${r.category.name}」属优先采购品目，建议选择有节能或环境标志认证的产品`,
          basis: '财库〔2019〕9号',
          listingId: r.listing.id,
        });
      }
      if (r.product.categoryCode.startsWith('A020305') && !r.product.categoryCode.startsWith('A02030502')) {
        findings.push({
          code: 'new_energy_share',
          level: 'info',
          message: `新增和更新公务用车中新能源汽车比例应不低于 ${Math.round(Number(nevShare.value) * 100)}%，本单为燃油车`,
          basis: nevShare.basis,
          listingId: r.listing.id,
        });
      }
    }
    for (const [supplierId, total] of bySupplier) {
      const name = rows.find((r) => r.supplier.id === supplierId)!.supplier.name;
      if (total > decentralized.value)
        findings.push({
          code: 'band_tender',
          level: 'block',
          message: `向${name}的订单金额 ${yuan(total)} 超过分散采购限额 ${yuan(decentralized.value)}，应依法组织招标采购`,
          basis: decentralized.basis,
        });
      else if (total > direct.value)
        findings.push({
          code: 'band_quotation',
          level: 'block',
          message: `向${name}的订单金额 ${yuan(total)} 超过直购限额 ${yuan(direct.value)}，应发起网上竞价`,
          basis: direct.basis,
        });
      const eligibility = await credit.checkEligibility(tx, { supplierId, action: 'order', regionCode: region });
      for (const reason of eligibility.reasons)
        findings.push({
          code: 'supplier_ineligible',
          level: 'block',
          message: reason.message,
          basis: reason.legalBasis ?? '政府采购法第二十二条、第七十七条',
        });
    }
    // 拆分采购: the same unit buying the same category within the window beyond the direct-order band.
    const categoriesBought = [...new Set(rows.map((r) => r.product.categoryCode))];
    for (const code of categoriesBought) {
      const [prior] = await tx
        .select({ total: sql<string>`coalesce(sum(${orderLines.lineTotalFen}), 0)` })
        .from(orderLines)
        .innerJoin(orders, eq(orders.id, orderLines.orderId))
        .where(
          and(
            eq(orders.purchaserOrgId, auth.orgId),
            eq(orderLines.categoryCode, code),
            inArray(orders.status, ['pending_approval', 'placed', 'confirmed', 'shipped', 'delivered', 'accepted', 'settled']),
            sql`${orders.createdAt} > ${at}::timestamptz - make_interval(days => ${splitDays.value})`,
          ),
        );
      const now = rows.filter((r) => r.product.categoryCode === code).reduce((s, r) => s + r.listing.priceFen * r.cart.quantity, 0);
      const cumulative = Number(prior?.total ?? 0) + now;
      if (Number(prior?.total ?? 0) > 0 && cumulative > direct.value) {
        const name = rows.find((r) => r.product.categoryCode === code)!.category.name;
        findings.push({
          code: 'split_purchase',
          level: 'approval',
          message: `${splitDays.value} 日内本单位采购「${name}」累计 ${yuan(cumulative)}，超过直购限额 ${yuan(direct.value)}，疑似拆分采购，需经审批`,
          basis: `政府采购法实施条例第二十八条；${splitDays.basis}`,
        });
      }
    }
    if (deps.surplus) findings.push(...(await deps.surplus(tx, { purchaserOrgId: auth.orgId, categoryCodes: categoriesBought })));
    return findings;
  }

  return { policyFindings };
}

export type OrderFindings = ReturnType<typeof createOrderFindings>;

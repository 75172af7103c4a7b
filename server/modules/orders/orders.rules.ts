import type { GreenPolicy } from '../../db/schema/catalogue.ts';
import type { OrderStatus } from '../../db/schema/orders.ts';
import { yuan } from '../../../contracts/money.ts';
import type { FindingCode, FindingParams, FindingPolicy } from '../../../contracts/orders.findings.ts';
import { requiredMethod, type OrderingBands } from './orders.method.ts';

/** A policy finding shown at checkout: what rule, what it means for this order, and its source. */
export interface Finding {
  /** Stable (contracts/orders.findings.ts): the storefront words the finding from it and `params`. */
  code: FindingCode;
  /** block: the order cannot be placed; approval: it waits for an approver; info: shown only. */
  level: 'block' | 'approval' | 'info';
  /** In Chinese, for zh-CN and API readers. */
  message: string;
  basis: string;
  /** The facts the message words: amounts in fen, limits, names, the category code, the cited document. */
  params: FindingParams;
  listingId?: string;
  /** A warehouse asset the unit could ask for instead (surplus first). */
  assetId?: string;
}

export { orderTransitions, type OrderAction } from '../../../contracts/orders.transitions.ts';

/** States in which the order's amount is held on the budget line (reserved, not yet spent or released). */
export const RESERVING: readonly OrderStatus[] = ['pending_approval', 'placed', 'confirmed', 'shipped', 'delivered'];

export { yuan };

export const orderStatusLabels: Record<OrderStatus, string> = {
  pending_approval: '待审批',
  placed: '待供应商确认',
  confirmed: '已确认',
  shipped: '已发货',
  delivered: '已送达',
  accepted: '已验收',
  rejected: '验收不合格',
  settled: '已结算',
  cancelled: '已取消',
};

/** A policy value as the rules read it: the value and the rule it comes from. */
export interface Rule<T> {
  value: T;
  basis: string;
  /** Which level set the value (全国 or the overriding region's name), when it comes from the policy table. */
  setBy?: string;
  /** '' for the national value, else the overriding region's code. */
  regionCode?: string;
}

/** One cart line as the rules read it: the listing now, its product and 品目, the quantity asked for. */
export interface CartLine {
  listing: { id: string; status: string; stock: number; priceFen: number };
  product: { name: string; categoryCode: string };
  category: { name: string; allocationCapFen: number | null; greenPolicy: GreenPolicy };
  quantity: number;
  /** The listing has a certificate (energy-saving or environmental label) valid today. */
  certified: boolean;
  /** The offer delivers to the buying unit's region (deliversTo). */
  delivers: boolean;
}

/**
 * An offer delivers to a unit when one of its delivery regions is national (000000) or is the unit's region
 * or a region above it (`chain`: the unit's region nearest first, '' last, as rulesInForce reads it). A
 * central unit (no region below the national level) is served by every offer.
 */
export function deliversTo(deliveryRegions: readonly string[], chain: readonly string[]): boolean {
  const regions = chain.filter((c) => c !== '');
  return regions.length === 0 || deliveryRegions.some((r) => r === '000000' || regions.includes(r));
}

/** 乘用车 under 车辆 (A020305…); new-energy sedans are A02030502. */
const VEHICLE_PREFIX = 'A020305';
const NEW_ENERGY_PREFIX = 'A02030502';

/**
 * The findings on one line, in this order: on sale and in stock (电子卖场交易规则), the allocation standard
 * (配置标准), mandatory and priority green categories (财库〔2019〕9号), and the new-energy share for vehicles.
 */
export function lineFindings(line: CartLine, nevShare: Rule<string>): Finding[] {
  const { listing, product, category } = line;
  const findings: Finding[] = [];
  if (listing.status !== 'active')
    findings.push({
      code: 'stock',
      level: 'block',
      message: `「${product.name}」已下架或暂停销售`,
      basis: '电子卖场交易规则',
      params: { variant: 'inactive', product: product.name, doc: 'mallRules' },
      listingId: listing.id,
    });
  else if (!line.delivers)
    findings.push({
      code: 'stock',
      level: 'block',
      message: `「${product.name}」的这家供应商不向本单位所在地区配送`,
      basis: '电子卖场交易规则',
      params: { variant: 'region', product: product.name, doc: 'mallRules' },
      listingId: listing.id,
    });
  else if (listing.stock < line.quantity)
    findings.push({
      code: 'stock',
      level: 'block',
      message: `「${product.name}」库存仅 ${listing.stock}，少于采购数量 ${line.quantity}`,
      basis: '电子卖场交易规则',
      params: { variant: 'short', product: product.name, stock: listing.stock, quantity: line.quantity, doc: 'mallRules' },
      listingId: listing.id,
    });
  if (category.allocationCapFen !== null && listing.priceFen > category.allocationCapFen)
    findings.push({
      code: 'over_standard',
      level: 'approval',
      message: `「${product.name}」单价 ${yuan(listing.priceFen)} 超过${category.name}配置标准 ${yuan(category.allocationCapFen)}，需说明理由并经审批`,
      basis: '中央行政单位通用办公设备家具配置标准（财资〔2016〕27号）',
      params: {
        product: product.name,
        categoryCode: product.categoryCode,
        category: category.name,
        priceFen: listing.priceFen,
        capFen: category.allocationCapFen,
        doc: 'allocationStandard',
      },
      listingId: listing.id,
    });
  if (category.greenPolicy === 'mandatory' && !line.certified)
    findings.push({
      code: 'green_mandatory',
      level: 'block',
      message: `「${category.name}」属强制采购节能产品品目，「${product.name}」没有有效的节能产品认证证书`,
      basis: '财库〔2019〕9号 节能产品政府采购品目清单（★）',
      params: { product: product.name, categoryCode: product.categoryCode, category: category.name, doc: 'greenMandatory' },
      listingId: listing.id,
    });
  if (category.greenPolicy === 'priority' && !line.certified)
    findings.push({
      code: 'green_priority',
      level: 'info',
      message: `「${category.name}」属优先采购品目，建议选择有节能或环境标志认证的产品`,
      basis: '财库〔2019〕9号',
      params: { product: product.name, categoryCode: product.categoryCode, category: category.name, doc: 'greenPriority' },
      listingId: listing.id,
    });
  if (product.categoryCode.startsWith(VEHICLE_PREFIX) && !product.categoryCode.startsWith(NEW_ENERGY_PREFIX))
    findings.push({
      code: 'new_energy_share',
      level: 'info',
      message: `新增和更新公务用车中新能源汽车比例应不低于 ${Math.round(Number(nevShare.value) * 100)}%，本单为燃油车`,
      basis: nevShare.basis,
      params: {
        product: product.name,
        categoryCode: product.categoryCode,
        sharePct: Math.round(Number(nevShare.value) * 100),
        ...ruleParams(nevShare, 'newEnergyVehicleShare'),
      },
      listingId: listing.id,
    });
  return findings;
}

/**
 * The ordering bands, per supplier's order, as the one method decision (orders.method.ts) words them:
 * above the decentralized-purchasing limit it must be tendered, above the direct-order limit it goes to an
 * online quotation (网上竞价); at or under it, nothing.
 */
const levelOf = (rule: Rule<unknown>) => (rule.setBy ? `${rule.setBy}规定的` : '');

/**
 * A policy-table rule as a finding's params cite it: its text, the level that set it (全国 or the region's
 * name; '' when not from the table) and that region's code ('' national).
 */
export const ruleParams = (rule: Rule<unknown>, policy: FindingPolicy) => ({
  policy,
  rule: rule.basis,
  setBy: rule.setBy ?? '',
  ruleRegion: rule.regionCode ?? '',
});

export function bandFinding(supplierName: string, totalFen: number, bands: OrderingBands): Finding | null {
  const decision = requiredMethod(totalFen, bands);
  if (decision.method === 'tender')
    return {
      code: 'band_tender',
      level: 'block',
      message: `向${supplierName}的订单金额 ${yuan(totalFen)} 超过${levelOf(bands.decentralized)}分散采购限额 ${yuan(decision.limitFen)}，应依法组织招标采购`,
      basis: decision.rule,
      params: {
        supplier: supplierName,
        amountFen: totalFen,
        limitFen: decision.limitFen,
        ...ruleParams(bands.decentralized, 'decentralizedLimit'),
      },
    };
  if (decision.method === 'quotation')
    return {
      code: 'band_quotation',
      level: 'block',
      message: `向${supplierName}的订单金额 ${yuan(totalFen)} 超过${levelOf(bands.direct)}直购限额 ${yuan(decision.limitFen)}，应发起网上竞价`,
      basis: decision.rule,
      params: { supplier: supplierName, amountFen: totalFen, limitFen: decision.limitFen, ...ruleParams(bands.direct, 'directOrderLimit') },
    };
  // A regional override in force: say which limit the order is judged by, even when it passes.
  if (bands.direct.regionCode)
    return {
      code: 'band_direct',
      level: 'info',
      message: `向${supplierName}的订单金额 ${yuan(totalFen)} 不超过${levelOf(bands.direct)}直购限额 ${yuan(decision.limitFen)}，可在电子卖场直购`,
      basis: decision.rule,
      params: { supplier: supplierName, amountFen: totalFen, limitFen: decision.limitFen, ...ruleParams(bands.direct, 'directOrderLimit') },
    };
  return null;
}

/**
 * 拆分采购 (政府采购法实施条例第二十八条):
 * - one checkout buying a category from several suppliers for more than the direct-order limit is one purchase
 *   split into orders each under it: refused, as one supplier's order over the limit is (an online quotation);
 * - the unit bought the category within the window before, and that with this cart goes beyond the
 *   direct-order limit: the order waits for approval.
 */
export function splitPurchaseFinding(input: {
  categoryCode: string;
  categoryName: string;
  priorFen: number;
  nowFen: number;
  /** How many suppliers' orders this checkout buys the category in. */
  suppliers: number;
  direct: Rule<number>;
  splitDays: Rule<number>;
}): Finding | null {
  const { priorFen, direct, splitDays } = input;
  if (input.suppliers > 1 && input.nowFen > direct.value)
    return {
      code: 'split_purchase',
      level: 'block',
      message: `本次下单向 ${input.suppliers} 家供应商采购「${input.categoryName}」合计 ${yuan(input.nowFen)}，超过${levelOf(direct)}直购限额 ${yuan(direct.value)}，属拆分采购，应发起网上竞价`,
      basis: `政府采购法实施条例第二十八条；${direct.basis}`,
      params: {
        variant: 'same_checkout',
        categoryCode: input.categoryCode,
        category: input.categoryName,
        suppliers: input.suppliers,
        amountFen: input.nowFen,
        limitFen: direct.value,
        doc: 'splitRule',
        ...ruleParams(direct, 'directOrderLimit'),
      },
    };
  const cumulative = priorFen + input.nowFen;
  if (!(priorFen > 0 && cumulative > direct.value)) return null;
  return {
    code: 'split_purchase',
    level: 'approval',
    message: `${splitDays.value} 日内本单位采购「${input.categoryName}」累计 ${yuan(cumulative)}，超过直购限额 ${yuan(direct.value)}，疑似拆分采购，需经审批`,
    basis: `政府采购法实施条例第二十八条；${splitDays.basis}`,
    params: {
      categoryCode: input.categoryCode,
      category: input.categoryName,
      days: splitDays.value,
      amountFen: cumulative,
      limitFen: direct.value,
      doc: 'splitRule',
      ...ruleParams(splitDays, 'splitWindow'),
    },
  };
}

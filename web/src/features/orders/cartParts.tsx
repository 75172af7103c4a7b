import { Steps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CartItem, Finding } from './api.ts';

export interface SupplierGroup {
  supplierId: string;
  supplierName: string;
  items: CartItem[];
  totalFen: number;
}

/** The cart as checkout will split it: one order per supplier, in the order items were added. */
export function groupBySupplier(items: readonly CartItem[]): SupplierGroup[] {
  const groups = new Map<string, SupplierGroup>();
  for (const item of items) {
    const group = groups.get(item.supplierId) ?? { supplierId: item.supplierId, supplierName: item.supplierName, items: [], totalFen: 0 };
    group.items.push(item);
    group.totalFen += item.lineTotalFen;
    groups.set(item.supplierId, group);
  }
  return [...groups.values()];
}

/** The findings checkout records on one supplier's order: its own lines' and those naming no line (as the server splits them). */
export function findingsOf(group: SupplierGroup, findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !f.listingId || group.items.some((i) => i.listingId === f.listingId));
}

/**
 * A cart refused only for its method (over the e-mall's direct-order limit, every line on sale): its block
 * findings are all 应发起网上竞价, so the same goods can be bought by an online quotation instead.
 */
export function blockedOnlyByMethod(cart: { items: readonly CartItem[]; findings: readonly Finding[] }): boolean {
  const blocks = cart.findings.filter((f) => f.level === 'block');
  return (
    blocks.length > 0 &&
    blocks.every((f) => f.code === 'band_quotation' || f.code === 'split_purchase') &&
    cart.items.every((i) => i.available)
  );
}

/**
 * What an online quotation (网上竞价) started from the cart asks for: one quotation buys one 品目, so the
 * 品目 the cart spends most on, with its lines' quantities and their total as the ceiling; the number of other
 * 品目 left in the cart (each can be started the same way once these lines are bought).
 */
export function quotationFromCart(items: readonly CartItem[]) {
  const byCategory = new Map<string, CartItem[]>();
  for (const item of items) byCategory.set(item.categoryCode, [...(byCategory.get(item.categoryCode) ?? []), item]);
  const totalOf = (lines: readonly CartItem[]) => lines.reduce((s, i) => s + i.lineTotalFen, 0);
  const [categoryCode, lines] = [...byCategory].sort((a, b) => totalOf(b[1]) - totalOf(a[1]))[0] ?? ['', []];
  return {
    categoryCode,
    lines,
    quantity: lines.reduce((n, i) => n + i.quantity, 0),
    ceilingFen: totalOf(lines),
    otherCategories: Math.max(0, byCategory.size - 1),
  };
}

/** 购物车 → 确认下单 → 下单完成. */
/** 购物车 (or, for 立即购买, 选择商品) → 确认下单 → 下单完成. */
export function CheckoutSteps({ current, first = 'cart' }: { current: 0 | 1 | 2; first?: 'cart' | 'product' }) {
  const { t } = useTranslation();
  return (
    <Steps
      size="small"
      current={current}
      status={current === 2 ? 'finish' : 'process'}
      style={{ marginBottom: 16 }}
      items={([first, 'checkout', 'done'] as const).map((key) => ({ key, title: t(`orders.checkout.steps.${key}`) }))}
    />
  );
}

/** An Idempotency-Key for one checkout attempt; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `ck-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

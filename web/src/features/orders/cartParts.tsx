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

/** 购物车 → 确认下单 → 下单完成. */
export function CheckoutSteps({ current }: { current: 0 | 1 | 2 }) {
  const { t } = useTranslation();
  return (
    <Steps
      size="small"
      current={current}
      status={current === 2 ? 'finish' : 'process'}
      style={{ marginBottom: 16 }}
      items={(['cart', 'checkout', 'done'] as const).map((key) => ({ key, title: t(`orders.checkout.steps.${key}`) }))}
    />
  );
}

/** An Idempotency-Key for one checkout attempt; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `ck-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

import { auditActionLabels, auditAmountKeys, tidyWording } from '../../../contracts/audit.schemas.ts';
import { formatMoney } from '../../../contracts/money.ts';

/** Who a sealed submission's entry names until the opening, and what it names as the process. */
export const SEALED_ACTOR = '（开标前不公开）';
const SEALED_SUBMITTER = '某供应商';

/** The amount an entry records (integer fen): the first money key of its data that holds an integer. */
export function amountOf(data: Record<string, unknown>): number | null {
  for (const key of auditAmountKeys) {
    const v = data[key];
    if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  }
  return null;
}

export interface WordedEntry {
  action: string;
  actorName: string | null;
  organizationName: string | null;
  entityType: string;
  entityId: string;
  entityLabel: string | null;
  entityTitle: string | null;
  amountFen: number | null;
  sealed: boolean;
}

/**
 * The entry as a sentence in Chinese, for the CSV a reader downloads: "张晓明（某某单位）提交订单 JC…，金额
 * ¥13,006.00". The storefront words the page itself in the reader's language from the same fields.
 */
export function summaryZh(e: WordedEntry): string {
  const entity = e.sealed
    ? SEALED_ACTOR
    : e.entityLabel
      ? `${e.entityLabel}${e.entityTitle ? `「${e.entityTitle}」` : ''}`
      : `${e.entityId.slice(0, 8)}…`;
  const template = (auditActionLabels as Record<string, string>)[e.action];
  const what = template ? template.replaceAll('{{entity}}', entity) : `执行「${e.action}」（${e.entityType} ${entity}）`;
  const actor = e.sealed ? SEALED_SUBMITTER : (e.actorName ?? '系统');
  // A supplier's people are often named with their company already ("刘博远（北京中科博远…）"): say it once.
  const org = !e.sealed && e.organizationName && !actor.includes(e.organizationName) ? `（${e.organizationName}）` : '';
  const amount = e.amountFen !== null ? `，金额 ${formatMoney(e.amountFen)}` : '';
  return tidyWording(`${actor}${org}${what}${amount}`);
}

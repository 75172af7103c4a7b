/**
 * 框架协议采购 (财政部令第110号) as pure rules: the term a call may set, how many of the compliant
 * responses a closed call admits, the ranking by the price-first or quality-first method, and whose turn
 * it is in a rotation. No database: the services apply them (frameworks.calls.ts, frameworks.rotation.ts).
 */

export type FrameworkMethod = 'price_first' | 'quality_first';
export type FrameworkEntry = 'closed' | 'open';

export const methodLabels: Record<FrameworkMethod, string> = { price_first: '价格优先法', quality_first: '质量优先法' };
export const entryLabels: Record<FrameworkEntry, string> = { closed: '封闭式', open: '开放式' };

/** The longest term in months: goods and works one year, services up to three (*verify* 令110 第十条、第三十八条). */
export const maxTermMonths = (categoryCode: string) => (categoryCode.startsWith('C') ? 36 : 12);

/** The day after adding whole months to a YYYY-MM-DD day (the first day outside the term). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1 + months, d));
  return date.toISOString().slice(0, 10);
}

/** Why a term is refused, or null: it must start no earlier than today and end within the longest term. */
export function termProblem(input: { categoryCode: string; startsOn: string; endsOn: string; today: string }): string | null {
  if (input.endsOn < input.startsOn) return '协议结束日期不能早于开始日期';
  if (input.startsOn < input.today) return '协议开始日期不能早于今天';
  const months = maxTermMonths(input.categoryCode);
  if (input.endsOn >= addMonths(input.startsOn, months))
    return `框架协议期限不得超过 ${months / 12} 年（${input.categoryCode.startsWith('C') ? '服务' : '货物、工程'}，财政部令第110号）`;
  return null;
}

/** The share a closed agreement must eliminate of the compliant responses, at least one (*verify* 令110 第二十六条). */
export const MIN_ELIMINATION_RATE = 0.2;
/** Fewer compliant responses than this and no agreement is made (*verify* 令110 第二十六条). */
export const MIN_COMPLIANT = 2;

/**
 * How many of `compliant` responses a call admits: an open call every one; a closed call eliminates at
 * least 20% (and at least one), and admits no more than its stated maximum.
 */
export function admittedCount(entry: FrameworkEntry, compliant: number, maxAdmitted: number | null): number {
  if (entry === 'open') return compliant;
  if (compliant < MIN_COMPLIANT) return 0;
  const eliminated = Math.max(1, Math.ceil(compliant * MIN_ELIMINATION_RATE));
  return Math.min(compliant - eliminated, maxAdmitted ?? Number.POSITIVE_INFINITY);
}

export interface Candidate {
  id: string;
  unitPriceFen: number;
  qualityScore: number | null;
  submittedAt: Date;
  compliant: boolean;
}

/**
 * 价格优先法: compliant responses from the lowest price up; 质量优先法: from the highest quality score
 * down, the lower price breaking a tie. Earlier submission breaks what remains. Non-compliant last, unranked.
 */
export function rankResponses<C extends Candidate>(method: FrameworkMethod, candidates: readonly C[]): C[] {
  const byTime = (a: C, b: C) => a.submittedAt.getTime() - b.submittedAt.getTime();
  const compliant = candidates.filter((c) => c.compliant);
  const order =
    method === 'price_first'
      ? (a: C, b: C) => a.unitPriceFen - b.unitPriceFen || byTime(a, b)
      : (a: C, b: C) => (b.qualityScore ?? 0) - (a.qualityScore ?? 0) || a.unitPriceFen - b.unitPriceFen || byTime(a, b);
  return [...compliant].sort(order);
}

export interface Member {
  supplierId: string;
  position: number;
  /** Why the member cannot take a call-off now (excluded, suspended, agreement ended), or null. */
  blocked: string | null;
  open: number;
}

/**
 * 顺序轮候: from the pointer's position onwards (wrapping round), the first member that is not blocked and
 * below the capacity gets the call-off; every member passed over is listed with its reason. The pointer
 * then moves past the one chosen, so each admitted supplier gets its turn in order.
 */
export function nextInTurn(members: readonly Member[], pointer: number, capacity: number | null) {
  const sorted = [...members].sort((a, b) => a.position - b.position);
  const start = sorted.findIndex((m) => m.position >= pointer);
  const ordered = start <= 0 ? sorted : [...sorted.slice(start), ...sorted.slice(0, start)];
  const skipped: { supplierId: string; position: number; reason: string }[] = [];
  for (const m of ordered) {
    const reason = m.blocked ?? (capacity !== null && m.open >= capacity ? `已达同时承接上限 ${capacity} 单` : null);
    if (!reason) return { chosen: m, skipped, next: m.position + 1 };
    skipped.push({ supplierId: m.supplierId, position: m.position, reason });
  }
  return { chosen: null, skipped, next: pointer };
}

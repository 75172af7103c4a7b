import { eligibilityActions, type EligibilityAction } from '../../../contracts/enums/credit.ts';
import type { CreditEventStatus, CreditSeverity, CreditSource, ExclusionListType } from '../../db/schema/credit.ts';

/** Events that count against (or for) a supplier: confirmed facts, including those under appeal. */
export const COUNTING_STATUSES: readonly CreditEventStatus[] = ['confirmed', 'appealed', 'upheld'];

export interface ScoredEvent {
  id: string;
  title: string;
  source: CreditSource;
  severity: CreditSeverity;
  points: number;
  status: CreditEventStatus;
  occurredAt: Date;
}

export interface ScoreLine {
  kind: 'base' | 'event' | 'bound';
  eventId: string | null;
  label: string;
  /** The event's base points before decay (0 for base and bound lines). */
  points: number;
  /** Decay weight applied, 0–1, rounded to 4 places. */
  weight: number;
  /** What the line adds to the score, in hundredths of a point. The lines add up to the score exactly. */
  effectCenti: number;
}

export interface ScoreParams {
  halfLifeDays: number;
  lookbackYears: number;
}

const DAY_MS = 86_400_000;

/**
 * Credit score 0–100 from 100 plus each counting event's points, halved every `halfLifeDays` and gone
 * after `lookbackYears` (政府采购法 第22条 looks back three years). Every line is rounded to hundredths
 * first and the bound line absorbs the clamp, so the explanation adds up to the score to the hundredth.
 */
export function computeScore(events: readonly ScoredEvent[], now: Date, params: ScoreParams): { scoreCenti: number; lines: ScoreLine[] } {
  const lines: ScoreLine[] = [{ kind: 'base', eventId: null, label: '基础分 base score', points: 0, weight: 1, effectCenti: 10_000 }];
  const horizonDays = params.lookbackYears * 365.25;
  const counted = events
    .filter((e) => COUNTING_STATUSES.includes(e.status))
    .map((e) => ({ e, ageDays: Math.max(0, (now.getTime() - e.occurredAt.getTime()) / DAY_MS) }))
    .filter(({ ageDays }) => ageDays <= horizonDays)
    .sort((a, b) => a.e.occurredAt.getTime() - b.e.occurredAt.getTime());
  let raw = 10_000;
  for (const { e, ageDays } of counted) {
    const weight = Math.pow(0.5, ageDays / params.halfLifeDays);
    const effectCenti = Math.round(e.points * 100 * weight);
    raw += effectCenti;
    lines.push({
      kind: 'event',
      eventId: e.id,
      label: e.title,
      points: e.points,
      weight: Math.round(weight * 10_000) / 10_000,
      effectCenti,
    });
  }
  const scoreCenti = Math.min(10_000, Math.max(0, raw));
  if (scoreCenti !== raw) {
    lines.push({
      kind: 'bound',
      eventId: null,
      label: scoreCenti === 10_000 ? '上限 100 分 capped at 100' : '下限 0 分 floor at 0',
      points: 0,
      weight: 1,
      effectCenti: scoreCenti - raw,
    });
  }
  return { scoreCenti, lines };
}

export { eligibilityActions, type EligibilityAction };

export const actionLabels: Record<EligibilityAction, string> = {
  list: '上架商品',
  quote: '网上竞价报价',
  bid: '投标',
  award: '中标/成交',
  order: '接受订单',
  auction_register: '竞买登记',
  auction_win: '竞得拍卖标的',
};

export interface ExclusionLike {
  id: string;
  listType: ExclusionListType;
  regionCode: string;
  startsOn: string;
  endsOn: string | null;
  legalBasis: string;
  status: 'active' | 'lifted';
}

/** An exclusion applies on `day` in a region when it is active, started, not ended, and national or for that region. */
export function exclusionApplies(x: ExclusionLike, day: string, regionChain: readonly string[]): boolean {
  if (x.status !== 'active') return false;
  if (x.startsOn > day) return false;
  if (x.endsOn !== null && x.endsOn < day) return false;
  return x.regionCode === '' || regionChain.includes(x.regionCode);
}

export { banLengthProblem, listTypeLabels } from '../../../contracts/credit.exclusions.ts';

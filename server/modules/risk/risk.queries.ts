import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { yuan as formatYuan } from '../../../contracts/money.ts';
import type { AlertSeverity, RiskRule } from '../../../contracts/enums/risk.ts';

/** What a rule found: one alert per fingerprint, with the evidence that makes it checkable. */
export interface Candidate {
  fingerprint: string;
  title: string;
  evidence: Record<string, unknown>;
  subjectKind: string;
  subjectId: string;
  subjectLabel: string;
  organizationId: string | null;
  regionCode: string | null;
}

export interface RuleDefinition {
  rule: RiskRule;
  name: string;
  nameEn: string;
  description: string;
  severity: AlertSeverity;
  /**
   * At most `limit` findings, the most serious first. Each rule aggregates in SQL and returns bounded
   * rows (a LIMIT, evidence capped at EVIDENCE_ROWS): nothing of size "bids × bids" reaches the worker.
   */
  detect(db: DbOrTx, limit: number): Promise<Candidate[]>;
}

/** The rows of evidence one alert carries (pairs, orders, processes); the counts say how many there were. */
export const EVIDENCE_ROWS = 20;

/** Amounts arrive from SQL as text (bigint): the platform's one money format, exact. */
export const yuan = (fen: number | string) => formatYuan(Number(fen));
export async function rows<T>(db: DbOrTx, query: ReturnType<typeof sql>): Promise<T[]> {
  return (await db.execute(query)).rows as T[];
}

/** Bidders of each competitive process that has opened: tender lots and closed quotations. */
export const competitors = sql`
  select 'tender' as kind, b.lot_id::text as process_id, t.tender_no || ' 第' || l.lot_no || '包' as label, t.id::text as link_id, t.purchaser_org_id as unit_id,
         b.supplier_id, b.price_fen as price_fen, b.submitted_ip, b.device_id
    from jicai.bids b join jicai.tenders t on t.id = b.tender_id join jicai.tender_lots l on l.id = b.lot_id
   where b.status in ('opened', 'rejected') and b.price_fen is not null
  union all
  select 'quotation', q.id::text, q.quotation_no, q.id::text, q.purchaser_org_id, qq.supplier_id, qq.total_fen, qq.submitted_ip, qq.device_id
    from jicai.quotation_quotes qq join jicai.quotations q on q.id = qq.quotation_id
   where qq.withdrawn_at is null and qq.total_fen is not null`;

export interface SharedGroup {
  same: string;
  value: string;
  suppliers: number;
  names: string[];
}

/**
 * Bidders of one process sharing a key (an address, an IP, a device), grouped in SQL: per process its
 * groups (the largest EVIDENCE_ROWS, each naming up to EVIDENCE_ROWS suppliers), the processes with the
 * most suppliers involved first, at most `limit`. `keyed` selects from `c` (the competitors) the columns
 * kind, process_id, label, link_id, unit_id, supplier_id, name, same, value (compared), shown (displayed).
 */
export async function sharedGroups(db: DbOrTx, limit: number, keyed: ReturnType<typeof sql>) {
  return rows<{
    kind: string;
    process_id: string;
    label: string;
    link_id: string;
    unit_id: string;
    involved: string;
    groups: SharedGroup[];
  }>(
    db,
    sql`with c as (${competitors}),
        k as (${keyed}),
        g as (
          select kind, process_id, label, link_id, unit_id, same, value, min(shown) as shown, count(distinct supplier_id)::int as suppliers,
                 (array_agg(distinct name order by name))[1:${EVIDENCE_ROWS}] as names
            from k group by kind, process_id, label, link_id, unit_id, same, value having count(distinct supplier_id) >= 2),
        ranked as (select g.*, row_number() over (partition by kind, process_id order by suppliers desc, same, value) as rank from g),
        p as (
          select kind, process_id, label, link_id, unit_id, sum(suppliers) as involved,
                 jsonb_agg(jsonb_build_object('same', same, 'value', shown, 'suppliers', suppliers, 'names', to_jsonb(names)) order by rank) filter (where rank <= ${EVIDENCE_ROWS}) as groups
            from ranked group by kind, process_id, label, link_id, unit_id)
        select * from p order by involved desc, kind, process_id limit ${limit}`,
  );
}

/** 「A、B」 or 「A、B、C 等 12 家」. */
export const namesOf = (g: SharedGroup) =>
  g.suppliers > 3 ? `${g.names.slice(0, 3).join('、')} 等 ${g.suppliers} 家` : g.names.join('与');

/** Evidence pairs within each group (neighbours by name), at most EVIDENCE_ROWS in all. */
export function pairsOf<E extends object>(groups: SharedGroup[], extra: (g: SharedGroup) => E) {
  const pairs: ({ supplierA: string; supplierB: string } & E)[] = [];
  for (const g of groups)
    for (let i = 1; i < g.names.length && pairs.length < EVIDENCE_ROWS; i++)
      pairs.push({ supplierA: g.names[i - 1]!, supplierB: g.names[i]!, ...extra(g) });
  return pairs;
}

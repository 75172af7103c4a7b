import { sql, type SQL } from 'drizzle-orm';
import { evaluationReportSchema } from '../../contracts/tenders.schemas.ts';
import type { DbOrTx } from '../db/client.ts';
import { sequenceAudit } from './audit.ts';
import { prepareReleases, sequenceReleases, type ProcessKind } from '../modules/ocds/ocds.store.ts';
import { publicOrderSql } from '../modules/ocds/ocds.order-releases.ts';

/**
 * The cross-table invariants of the whole database, checked from outside the services that keep them.
 *
 * Each service keeps its own rules in its own transaction; this asks, over everything stored, whether
 * the result still reads as one world: a lot awarded with the bids and committee that an award needs, a
 * sold auction lot priced by its bids, an order equal to its lines, a budget line equal to its movements,
 * every state change written to the audit trail. Rows written beside the services (a script, a hand
 * edit, generated demo data) show up here by name. Read-only; one SQL statement per check, each naming
 * at most `limit` examples with the total count. Like dashboards and risk rules it reads across modules
 * on purpose, and only reads.
 */

export interface ConsistencyBreak {
  /** The record, as a person would look it up (tender number and lot, order number, budget line code). */
  ref: string;
  detail: string;
}

export interface ConsistencyCheck {
  name: string;
  description: string;
  count: number;
  examples: ConsistencyBreak[];
}

export interface ConsistencyReport {
  ok: boolean;
  checks: ConsistencyCheck[];
}

interface Definition {
  name: string;
  description: string;
  /** Rows of (ref, detail), one per break. */
  query: SQL;
}

const brandKey = sql`case when coalesce(trim(b.brand), '') = '' then 'supplier:' || b.supplier_id::text else 'brand:' || lower(trim(b.brand)) end`;

const definitions: Definition[] = [
  {
    name: 'tender.lot-outcome',
    description: '已开标/已定标的包，有效投标（同一品牌计为一家）不少于采购方式要求的家数；定标的投标须是本包有效投标',
    query: sql`
      select t.tender_no || ' 第' || l.lot_no || '包' as ref,
             '状态 ' || l.status || '，有效投标 ' || count(distinct ${brandKey}) filter (where b.status = 'opened') || ' 家，少于 ' || m.min_bidders as detail
        from jicai.tender_lots l
        join jicai.tenders t on t.id = l.tender_id
        join jicai.procurement_methods m on m.code = t.method_code
        left join jicai.bids b on b.lot_id = l.id
       where l.status in ('opened', 'awarded')
       group by t.tender_no, l.lot_no, l.status, m.min_bidders
      having count(distinct ${brandKey}) filter (where b.status = 'opened') < m.min_bidders
      union all
      select t.tender_no || ' 第' || l.lot_no || '包', '定标的投标不是本包的有效投标'
        from jicai.lot_evaluations e
        join jicai.tender_lots l on l.id = e.lot_id
        join jicai.tenders t on t.id = l.tender_id
        left join jicai.bids b on b.id = e.awarded_bid_id and b.lot_id = l.id and b.status = 'opened'
       where e.awarded_bid_id is not null and b.id is null
      union all
      select t.tender_no || ' 第' || l.lot_no || '包', '状态为已定标，但没有定标记录'
        from jicai.tender_lots l
        join jicai.tenders t on t.id = l.tender_id
        left join jicai.lot_evaluations e on e.lot_id = l.id
       where l.status = 'awarded' and e.awarded_bid_id is null`,
  },
  {
    name: 'tender.award-committee',
    description: '已定标的包有抽取的评标委员会、足额签署回避声明的专家，综合评分法下每位专家对每个有效投标都有评分',
    query: sql`
      with awarded as (
        select l.id as lot_id, l.lot_no, l.evaluation_method, t.id as tender_id, t.tender_no
          from jicai.tender_lots l join jicai.tenders t on t.id = l.tender_id
         where l.status = 'awarded'),
      seats as (
        select a.lot_id, d.committee_size,
               count(x.id) filter (where x.status = 'confirmed') as confirmed
          from awarded a
          left join jicai.expert_draws d on d.tender_id = a.tender_id
          left join jicai.tender_experts x on x.tender_id = a.tender_id
         group by a.lot_id, d.committee_size),
      missing as (
        select a.lot_id, count(*) as sheets
          from awarded a
          join jicai.bids b on b.lot_id = a.lot_id and b.status = 'opened'
          join jicai.tender_experts x on x.tender_id = a.tender_id and x.status = 'confirmed'
          left join jicai.tender_scores s on s.bid_id = b.id and s.expert_id = x.expert_id
         where a.evaluation_method = 'comprehensive' and s.id is null
         group by a.lot_id)
      select a.tender_no || ' 第' || a.lot_no || '包' as ref,
             case when s.committee_size is null then '没有抽取评标委员会'
                  when s.confirmed < s.committee_size then '评标委员会 ' || s.committee_size || ' 人，签署回避声明的仅 ' || s.confirmed || ' 人'
                  else '缺少 ' || m.sheets || ' 份专家评分' end as detail
        from awarded a
        join seats s on s.lot_id = a.lot_id
        left join missing m on m.lot_id = a.lot_id
       where s.committee_size is null or s.confirmed < s.committee_size or m.sheets > 0`,
  },
  {
    name: 'auction.sold-lot',
    description: '成交的拍卖标的：出价次数与成交价来自其出价记录（成交价为最高出价），已付款的有付款时间，违约的保证金已没收',
    query: sql`
      with lots as (
        select l.id, l.lot_no, l.status, l.bid_count, l.current_price_fen, l.paid_at, l.leading_registration_id,
               count(b.id) as bids, max(b.amount_fen) as highest
          from jicai.auction_lots l
          left join jicai.auction_bids b on b.lot_id = l.id
         where l.status in ('sold', 'paid', 'defaulted')
         group by l.id)
      select lot_no as ref, '成交但没有任何出价记录' as detail from lots where bids = 0
      union all
      select lot_no, '出价次数记为 ' || bid_count || '，出价记录 ' || bids || ' 条' from lots where bids > 0 and bid_count <> bids
      union all
      select lot_no, '成交价 ' || coalesce(current_price_fen::text, '空') || ' 分，最高出价 ' || highest || ' 分'
        from lots where bids > 0 and current_price_fen is distinct from highest
      union all
      select lot_no, '状态为已付款，但没有付款时间' from lots where status = 'paid' and paid_at is null
      union all
      select l.lot_no, '状态为违约，但竞得人的保证金未没收'
        from lots l left join jicai.auction_registrations r on r.id = l.leading_registration_id
       where l.status = 'defaulted' and r.deposit_status is distinct from 'forfeited'`,
  },
  {
    name: 'order.total',
    description: '订单金额等于其各行金额之和，每行金额等于单价 × 数量',
    query: sql`
      select o.order_no as ref, '订单金额 ' || o.total_fen || ' 分，各行合计 ' || coalesce(sum(l.line_total_fen), 0) || ' 分' as detail
        from jicai.orders o left join jicai.order_lines l on l.order_id = o.id
       group by o.id
      having o.total_fen <> coalesce(sum(l.line_total_fen), 0)
      union all
      select o.order_no, '「' || l.title || '」' || l.unit_price_fen || ' 分 × ' || l.quantity || ' ≠ ' || l.line_total_fen || ' 分'
        from jicai.order_lines l join jicai.orders o on o.id = l.order_id
       where l.line_total_fen <> l.unit_price_fen * l.quantity`,
  },
  {
    name: 'budget.movements',
    description: '预算指标的冻结额与支出额等于其预算变动之和（冻结 − 解冻 − 支出；支出），且不超过指标金额',
    query: sql`
      with sums as (
        select b.id, b.code, b.fiscal_year, b.amount_fen, b.reserved_fen, b.spent_fen,
               coalesce(sum(m.amount_fen) filter (where m.kind = 'reserve'), 0)
                 - coalesce(sum(m.amount_fen) filter (where m.kind = 'release'), 0)
                 - coalesce(sum(m.amount_fen) filter (where m.kind = 'spend'), 0) as reserved,
               coalesce(sum(m.amount_fen) filter (where m.kind = 'spend'), 0) as spent
          from jicai.budget_lines b left join jicai.budget_movements m on m.budget_line_id = b.id
         group by b.id)
      select fiscal_year || ' ' || code as ref,
             '冻结 ' || reserved_fen || ' 分（变动合计 ' || reserved || '），支出 ' || spent_fen || ' 分（变动合计 ' || spent || '）' as detail
        from sums where reserved_fen <> reserved or spent_fen <> spent
      union all
      select fiscal_year || ' ' || code, '冻结与支出合计超过指标金额 ' || amount_fen || ' 分'
        from sums where reserved + spent > amount_fen`,
  },
  {
    name: 'audit.state-changes',
    description:
      '每次状态变化都写入了审计链：订单下单及其最后一次状态变化、项目的发布/开标/定标/合同/终止、竞价的发起与结果、拍卖的挂牌/成交/付款/违约',
    query: sql`
      with order_last as (
        select distinct on (a.entity_id) a.entity_id, a.action, a.data ->> 'to' as "to"
          from jicai.audit_entries a
         where a.entity_type = 'order' and a.action like 'order.%'
         order by a.entity_id, a.seq desc),
      required (entity_type, status, action) as (values
        ('tender', '*', 'tender.publish'), ('tender', 'opened', 'tender.open'), ('tender', 'evaluation', 'tender.open'),
        ('tender', 'awarded', 'tender.award'), ('tender', 'challenge', 'tender.award'), ('tender', 'contracted', 'tender.contract'),
        ('tender', 'cancelled', 'tender.cancel'),
        ('quotation', '*', 'quotation.post'), ('quotation', 'awarded', 'quotation.award'), ('quotation', 'failed', 'quotation.fail'),
        ('quotation', 'cancelled', 'quotation.cancel'),
        ('auction_lot', '*', 'auction.lot.%'), ('auction_lot', 'sold', 'auction.close.%'), ('auction_lot', 'failed', 'auction.close.%'), ('auction_lot', 'paid', 'auction.payment'),
        ('auction_lot', 'defaulted', 'auction.default')),
      processes as (
        select 'tender' as entity_type, id::text as entity_id, tender_no as ref, status::text as status from jicai.tenders where status <> 'draft'
        union all select 'quotation', id::text, quotation_no, status::text from jicai.quotations
        union all select 'auction_lot', id::text, lot_no, status::text from jicai.auction_lots)
      select o.order_no as ref, '没有下单的审计记录' as detail
        from jicai.orders o left join order_last l on l.entity_id = o.id::text
       where l.entity_id is null
      union all
      select o.order_no, '状态为 ' || o.status || '，审计链最后记录的是 ' || l.action || coalesce('（→ ' || l."to" || '）', '')
        from jicai.orders o join order_last l on l.entity_id = o.id::text
       where case when l.action = 'order.place' then o.status not in ('pending_approval', 'placed')
                  when l.action = 'order.expire' then o.status <> 'cancelled'
                  else l."to" is distinct from o.status::text end
      union all
      select p.ref, '状态为 ' || p.status || '，审计链中没有 ' || r.action
        from processes p
        join required r on r.entity_type = p.entity_type and r.status in (p.status, '*')
       where not exists (select 1 from jicai.audit_entries a
                          where a.entity_type = p.entity_type and a.entity_id = p.entity_id and a.action like r.action)`,
  },
  {
    name: 'ocds.releases',
    description: '开放数据：每个已公开的采购过程都有发布记录，没有发布早于过程开始，发布序号连续无缺（按提交顺序）',
    query: sql`
      with processes as (
        select 'tender' as kind, id, tender_no as ref, coalesce(published_at, created_at) as began from jicai.tenders where status <> 'draft'
        union all select 'quotation', id, quotation_no, created_at from jicai.quotations
        union all select 'auction', id, lot_no, created_at from jicai.auction_lots
        union all select 'order', o.id, o.order_no, o.created_at from jicai.orders o where ${publicOrderSql('o')})
      select p.ref as ref, '没有任何开放数据发布' as detail
        from processes p
       where not exists (select 1 from jicai.ocds_releases r where r.process_id = p.id)
      union all
      select p.ref, '发布 ' || r.release_id || ' 的日期 ' || to_char(r.date at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') || ' 早于过程开始 ' ||
             to_char(p.began at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')
        from processes p join jicai.ocds_releases r on r.process_id = p.id
       where r.date < p.began - interval '1 second'
      union all
      select 'ocds_releases', '发布序号不连续：' || count(*) || ' 条，最大序号 ' || coalesce(max(seq), 0) || '，序号头 ' ||
             coalesce((select seq from jicai.ocds_release_head where id = 'head'), 0)
        from jicai.ocds_releases
      having count(*) <> coalesce(max(seq), 0) or coalesce(max(seq), 0) <> coalesce((select seq from jicai.ocds_release_head where id = 'head'), 0)`,
  },
];

/** The stored evaluation reports, checked against the schema the report route answers with. */
async function reportsThatDoNotBuild(db: DbOrTx): Promise<ConsistencyBreak[]> {
  const reportSchema = evaluationReportSchema.shape.lots.element.shape.report.unwrap();
  const rows = await db.execute<{ ref: string; report: unknown }>(sql`
    select t.tender_no || ' 第' || l.lot_no || '包' as ref, e.report
      from jicai.lot_evaluations e join jicai.tender_lots l on l.id = e.lot_id join jicai.tenders t on t.id = l.tender_id`);
  return rows.rows.flatMap((r) => {
    const parsed = reportSchema.safeParse(r.report);
    if (parsed.success) return [];
    const issue = parsed.error.issues[0];
    return [{ ref: r.ref, detail: `评标报告不完整：${issue?.path.join('.') || '(根)'} ${issue?.message ?? ''}`.trim() }];
  });
}

/**
 * Every release a process's rows yield now is in the store: each change was published with it (a path
 * that changes a process without recording its release, or a release the generator cannot tell apart
 * from an earlier one, shows here by the releases missing).
 */
export async function releasesNotRecorded(db: DbOrTx): Promise<ConsistencyBreak[]> {
  // The published processes that have rows of their own (a feed may also hold releases of processes kept
  // nowhere else: bench:ocds' synthetic ones, an import), each built from those rows.
  const processes = await db.execute<{ ocid: string; process_kind: ProcessKind; process_id: string }>(
    sql`select r.ocid, r.process_kind, r.process_id from jicai.ocds_records r
         where case r.process_kind
                 when 'tender' then exists (select 1 from jicai.tenders x where x.id = r.process_id)
                 when 'order' then exists (select 1 from jicai.orders x where x.id = r.process_id)
                 when 'quotation' then exists (select 1 from jicai.quotations x where x.id = r.process_id)
                 when 'auction' then exists (select 1 from jicai.auction_lots x where x.id = r.process_id)
                 when 'framework' then exists (select 1 from jicai.framework_calls x where x.id = r.process_id)
                 when 'rotation' then exists (select 1 from jicai.framework_rotation_orders x where x.id = r.process_id)
                 else true end
         order by r.ocid`,
  );
  const breaks: ConsistencyBreak[] = [];
  for (const p of processes.rows) {
    const { releases } = await prepareReleases(db, p.process_kind, p.process_id);
    if (releases.length)
      breaks.push({
        ref: p.ocid,
        detail: `当前状态应有而未发布的开放数据：${releases.map((r) => String(r.id).slice(p.ocid.length + 1)).join('、')}`,
      });
  }
  return breaks;
}

export async function checkConsistency(db: DbOrTx, opts: { limit?: number } = {}): Promise<ConsistencyReport> {
  const limit = opts.limit ?? 20;
  // Entries committed but not yet chained count as recorded: chain them first.
  await sequenceAudit(db);
  await sequenceReleases(db);
  const checks: ConsistencyCheck[] = [];
  for (const d of definitions) {
    const rows = (await db.execute<{ ref: string; detail: string }>(d.query)).rows;
    checks.push({ name: d.name, description: d.description, count: rows.length, examples: rows.slice(0, limit).map((r) => ({ ...r })) });
  }
  const reports = await reportsThatDoNotBuild(db);
  checks.push({
    name: 'tender.report-builds',
    description: '每份评标报告都能按评标报告接口的结构读出（方法、价格权重、最低评标价、排名）',
    count: reports.length,
    examples: reports.slice(0, limit),
  });
  const unrecorded = await releasesNotRecorded(db);
  checks.push({
    name: 'ocds.releases-recorded',
    description: '开放数据：每个采购过程当前状态应有的发布都已按发生时发布（没有漏发的变化）',
    count: unrecorded.length,
    examples: unrecorded.slice(0, limit),
  });
  return { ok: checks.every((c) => c.count === 0), checks };
}

import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { commonRegion } from '../../platform/jurisdiction.ts';
import { policyValue } from '../../platform/policy.ts';
import { competitors, EVIDENCE_ROWS, namesOf, pairsOf, rows, sharedGroups, type RuleDefinition } from './risk.queries.ts';

/** The competitive processes' rules: bidders who act together, winners who take turns, experts and suppliers out of line. */
export const competitionRules: RuleDefinition[] = [
  {
    rule: 'identical_bids',
    name: '报价雷同',
    nameEn: 'Identical or near-identical bid prices',
    description: '同一招标包或网上竞价中，两家以上供应商报价相同或相差不超过设定比例（risk.nearIdenticalRatio，默认 0.2%）。',
    severity: 'high',
    async detect(db, limit) {
      const ratio = (await policyValue(db, 'risk.nearIdenticalRatio', z.string())).value;
      // Sorted by price, a bid is near another exactly when it is near its neighbour, and the closest
      // pairs are neighbours: one pass over each process's sorted bids finds them, never the pairs.
      const found = await rows<{
        kind: string;
        process_id: string;
        label: string;
        link_id: string;
        unit_id: string;
        bidders: string;
        near_pairs: string;
        equal_pairs: string;
        pairs: { supplierA: string; priceAFen: number; supplierB: string; priceBFen: number }[];
      }>(
        db,
        sql`with c as (${competitors}),
            ordered as (
              select c.*, lag(c.supplier_id) over w as prev_supplier, lag(c.price_fen) over w as prev_price
                from c window w as (partition by c.kind, c.process_id order by c.price_fen, c.supplier_id)),
            pairs as (
              select kind, process_id, label, link_id, unit_id, prev_supplier as a, supplier_id as b, prev_price as a_price, price_fen as b_price,
                     row_number() over (partition by kind, process_id order by price_fen - prev_price, price_fen, supplier_id) as rank
                from ordered
               where prev_price is not null and prev_supplier <> supplier_id and price_fen - prev_price <= price_fen * ${ratio}::numeric),
            processes as (
              select kind, process_id, label, link_id, unit_id, count(*) as near_pairs, count(*) filter (where a_price = b_price) as equal_pairs
                from pairs group by kind, process_id, label, link_id, unit_id),
            bidders as (
              select p.kind, p.process_id, count(distinct v.s) as bidders from pairs p cross join lateral (values (p.a), (p.b)) v(s) group by p.kind, p.process_id),
            top as (
              select p.*, b.bidders from processes p join bidders b on b.kind = p.kind and b.process_id = p.process_id
               order by b.bidders desc, p.kind, p.process_id limit ${limit}),
            shown as (select p.* from pairs p join top t on t.kind = p.kind and t.process_id = p.process_id where p.rank <= ${EVIDENCE_ROWS})
            select t.kind, t.process_id, t.label, t.link_id, t.unit_id, t.bidders, t.near_pairs, t.equal_pairs,
                   (select jsonb_agg(jsonb_build_object('supplierA', sa.name, 'priceAFen', p.a_price, 'supplierB', sb.name, 'priceBFen', p.b_price) order by p.rank)
                      from shown p join jicai.organizations sa on sa.id = p.a join jicai.organizations sb on sb.id = p.b
                     where p.kind = t.kind and p.process_id = t.process_id) as pairs
              from top t order by t.bidders desc, t.kind, t.process_id`,
      );
      return found.map((g) => ({
        fingerprint: `identical_bids:${g.kind}:${g.process_id}`,
        title: `${g.label}：${g.bidders} 家供应商报价${g.equal_pairs === g.near_pairs ? '完全相同' : '高度接近'}`,
        evidence: {
          process: g.label,
          kind: g.kind,
          nearIdenticalRatio: ratio,
          suppliersInvolved: Number(g.bidders),
          pairs: g.pairs.map((p) => ({ ...p, priceAFen: Number(p.priceAFen), priceBFen: Number(p.priceBFen) })),
        },
        subjectKind: g.kind,
        subjectId: g.link_id,
        subjectLabel: g.label,
        organizationId: g.unit_id,
        regionCode: null,
      }));
    },
  },
  {
    rule: 'shared_address',
    name: '投标人地址相同',
    nameEn: 'Bidders at the same address',
    description: '同一招标包或网上竞价中，不同供应商的注册地址相同，或报价来自同一网络地址（IP）。',
    severity: 'high',
    async detect(db, limit) {
      const found = await sharedGroups(
        db,
        limit,
        sql`select c.kind, c.process_id, c.label, c.link_id, c.unit_id, c.supplier_id, s.name, 'ip' as same, c.submitted_ip as value, c.submitted_ip as shown
              from c join jicai.organizations s on s.id = c.supplier_id where c.submitted_ip is not null
            union all
            select c.kind, c.process_id, c.label, c.link_id, c.unit_id, c.supplier_id, s.name, 'address', regexp_replace(s.address, '\\s', '', 'g'), s.address
              from c join jicai.organizations s on s.id = c.supplier_id where s.address is not null and regexp_replace(s.address, '\\s', '', 'g') <> ''`,
      );
      const sameAs = (same: string) => (same === 'ip' ? 'IP 地址' : '注册地址');
      return found.map((g) => ({
        fingerprint: `shared_address:${g.kind}:${g.process_id}`,
        title: `${g.label}：${g.groups.map((x) => `${namesOf(x)}${x.same === 'ip' ? '来自同一 IP' : '注册地址相同'}`).join('；')}`,
        evidence: {
          process: g.label,
          kind: g.kind,
          groups: g.groups.map((x) => ({ same: sameAs(x.same), value: x.value, suppliers: x.suppliers, names: x.names })),
          pairs: pairsOf(g.groups, (x) => ({ same: sameAs(x.same), value: x.value })),
        },
        subjectKind: g.kind,
        subjectId: g.link_id,
        subjectLabel: g.label,
        organizationId: g.unit_id,
        regionCode: null,
      }));
    },
  },
  {
    rule: 'shared_device',
    name: '同一设备投标',
    nameEn: 'Bids from the same device',
    description: '同一招标包或网上竞价中，不同供应商的投标或报价来自同一设备标识。',
    severity: 'high',
    async detect(db, limit) {
      const found = await sharedGroups(
        db,
        limit,
        sql`select c.kind, c.process_id, c.label, c.link_id, c.unit_id, c.supplier_id, s.name, 'device' as same, c.device_id as value, c.device_id as shown
              from c join jicai.organizations s on s.id = c.supplier_id where c.device_id is not null`,
      );
      return found.map((g) => ({
        fingerprint: `shared_device:${g.kind}:${g.process_id}`,
        title: `${g.label}：${g.groups.map(namesOf).join('；')}使用同一设备`,
        evidence: {
          process: g.label,
          kind: g.kind,
          groups: g.groups.map((x) => ({ deviceId: x.value, suppliers: x.suppliers, names: x.names })),
          pairs: pairsOf(g.groups, (x) => ({ deviceId: x.value })),
        },
        subjectKind: g.kind,
        subjectId: g.link_id,
        subjectLabel: g.label,
        organizationId: g.unit_id,
        regionCode: null,
      }));
    },
  },
  {
    rule: 'winner_rotation',
    name: '轮流中标',
    nameEn: 'Winner rotating among the same bidders',
    description: '同一组（3 家以上）供应商共同参与多个项目（risk.rotationMinProcesses，默认 3 个），中标人在组内轮换。',
    severity: 'medium',
    async detect(db, limit) {
      const min = (await policyValue(db, 'risk.rotationMinProcesses', z.number().int())).value;
      // The bidder set of each awarded process (sorted ids), and its winner. A set too large to name in
      // a fingerprint is named by its digest.
      const found = await rows<{
        key: string;
        size: number;
        process_count: string;
        winner_count: string;
        processes: { process: string; winner: string; awardedAt: string }[];
        names: string[];
        regions: string[] | null;
      }>(
        db,
        sql`with awarded as (
              select t.tender_no || ' 第' || l.lot_no || '包' as label, wb.supplier_id as winner, le.awarded_at as at, t.purchaser_org_id as unit_id,
                     (select array_agg(distinct b.supplier_id order by b.supplier_id) from jicai.bids b where b.lot_id = l.id and b.status in ('opened', 'rejected')) as members
                from jicai.lot_evaluations le join jicai.tender_lots l on l.id = le.lot_id join jicai.tenders t on t.id = le.tender_id join jicai.bids wb on wb.id = le.awarded_bid_id
               where le.awarded_at is not null
              union all
              select q.quotation_no, aq.supplier_id, q.closed_at, q.purchaser_org_id,
                     (select array_agg(distinct qq.supplier_id order by qq.supplier_id) from jicai.quotation_quotes qq where qq.quotation_id = q.id and qq.withdrawn_at is null and qq.total_fen is not null)
                from jicai.quotations q join jicai.quotation_quotes aq on aq.id = q.awarded_quote_id
               where q.status = 'awarded'),
            groups as (
              select members, count(*) as process_count, count(distinct winner) as winner_count,
                     (select array_agg(distinct o.region_code) from jicai.organizations o where o.id = any(array_agg(distinct unit_id))) as regions,
                     (array_agg(jsonb_build_object('label', label, 'winner', winner, 'at', at) order by at))[1:${EVIDENCE_ROWS}] as processes
                from awarded where cardinality(members) >= 3 group by members having count(*) >= ${min} and count(distinct winner) >= 2),
            top as (select * from groups order by process_count desc, winner_count desc, cardinality(members), members limit ${limit})
            select case when cardinality(g.members) <= ${EVIDENCE_ROWS} then array_to_string(g.members, ',') else 'md5:' || md5(array_to_string(g.members, ',')) end as key,
                   cardinality(g.members) as size, g.process_count, g.winner_count, g.regions,
                   (select jsonb_agg(jsonb_build_object('process', p->>'label', 'winner', coalesce(o.name, p->>'winner'), 'awardedAt', p->'at') order by u.ord)
                      from unnest(g.processes) with ordinality as u(p, ord) left join jicai.organizations o on o.id = (p->>'winner')::uuid) as processes,
                   (select array_agg(o.name order by o.id) from jicai.organizations o where o.id = any(g.members[1:${EVIDENCE_ROWS}])) as names
              from top g order by g.process_count desc, g.winner_count desc`,
      );
      // The pattern belongs to the nearest region above every unit concerned (#19): a ring across two
      // provinces is the central level's to see, one inside 北京 is 北京's.
      const places: string[] = [];
      for (const r of found) places.push(await commonRegion(db, r.regions ?? []));
      return found.map((r, i) => {
        const label = r.size > r.names.length ? `${r.names.join('、')} 等 ${r.size} 家` : r.names.join('、');
        return {
          fingerprint: `winner_rotation:${r.key}:${r.process_count}`,
          title: `${label} 共同参与 ${r.process_count} 个项目，${r.winner_count} 家轮流中标`,
          evidence: { bidders: r.names, bidderCount: r.size, processCount: Number(r.process_count), processes: r.processes },
          subjectKind: 'suppliers',
          subjectId: r.key,
          subjectLabel: label,
          organizationId: null,
          regionCode: places[i]!,
        };
      });
    },
  },
  {
    rule: 'expert_outlier',
    name: '专家评分偏离',
    nameEn: 'Expert score far from the mean',
    description: '评标报告中某专家对某投标的评分偏离其他专家平均分超过设定比例（tender.scoreOutlierRatio）。',
    severity: 'medium',
    async detect(db, limit) {
      const found = await rows<{
        tender_id: string;
        tender_no: string;
        lot_no: number;
        unit_id: string;
        expert_id: string;
        expert: string;
        supplier: string;
        total: string;
        others_mean: string;
      }>(
        db,
        sql`select t.id as tender_id, t.tender_no, l.lot_no, t.purchaser_org_id as unit_id, o->>'expertId' as expert_id, e.name as expert, s.name as supplier, o->>'total' as total, o->>'othersMean' as others_mean
              from jicai.lot_evaluations le join jicai.tender_lots l on l.id = le.lot_id join jicai.tenders t on t.id = le.tender_id
              cross join lateral jsonb_array_elements(coalesce(le.report->'outliers', '[]'::jsonb)) o
              join jicai.experts e on e.id = (o->>'expertId')::uuid join jicai.bids b on b.id = (o->>'bidId')::uuid join jicai.organizations s on s.id = b.supplier_id
             order by case when o->>'total' ~ '^-?[0-9]+(\\.[0-9]+)?$' and o->>'othersMean' ~ '^-?[0-9]+(\\.[0-9]+)?$' then abs((o->>'total')::numeric - (o->>'othersMean')::numeric) end desc nulls last, t.tender_no, l.lot_no, e.name, s.name
             limit ${limit}`,
      );
      return found.map((r) => ({
        fingerprint: `expert_outlier:${r.tender_id}:${r.lot_no}:${r.expert_id}:${r.supplier}`,
        title: `${r.tender_no} 第${r.lot_no}包：专家 ${r.expert} 给 ${r.supplier} 的 ${r.total} 分偏离其他专家均分 ${r.others_mean}`,
        evidence: { tender: r.tender_no, lot: r.lot_no, expert: r.expert, supplier: r.supplier, score: r.total, othersMean: r.others_mean },
        subjectKind: 'tender',
        subjectId: r.tender_id,
        subjectLabel: `${r.tender_no} 第${r.lot_no}包`,
        organizationId: r.unit_id,
        regionCode: null,
      }));
    },
  },
  {
    rule: 'late_supplier',
    name: '供应商履约逾期集中',
    nameEn: 'Late confirmations and deliveries piling up',
    description: '同一供应商在监测窗口（risk.lateWindowDays）内逾期确认或逾期送货的订单达到设定笔数（risk.lateOrdersMin）。',
    severity: 'medium',
    async detect(db, limit) {
      const [min, days] = await Promise.all([
        policyValue(db, 'risk.lateOrdersMin', z.number().int()),
        policyValue(db, 'risk.lateWindowDays', z.number().int()),
      ]);
      const found = await rows<{
        supplier_id: string;
        supplier: string;
        region_code: string;
        late: { orderNo: string; kind: string; due: string; done: string | null }[];
        month: string;
        total: string;
        confirm: string;
        delivery: string;
      }>(
        db,
        sql`with late as (
              select o.supplier_id, o.order_no, o.created_at,
                     case when o.confirm_deadline is not null and coalesce(o.confirmed_at, case when o.status in ('placed') then jicai.now() end) > o.confirm_deadline then 'confirm' else 'delivery' end as kind,
                     case when o.confirm_deadline is not null and coalesce(o.confirmed_at, case when o.status in ('placed') then jicai.now() end) > o.confirm_deadline then o.confirm_deadline else o.expected_delivery_by end as due,
                     case when o.confirm_deadline is not null and coalesce(o.confirmed_at, case when o.status in ('placed') then jicai.now() end) > o.confirm_deadline then o.confirmed_at else o.delivered_at end as done
                from jicai.orders o
               where o.created_at > jicai.now() - make_interval(days => ${days.value})
                 and ((o.confirm_deadline is not null and coalesce(o.confirmed_at, case when o.status = 'placed' then jicai.now() end) > o.confirm_deadline)
                   or (o.expected_delivery_by is not null and coalesce(o.delivered_at, case when o.status in ('confirmed', 'shipped') then jicai.now() end) > o.expected_delivery_by)))
            select l.supplier_id, s.name as supplier, s.region_code, to_char(max(l.created_at) at time zone 'Asia/Shanghai', 'YYYY-MM') as month,
                   count(*) as total, count(*) filter (where l.kind = 'confirm') as confirm, count(*) filter (where l.kind = 'delivery') as delivery,
                   to_jsonb((array_agg(jsonb_build_object('orderNo', l.order_no, 'kind', l.kind, 'due', l.due, 'done', l.done) order by l.created_at))[1:${EVIDENCE_ROWS}]) as late
              from late l join jicai.organizations s on s.id = l.supplier_id
             group by l.supplier_id, s.name, s.region_code having count(*) >= ${min.value}
             order by count(*) desc, l.supplier_id limit ${limit}`,
      );
      return found.map((r) => ({
        fingerprint: `late_supplier:${r.supplier_id}:${r.month}`,
        title: `${r.supplier} ${days.value} 日内 ${r.total} 笔订单逾期（确认 ${r.confirm} 笔，送货 ${r.delivery} 笔）`,
        evidence: {
          supplier: r.supplier,
          windowDays: days.value,
          threshold: min.value,
          lateOrders: Number(r.total),
          orders: r.late.map((x) => ({
            orderNo: x.orderNo,
            late: x.kind === 'confirm' ? '逾期确认' : '逾期送货',
            dueAt: x.due,
            doneAt: x.done,
          })),
        },
        subjectKind: 'supplier',
        subjectId: r.supplier_id,
        subjectLabel: r.supplier,
        organizationId: r.supplier_id,
        regionCode: r.region_code,
      }));
    },
  },
];

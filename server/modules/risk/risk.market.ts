import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { policyValue } from '../../platform/policy.ts';
import { EVIDENCE_ROWS, rows, yuan, type RuleDefinition } from './risk.queries.ts';

/** The e-mall's rules: listing prices against their caps and the market, orders split under a threshold. */
export const marketRules: RuleDefinition[] = [
  {
    rule: 'listing_price_cap',
    name: '挂牌价超出协议限价',
    nameEn: 'Listing price above a cap',
    description: '在架商品价格高于其框架协议的限价（如协议修订降低限价后仍按原价在架）。',
    severity: 'high',
    async detect(db, limit) {
      const found = await rows<{
        id: string;
        supplier_id: string;
        supplier: string;
        region_code: string;
        title: string;
        price_fen: string;
        agreement_cap: string;
        agreement: string;
        category: string;
      }>(
        db,
        sql`select l.id, l.supplier_id, s.name as supplier, s.region_code, p.brand || ' ' || p.model as title, l.price_fen, a.price_cap_fen as agreement_cap, a.code as agreement, c.name as category
              from jicai.listings l join jicai.products p on p.id = l.product_id join jicai.categories c on c.code = p.category_code
              join jicai.organizations s on s.id = l.supplier_id join jicai.framework_agreements a on a.id = l.agreement_id
             where l.status = 'active' and a.price_cap_fen is not null and l.price_fen > a.price_cap_fen
             order by l.price_fen::numeric / a.price_cap_fen desc, l.id limit ${limit}`,
      );
      return found.map((r) => ({
        fingerprint: `listing_price_cap:${r.id}:${r.price_fen}:${r.agreement_cap}`,
        title: `${r.supplier}「${r.title}」挂牌价 ${yuan(r.price_fen)} 超出协议 ${r.agreement} 限价 ${yuan(r.agreement_cap)}`,
        evidence: {
          listingId: r.id,
          product: r.title,
          category: r.category,
          agreement: r.agreement,
          priceFen: Number(r.price_fen),
          agreementCapFen: Number(r.agreement_cap),
        },
        subjectKind: 'listing',
        subjectId: r.id,
        subjectLabel: r.title,
        organizationId: r.supplier_id,
        regionCode: r.region_code,
      }));
    },
  },
  {
    rule: 'listing_price_median',
    name: '挂牌价远高于品目中位数',
    nameEn: 'Listing price far above the category median',
    description: '在架商品价格高于同品目在架商品价格中位数的设定倍数（risk.medianRatio，默认 2 倍），同品目至少 5 个在架商品时判断。',
    severity: 'medium',
    async detect(db, limit) {
      const ratio = (await policyValue(db, 'risk.medianRatio', z.string())).value;
      const found = await rows<{
        id: string;
        supplier_id: string;
        supplier: string;
        region_code: string;
        title: string;
        price_fen: string;
        median: string;
        listings: string;
        category: string;
        code: string;
      }>(
        db,
        sql`with active as (
              select l.id, l.supplier_id, l.price_fen, p.brand || ' ' || p.model as title, p.category_code from jicai.listings l join jicai.products p on p.id = l.product_id where l.status = 'active'),
            medians as (
              select category_code, percentile_disc(0.5) within group (order by price_fen) as median, count(*) as listings from active group by category_code having count(*) >= 5)
            select a.id, a.supplier_id, s.name as supplier, s.region_code, a.title, a.price_fen, m.median, m.listings, c.name as category, c.code
              from active a join medians m on m.category_code = a.category_code join jicai.organizations s on s.id = a.supplier_id join jicai.categories c on c.code = a.category_code
             where a.price_fen > m.median * ${ratio}::numeric
             order by a.price_fen::numeric / m.median desc, a.id limit ${limit}`,
      );
      return found.map((r) => ({
        fingerprint: `listing_price_median:${r.id}:${r.price_fen}`,
        title: `${r.supplier}「${r.title}」挂牌价 ${yuan(r.price_fen)}，为${r.category}在架中位数 ${yuan(r.median)} 的 ${(Number(r.price_fen) / Number(r.median)).toFixed(2)} 倍`,
        evidence: {
          listingId: r.id,
          product: r.title,
          category: `${r.code} ${r.category}`,
          priceFen: Number(r.price_fen),
          categoryMedianFen: Number(r.median),
          activeListingsInCategory: Number(r.listings),
          ratio,
        },
        subjectKind: 'listing',
        subjectId: r.id,
        subjectLabel: r.title,
        organizationId: r.supplier_id,
        regionCode: r.region_code,
      }));
    },
  },
  {
    rule: 'split_purchase',
    name: '疑似拆分采购',
    nameEn: 'Suspected split purchase',
    description: '同一采购单位在监测窗口（ordering.splitWindowDays）内同一品目多笔订单，每笔均低于直购限额、合计达到或超过限额。',
    severity: 'high',
    async detect(db, most) {
      const [limit, days] = await Promise.all([
        policyValue(db, 'ordering.directOrderLimitFen', z.number().int()),
        policyValue(db, 'ordering.splitWindowDays', z.number().int()),
      ]);
      // Per unit and category, each order's amount in that category; a window ending at an order whose
      // orders are each under the limit but together reach it is one split. The first such window counts.
      const found = await rows<{
        unit_id: string;
        unit: string;
        region_code: string;
        category_code: string;
        category: string;
        orders: { id: string; orderNo: string; amountFen: number; at: string }[];
        order_count: string;
        total: string;
      }>(
        db,
        sql`with per_order as (
              select o.purchaser_org_id as unit_id, ol.category_code, o.id, o.order_no, o.created_at, o.total_fen, sum(ol.line_total_fen) as amount
                from jicai.orders o join jicai.order_lines ol on ol.order_id = o.id
               where o.status not in ('rejected', 'cancelled') and o.quotation_id is null
               group by o.purchaser_org_id, ol.category_code, o.id),
            windows as (
              select p.*,
                     sum(amount) over w as total, count(*) over w as n, max(total_fen) over w as largest
                from per_order p
              window w as (partition by unit_id, category_code order by created_at range between make_interval(days => ${days.value}) preceding and current row)),
            hits as (
              select distinct on (unit_id, category_code) unit_id, category_code, created_at, total
                from windows where n >= 2 and total >= ${limit.value} and largest < ${limit.value}
               order by unit_id, category_code, created_at),
            top as (select * from hits order by total desc, unit_id, category_code limit ${most})
            select h.unit_id, u.name as unit, u.region_code, h.category_code, c.name as category, h.total,
                   (select jsonb_agg(jsonb_build_object('id', p.id, 'orderNo', p.order_no, 'amountFen', p.amount, 'at', p.created_at) order by p.created_at)
                      from (select * from per_order p
                             where p.unit_id = h.unit_id and p.category_code = h.category_code
                               and p.created_at <= h.created_at and p.created_at >= h.created_at - make_interval(days => ${days.value})
                             order by p.created_at limit ${EVIDENCE_ROWS}) p) as orders,
                   (select count(*) from per_order p
                     where p.unit_id = h.unit_id and p.category_code = h.category_code
                       and p.created_at <= h.created_at and p.created_at >= h.created_at - make_interval(days => ${days.value})) as order_count
              from top h join jicai.organizations u on u.id = h.unit_id join jicai.categories c on c.code = h.category_code
             order by h.total desc, h.unit_id, h.category_code`,
      );
      return found.map((r) => ({
        fingerprint: `split_purchase:${r.unit_id}:${r.category_code}:${r.orders[0]!.id}`,
        title: `${r.unit} ${days.value} 日内 ${r.order_count} 笔「${r.category}」订单合计 ${yuan(r.total)}，每笔均低于直购限额 ${yuan(limit.value)}`,
        evidence: {
          unit: r.unit,
          category: `${r.category_code} ${r.category}`,
          windowDays: days.value,
          directOrderLimitFen: limit.value,
          totalFen: Number(r.total),
          orderCount: Number(r.order_count),
          orders: r.orders.map((o) => ({ ...o, amountFen: Number(o.amountFen) })),
          basis: limit.basis,
        },
        subjectKind: 'unit',
        subjectId: r.unit_id,
        subjectLabel: r.unit,
        organizationId: r.unit_id,
        regionCode: r.region_code,
      }));
    },
  },
];

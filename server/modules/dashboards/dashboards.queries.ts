import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { regionSubtree } from '../../platform/jurisdiction.ts';
import type { Dashboard } from '../../../contracts/dashboards.schemas.ts';
import { smeStandingOf } from '../../../contracts/sme-treatment.ts';

/*
 * 政策看板's figures: each one query of the records (so a regulator can check it against the tables) and
 * its shaping into the dashboard. They read across processes by design, one SQL statement per figure.
 */

/** 乘用车 under 车辆 (A020305…): new-energy sedans are A02030502. */
const VEHICLE_PREFIX = 'A020305';
const NEW_ENERGY_CODE = 'A02030502';

const n = (v: unknown) => Number(v ?? 0);

export interface Scope {
  from: string;
  to: string;
  regionCode: string | null;
  organizationId: string | null;
}

/** The purchasing units in scope (a unit, or the units of a region and the regions below it in the tree), as a SQL condition. */
const unitFilter = (s: Scope, column: SQL) => {
  const parts: SQL[] = [];
  if (s.organizationId) parts.push(sql`${column} = ${s.organizationId}::uuid`);
  if (s.regionCode) parts.push(sql`${column} in (select id from jicai.organizations where region_code in ${regionSubtree(s.regionCode)})`);
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
};
const inPeriod = (s: Scope, column: SQL) =>
  sql`${column} >= (${s.from}::date)::timestamp at time zone 'Asia/Shanghai' and ${column} < (${s.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`;

/**
 * Committed spend, one row per process: e-mall and quotation orders (not awaiting approval, rejected
 * or cancelled) at the order's time, tender lots at the award's time with the contract price.
 */
const spend = (s: Scope) => sql`
  select case when o.quotation_id is null then 'mall' else 'quotation' end as channel, o.id as process_id,
         o.purchaser_org_id as unit_id, o.supplier_id, o.total_fen as amount_fen, o.created_at as at
    from jicai.orders o
   where o.status not in ('pending_approval', 'rejected', 'cancelled') and ${unitFilter(s, sql`o.purchaser_org_id`)} and ${inPeriod(s, sql`o.created_at`)}
  union all
  select 'tender', le.lot_id, t.purchaser_org_id, b.supplier_id, le.contract_price_fen, le.awarded_at
    from jicai.lot_evaluations le join jicai.tenders t on t.id = le.tender_id join jicai.bids b on b.id = le.awarded_bid_id
   where le.awarded_at is not null and ${unitFilter(s, sql`t.purchaser_org_id`)} and ${inPeriod(s, sql`le.awarded_at`)}`;

/** Spend by category: order lines by their 品目, tender lots by the tender's. */
const spendLines = (s: Scope) => sql`
  select ol.category_code, ol.line_total_fen as amount_fen, o.id as process_id
    from jicai.order_lines ol join jicai.orders o on o.id = ol.order_id
   where o.status not in ('pending_approval', 'rejected', 'cancelled') and ${unitFilter(s, sql`o.purchaser_org_id`)} and ${inPeriod(s, sql`o.created_at`)}
  union all
  select t.category_code, le.contract_price_fen, le.lot_id
    from jicai.lot_evaluations le join jicai.tenders t on t.id = le.tender_id
   where le.awarded_at is not null and ${unitFilter(s, sql`t.purchaser_org_id`)} and ${inPeriod(s, sql`le.awarded_at`)}`;

/** Committed spend by channel and 品目 (plan against execution): order lines by their category, tender lots by the tender's. */
export const executionByCategory = async (db: Db, s: Scope) =>
  (
    await rows<{ channel: 'mall' | 'quotation' | 'tender'; code: string; amount: string }>(
      db,
      sql`
        select channel, code, sum(amount_fen) as amount from (
          select case when o.quotation_id is null then 'mall' else 'quotation' end as channel, ol.category_code as code, ol.line_total_fen as amount_fen
            from jicai.order_lines ol join jicai.orders o on o.id = ol.order_id
           where o.status not in ('pending_approval', 'rejected', 'cancelled') and ${unitFilter(s, sql`o.purchaser_org_id`)} and ${inPeriod(s, sql`o.created_at`)}
          union all
          select 'tender', t.category_code, le.contract_price_fen
            from jicai.lot_evaluations le join jicai.tenders t on t.id = le.tender_id
           where le.awarded_at is not null and ${unitFilter(s, sql`t.purchaser_org_id`)} and ${inPeriod(s, sql`le.awarded_at`)}
        ) x group by channel, code`,
    )
  ).map((r) => ({ channel: r.channel, code: r.code, amountFen: n(r.amount) }));

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return (await db.execute(query)).rows as T[];
}

export const organizationName = async (db: Db, s: Scope) =>
  s.organizationId
    ? ((await rows<{ name: string }>(db, sql`select name from jicai.organizations where id = ${s.organizationId}::uuid`))[0]?.name ?? null)
    : null;

/** Spend, processes, units and suppliers of the period. */
export const totals = async (db: Db, s: Scope): Promise<Dashboard['totals']> => {
  const [t] = await rows<{ spend: string; processes: string; units: string; suppliers: string }>(
    db,
    sql`
        select coalesce(sum(amount_fen), 0) as spend, count(*) as processes, count(distinct unit_id) as units, count(distinct supplier_id) as suppliers from (${spend(s)}) x`,
  );
  return { spendFen: n(t!.spend), processes: n(t!.processes), units: n(t!.units), suppliers: n(t!.suppliers) };
};

/** Spend by 品目. */
export const spendByCategory = async (db: Db, s: Scope): Promise<Dashboard['spendByCategory']> =>
  (
    await rows<{ code: string; name: string; amount: string; count: string }>(
      db,
      sql`
        select x.category_code as code, coalesce(c.name, x.category_code) as name, sum(x.amount_fen) as amount, count(distinct x.process_id) as count
          from (${spendLines(s)}) x left join jicai.categories c on c.code = x.category_code
         group by x.category_code, c.name order by amount desc, code`,
    )
  ).map((r) => ({ code: r.code, name: r.name, amountFen: n(r.amount), count: n(r.count) }));

/** Spend by the unit's region. */
export const spendByRegion = async (db: Db, s: Scope): Promise<Dashboard['spendByRegion']> =>
  (
    await rows<{ code: string; name: string; amount: string; count: string }>(
      db,
      sql`
        select r.code, r.name, sum(x.amount_fen) as amount, count(*) as count
          from (${spend(s)}) x join jicai.organizations u on u.id = x.unit_id join jicai.regions r on r.code = u.region_code
         group by r.code, r.name order by amount desc, r.code`,
    )
  ).map((r) => ({ code: r.code, name: r.name, amountFen: n(r.amount), count: n(r.count) }));

/** Spend by purchasing unit. */
export const spendByUnit = async (db: Db, s: Scope): Promise<Dashboard['spendByUnit']> =>
  (
    await rows<{ id: string; name: string; amount: string; count: string }>(
      db,
      sql`
        select u.id, u.name, sum(x.amount_fen) as amount, count(*) as count
          from (${spend(s)}) x join jicai.organizations u on u.id = x.unit_id
         group by u.id, u.name order by amount desc, u.name`,
    )
  ).map((r) => ({ id: r.id, name: r.name, amountFen: n(r.amount), count: n(r.count) }));

/** Spend by month (Asia/Shanghai). */
export const spendByMonth = async (db: Db, s: Scope): Promise<Dashboard['spendByMonth']> =>
  (
    await rows<{ month: string; amount: string; count: string }>(
      db,
      sql`
        select to_char(x.at at time zone 'Asia/Shanghai', 'YYYY-MM') as month, sum(x.amount_fen) as amount, count(*) as count
          from (${spend(s)}) x group by 1 order by 1`,
    )
  ).map((r) => ({ month: r.month, amountFen: n(r.amount), count: n(r.count) }));

/** Spend by channel, every channel named even when empty. */
export const channels = async (db: Db, s: Scope): Promise<Dashboard['channels']> => {
  const byChannel = await rows<{ channel: 'mall' | 'quotation' | 'tender'; amount: string; count: string }>(
    db,
    sql`
        select channel, sum(amount_fen) as amount, count(*) as count from (${spend(s)}) x group by channel order by channel`,
  );
  return (['mall', 'quotation', 'tender'] as const).map((channel) => {
    const r = byChannel.find((x) => x.channel === channel);
    return { channel, amountFen: n(r?.amount), count: n(r?.count) };
  });
};

/** A certificate counts when it was valid on the order's day (Asia/Shanghai). */
export const green = async (db: Db, s: Scope): Promise<Dashboard['green']> => {
  const [g] = await rows<{
    mandatory_lines: string;
    mandatory_certified_lines: string;
    mandatory_fen: string;
    mandatory_certified_fen: string;
    priority_fen: string;
    priority_certified_fen: string;
  }>(
    db,
    sql`
        with lines as (
          select c.green_policy, ol.line_total_fen,
                 exists (select 1 from jsonb_array_elements(ol.certificates) cert
                          where (cert->>'validUntil')::date >= (o.created_at at time zone 'Asia/Shanghai')::date) as certified
            from jicai.order_lines ol join jicai.orders o on o.id = ol.order_id join jicai.categories c on c.code = ol.category_code
           where o.status not in ('pending_approval', 'rejected', 'cancelled') and ${unitFilter(s, sql`o.purchaser_org_id`)} and ${inPeriod(s, sql`o.created_at`)})
        select count(*) filter (where green_policy = 'mandatory') as mandatory_lines,
               count(*) filter (where green_policy = 'mandatory' and certified) as mandatory_certified_lines,
               coalesce(sum(line_total_fen) filter (where green_policy = 'mandatory'), 0) as mandatory_fen,
               coalesce(sum(line_total_fen) filter (where green_policy = 'mandatory' and certified), 0) as mandatory_certified_fen,
               coalesce(sum(line_total_fen) filter (where green_policy = 'priority'), 0) as priority_fen,
               coalesce(sum(line_total_fen) filter (where green_policy = 'priority' and certified), 0) as priority_certified_fen
          from lines`,
  );
  return {
    mandatoryLines: n(g!.mandatory_lines),
    mandatoryCertifiedLines: n(g!.mandatory_certified_lines),
    mandatoryFen: n(g!.mandatory_fen),
    mandatoryCertifiedFen: n(g!.mandatory_certified_fen),
    priorityFen: n(g!.priority_fen),
    priorityCertifiedFen: n(g!.priority_certified_fen),
  };
};

const spendByStanding = (byFacts: { size_class: string | null; sme_treatment: string | null; amount: string }[]) => {
  const totals = { totalFen: 0, smeFen: 0, smallMicroFen: 0 };
  for (const r of byFacts) {
    const standing = smeStandingOf({ sizeClass: r.size_class, smeTreatment: r.sme_treatment });
    totals.totalFen += n(r.amount);
    if (standing.sme) totals.smeFen += n(r.amount);
    if (standing.smallOrMicro) totals.smallMicroFen += n(r.amount);
  }
  return totals;
};

/** SME by the supplier's size class now, or its SME treatment (prison enterprises, disability welfare units). 预留份额: of each unit's quotation ceilings and tender lot budgets launched in the period, the part reserved for SMEs. */
export const sme = async (db: Db, s: Scope, reserveShareMin: string): Promise<Dashboard['sme']> => {
  const share = Number(reserveShareMin);
  const [byFacts, smeUnits] = await Promise.all([
    // Spend by the suppliers' registered facts; which facts make an SME is smeStandingOf's to say.
    rows<{ size_class: string | null; sme_treatment: string | null; amount: string }>(
      db,
      sql`
        select sp.size_class, sp.sme_treatment, sum(x.amount_fen) as amount
          from (${spend(s)}) x join jicai.organizations sp on sp.id = x.supplier_id
         group by sp.size_class, sp.sme_treatment`,
    ),
    rows<{ id: string; name: string; budget: string; reserved: string; small_micro: string }>(
      db,
      sql`
        with projects as (
          select q.purchaser_org_id as unit_id, q.ceiling_fen as budget, q.reserved_for_sme as reserved, false as small_micro from jicai.quotations q
           where q.status <> 'cancelled' and ${unitFilter(s, sql`q.purchaser_org_id`)} and ${inPeriod(s, sql`q.created_at`)}
          union all
          select t.purchaser_org_id, l.budget_fen, l.sme_reserved, l.sme_reserved and l.small_micro_only from jicai.tender_lots l join jicai.tenders t on t.id = l.tender_id
           where t.status not in ('draft', 'cancelled') and ${unitFilter(s, sql`t.purchaser_org_id`)} and ${inPeriod(s, sql`t.published_at`)})
        select u.id, u.name, sum(p.budget) as budget, coalesce(sum(p.budget) filter (where p.reserved), 0) as reserved, coalesce(sum(p.budget) filter (where p.small_micro), 0) as small_micro
          from projects p join jicai.organizations u on u.id = p.unit_id group by u.id, u.name order by u.name`,
    ),
  ]);
  return {
    ...spendByStanding(byFacts),
    reserveShareMin,
    // Compared in integers: reserved ≥ budget × share, with the share as an exact decimal of at most 4 places.
    units: smeUnits.map((u) => ({
      id: u.id,
      name: u.name,
      budgetFen: n(u.budget),
      reservedFen: n(u.reserved),
      smallMicroReservedFen: n(u.small_micro),
      compliant: n(u.reserved) * 10_000 >= n(u.budget) * Math.round(share * 10_000),
    })),
  };
};

/** What quotations and tenders saved against their ceilings and budgets. */
export const savings = async (db: Db, s: Scope): Promise<Dashboard['savings']> => {
  const rowsOf = await rows<{ channel: 'quotation' | 'tender'; base: string; awarded: string; count: string }>(
    db,
    sql`
        select 'quotation' as channel, coalesce(sum(q.ceiling_fen), 0) as base, coalesce(sum(o.total_fen), 0) as awarded, count(*) as count
          from jicai.quotations q join jicai.orders o on o.id = q.order_id
         where q.status = 'awarded' and o.status not in ('pending_approval', 'rejected', 'cancelled') and ${unitFilter(s, sql`q.purchaser_org_id`)} and ${inPeriod(s, sql`o.created_at`)}
        union all
        select 'tender', coalesce(sum(l.budget_fen), 0), coalesce(sum(le.contract_price_fen), 0), count(*)
          from jicai.lot_evaluations le join jicai.tender_lots l on l.id = le.lot_id join jicai.tenders t on t.id = le.tender_id
         where le.awarded_at is not null and ${unitFilter(s, sql`t.purchaser_org_id`)} and ${inPeriod(s, sql`le.awarded_at`)}`,
  );
  return (['quotation', 'tender'] as const).map((channel) => {
    const r = rowsOf.find((x) => x.channel === channel);
    return { channel, baseFen: n(r?.base), awardedFen: n(r?.awarded), savedFen: n(r?.base) - n(r?.awarded), count: n(r?.count) };
  });
};

/** Sedans bought and how many are new-energy, by province, against the target share. */
export const vehicles = async (db: Db, s: Scope, target: string): Promise<Dashboard['vehicles']> => {
  const share = Number(target);
  const provinces = await rows<{ code: string; name: string; vehicles: string; new_energy: string }>(
    db,
    sql`
        select p.code, p.name, sum(ol.quantity) as vehicles, coalesce(sum(ol.quantity) filter (where ol.category_code = ${NEW_ENERGY_CODE}), 0) as new_energy
          from jicai.order_lines ol join jicai.orders o on o.id = ol.order_id join jicai.organizations u on u.id = o.purchaser_org_id
          join lateral (
            -- The unit's province from the region tree (level 1 on its chain of parents), not from its code's digits.
            with recursive up(code, parent_code, level) as (
              select r.code, r.parent_code, r.level from jicai.regions r where r.code = u.region_code
              union all select r.code, r.parent_code, r.level from jicai.regions r join up on r.code = up.parent_code where up.level > 1)
            select code from up where level = 1) pc on true
          join jicai.regions p on p.code = pc.code
         where ol.category_code like ${`${VEHICLE_PREFIX}%`} and o.status not in ('pending_approval', 'rejected', 'cancelled')
           and ${unitFilter(s, sql`o.purchaser_org_id`)} and ${inPeriod(s, sql`o.created_at`)}
         group by p.code, p.name order by p.code`,
  );
  return {
    target,
    provinces: provinces.map((v) => ({
      code: v.code,
      name: v.name,
      vehicles: n(v.vehicles),
      newEnergy: n(v.new_energy),
      meetsTarget: n(v.new_energy) * 10_000 >= n(v.vehicles) * Math.round(share * 10_000),
    })),
  };
};

/** Disposals of the units' assets, by the lot's close. */
export const auctions = async (db: Db, s: Scope): Promise<Dashboard['auctions']> => {
  const [a] = await rows<{ sold: string; proceeds: string; appraisal: string; failed: string; defaulted: string }>(
    db,
    sql`
        select count(*) filter (where l.status in ('sold', 'paid')) as sold,
               coalesce(sum(l.current_price_fen) filter (where l.status in ('sold', 'paid')), 0) as proceeds,
               coalesce(sum(l.appraisal_fen) filter (where l.status in ('sold', 'paid')), 0) as appraisal,
               count(*) filter (where l.status = 'failed') as failed,
               count(*) filter (where l.status = 'defaulted') as defaulted
          from jicai.auction_lots l join jicai.assets a on a.id = l.asset_id
         where l.closed_at is not null and ${unitFilter(s, sql`a.owner_org_id`)} and ${inPeriod(s, sql`l.closed_at`)}`,
  );
  return {
    soldCount: n(a!.sold),
    proceedsFen: n(a!.proceeds),
    appraisalFen: n(a!.appraisal),
    failedCount: n(a!.failed),
    defaultedCount: n(a!.defaulted),
  };
};

import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ForbiddenError, RuleViolationError } from '../../platform/errors.ts';
import { regionWithin, seesAllRegions, withinJurisdiction } from '../../platform/jurisdiction.ts';
import { policyValue } from '../../platform/policy.ts';
import type { Dashboard, DashboardQuery } from '../../../contracts/dashboards.schemas.ts';
import type { PlanExecution } from '../../../contracts/plans.schemas.ts';
import type { planExecutionQuery } from '../../../contracts/plans.schemas.ts';
import { planLinesOf } from '../plans/plans.service.ts';
import * as q from './dashboards.queries.ts';
import type { Scope } from './dashboards.queries.ts';

/** Who sees every unit's figures; purchasing units see only their own. */
const OVERSIGHT = ['regulator', 'center_staff'] as const;
const UNIT_ROLES = ['purchaser', 'approver'] as const;
type PlanExecutionQuery = z.infer<typeof planExecutionQuery>;

export { type Scope } from './dashboards.queries.ts';

/**
 * 政策看板: what was bought, through which channel, how much went to green products and SMEs, what
 * was saved, how many vehicles are new-energy and what disposals brought in — each figure one query
 * of the records, so a regulator can check it against the tables (the figures in dashboards.queries.ts).
 */
export function createDashboardsService(deps: { db: Db }) {
  const { db } = deps;

  async function scopeOf(auth: AuthContext, query: DashboardQuery): Promise<Scope> {
    const today = shanghaiDate(await dbNow(db));
    const from = query.from ?? `${today.slice(0, 4)}-01-01`;
    const to = query.to ?? today;
    if (auth.roles.some((r) => (OVERSIGHT as readonly string[]).includes(r))) {
      // Oversight sees its jurisdiction (#19): by default its own region, or a region or unit within it.
      if (query.regionCode && !(await regionWithin(db, auth, query.regionCode)))
        throw new ForbiddenError('只能查看本辖区的数据 (outside your jurisdiction)');
      if (query.organizationId && !(await withinJurisdiction(db, auth, [query.organizationId])))
        throw new ForbiddenError('只能查看本辖区的数据 (outside your jurisdiction)');
      const regionCode = query.regionCode ?? (seesAllRegions(auth) || query.organizationId ? null : auth.regionCode);
      return { from, to, regionCode, organizationId: query.organizationId ?? null };
    }
    if (auth.orgKind === 'purchasing_unit' && auth.roles.some((r) => (UNIT_ROLES as readonly string[]).includes(r))) {
      if (query.regionCode || (query.organizationId && query.organizationId !== auth.orgId))
        throw new ForbiddenError('采购单位只能查看本单位的数据');
      return { from, to, regionCode: null, organizationId: auth.orgId };
    }
    throw new ForbiddenError('无权查看数据看板');
  }

  async function summary(auth: AuthContext, query: DashboardQuery): Promise<Dashboard> {
    const s = await scopeOf(auth, query);
    const [reserveShareMin, vehicleTarget] = await Promise.all([
      policyValue(db, 'sme.reserveShareMin', z.string(), { regionCode: s.regionCode ?? undefined }),
      policyValue(db, 'green.newEnergyVehicleShareMin', z.string(), { regionCode: s.regionCode ?? undefined }),
    ]);
    const [
      organizationName,
      totals,
      spendByCategory,
      spendByRegion,
      spendByUnit,
      spendByMonth,
      channels,
      green,
      sme,
      savings,
      vehicles,
      auctions,
    ] = await Promise.all([
      q.organizationName(db, s),
      q.totals(db, s),
      q.spendByCategory(db, s),
      q.spendByRegion(db, s),
      q.spendByUnit(db, s),
      q.spendByMonth(db, s),
      q.channels(db, s),
      q.green(db, s),
      q.sme(db, s, reserveShareMin.value),
      q.savings(db, s),
      q.vehicles(db, s, vehicleTarget.value),
      q.auctions(db, s),
    ]);
    return {
      scope: { from: s.from, to: s.to, regionCode: s.regionCode, organizationId: s.organizationId, organizationName },
      totals,
      spendByCategory,
      spendByRegion,
      spendByUnit,
      spendByMonth,
      channels,
      green,
      sme,
      savings,
      vehicles,
      auctions,
    };
  }

  /**
   * Plan against execution for a unit's year: each plan line's budget and required method beside what was
   * ordered in the e-mall, awarded by online quotation and awarded by tender in its 品目 (the line with the
   * longest matching code takes it); what no line covers is unplanned.
   */
  async function planExecution(auth: AuthContext, query: PlanExecutionQuery): Promise<PlanExecution> {
    const today = shanghaiDate(await dbNow(db));
    const fiscalYear = query.fiscalYear ?? Number(today.slice(0, 4));
    const s = await scopeOf(auth, { organizationId: query.organizationId, from: `${fiscalYear}-01-01`, to: `${fiscalYear}-12-31` });
    if (!s.organizationId)
      throw new RuleViolationError('请选择采购单位', { fields: [{ field: 'organizationId', message: '请选择采购单位', in: 'query' }] });
    const [plan, executed] = await Promise.all([planLinesOf(db, s.organizationId, fiscalYear), q.executionByCategory(db, s)]);
    const lines = (plan?.lines ?? []).map((l) => ({
      itemName: l.itemName,
      categoryCode: l.categoryCode,
      plannedFen: l.budgetFen,
      requiredMethod: l.requiredMethod.method,
      mallFen: 0,
      quotationFen: 0,
      tenderFen: 0,
      executedFen: 0,
    }));
    let unplannedFen = 0;
    for (const e of executed) {
      const line = lines
        .filter((l) => e.code.startsWith(l.categoryCode))
        .reduce<(typeof lines)[number] | null>((best, l) => (!best || l.categoryCode.length > best.categoryCode.length ? l : best), null);
      if (!line) unplannedFen += e.amountFen;
      else {
        line[`${e.channel}Fen`] += e.amountFen;
        line.executedFen += e.amountFen;
      }
    }
    return { organizationId: s.organizationId, fiscalYear, planStatus: plan?.status ?? null, lines, unplannedFen };
  }

  return { summary, scopeOf, planExecution };
}

export type DashboardsService = ReturnType<typeof createDashboardsService>;

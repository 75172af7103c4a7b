import type { Db } from '../../db/client.ts';
import type { Role } from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ForbiddenError } from '../../platform/errors.ts';
import type { TodoSource } from '../../platform/todos.ts';
import { smeStandingOf } from '../../../contracts/sme-treatment.ts';
import type { Milestone, Todo, Todos } from '../../../contracts/workbench.schemas.ts';
import { assetTodos } from '../assets/assets.todos.ts';
import { auctionTodos } from '../auctions/auctions.todos.ts';
import { listingTodos } from '../catalogue/listings.todos.ts';
import { activeAgreements } from '../catalogue/listings.queries.ts';
import type { CreditService } from '../credit/credit.service.ts';
import { creditTodos } from '../credit/credit.todos.ts';
import { findSupplier } from '../credit/credit.queries.ts';
import { expertTodos } from '../experts/experts.todos.ts';
import { admittedCallIds } from '../frameworks/frameworks.queries.ts';
import { orderTodos } from '../orders/orders.todos.ts';
import { planTodos } from '../plans/plans.todos.ts';
import { quotationMilestones, quoteTodos, type QuoteStanding } from '../quotations/quotations.todos.ts';
import { riskTodos } from '../risk/risk.todos.ts';
import { tenderMilestones, tenderTodos } from '../tenders/tenders.todos.ts';

/** The most to-dos one answer lists (soonest due first); `total` says how many there are. */
export const TODO_LIST_LIMIT = 100;

const byDue = <T extends { due: string | null; since: string | null }>(a: T, b: T) =>
  (a.due ?? '\uffff').localeCompare(b.due ?? '\uffff') || (a.since ?? '\uffff').localeCompare(b.since ?? '\uffff');

/**
 * 工作台待办 (#21): what waits for the signed-in user, by deadline. Each role's to-dos come from the modules
 * that own the state machines (`*.todos.ts`: one set-based statement each, over their own tables, scoped to
 * the caller's organization, its own user or, for regulators and center staff, its jurisdiction); this
 * service only picks the sources of the caller's roles, runs them at once and merges them by due time.
 */
export function createWorkbenchService(deps: { db: Db; credit: Pick<CreditService, 'checkEligibility'> }) {
  const { db } = deps;

  /** What a quote's admission asks of this supplier, read once for every open quotation. */
  async function quoteStanding(auth: AuthContext, now: Date): Promise<QuoteStanding> {
    const [org, eligibility, agreements, admittedCalls] = await Promise.all([
      findSupplier(db, auth.orgId),
      deps.credit.checkEligibility(db, { supplierId: auth.orgId, action: 'quote' }),
      activeAgreements(db, auth.orgId, shanghaiDate(now)),
      admittedCallIds(db, auth.orgId),
    ]);
    return {
      eligible: eligibility.eligible,
      sme: org ? smeStandingOf(org).sme : false,
      agreementCategories: [...new Set(agreements.flatMap((a) => a.categoryCodes))],
      admittedCalls,
    };
  }

  const sources: Record<Role, (auth: AuthContext, now: Date) => Promise<TodoSource>[]> = {
    purchaser: (auth) => [orderTodos.purchaser(db, auth), tenderTodos.purchaser(db, auth)],
    approver: (auth) => [orderTodos.approver(db, auth)],
    supplier: (auth, now) => [
      orderTodos.supplier(db, auth),
      quoteStanding(auth, now).then((standing) => quoteTodos(db, auth, standing)),
      tenderTodos.supplier(db, auth),
      auctionTodos.supplier(db, auth),
    ],
    center_staff: (auth) => [
      tenderTodos.center(db, auth),
      listingTodos.center(db),
      assetTodos.center(db, auth),
      auctionTodos.center(db, auth),
      expertTodos.center(db, auth),
    ],
    expert: (auth) => [tenderTodos.expert(db, auth)],
    regulator: (auth) => [
      riskTodos.regulator(db, auth),
      tenderTodos.regulator(db, auth),
      creditTodos.regulator(db, auth),
      planTodos.regulator(db, auth),
    ],
    admin: () => [],
  };

  async function todos(auth: AuthContext, query: { role?: Role | undefined }): Promise<Todos> {
    if (query.role && !auth.roles.includes(query.role))
      throw new ForbiddenError('您没有这个角色', { fields: [{ field: 'role', message: '您没有这个角色', in: 'query' }] });
    const roles = query.role ? [query.role] : auth.roles;
    const now = await dbNow(db);
    const perRole = await Promise.all(
      roles.map(async (role) => {
        const found = await Promise.all(sources[role](auth, now));
        return {
          total: found.reduce((n, s) => n + s.total, 0),
          items: found.flatMap((s) => s.items.map((item): Todo => ({ ...item, role }))),
        };
      }),
    );
    const upcoming: Milestone[] = roles.includes('purchaser')
      ? (await Promise.all([quotationMilestones(db, auth), tenderMilestones(db, auth)])).flat().sort(byDue).slice(0, 10)
      : [];
    return {
      asOf: now.toISOString(),
      items: perRole
        .flatMap((r) => r.items)
        .sort(byDue)
        .slice(0, TODO_LIST_LIMIT),
      total: perRole.reduce((n, r) => n + r.total, 0),
      upcoming,
    };
  }

  return { todos };
}

export type WorkbenchService = ReturnType<typeof createWorkbenchService>;

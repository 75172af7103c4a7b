import type { Db } from '../../db/client.ts';
import type { Notify } from '../notifications/notifications.service.ts';
import { createAnnualPlans } from './plans.annual.ts';
import { createIntentions } from './plans.intentions.ts';

export { checkIntention, checkIntentionAtStart, recordIntentionUse } from './plans.intentions.ts';
export { planLinesOf } from './plans.annual.ts';

/**
 * 采购意向与年度计划: the intentions a unit publishes before it buys (plans.intentions.ts, whose check the
 * tenders and quotations call) and its annual plan with the regulator's approval (plans.annual.ts).
 */
export function createPlansService(deps: { db: Db; notify: Notify }) {
  return { intentions: createIntentions(deps), annual: createAnnualPlans(deps) };
}

export type PlansService = ReturnType<typeof createPlansService>;

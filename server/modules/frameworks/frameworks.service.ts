import type { AuthContext } from '../../platform/auth.ts';
import type { CreateFrameworkCallBody } from '../../../contracts/frameworks.schemas.ts';
import { createFrameworkAdmission } from './frameworks.admission.ts';
import { createFrameworkCalls } from './frameworks.calls.ts';
import type { FrameworksDeps } from './frameworks.context.ts';
import { createFrameworkRotation } from './frameworks.rotation.ts';
import { createFrameworkViews } from './frameworks.views.ts';

export { frameworkJobs } from './frameworks.context.ts';

/**
 * 框架协议采购 (财政部令第110号), made of parts: the call and its sealed responses (frameworks.calls.ts), the
 * evaluation, admission and open-entry joins (frameworks.admission.ts), the rotation call-offs
 * (frameworks.rotation.ts) and what is read (frameworks.views.ts). Direct choice is the e-mall (orders), the
 * second-stage competition an online quotation restricted to the call's members (quotations).
 */
export function createFrameworksService(deps: FrameworksDeps) {
  const calls = createFrameworkCalls(deps);
  const admission = createFrameworkAdmission({ ...deps, calls });
  const rotation = createFrameworkRotation(deps);
  const views = createFrameworkViews(deps);
  const staffView = (auth: AuthContext) => (id: string) => views.getForStaff(auth, id);
  return {
    create: async (auth: AuthContext, body: CreateFrameworkCallBody) => staffView(auth)(await calls.create(auth, body)),
    respond: calls.respond,
    close: calls.close,
    evaluate: async (auth: AuthContext, id: string, body: Parameters<typeof admission.evaluate>[2]) =>
      staffView(auth)(await admission.evaluate(auth, id, body)),
    requestJoin: admission.requestJoin,
    decideJoin: async (auth: AuthContext, id: string, responseId: string, body: { admit: boolean; reason: string }) =>
      staffView(auth)(await admission.decideJoin(auth, id, responseId, body)),
    suspend: async (auth: AuthContext, id: string, supplierId: string, reason: string | null) =>
      staffView(auth)(await admission.suspend(auth, id, supplierId, reason)),
    placeRotation: async (auth: AuthContext, id: string, body: { title: string; quantity: number; budgetLineId: string }) =>
      (await views.rotationDtos([await rotation.place(auth, id, body)]))[0]!,
    completeRotation: async (auth: AuthContext, orderId: string) =>
      (await views.rotationDtos([await rotation.complete(auth, orderId)]))[0]!,
    ...views,
  };
}

export type FrameworksService = ReturnType<typeof createFrameworksService>;

import { randomBytes } from 'node:crypto';
import { orgRegion } from '../../platform/jurisdiction.ts';
import { and, eq, max, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { frameworkCalls, frameworkResponses } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import { digest } from '../../platform/seal.ts';
import { yuan } from '../../../contracts/money.ts';
import type { EvaluateFrameworkBody, FrameworkResponseBody } from '../../../contracts/frameworks.schemas.ts';
import { insertAgreementIn } from '../catalogue/catalogue.agreements.ts';
import { recordReleases } from '../ocds/ocds.store.ts';
import { actorOf, type CallRow, type FrameworksDeps, type ResponseRow } from './frameworks.context.ts';
import type { FrameworkCalls } from './frameworks.calls.ts';
import { admittedCount, methodLabels, rankResponses } from './frameworks.rules.ts';

/** 评审与入围: the panel's evaluation and admission, agreements for the admitted; 开放式 joins during the term. */
export function createFrameworkAdmission(deps: FrameworksDeps & { calls: FrameworkCalls }) {
  const { db } = deps;
  const { ownCall, lock } = deps.calls;

  /** The framework agreement of one admitted supplier, made through the catalogue's agreement code. */
  async function agreementFor(tx: Tx, auth: AuthContext, call: CallRow, r: ResponseRow, position: number, startsOn: string) {
    const agreement = await insertAgreementIn(
      tx,
      { userId: auth.userId, orgId: auth.orgId },
      {
        code: `${call.callNo}-${String(position).padStart(2, '0')}`,
        title: `${call.title}（框架协议）`,
        supplierId: r.supplierId,
        categoryCodes: [call.categoryCode],
        brands: [],
        startsOn,
        endsOn: call.endsOn,
        priceCapFen: call.capUnitPriceFen,
        minDiscount: null,
        callId: call.id,
      },
    );
    return agreement.id;
  }

  /** The reviews applied to the opened responses: unknown ids are refused, quality-first needs a score for each compliant one. */
  function reviewed(call: CallRow, rows: ResponseRow[], body: EvaluateFrameworkBody) {
    const byId = new Map(body.reviews.map((r) => [r.responseId, r]));
    for (const [i, r] of body.reviews.entries())
      if (!rows.some((x) => x.id === r.responseId)) throw fieldError(`reviews.${i}.responseId`, '没有这份响应');
    return rows.map((r) => {
      const review = byId.get(r.id);
      const compliant = (r.compliant ?? false) && (review?.compliant ?? true);
      const qualityScore = review?.qualityScore ?? null;
      if (call.method === 'quality_first' && compliant && qualityScore === null)
        throw fieldError('reviews', `质量优先法须为每份有效响应打分（${r.id}）`);
      const issues = [...(r.issues ?? []), ...(review && !review.compliant ? [review.reason ?? '不满足采购需求'] : [])];
      return { row: r, id: r.id, unitPriceFen: r.unitPriceFen!, qualityScore, submittedAt: r.submittedAt, compliant, issues };
    });
  }

  /**
   * The panel evaluates the opened responses (价格优先法 or 质量优先法), the call admits the first of the
   * ranking up to its admitted count, and each admitted supplier gets its framework agreement with the cap
   * and term; the result is published. Only the call's own center, once the responses are opened.
   */
  async function evaluate(auth: AuthContext, id: string, body: EvaluateFrameworkBody) {
    return inTransaction(db, async (tx) => {
      const call = await ownCall(tx, auth, id, 'update');
      if (call.status !== 'closed') throw new ConflictError(call.status === 'open' ? '响应截止后方可评审' : '该征集已评审');
      const rows = await tx
        .select()
        .from(frameworkResponses)
        .where(and(eq(frameworkResponses.callId, id), eq(frameworkResponses.kind, 'response')));
      const candidates = reviewed(call, rows, body);
      const ranked = rankResponses(call.method, candidates);
      const n = admittedCount(call.entry, ranked.length, call.maxAdmitted);
      for (const c of candidates) {
        const i = ranked.indexOf(c);
        const admitted = i >= 0 && i < n;
        const reason = !c.compliant
          ? `无效响应：${c.issues.join('；')}`
          : admitted
            ? `${methodLabels[call.method]}第 ${i + 1} 名，入围`
            : n === 0
              ? '有效响应不足，本次征集未形成入围结果'
              : `${methodLabels[call.method]}第 ${i + 1} 名，超出入围数量 ${n} 家，未入围`;
        const agreementId = admitted ? await agreementFor(tx, auth, call, c.row, i + 1, call.startsOn) : null;
        await tx
          .update(frameworkResponses)
          .set({
            compliant: c.compliant,
            issues: c.issues,
            qualityScore: c.qualityScore,
            rank: i >= 0 ? i + 1 : null,
            admitted,
            decisionReason: reason,
            position: admitted ? i + 1 : null,
            agreementId,
          })
          .where(eq(frameworkResponses.id, c.id));
      }
      await tx
        .update(frameworkCalls)
        .set({
          status: n > 0 ? 'admitted' : 'cancelled',
          panel: body.panel,
          evaluatedBy: auth.userId,
          admittedAt: sql`jicai.now()`,
          updatedAt: sql`jicai.now()`,
        })
        .where(eq(frameworkCalls.id, id));
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'framework.call.admit',
        entityType: 'framework_call',
        entityId: id,
        data: { admitted: n, responses: rows.length, panel: body.panel.map((p) => p.name) },
      });
      await recordReleases(tx, 'framework', id);
      return id;
    });
  }

  /** 开放式: during the term a qualifying supplier asks to join at a price within the cap; the center decides. */
  async function requestJoin(auth: AuthContext, id: string, body: FrameworkResponseBody) {
    return inTransaction(db, async (tx) => {
      const call = await lock(tx, id, 'share');
      const today = shanghaiDate(await dbNow(tx));
      if (call.entry !== 'open' || call.status !== 'admitted') throw new ConflictError('只有已入围的开放式框架协议可申请加入');
      if (today > call.endsOn) throw new ConflictError('框架协议已到期');
      if (body.unitPriceFen > call.capUnitPriceFen)
        throw fieldError('unitPriceFen', `响应单价 ${yuan(body.unitPriceFen)} 超过最高限制单价 ${yuan(call.capUnitPriceFen)}`);
      const eligibility = await deps.credit.checkEligibility(tx, {
        supplierId: auth.orgId,
        action: 'bid',
        regionCode: await orgRegion(tx, call.centerOrgId),
      });
      if (!eligibility.eligible) throw fieldError('supplier', eligibility.reasons[0]!.message);
      const plaintext = JSON.stringify({ ...body, nonce: randomBytes(16).toString('hex') });
      const [row] = await tx
        .insert(frameworkResponses)
        .values({
          callId: id,
          supplierId: auth.orgId,
          kind: 'join',
          submittedBy: auth.userId,
          submittedAt: await dbNow(tx),
          digest: digest(plaintext),
          unitPriceFen: body.unitPriceFen,
          compliant: true,
          issues: [],
        })
        .onConflictDoNothing()
        .returning();
      if (!row) throw new ConflictError('贵司已响应或申请过本框架协议');
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'framework.join.request',
        entityType: 'framework_call',
        entityId: id,
        data: {},
      });
      return { callId: id, submittedAt: row.submittedAt.toISOString(), digest: row.digest };
    });
  }

  async function decideJoin(auth: AuthContext, id: string, responseId: string, input: { admit: boolean; reason: string }) {
    return inTransaction(db, async (tx) => {
      const call = await ownCall(tx, auth, id, 'update');
      const [r] = await tx
        .select()
        .from(frameworkResponses)
        .where(and(eq(frameworkResponses.id, responseId), eq(frameworkResponses.callId, id), eq(frameworkResponses.kind, 'join')));
      if (!r) throw new NotFoundError('join request not found');
      if (r.admitted !== null) throw new ConflictError('该申请已处理');
      const [last] = await tx
        .select({ n: max(frameworkResponses.position) })
        .from(frameworkResponses)
        .where(eq(frameworkResponses.callId, id));
      const position = (last?.n ?? 0) + 1;
      const today = shanghaiDate(await dbNow(tx));
      const agreementId = input.admit
        ? await agreementFor(tx, auth, call, r, position, today > call.startsOn ? today : call.startsOn)
        : null;
      await tx
        .update(frameworkResponses)
        .set({ admitted: input.admit, decisionReason: input.reason, position: input.admit ? position : null, agreementId })
        .where(eq(frameworkResponses.id, responseId));
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: input.admit ? 'framework.join.admit' : 'framework.join.refuse',
        entityType: 'framework_call',
        entityId: id,
        data: { supplierId: r.supplierId, reason: input.reason },
      });
      await recordReleases(tx, 'framework', id);
      return id;
    });
  }

  /** The center suspends an admitted supplier from call-offs (or lifts it): rotation skips it with this reason. */
  async function suspend(auth: AuthContext, id: string, supplierId: string, reason: string | null) {
    return inTransaction(db, async (tx) => {
      await ownCall(tx, auth, id, 'share');
      const [row] = await tx
        .update(frameworkResponses)
        .set({ suspendedReason: reason })
        .where(and(eq(frameworkResponses.callId, id), eq(frameworkResponses.supplierId, supplierId), eq(frameworkResponses.admitted, true)))
        .returning();
      if (!row) throw new NotFoundError('member not found');
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: reason ? 'framework.member.suspend' : 'framework.member.resume',
        entityType: 'framework_call',
        entityId: id,
        data: { supplierId, reason },
      });
      return id;
    });
  }

  return { evaluate, requestJoin, decideJoin, suspend };
}

export type FrameworkAdmission = ReturnType<typeof createFrameworkAdmission>;

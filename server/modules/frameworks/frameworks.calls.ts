import { randomBytes } from 'node:crypto';
import { orgRegion } from '../../platform/jurisdiction.ts';
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { categories, frameworkCalls, frameworkResponses } from '../../db/schema/index.ts';
import { inTransaction, type AfterCommit } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import { digest } from '../../platform/seal.ts';
import { yuan } from '../../../contracts/money.ts';
import type { CreateFrameworkCallBody, FrameworkResponseBody } from '../../../contracts/frameworks.schemas.ts';
import { recordReleases } from '../ocds/ocds.store.ts';
import { actorOf, frameworkJobs, sealedResponse, type CallRow, type FrameworksDeps } from './frameworks.context.ts';
import { termProblem } from './frameworks.rules.ts';

/** 征集公告 and 响应: the center's call, suppliers' sealed responses, and their opening at the deadline. */
export function createFrameworkCalls(deps: FrameworksDeps) {
  const { db, sealer } = deps;

  async function categoryOf(tx: Tx, code: string) {
    const [c] = await tx.select().from(categories).where(eq(categories.code, code));
    if (!c) throw fieldError('categoryCode', '品目不存在');
    return c;
  }

  /** Publishes a call: its term within the longest allowed, a maximum for a closed call, the closing job at the deadline. */
  async function create(auth: AuthContext, body: CreateFrameworkCallBody) {
    return inTransaction(db, async (tx, afterCommit) => {
      await categoryOf(tx, body.categoryCode);
      const now = await dbNow(tx);
      const today = shanghaiDate(now);
      const term = termProblem({ categoryCode: body.categoryCode, startsOn: body.startsOn, endsOn: body.endsOn, today });
      if (term) throw fieldError('endsOn', term);
      if (body.entry === 'closed' && body.maxAdmitted === undefined)
        throw fieldError('maxAdmitted', '封闭式框架协议须写明入围供应商数量上限');
      const deadline = new Date(body.deadline);
      if (deadline.getTime() <= now.getTime()) throw fieldError('deadline', '响应截止时间须晚于现在');
      if (shanghaiDate(deadline) > body.endsOn) throw fieldError('deadline', '响应截止时间须早于协议结束日期');
      const keys = await sealer.newKeyPair();
      const [row] = await tx
        .insert(frameworkCalls)
        .values({
          callNo: `KJ${today.replaceAll('-', '')}${randomBytes(3).toString('hex').toUpperCase()}`,
          centerOrgId: auth.orgId,
          createdBy: auth.userId,
          title: body.title,
          categoryCode: body.categoryCode,
          requirements: body.requirements,
          method: body.method,
          entry: body.entry,
          capUnitPriceFen: body.capUnitPriceFen,
          maxAdmitted: body.entry === 'closed' ? body.maxAdmitted! : null,
          rotationCapacity: body.rotationCapacity ?? null,
          startsOn: body.startsOn,
          endsOn: body.endsOn,
          deadline,
          sealPublicKey: keys.publicKey,
          sealPrivateKeyWrapped: keys.wrappedPrivateKey,
        })
        .returning();
      await deps.jobs.schedule(tx, afterCommit, frameworkJobs.close, { key: row!.id, runAt: deadline, payload: { callId: row!.id } });
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'framework.call.publish',
        entityType: 'framework_call',
        entityId: row!.id,
        data: { callNo: row!.callNo, method: body.method, entry: body.entry, capUnitPriceFen: body.capUnitPriceFen },
      });
      await recordReleases(tx, 'framework', row!.id);
      return row!.id;
    });
  }

  async function lock(tx: Tx, id: string, mode: 'update' | 'share') {
    const [c] = await tx.select().from(frameworkCalls).where(eq(frameworkCalls.id, id)).for(mode);
    if (!c) throw new NotFoundError('framework call not found');
    return c;
  }

  /** A supplier's response, sealed to the call's key: refused above the cap, after the deadline, or when excluded. */
  async function respond(auth: AuthContext, id: string, body: FrameworkResponseBody) {
    return inTransaction(db, async (tx) => {
      const call = await lock(tx, id, 'share');
      const now = await dbNow(tx);
      if (call.status !== 'open' || now.getTime() >= call.deadline.getTime()) throw new ConflictError('响应已截止');
      if (body.unitPriceFen > call.capUnitPriceFen)
        throw fieldError('unitPriceFen', `响应单价 ${yuan(body.unitPriceFen)} 超过最高限制单价 ${yuan(call.capUnitPriceFen)}`);
      const eligibility = await deps.credit.checkEligibility(tx, {
        supplierId: auth.orgId,
        action: 'bid',
        regionCode: await orgRegion(tx, call.centerOrgId),
      });
      if (!eligibility.eligible) throw fieldError('supplier', eligibility.reasons[0]!.message);
      const plaintext = JSON.stringify(sealedResponse.parse({ ...body, nonce: randomBytes(16).toString('hex') }));
      const values = {
        submittedBy: auth.userId,
        submittedAt: now,
        digest: digest(plaintext),
        sealed: sealer.seal(call.sealPublicKey, plaintext, `${id}:${auth.orgId}`),
      };
      const [row] = await tx
        .insert(frameworkResponses)
        .values({ callId: id, supplierId: auth.orgId, kind: 'response', ...values })
        .onConflictDoUpdate({ target: [frameworkResponses.callId, frameworkResponses.supplierId], set: values })
        .returning();
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'framework.call.respond',
        entityType: 'framework_call',
        entityId: id,
        data: { digest: row!.digest },
      });
      return { callId: id, submittedAt: row!.submittedAt.toISOString(), digest: row!.digest };
    });
  }

  /**
   * The closing job: the private key is read by a query that returns it only once the database clock has
   * passed the deadline; every response is opened and its price written beside it. A second run changes nothing.
   */
  async function close(tx: Tx, _afterCommit: AfterCommit, id: string): Promise<'closed' | 'skipped' | 'not-due'> {
    const call = await lock(tx, id, 'update');
    if (call.status !== 'open') return 'skipped';
    const [keyRow] = await tx
      .select({ key: frameworkCalls.sealPrivateKeyWrapped })
      .from(frameworkCalls)
      .where(and(eq(frameworkCalls.id, id), sql`${frameworkCalls.deadline} <= jicai.now()`));
    if (!keyRow) return 'not-due';
    const rows = await tx
      .select()
      .from(frameworkResponses)
      .where(and(eq(frameworkResponses.callId, id), eq(frameworkResponses.kind, 'response')));
    const open = rows.length ? await sealer.opener(keyRow.key) : null;
    for (const r of rows) {
      const content = sealedResponse.parse(JSON.parse(open!(r.sealed!, `${id}:${r.supplierId}`)));
      const compliant = content.unitPriceFen <= call.capUnitPriceFen;
      await tx
        .update(frameworkResponses)
        .set({ unitPriceFen: content.unitPriceFen, compliant, issues: compliant ? [] : ['响应单价超过最高限制单价'] })
        .where(eq(frameworkResponses.id, r.id));
    }
    await tx
      .update(frameworkCalls)
      .set({ status: 'closed', closedAt: sql`jicai.now()`, updatedAt: sql`jicai.now()` })
      .where(eq(frameworkCalls.id, id));
    await appendAudit(tx, {
      actor: null,
      action: 'framework.call.close',
      entityType: 'framework_call',
      entityId: id,
      data: { responses: rows.length },
    });
    await recordReleases(tx, 'framework', id);
    return 'closed';
  }

  /** The call of this center (another center's is not found). */
  async function ownCall(tx: Tx, auth: AuthContext, id: string, mode: 'update' | 'share'): Promise<CallRow> {
    const call = await lock(tx, id, mode);
    if (call.centerOrgId !== auth.orgId) throw new NotFoundError('framework call not found');
    return call;
  }

  return { create, respond, close, lock, ownCall, categoryOf };
}

export type FrameworkCalls = ReturnType<typeof createFrameworkCalls>;

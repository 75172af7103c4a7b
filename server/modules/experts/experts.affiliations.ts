import { and, asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client.ts';
import { expertAffiliations, experts, organizations } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import { dbNow } from '../../platform/clock.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../platform/errors.ts';
import type { declareAffiliationBody, reviewAffiliationBody } from '../../../contracts/experts.schemas.ts';
import { usccProblem } from '../organizations/organizations.rules.ts';

type Row = typeof expertAffiliations.$inferSelect;

const toDto = (a: Row) => ({
  id: a.id,
  expertId: a.expertId,
  kind: a.kind,
  organizationId: a.organizationId,
  organizationName: a.organizationName,
  organizationUscc: a.organizationUscc,
  personName: a.personName,
  fromDate: a.fromDate,
  toDate: a.toDate,
  status: a.status,
  reviewNote: a.reviewNote,
  reviewedAt: a.reviewedAt?.toISOString() ?? null,
  createdAt: a.createdAt.toISOString(),
});

/**
 * 回避 declarations (财库〔2016〕198号, 政府采购法实施条例第九条): an expert declares where it works or worked,
 * directs, supervises or controls (with dates: the last three years count) and which relatives are some
 * organization's legal representative; center staff accept or reject each; the expert draw leaves out an
 * expert whose declaration (not rejected) touches a bidder or the purchaser (tenders.experts.ts).
 */
export function createExpertAffiliations(deps: { db: Db }) {
  const { db } = deps;

  async function expertOf(db: DbOrTx, auth: AuthContext) {
    const [e] = await db.select().from(experts).where(eq(experts.userId, auth.userId));
    if (!e) throw new NotFoundError('no expert record for this user');
    return e;
  }

  async function listMine(auth: AuthContext) {
    const e = await expertOf(db, auth);
    return listOf(e.id);
  }

  async function listOf(expertId: string) {
    const [e] = await db.select({ id: experts.id }).from(experts).where(eq(experts.id, expertId));
    if (!e) throw new NotFoundError('expert not found');
    const rows = await db
      .select()
      .from(expertAffiliations)
      .where(eq(expertAffiliations.expertId, expertId))
      .orderBy(asc(expertAffiliations.createdAt));
    return rows.map(toDto);
  }

  async function declare(auth: AuthContext, body: z.infer<typeof declareAffiliationBody>) {
    if (body.organizationUscc) {
      const problem = usccProblem(body.organizationUscc);
      if (problem)
        throw new RuleViolationError('bad uscc', {
          fields: [{ field: 'organizationUscc', message: '统一社会信用代码不正确', in: 'body' }],
        });
    }
    return inTransaction(db, async (tx) => {
      const e = await expertOf(tx, auth);
      // A registered organization is linked by its USCC; one not (yet) on the platform is kept by name and code.
      const [org] = body.organizationUscc
        ? await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.uscc, body.organizationUscc))
        : [];
      const [row] = await tx
        .insert(expertAffiliations)
        .values({
          expertId: e.id,
          kind: body.kind,
          organizationId: org?.id ?? null,
          organizationName: body.kind === 'relative_of_legal_rep' ? (body.organizationName ?? null) : body.organizationName!,
          organizationUscc: body.organizationUscc ?? null,
          personName: body.personName ?? null,
          fromDate: body.fromDate ?? null,
          toDate: body.toDate ?? null,
        })
        .returning();
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'expert.affiliation.declare',
        entityType: 'expert',
        entityId: e.id,
        data: {
          affiliationId: row!.id,
          kind: body.kind,
          organizationName: body.organizationName ?? null,
          personName: body.personName ?? null,
        },
      });
      return toDto(row!);
    });
  }

  /** The expert withdraws a declaration the center has not reviewed yet (a reviewed one stays on record). */
  async function withdraw(auth: AuthContext, affiliationId: string) {
    return inTransaction(db, async (tx) => {
      const e = await expertOf(tx, auth);
      const [row] = await tx
        .select()
        .from(expertAffiliations)
        .where(and(eq(expertAffiliations.id, affiliationId), eq(expertAffiliations.expertId, e.id)))
        .for('update');
      if (!row) throw new NotFoundError('affiliation not found');
      if (row.status !== 'declared') throw new ConflictError('已审核的申报不能撤回');
      await tx.delete(expertAffiliations).where(eq(expertAffiliations.id, row.id));
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'expert.affiliation.withdraw',
        entityType: 'expert',
        entityId: e.id,
        data: { affiliationId: row.id },
      });
    });
  }

  async function review(auth: AuthContext, expertId: string, affiliationId: string, body: z.infer<typeof reviewAffiliationBody>) {
    return inTransaction(db, async (tx) => {
      const [row] = await tx
        .select()
        .from(expertAffiliations)
        .where(and(eq(expertAffiliations.id, affiliationId), eq(expertAffiliations.expertId, expertId)))
        .for('update');
      if (!row) throw new NotFoundError('affiliation not found');
      const [updated] = await tx
        .update(expertAffiliations)
        .set({ status: body.decision, reviewNote: body.note, reviewedBy: auth.userId, reviewedAt: await dbNow(tx) })
        .where(eq(expertAffiliations.id, row.id))
        .returning();
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: `expert.affiliation.${body.decision === 'accepted' ? 'accept' : 'reject'}`,
        entityType: 'expert',
        entityId: expertId,
        data: { affiliationId: row.id, note: body.note },
      });
      return toDto(updated!);
    });
  }

  return { listMine, listOf, declare, withdraw, review };
}

/** The declarations the draw weighs for these experts: every one not rejected by the center. */
export async function recusalAffiliationsOf(db: DbOrTx, expertIds: readonly string[]) {
  if (expertIds.length === 0) return [];
  const rows = await db
    .select()
    .from(expertAffiliations)
    .where(inArray(expertAffiliations.expertId, [...expertIds]));
  return rows.filter((r) => r.status !== 'rejected');
}

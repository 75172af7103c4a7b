import { and, arrayOverlaps, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { expertRatings, experts, expertStatusChanges, regions } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../platform/errors.ts';
import { reachesJurisdiction, regionInJurisdiction } from '../../platform/jurisdiction.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
import { escapeLike } from '../../db/columns.ts';
import type { createExpertBody, ratingBody } from '../../../contracts/experts.schemas.ts';

type ExpertRow = typeof experts.$inferSelect;
type Status = ExpertRow['status'];

/** A removed expert never comes back; a suspended one may be restored by a later decision. */
const allowedTransitions: Record<Status, Status[]> = { active: ['suspended', 'removed'], suspended: ['active', 'removed'], removed: [] };

/** A specialty matches an expert's specialty or any of its ancestors: an A0201 expert may judge A02010104. */
export const specialtyAncestors = (code: string) => Array.from({ length: code.length }, (_, i) => code.slice(0, i + 1));

export function createExpertsService(deps: { db: Db }) {
  const { db } = deps;

  async function ratingStats(tx: DbOrTx, ids: string[]) {
    if (ids.length === 0) return new Map<string, { n: number; avg: number | null }>();
    const rows = await tx
      .select({
        expertId: expertRatings.expertId,
        n: count(),
        avg: sql<string | null>`avg((${expertRatings.punctuality} + ${expertRatings.diligence} + ${expertRatings.recusalHonesty}) / 3.0)`,
      })
      .from(expertRatings)
      .where(inArray(expertRatings.expertId, ids))
      .groupBy(expertRatings.expertId);
    return new Map(rows.map((r) => [r.expertId, { n: r.n, avg: r.avg === null ? null : Math.round(Number(r.avg) * 100) / 100 }]));
  }

  const toDto = (e: ExpertRow, stats?: { n: number; avg: number | null }) => ({
    id: e.id,
    userId: e.userId,
    name: e.name,
    title: e.title,
    employer: e.employer,
    employerUscc: e.employerUscc,
    specialties: e.specialties,
    regionCode: e.regionCode,
    status: e.status,
    ratingCount: stats?.n ?? 0,
    averageRating: stats?.avg ?? null,
  });

  /**
   * The pool a center or regulator manages (#19): experts registered in its region or below, and those of the
   * pools above that serve it (a district center draws from its province's pool); the central level, all.
   */
  const poolScope = (auth: AuthContext): SQL => reachesJurisdiction(auth, experts.regionCode);
  /** The pools the caller keeps (enrols into, suspends, removes, gives accounts): its region's and those below. */
  const keptBy = (auth: AuthContext) => sql<boolean>`${regionInJurisdiction(auth, experts.regionCode)}`;

  /**
   * 404 for an expert outside the caller's pool, which does not confirm that it exists. With `manage` (a
   * change to the expert: status, account, affiliations), 403 for one of a pool above that serves the
   * caller: a district draws from and rates the city's experts, the city keeps them.
   */
  async function assertInPool(auth: AuthContext, id: string, opts: { manage?: boolean } = {}): Promise<void> {
    const [e] = await db
      .select({ id: experts.id, kept: keptBy(auth) })
      .from(experts)
      .where(and(eq(experts.id, id), poolScope(auth)));
    if (!e) throw new NotFoundError('expert not found');
    if (opts.manage && !e.kept)
      throw new ForbiddenError('expert of a pool above', {
        fields: [{ field: 'id', message: '该专家属于上级专家库，由其所在地区管理；本级可以抽取和评价，不能变更', in: 'params' }],
      });
  }

  async function list(
    auth: AuthContext,
    filter: { status?: Status | undefined; specialty?: string | undefined; q?: string | undefined },
    page: PageQuery,
  ) {
    const conditions: SQL[] = [poolScope(auth)];
    if (filter.status) conditions.push(eq(experts.status, filter.status));
    if (filter.specialty) conditions.push(arrayOverlaps(experts.specialties, specialtyAncestors(filter.specialty)));
    if (filter.q)
      conditions.push(or(ilike(experts.name, `%${escapeLike(filter.q)}%`), ilike(experts.employer, `%${escapeLike(filter.q)}%`)) as SQL);
    const where = conditions.length ? and(...conditions) : undefined;
    const [rows, [total]] = await Promise.all([
      db.select().from(experts).where(where).orderBy(asc(experts.name)).limit(page.pageSize).offset(offsetOf(page)),
      db.select({ n: count() }).from(experts).where(where),
    ]);
    const stats = await ratingStats(
      db,
      rows.map((r) => r.id),
    );
    return { items: rows.map((r) => toDto(r, stats.get(r.id))), total: total?.n ?? 0, ...page };
  }

  /** One expert; `manageable` says whether the caller (center staff, a regulator) may change it. */
  async function detail(id: string, auth: AuthContext | null = null) {
    const [row] = await db
      .select({ e: experts, kept: auth ? keptBy(auth) : sql<boolean>`false` })
      .from(experts)
      .where(eq(experts.id, id));
    if (!row) throw new NotFoundError('expert not found');
    const e = row.e;
    const [ratings, history, stats] = await Promise.all([
      db.select().from(expertRatings).where(eq(expertRatings.expertId, id)).orderBy(desc(expertRatings.createdAt)),
      db.select().from(expertStatusChanges).where(eq(expertStatusChanges.expertId, id)).orderBy(desc(expertStatusChanges.createdAt)),
      ratingStats(db, [id]),
    ]);
    return {
      ...toDto(e, stats.get(id)),
      manageable: row.kept === true,
      ratings: ratings.map((r) => ({
        id: r.id,
        projectRef: r.projectRef,
        punctuality: r.punctuality,
        diligence: r.diligence,
        recusalHonesty: r.recusalHonesty,
        comment: r.comment,
        violation: r.violation,
        createdAt: r.createdAt.toISOString(),
      })),
      statusHistory: history.map((h) => ({
        fromStatus: h.fromStatus,
        toStatus: h.toStatus,
        reason: h.reason,
        createdAt: h.createdAt.toISOString(),
      })),
    };
  }

  async function ofUser(auth: AuthContext) {
    const [e] = await db.select({ id: experts.id }).from(experts).where(eq(experts.userId, auth.userId));
    if (!e) throw new NotFoundError('no expert record for this user');
    return detail(e.id);
  }

  async function create(auth: AuthContext, body: z.infer<typeof createExpertBody>) {
    const [region] = await db.select().from(regions).where(eq(regions.code, body.regionCode));
    if (!region)
      throw new RuleViolationError('unknown region', { fields: [{ field: 'regionCode', message: '行政区划代码不存在', in: 'body' }] });
    // A center registers experts into the pool its area keeps (its own or one below), not into the pool
    // above it draws from, nor another province's (#19): the pool's own area keeps its experts.
    const [reaches] = await db
      .select({ code: regions.code })
      .from(regions)
      .where(and(eq(regions.code, body.regionCode), regionInJurisdiction(auth, regions.code)));
    if (!reaches)
      throw new RuleViolationError('region outside jurisdiction', {
        fields: [{ field: 'regionCode', message: '只能在本辖区的专家库登记专家', in: 'body' }],
      });
    return inTransaction(db, async (tx) => {
      const [e] = await tx
        .insert(experts)
        .values({ ...body, employerUscc: body.employerUscc ?? null })
        .returning();
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'expert.create',
        entityType: 'expert',
        entityId: e!.id,
        data: { ...body },
      });
      return toDto(e!);
    });
  }

  async function changeStatus(tx: Tx, auth: AuthContext, id: string, to: Status, reason: string) {
    const [e] = await tx.select().from(experts).where(eq(experts.id, id)).for('update');
    if (!e) throw new NotFoundError('expert not found');
    if (e.status === to) return e;
    if (!allowedTransitions[e.status].includes(to)) throw new ConflictError(`专家状态不能从 ${e.status} 变为 ${to}`);
    const [updated] = await tx
      .update(experts)
      .set({ status: to, updatedAt: sql`jicai.now()` })
      .where(eq(experts.id, id))
      .returning();
    await tx.insert(expertStatusChanges).values({ expertId: id, fromStatus: e.status, toStatus: to, reason, changedBy: auth.userId });
    await appendAudit(tx, {
      actor: { userId: auth.userId, orgId: auth.orgId },
      action: 'expert.status',
      entityType: 'expert',
      entityId: id,
      data: { from: e.status, to, reason },
    });
    return updated!;
  }

  const setStatus = (auth: AuthContext, id: string, to: Status, reason: string) =>
    inTransaction(db, (tx) => changeStatus(tx, auth, id, to, reason)).then((e) => toDto(e));

  /** After an evaluation: the rating, and a violation suspends or removes the expert in the same transaction. */
  async function rate(auth: AuthContext, id: string, body: z.infer<typeof ratingBody>) {
    return inTransaction(db, async (tx) => {
      const [row] = await tx
        .select({ e: experts, kept: keptBy(auth) })
        .from(experts)
        .where(eq(experts.id, id));
      if (!row) throw new NotFoundError('expert not found');
      // A rating is anyone's who drew the expert; suspending or removing for a violation is the pool's keepers'.
      if (body.violation !== 'none' && !row.kept)
        throw new ForbiddenError('violation outside the pool kept', {
          fields: [
            {
              field: 'violation',
              message: '该专家属于上级专家库：暂停或移出由其所在地区决定。请如实填写评价与评语，并向其所在地区报告违规情况',
              in: 'body',
            },
          ],
        });
      const [rating] = await tx
        .insert(expertRatings)
        .values({ expertId: id, ...body, ratedBy: auth.userId })
        .returning();
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'expert.rate',
        entityType: 'expert',
        entityId: id,
        data: { ...body },
      });
      if (body.violation !== 'none') {
        await changeStatus(
          tx,
          auth,
          id,
          body.violation === 'suspend' ? 'suspended' : 'removed',
          `评审违规（${body.projectRef}）：${body.comment || '见评价记录'}`,
        );
      }
      const r = rating!;
      return {
        id: r.id,
        projectRef: r.projectRef,
        punctuality: r.punctuality,
        diligence: r.diligence,
        recusalHonesty: r.recusalHonesty,
        comment: r.comment,
        violation: r.violation,
        createdAt: r.createdAt.toISOString(),
      };
    });
  }

  /**
   * The pool a draw picks from: active experts only, with a matching specialty. Suspended and removed
   * experts are never returned, whatever else the caller filters.
   */
  async function drawablePool(tx: DbOrTx, specialty: string) {
    return tx
      .select()
      .from(experts)
      .where(and(eq(experts.status, 'active'), arrayOverlaps(experts.specialties, specialtyAncestors(specialty))))
      .orderBy(asc(experts.id));
  }

  return { list, assertInPool, detail, ofUser, create, setStatus, rate, drawablePool };
}

export type ExpertsService = ReturnType<typeof createExpertsService>;

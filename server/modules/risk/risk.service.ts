import { aliasedTable, and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { containsPattern } from '../../db/columns.ts';
import { organizations, riskAlertNotes, riskAlerts, riskRuleRuns, users } from '../../db/schema/index.ts';
import { riskRules, type RiskRule } from '../../db/schema/risk.enums.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import { offsetOf, type PageQuery } from '../../platform/paging.ts';
import { defineJob } from '../../platform/queue/definitions.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
import { notify } from '../notifications/notifications.service.ts';
import { ruleDefinition, riskRuleDefinitions } from './risk.rules.ts';
import type { alertListQuery, assignBody, closeBody } from './risk.schemas.ts';

export const riskJobs = {
  /** One rule over the records; raises each new finding once (by fingerprint). */
  runRule: defineJob({ name: 'risk.run-rule', queue: 'background', payload: z.object({ rule: z.enum(riskRules), requestedAt: z.string() }), durable: false }),
  /** Hourly: every rule, each as its own job. */
  scanAll: defineJob({ name: 'risk.scan-all', queue: 'background', payload: z.object({}), durable: false, everySeconds: 3600 }),
} as const;

const assignee = aliasedTable(users, 'assignee');
const actorOf = (auth: AuthContext) => ({ userId: auth.userId, orgId: auth.orgId });

/**
 * 风险提醒: the rules run as jobs and raise alerts with their evidence; regulators work them in an
 * inbox — assign, comment, close as confirmed or dismissed, reopen — each step on the alert's trail.
 */
export function createRiskService(deps: { db: Db; jobs: JobSystem }) {
  const { db, jobs } = deps;

  /** Runs one rule now: inserts what is new, leaves alerts already raised (open or closed) alone. */
  async function runRule(rule: RiskRule): Promise<{ candidates: number; raised: number }> {
    const started = Date.now();
    const def = ruleDefinition(rule);
    // The rule reads outside any transaction (it may scan a lot); only the inserts hold locks, briefly.
    const found = await def.detect(db);
    return db.transaction(async (tx) => {
      // Every insert before any audit entry: alerts are locked before the audit chain's head, the same
      // order as an inbox step (alert row, then audit), so a scan and a regulator's close cannot deadlock.
      const inserted: { id: string; fingerprint: string }[] = [];
      // In fingerprint order, so two runs of one rule take the same rows in the same order.
      for (const c of [...found].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0))) {
        const [row] = await tx
          .insert(riskAlerts)
          .values({ rule, severity: def.severity, ...c })
          .onConflictDoNothing({ target: riskAlerts.fingerprint })
          .returning({ id: riskAlerts.id, fingerprint: riskAlerts.fingerprint });
        if (row) inserted.push(row);
      }
      for (const a of inserted) await appendAudit(tx, { actor: null, action: 'risk.alert.raise', entityType: 'risk_alert', entityId: a.id, data: { rule, fingerprint: a.fingerprint } });
      const raised = inserted.length;
      const run = { lastRunAt: sql`now()`, durationMs: Date.now() - started, candidates: found.length, raised };
      await tx.insert(riskRuleRuns).values({ rule, ...run }).onConflictDoUpdate({ target: riskRuleRuns.rule, set: run });
      return { candidates: found.length, raised };
    });
  }

  /**
   * The hourly scan: skipped when every rule ran within the hour (a restart, or another worker's
   * scheduler, does not repeat a fresh scan). 立即扫描 always runs.
   */
  async function scheduledScan(): Promise<RiskRule[]> {
    const [fresh] = await db
      .select({ n: count() })
      .from(riskRuleRuns)
      .where(sql`${riskRuleRuns.lastRunAt} > now() - make_interval(secs => ${riskJobs.scanAll.everySeconds! - 60})`);
    if (Number(fresh?.n ?? 0) >= riskRules.length) return [];
    return requestScan();
  }

  /** Queues every rule (or one) as its own background job. */
  async function requestScan(only?: RiskRule): Promise<RiskRule[]> {
    const requestedAt = new Date().toISOString();
    const rules = only ? [only] : [...riskRules];
    for (const rule of rules) await jobs.enqueue(riskJobs.runRule, { rule, requestedAt }, { jobId: `risk:${rule}:${requestedAt}` });
    return rules;
  }

  async function rules() {
    const [counts, runs] = await Promise.all([
      db
        .select({ rule: riskAlerts.rule, total: count(), open: sql<number>`count(*) filter (where ${riskAlerts.status} <> 'closed')::int` })
        .from(riskAlerts)
        .groupBy(riskAlerts.rule),
      db.select().from(riskRuleRuns),
    ]);
    return riskRuleDefinitions.map((d) => {
      const c = counts.find((x) => x.rule === d.rule);
      const r = runs.find((x) => x.rule === d.rule);
      return { rule: d.rule, name: d.name, nameEn: d.nameEn, description: d.description, severity: d.severity, openCount: Number(c?.open ?? 0), totalCount: Number(c?.total ?? 0), lastRunAt: r?.lastRunAt.toISOString() ?? null };
    });
  }

  const alertColumns = {
    alert: riskAlerts,
    organizationName: organizations.name,
    assigneeName: assignee.displayName,
  };
  type AlertRow = { alert: typeof riskAlerts.$inferSelect; organizationName: string | null; assigneeName: string | null };
  const toDto = (r: AlertRow) => ({
    id: r.alert.id,
    rule: r.alert.rule as RiskRule,
    severity: r.alert.severity,
    status: r.alert.status,
    title: r.alert.title,
    evidence: r.alert.evidence,
    subjectKind: r.alert.subjectKind,
    subjectId: r.alert.subjectId,
    subjectLabel: r.alert.subjectLabel,
    organizationId: r.alert.organizationId,
    organizationName: r.organizationName,
    regionCode: r.alert.regionCode,
    assigneeId: r.alert.assigneeId,
    assigneeName: r.assigneeName,
    resolution: r.alert.resolution,
    closedAt: r.alert.closedAt?.toISOString() ?? null,
    createdAt: r.alert.createdAt.toISOString(),
    updatedAt: r.alert.updatedAt.toISOString(),
  });
  const selectAlerts = () =>
    db.select(alertColumns).from(riskAlerts).leftJoin(organizations, eq(organizations.id, riskAlerts.organizationId)).leftJoin(assignee, eq(assignee.id, riskAlerts.assigneeId));

  async function list(auth: AuthContext, filter: z.infer<typeof alertListQuery>, page: PageQuery) {
    const conds: SQL[] = [];
    if (filter.status) conds.push(eq(riskAlerts.status, filter.status));
    if (filter.rule) conds.push(eq(riskAlerts.rule, filter.rule));
    if (filter.severity) conds.push(eq(riskAlerts.severity, filter.severity));
    if (filter.assignee) conds.push(eq(riskAlerts.assigneeId, filter.assignee === 'me' ? auth.userId : filter.assignee));
    if (filter.q) conds.push(or(ilike(riskAlerts.title, containsPattern(filter.q)), ilike(riskAlerts.subjectLabel, containsPattern(filter.q)))!);
    const where = conds.length ? and(...conds) : undefined;
    const [items, [total]] = await Promise.all([
      selectAlerts()
        .where(where)
        .orderBy(sql`${riskAlerts.status} = 'closed'`, sql`case ${riskAlerts.severity} when 'high' then 0 when 'medium' then 1 else 2 end`, desc(riskAlerts.createdAt), asc(riskAlerts.id))
        .limit(page.pageSize)
        .offset(offsetOf(page)),
      db.select({ n: count() }).from(riskAlerts).where(where),
    ]);
    return { items: items.map(toDto), total: Number(total?.n ?? 0), page: page.page, pageSize: page.pageSize };
  }

  async function detail(id: string) {
    const [row] = await selectAlerts().where(eq(riskAlerts.id, id));
    if (!row) throw new NotFoundError('没有这条风险提醒');
    const notes = await db
      .select({ id: riskAlertNotes.id, kind: riskAlertNotes.kind, body: riskAlertNotes.body, userName: users.displayName, createdAt: riskAlertNotes.createdAt })
      .from(riskAlertNotes)
      .innerJoin(users, eq(users.id, riskAlertNotes.userId))
      .where(eq(riskAlertNotes.alertId, id))
      .orderBy(asc(riskAlertNotes.createdAt), asc(riskAlertNotes.id));
    return { ...toDto(row), notes: notes.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })) };
  }

  /** One step on an alert: locked, checked against its status, noted on the trail and audited. */
  async function step(auth: AuthContext, id: string, kind: 'comment' | 'assign' | 'close' | 'reopen', body: string, change: (a: typeof riskAlerts.$inferSelect) => Partial<typeof riskAlerts.$inferInsert> | null) {
    await db.transaction(async (tx) => {
      const [a] = await tx.select().from(riskAlerts).where(eq(riskAlerts.id, id)).for('update');
      if (!a) throw new NotFoundError('没有这条风险提醒');
      const set = change(a);
      if (set) await tx.update(riskAlerts).set({ ...set, updatedAt: sql`now()` }).where(eq(riskAlerts.id, id));
      await tx.insert(riskAlertNotes).values({ alertId: id, userId: auth.userId, kind, body });
      await appendAudit(tx, { actor: actorOf(auth), action: `risk.alert.${kind}`, entityType: 'risk_alert', entityId: id, data: { status: set?.status ?? a.status, assigneeId: set?.assigneeId ?? a.assigneeId, resolution: set?.resolution ?? null, note: body } });
      if (kind === 'assign' && set?.assigneeId && set.assigneeId !== auth.userId) {
        const [u] = await tx.select({ organizationId: users.organizationId }).from(users).where(eq(users.id, set.assigneeId));
        if (u) await notify(tx, { organizationId: u.organizationId, userId: set.assigneeId, kind: 'risk.assigned', title: `风险提醒交您处理：${a.title}`, body: body || `${auth.displayName} 将此提醒交您处理`, link: `/risk/alerts/${id}` });
      }
    });
    return detail(id);
  }

  const assign = async (auth: AuthContext, id: string, input: z.infer<typeof assignBody>) => {
    const [u] = await db.select({ id: users.id, name: users.displayName, roles: users.roles, status: users.status }).from(users).where(eq(users.id, input.assigneeId));
    if (!u || u.status !== 'active' || !u.roles.includes('regulator')) throw fieldError('assigneeId', '处理人应为在职的监管人员');
    return step(auth, id, 'assign', input.note ? `交由 ${u.name} 处理：${input.note}` : `交由 ${u.name} 处理`, (a) => {
      if (a.status === 'closed') throw new ConflictError('提醒已办结，请先重新打开');
      return { assigneeId: u.id, status: 'assigned' };
    });
  };
  const comment = (auth: AuthContext, id: string, body: string) => step(auth, id, 'comment', body, () => null);
  const close = (auth: AuthContext, id: string, input: z.infer<typeof closeBody>) =>
    step(auth, id, 'close', `${input.resolution === 'confirmed' ? '属实' : '排除'}：${input.note}`, (a) => {
      if (a.status === 'closed') throw new ConflictError('提醒已办结');
      return { status: 'closed', resolution: input.resolution, closedAt: sql`now()` as unknown as Date, closedBy: auth.userId };
    });
  const reopen = (auth: AuthContext, id: string, note: string) =>
    step(auth, id, 'reopen', note, (a) => {
      if (a.status !== 'closed') throw new ConflictError('提醒未办结，无需重新打开');
      return { status: a.assigneeId ? 'assigned' : 'open', resolution: null, closedAt: null, closedBy: null };
    });

  async function assignees() {
    return db
      .select({ id: users.id, displayName: users.displayName })
      .from(users)
      .where(and(eq(users.status, 'active'), sql`'regulator' = any(${users.roles})`))
      .orderBy(asc(users.displayName));
  }

  return { runRule, requestScan, scheduledScan, rules, list, detail, assign, comment, close, reopen, assignees };
}

export type RiskService = ReturnType<typeof createRiskService>;

import { aliasedTable, and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { containsPattern } from '../../db/columns.ts';
import { organizations, riskAlertNotes, riskAlerts, riskRuleRuns, users } from '../../db/schema/index.ts';
import { riskRules, type RiskRule, type RuleRunStatus } from '../../../contracts/enums/risk.ts';
import { appendAudit } from '../../platform/audit.ts';
import { dbNow } from '../../platform/clock.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
import { defineJob } from '../../platform/queue/definitions.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
import { notify } from '../notifications/notifications.service.ts';
import { ruleDefinition, riskRuleDefinitions, type Candidate } from './risk.rules.ts';
import { alertScope, assigneeFor, assigneesOf } from './risk.access.ts';
import type { alertListQuery, assignBody, closeBody } from '../../../contracts/risk.schemas.ts';

export const riskJobs = {
  /** One rule over the records; raises each new finding once (by fingerprint). Its own queue: never in a deadline's slot. */
  runRule: defineJob({
    name: 'risk.run-rule',
    queue: 'risk',
    payload: z.object({ rule: z.enum(riskRules), requestedAt: z.string() }),
    durable: false,
  }),
  /** Hourly: every rule, each as its own job. */
  scanAll: defineJob({ name: 'risk.scan-all', queue: 'background', payload: z.object({}), durable: false, everySeconds: 3600 }),
} as const;

/** What one run of a rule may spend: wall time for its query, and alerts raised. */
export interface RuleBudget {
  timeoutMs: number;
  maxAlerts: number;
}
export const defaultRuleBudget: RuleBudget = { timeoutMs: 120_000, maxAlerts: 200 };

export interface RuleRunOutcome {
  status: RuleRunStatus;
  candidates: number;
  raised: number;
  note: string | null;
}

/** One pending run per rule: a scan requested while one is queued or running joins it. */
const pendingKey = (rule: RiskRule) => `risk.run-rule:${rule}`;

/** PostgreSQL cancelled the statement (statement_timeout): SQLSTATE 57014, possibly wrapped by drizzle. */
function cancelled(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++)
    if ((e as { code?: unknown }).code === '57014') return true;
  return false;
}

export interface ScanRequest {
  queued: RiskRule[];
  joined: RiskRule[];
}

const assignee = aliasedTable(users, 'assignee');
/** What a step sets on the alert (nothing for a comment) and its note on the trail. */
interface StepChange {
  set: Partial<typeof riskAlerts.$inferInsert> | null;
  body: string;
}
const actorOf = (auth: AuthContext) => ({ userId: auth.userId, orgId: auth.orgId });

/**
 * 风险提醒: the rules run as jobs and raise alerts with their evidence; regulators work them in an
 * inbox — assign, comment, close as confirmed or dismissed, reopen — each step on the alert's trail.
 */
export function createRiskService(deps: { db: Db; jobs: JobSystem; budget?: Partial<RuleBudget> }) {
  const { db, jobs } = deps;
  const budget: RuleBudget = { ...defaultRuleBudget, ...deps.budget };

  async function recordRun(rule: RiskRule, started: number, outcome: RuleRunOutcome, tx: DbOrTx = db) {
    const run = {
      lastRunAt: sql`jicai.now()`,
      durationMs: Date.now() - started,
      candidates: outcome.candidates,
      raised: outcome.raised,
      status: outcome.status,
      note: outcome.note,
    };
    await tx
      .insert(riskRuleRuns)
      .values({ rule, ...run })
      .onConflictDoUpdate({ target: riskRuleRuns.rule, set: run });
  }

  /**
   * Runs one rule now within its budget: the query runs in a read-only transaction with its own
   * statement_timeout and returns at most maxAlerts (+1, to know there were more) findings, the most
   * serious first. New findings are inserted, alerts already raised (open or closed) left alone, and
   * the run recorded — `truncated` or `timed_out` with a note when it was cut short.
   */
  async function runRule(rule: RiskRule): Promise<RuleRunOutcome> {
    const started = Date.now();
    const def = ruleDefinition(rule);
    let found: Candidate[];
    try {
      found = await db.transaction(
        async (tx) => {
          await tx.execute(sql.raw(`set local statement_timeout = ${Math.max(1, Math.trunc(budget.timeoutMs))}`));
          return def.detect(tx, budget.maxAlerts + 1);
        },
        { accessMode: 'read only' },
      );
    } catch (error) {
      if (cancelled(error)) {
        const outcome: RuleRunOutcome = {
          status: 'timed_out',
          candidates: 0,
          raised: 0,
          note: `超出时间预算 ${Math.round(budget.timeoutMs / 1000)} 秒，本次运行已中止，未产生提醒`,
        };
        await recordRun(rule, started, outcome);
        return outcome;
      }
      await recordRun(rule, started, {
        status: 'failed',
        candidates: 0,
        raised: 0,
        note: String(error instanceof Error ? error.message : error).slice(0, 500),
      }).catch(() => undefined);
      throw error;
    }
    const truncated = found.length > budget.maxAlerts;
    if (truncated) found = found.slice(0, budget.maxAlerts);
    return db.transaction(async (tx) => {
      // Every insert before any audit entry: alerts are locked before the audit chain's head, the same
      // order as an inbox step (alert row, then audit), so a scan and a regulator's close cannot deadlock.
      // In fingerprint order, so two runs of one rule take the same rows in the same order.
      const sorted = [...found].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
      const inserted = sorted.length
        ? await tx
            .insert(riskAlerts)
            .values(sorted.map((c) => ({ rule, severity: def.severity, ...c })))
            .onConflictDoNothing({ target: riskAlerts.fingerprint })
            .returning({ id: riskAlerts.id, fingerprint: riskAlerts.fingerprint })
        : [];
      inserted.sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
      for (const a of inserted)
        await appendAudit(tx, {
          actor: null,
          action: 'risk.alert.raise',
          entityType: 'risk_alert',
          entityId: a.id,
          data: { rule, fingerprint: a.fingerprint },
        });
      const outcome: RuleRunOutcome = {
        status: truncated ? 'truncated' : 'completed',
        candidates: found.length,
        raised: inserted.length,
        note: truncated ? `发现超过 ${budget.maxAlerts} 条，已按严重程度提交前 ${budget.maxAlerts} 条` : null,
      };
      await recordRun(rule, started, outcome, tx);
      return outcome;
    });
  }

  /**
   * The hourly scan: skipped when every rule ran within the hour (a restart, or another worker's
   * scheduler, does not repeat a fresh scan). 立即扫描 always runs.
   */
  async function scheduledScan(): Promise<ScanRequest> {
    const [fresh] = await db
      .select({ n: count() })
      .from(riskRuleRuns)
      .where(sql`${riskRuleRuns.lastRunAt} > jicai.now() - make_interval(secs => ${riskJobs.scanAll.everySeconds! - 60})`);
    if (Number(fresh?.n ?? 0) >= riskRules.length) return { queued: [], joined: [] };
    return requestScan();
  }

  /**
   * Queues every rule (or one) as its own job on the risk queue, at most one waiting per rule: a rule
   * already waiting is not queued again — the request joins that run (listed in `joined`); a rule
   * running keeps one follow-up run, queued as it finishes, so the request still sees current data.
   * `queued` lists every rule that will run for this request. The hourly scan goes the same way.
   */
  async function requestScan(only?: RiskRule): Promise<ScanRequest> {
    const requestedAt = (await dbNow(db)).toISOString();
    const rules = only ? [only] : [...riskRules];
    const joined: RiskRule[] = [];
    for (const rule of rules) {
      const job = await jobs.enqueue(
        riskJobs.runRule,
        { rule, requestedAt },
        { jobId: `risk:${rule}:${requestedAt}`, onePending: pendingKey(rule) },
      );
      if (!job.queued) joined.push(rule);
    }
    return { queued: rules, joined };
  }

  /** The rules, with the counts of the alerts the caller may read (the inbox's scope) and their last run. */
  async function rules(auth: AuthContext) {
    const [counts, runs] = await Promise.all([
      db
        .select({ rule: riskAlerts.rule, total: count(), open: sql<number>`count(*) filter (where ${riskAlerts.status} <> 'closed')::int` })
        .from(riskAlerts)
        .where(alertScope(auth))
        .groupBy(riskAlerts.rule),
      db.select().from(riskRuleRuns),
    ]);
    return riskRuleDefinitions.map((d) => {
      const c = counts.find((x) => x.rule === d.rule);
      const r = runs.find((x) => x.rule === d.rule);
      return {
        rule: d.rule,
        name: d.name,
        nameEn: d.nameEn,
        description: d.description,
        severity: d.severity,
        openCount: Number(c?.open ?? 0),
        totalCount: Number(c?.total ?? 0),
        lastRunAt: r?.lastRunAt.toISOString() ?? null,
        lastRunStatus: r?.status ?? null,
        lastRunNote: r?.note ?? null,
        lastRunDurationMs: r?.durationMs ?? null,
      };
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
    db
      .select(alertColumns)
      .from(riskAlerts)
      .leftJoin(organizations, eq(organizations.id, riskAlerts.organizationId))
      .leftJoin(assignee, eq(assignee.id, riskAlerts.assigneeId));

  async function list(auth: AuthContext, filter: z.infer<typeof alertListQuery>, page: PageQuery) {
    const conds: SQL[] = [alertScope(auth)];
    if (filter.status) conds.push(eq(riskAlerts.status, filter.status));
    if (filter.rule) conds.push(eq(riskAlerts.rule, filter.rule));
    if (filter.severity) conds.push(eq(riskAlerts.severity, filter.severity));
    if (filter.assignee) conds.push(eq(riskAlerts.assigneeId, filter.assignee === 'me' ? auth.userId : filter.assignee));
    if (filter.q)
      conds.push(or(ilike(riskAlerts.title, containsPattern(filter.q)), ilike(riskAlerts.subjectLabel, containsPattern(filter.q)))!);
    const where = conds.length ? and(...conds) : undefined;
    const [items, [total]] = await Promise.all([
      selectAlerts()
        .where(where)
        .orderBy(
          sql`${riskAlerts.status} = 'closed'`,
          sql`case ${riskAlerts.severity} when 'high' then 0 when 'medium' then 1 else 2 end`,
          desc(riskAlerts.createdAt),
          asc(riskAlerts.id),
        )
        .limit(page.pageSize)
        .offset(offsetOf(page)),
      db.select({ n: count() }).from(riskAlerts).where(where),
    ]);
    return { items: items.map(toDto), total: Number(total?.n ?? 0), page: page.page, pageSize: page.pageSize };
  }

  async function detail(auth: AuthContext, id: string) {
    const [row] = await selectAlerts().where(and(eq(riskAlerts.id, id), alertScope(auth)));
    if (!row) throw new NotFoundError('没有这条风险提醒');
    const notes = await db
      .select({
        id: riskAlertNotes.id,
        kind: riskAlertNotes.kind,
        body: riskAlertNotes.body,
        userName: users.displayName,
        createdAt: riskAlertNotes.createdAt,
      })
      .from(riskAlertNotes)
      .innerJoin(users, eq(users.id, riskAlertNotes.userId))
      .where(eq(riskAlertNotes.alertId, id))
      .orderBy(asc(riskAlertNotes.createdAt), asc(riskAlertNotes.id));
    return { ...toDto(row), notes: notes.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })) };
  }

  /**
   * One step on an alert, in one transaction: locked, checked (its status, an assignee) by `change`, which
   * returns what to set and the note, then noted on the trail and audited.
   */
  async function step(
    auth: AuthContext,
    id: string,
    kind: 'comment' | 'assign' | 'close' | 'reopen',
    change: (a: typeof riskAlerts.$inferSelect, tx: Tx) => StepChange | Promise<StepChange>,
  ) {
    await db.transaction(async (tx) => {
      const [a] = await tx
        .select()
        .from(riskAlerts)
        .where(and(eq(riskAlerts.id, id), alertScope(auth)))
        .for('update');
      if (!a) throw new NotFoundError('没有这条风险提醒');
      const { set, body } = await change(a, tx);
      if (set)
        await tx
          .update(riskAlerts)
          .set({ ...set, updatedAt: sql`jicai.now()` })
          .where(eq(riskAlerts.id, id));
      await tx.insert(riskAlertNotes).values({ alertId: id, userId: auth.userId, kind, body });
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: `risk.alert.${kind}`,
        entityType: 'risk_alert',
        entityId: id,
        data: {
          status: set?.status ?? a.status,
          assigneeId: set?.assigneeId ?? a.assigneeId,
          resolution: set?.resolution ?? null,
          note: body,
        },
      });
      if (kind === 'assign' && set?.assigneeId && set.assigneeId !== auth.userId) {
        const [u] = await tx.select({ organizationId: users.organizationId }).from(users).where(eq(users.id, set.assigneeId));
        if (u)
          await notify(tx, {
            organizationId: u.organizationId,
            userId: set.assigneeId,
            kind: 'risk.assigned',
            title: `风险提醒交您处理：${a.title}`,
            body: body || `${auth.displayName} 将此提醒交您处理`,
            params: { alertTitle: a.title, by: auth.displayName },
            link: `/risk/alerts/${id}`,
          });
      }
    });
    return detail(auth, id);
  }

  // Only a regulator who can read this alert, of the caller's area (assigneeFor): else 422, nothing changed or sent.
  const assign = (auth: AuthContext, id: string, input: z.infer<typeof assignBody>) =>
    step(auth, id, 'assign', async (a, tx) => {
      const u = await assigneeFor(tx, auth, a.id, input.assigneeId);
      if (a.status === 'closed') throw new ConflictError('提醒已办结，请先重新打开');
      const body = input.note ? `交由 ${u.name} 处理：${input.note}` : `交由 ${u.name} 处理`;
      return { set: { assigneeId: u.id, status: 'assigned' }, body };
    });
  const comment = (auth: AuthContext, id: string, body: string) => step(auth, id, 'comment', () => ({ set: null, body }));
  const close = (auth: AuthContext, id: string, input: z.infer<typeof closeBody>) =>
    step(auth, id, 'close', (a) => {
      if (a.status === 'closed') throw new ConflictError('提醒已办结');
      return {
        set: { status: 'closed', resolution: input.resolution, closedAt: sql`jicai.now()` as unknown as Date, closedBy: auth.userId },
        body: `${input.resolution === 'confirmed' ? '属实' : '排除'}：${input.note}`,
      };
    });
  const reopen = (auth: AuthContext, id: string, note: string) =>
    step(auth, id, 'reopen', (a) => {
      if (a.status !== 'closed') throw new ConflictError('提醒未办结，无需重新打开');
      return { set: { status: a.assigneeId ? 'assigned' : 'open', resolution: null, closedAt: null, closedBy: null }, body: note };
    });

  const assignees = (auth: AuthContext, alertId?: string) => assigneesOf(db, auth, alertId);

  return { runRule, requestScan, scheduledScan, rules, list, detail, assign, comment, close, reopen, assignees };
}

export type RiskService = ReturnType<typeof createRiskService>;

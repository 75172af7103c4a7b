import { sql } from 'drizzle-orm';
import { index, integer, jsonb, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, jicai, updatedAt, utc } from '../columns.ts';
import { organizations, users } from './identity.ts';
import { alertSeverities, alertStatuses, ruleRunStatuses } from '../../../contracts/enums/risk.ts';
import type { NoticeParams } from '../../../contracts/notifications.kinds.ts';

/**
 * 风险提醒: raised by the risk rule jobs with the evidence that fired them. One alert per rule and
 * subject (the fingerprint), so a rule that runs again does not raise the same alert twice.
 */
export const riskAlerts = jicai.table(
  'risk_alerts',
  {
    id: id(),
    rule: text('rule').notNull(),
    fingerprint: text('fingerprint').notNull(),
    severity: text('severity', { enum: alertSeverities }).notNull(),
    status: text('status', { enum: alertStatuses }).notNull().default('open'),
    title: text('title').notNull(),
    /** What the rule saw: the rows and figures, enough for a regulator to check without a query. */
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
    /** The process or party it concerns: 'listing', 'order', 'tender', 'quotation', 'supplier', 'expert'. */
    subjectKind: text('subject_kind').notNull(),
    subjectId: text('subject_id').notNull(),
    subjectLabel: text('subject_label').notNull(),
    /** The organization most concerned (the unit that split a purchase, the supplier that is late). */
    organizationId: uuid('organization_id').references(() => organizations.id),
    regionCode: text('region_code'),
    assigneeId: uuid('assignee_id').references(() => users.id),
    closedBy: uuid('closed_by').references(() => users.id),
    closedAt: utc('closed_at'),
    resolution: text('resolution', { enum: ['confirmed', 'dismissed'] }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('risk_alerts_fingerprint_key').on(t.fingerprint),
    index('risk_alerts_status_idx').on(t.status, t.createdAt),
    index('risk_alerts_rule_idx').on(t.rule),
  ],
);

/** The inbox trail: assignments, comments and the closing note, in order. */
export const riskAlertNotes = jicai.table(
  'risk_alert_notes',
  {
    id: id(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => riskAlerts.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: ['comment', 'assign', 'close', 'reopen'] }).notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('risk_alert_notes_alert_idx').on(t.alertId, t.createdAt)],
);

/** 站内消息: what a party must know (a bid invalidated by an amendment, an alert assigned). */
export const notifications = jicai.table(
  'notifications',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    /** A single recipient, or null for everyone in the organization. */
    userId: uuid('user_id').references(() => users.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** A storefront path to open, e.g. /tenders/…. */
    link: text('link'),
    /**
     * The facts the storefront words it from in the page's language (contracts/notifications.kinds.ts):
     * strings and numbers only, amounts in fen, times as ISO strings; null for a notice stored before.
     */
    params: jsonb('params').$type<NoticeParams>(),
    readAt: utc('read_at'),
    /**
     * The e-mail of it: 'pending' until the mail job has looked at it, then 'sent' (to at least one
     * recipient) or 'none' (nobody asked for this kind by e-mail, or no mail server is configured).
     */
    emailState: text('email_state', { enum: ['pending', 'sent', 'none'] })
      .notNull()
      .default('pending'),
    createdAt: createdAt(),
  },
  (t) => [
    index('notifications_org_idx').on(t.organizationId, t.createdAt),
    index('notifications_email_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.emailState} = 'pending'`),
  ],
);

/**
 * A user's choice of which kinds of notification also reach them by e-mail, and where. Without a row:
 * every kind, to the address on the user's account.
 */
export const notificationSettings = jicai.table('notification_settings', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  /** Where to send; null: the address on the user's account. */
  email: text('email'),
  /** The kinds (notificationTopics) sent by e-mail. */
  emailTopics: text('email_topics').array().notNull(),
  updatedAt: updatedAt(),
});

/** When each risk rule last ran, how long it took and what it raised: the inbox shows it. */
export const riskRuleRuns = jicai.table('risk_rule_runs', {
  rule: text('rule').primaryKey(),
  lastRunAt: utc('last_run_at').notNull(),
  durationMs: integer('duration_ms').notNull(),
  candidates: integer('candidates').notNull(),
  raised: integer('raised').notNull(),
  /** Whether the run finished, was cut to its alert budget, or ran out of time (ruleRunStatuses). */
  status: text('status', { enum: ruleRunStatuses }).notNull().default('completed'),
  /** Why a run was cut short or failed, for the regulator. */
  note: text('note'),
});

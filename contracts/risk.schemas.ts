import { z } from 'zod';
import { alertSeverities, alertStatuses, riskRules, ruleRunStatuses } from './enums/risk.ts';

export { alertSeverities, alertStatuses, riskRules, ruleRunStatuses };

export const alertListQuery = z.object({
  status: z.enum(alertStatuses).optional(),
  rule: z.enum(riskRules).optional(),
  severity: z.enum(alertSeverities).optional(),
  assignee: z
    .union([z.literal('me'), z.uuid()])
    .optional()
    .describe("'me' or a user id"),
  q: z.string().trim().max(50).optional().describe('Text in the title or subject'),
});

export const alertSchema = z.object({
  id: z.string(),
  rule: z.enum(riskRules),
  severity: z.enum(alertSeverities),
  status: z.enum(alertStatuses),
  title: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  subjectKind: z.string(),
  subjectId: z.string(),
  subjectLabel: z.string(),
  organizationId: z.string().nullable(),
  organizationName: z.string().nullable(),
  regionCode: z.string().nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  resolution: z.enum(['confirmed', 'dismissed']).nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const alertNoteSchema = z.object({
  id: z.string(),
  kind: z.enum(['comment', 'assign', 'close', 'reopen']),
  body: z.string(),
  userName: z.string(),
  createdAt: z.string(),
});
export const alertDetailSchema = alertSchema.extend({ notes: z.array(alertNoteSchema) });

export const assignBody = z.object({ assigneeId: z.uuid('请选择处理人'), note: z.string().trim().max(2000).default('') });
export const commentBody = z.object({
  body: z.string({ error: '请填写意见' }).trim().min(1, '请填写意见').max(2000, '意见不超过 2000 字'),
});
export const closeBody = z.object({
  resolution: z.enum(['confirmed', 'dismissed'], '请选择处理结论'),
  note: z.string({ error: '请填写处理说明' }).trim().min(2, '请填写处理说明').max(2000, '说明不超过 2000 字'),
});
export const reopenBody = z.object({ note: z.string({ error: '请填写重新打开的原因' }).trim().min(2, '请填写重新打开的原因').max(2000) });

export const ruleSchema = z.object({
  rule: z.enum(riskRules),
  name: z.string(),
  nameEn: z.string(),
  description: z.string(),
  severity: z.enum(alertSeverities),
  openCount: z.number().int(),
  totalCount: z.number().int(),
  lastRunAt: z.string().nullable(),
  /** How the last run ended: completed, truncated (more findings than its alert budget), timed_out, failed. */
  lastRunStatus: z.enum(ruleRunStatuses).nullable(),
  /** Why the last run was cut short or failed. */
  lastRunNote: z.string().nullable(),
  lastRunDurationMs: z.number().int().nullable(),
});

export const scanBody = z.object({ rule: z.enum(riskRules).optional() }).default({});
export const scanResponse = z.object({
  queued: z.array(z.enum(riskRules)).describe('Every rule that will run for this request'),
  joined: z
    .array(z.enum(riskRules))
    .describe('Of those, the rules already waiting or running: the request joined a pending run instead of queuing another'),
});
export const assigneeSchema = z.object({ id: z.string(), displayName: z.string() });

import type { Tx } from '../../db/client.ts';
import { riskAlerts } from '../../db/schema/index.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AlertSeverity, RiskRule } from '../../../contracts/enums/risk.ts';
import type { Candidate, RuleDefinition } from './risk.queries.ts';

/**
 * An alert raised by a process at the moment it sees the finding (a legal clock run out), not by a scan:
 * in the caller's transaction, once per fingerprint, on the audit trail like a scan's. Returns the new
 * alert's id, or null when that finding was raised before.
 */
export async function raiseAlert(tx: Tx, rule: RiskRule, severity: AlertSeverity, c: Candidate): Promise<string | null> {
  const [row] = await tx
    .insert(riskAlerts)
    .values({ rule, severity, ...c })
    .onConflictDoNothing({ target: riskAlerts.fingerprint })
    .returning({ id: riskAlerts.id });
  if (!row) return null;
  await appendAudit(tx, {
    actor: null,
    action: 'risk.alert.raise',
    entityType: 'risk_alert',
    entityId: row.id,
    data: { rule, fingerprint: c.fingerprint },
  });
  return row.id;
}

export type RaiseAlert = typeof raiseAlert;

/**
 * 法定时限逾期: raised by the deadline job the moment a legal clock of a procedure runs out (tenders.clocks.ts),
 * so the scan has nothing to find itself.
 */
export const deadlineRules: RuleDefinition[] = [
  {
    rule: 'missed_deadline',
    name: '法定时限逾期',
    nameEn: 'A legal time limit missed',
    description:
      '采购人、采购中心或财政部门未在法定时限内完成法定步骤（确定中标人、签订合同、答复质疑、受理或处理投诉），由时限到期作业即时提交。',
    severity: 'high',
    detect: () => Promise.resolve([]),
  },
];

import type { RiskRule } from '../../../contracts/enums/risk.ts';
import { competitionRules } from './risk.competition.ts';
import { marketRules } from './risk.market.ts';
import { deadlineRules } from './risk.alerts.ts';
import type { RuleDefinition } from './risk.queries.ts';

export { EVIDENCE_ROWS, type Candidate, type RuleDefinition } from './risk.queries.ts';

/**
 * 风险规则: each a query of the records, run as a background job, raising an alert per subject once.
 * Thresholds are policy values (risk.*), so a province can tune them without a release.
 */
export const riskRuleDefinitions: RuleDefinition[] = [...marketRules, ...competitionRules, ...deadlineRules];

export const ruleDefinition = (rule: RiskRule) => riskRuleDefinitions.find((r) => r.rule === rule)!;

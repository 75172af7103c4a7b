// The API's own zod schemas (contracts/risk.schemas.ts), so the forms cannot drift from what the server
// accepts; the enums come from contracts/enums/risk.ts.
export { alertSeverities, alertStatuses, assignBody, closeBody, commentBody, reopenBody, riskRules } from '@contracts/risk.schemas.ts';

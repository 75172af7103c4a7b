// The API's own zod schemas (server/modules/risk), so the forms cannot drift from what the server
// accepts; the enums come from server/db/schema/risk.enums.ts (plain arrays): no drizzle code is bundled.
export { alertSeverities, alertStatuses, assignBody, closeBody, commentBody, reopenBody, riskRules } from '../../../../server/modules/risk/risk.schemas.ts';

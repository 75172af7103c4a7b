// The API's own zod schemas and rules (server/modules/credit), so the forms cannot drift from what the
// server accepts; the messages shown come from the web catalogue, by issue code.
// The enums come from server/db/schema/credit.enums.ts (plain arrays): no drizzle code is bundled.
export {
  appealBody,
  appealDecisionBody,
  createExclusionBody,
  creditEventStatusSchema,
  creditSeveritySchema,
  creditSourceSchema,
  decisionBody,
  exclusionListTypeSchema,
  liftBody,
  lookupQuery,
  recordEventBody,
} from '../../../../server/modules/credit/credit.schemas.ts';
export { banLengthProblem, listTypeLabels } from '../../../../server/modules/credit/credit.rules.ts';

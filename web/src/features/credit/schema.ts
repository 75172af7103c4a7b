// The API's own zod schemas and rules (contracts/credit.schemas.ts, contracts/credit.exclusions.ts), so the forms cannot drift from what the
// server accepts; the messages shown come from the web catalogue, by issue code.
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
} from '@contracts/credit.schemas.ts';
export { banLengthProblem, listTypeLabels } from '@contracts/credit.exclusions.ts';

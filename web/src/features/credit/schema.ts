// The API's own zod schemas and rules (server/modules/credit), so the forms cannot drift from what the
// server accepts; the messages shown come from the web catalogue, by issue code.
//
// Note: credit.schemas.ts takes its enums from server/db/schema/credit.ts, which brings drizzle's
// pg-core into this (lazily loaded) chunk. Everything else here is plain zod.
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

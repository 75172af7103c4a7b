// The API's own zod schemas (server/modules/experts/experts.schemas.ts): plain zod, nothing else bundled.
export { createExpertBody, expertStatusSchema, ratingBody, statusChangeBody } from '../../../../server/modules/experts/experts.schemas.ts';

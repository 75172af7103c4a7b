// The API's own zod schemas (contracts/experts.schemas.ts): plain zod, nothing else bundled.
export { createExpertBody, expertStatusSchema, ratingBody, statusChangeBody } from '@contracts/experts.schemas.ts';

// The API's own zod schemas and rules (contracts/catalogue.schemas.ts, contracts/listings.transitions.ts): plain zod, nothing else bundled, so
// the forms cannot drift from what the server accepts; the messages shown come from the web catalogue.
export {
  agreementInput,
  amendAgreementBody,
  certificateInput,
  createListingBody,
  listingStatusSchema,
  productInput,
  reasonRequiredBody,
  searchQuerySchema,
} from '@contracts/catalogue.schemas.ts';
export { canTransition } from '@contracts/listings.transitions.ts';

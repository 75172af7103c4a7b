// The API's own zod schemas and rules (server/modules/catalogue): plain zod, nothing else bundled, so
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
} from '../../../../server/modules/catalogue/catalogue.schemas.ts';
export { canTransition } from '../../../../server/modules/catalogue/catalogue.rules.ts';

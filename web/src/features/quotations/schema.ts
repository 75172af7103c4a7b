// The API's own request schemas for online quotations (contracts/quotations.schemas.ts), for the forms'
// inline checks: plain zod shared with the server, so the forms cannot drift from what it accepts.
export {
  cancelQuotationBody,
  certificateInput,
  createQuotationBody,
  quotationStatusSchema,
  quoteBody,
} from '@contracts/quotations.schemas.ts';

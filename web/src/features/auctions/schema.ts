// The API's own request schemas for auctions (contracts/auctions.schemas.ts), for the forms' inline checks:
// plain zod shared with the server, so the forms cannot drift from what it accepts.

/** depositStatuses: the deposit states of the registrations table (the API types them as a plain string). */
export { depositStatuses, lotPhases, lotStatuses } from '@contracts/enums/process.ts';
export { bidBody, lotInput, paymentBody, registerBody, relistInput, type LotInput, type RelistInput } from '@contracts/auctions.schemas.ts';

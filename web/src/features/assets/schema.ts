// The API's own request schemas for the public property warehouse (contracts/assets.schemas.ts), for the
// forms' inline checks: plain zod shared with the server, so the forms cannot drift from what it accepts.
import { z } from 'zod';

export { assetConditions, assetStatuses, reallocationStatuses } from '@contracts/enums/process.ts';
export { assetInput, decisionBody, requestBody, writeOffBody, type AssetInput } from '@contracts/assets.schemas.ts';

/** Declining needs a reason (the service refuses one without); granting may carry one. */
export const declineReason = z.string().trim().min(2).max(1000);

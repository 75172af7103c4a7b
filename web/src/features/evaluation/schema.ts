// The API's own request schemas for the committee, score sheets, award, challenges and contracts
// (server/modules/tenders/tenders.schemas.ts is plain zod: its enums come from the drizzle-free
// tender.enums.ts, so nothing of drizzle is bundled), and the one score rule the server checks in its
// service rather than its schema: each criterion's points are 0 to weight × 100, at most two decimals
// (tenders.evaluation.ts submitScores). `bp` comes from the node-free tenders.policy.ts; the points
// helpers live in tenders.rules.ts, which imports node:crypto the storefront cannot bundle: they are
// copied here and held to the server's signatures.
import { z } from 'zod';
import { bp } from '../../../../server/modules/tenders/tenders.policy.ts';
import type { centi as serverCenti, points as serverPoints } from '../../../../server/modules/tenders/tenders.rules.ts';

export { bp } from '../../../../server/modules/tenders/tenders.policy.ts';
export { challengeInput, challengeReplyInput, contractInput, declineInput, scoresInput } from '../../../../server/modules/tenders/tenders.schemas.ts';

/** Points as exact hundredths: "45.5" → 4550. */
export const centi: typeof serverCenti = (p) => bp(p) / 100;

/** Hundredths back to points text: 4550 → "45.50". */
export const pointsText: typeof serverPoints = (c) => `${Math.trunc(c / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;

/** How points may be typed: up to three digits, at most two decimals (the server's pattern). */
export const pointsPattern = /^\d{1,3}(\.\d{1,2})?$/;

/** A criterion's full marks: its weight × 100 ("0.50" → 50). */
export const maxPoints = (weight: string) => bp(weight) / 100;

/** One criterion's points for a bid: 0 to its full marks, two decimals at most. */
export const criterionPoints = (weight: string) =>
  z
    .string()
    .trim()
    .regex(pointsPattern)
    .refine((p) => centi(p) <= bp(weight));

/** A rate as a percentage for display ("0.10" → 10, "0.125" → 12.5). */
export const percentOfRate = (rate: string) => bp(rate) / 100;

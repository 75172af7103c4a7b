// The API's own request schemas for the committee, score sheets, award, challenges and contracts
// (contracts/tenders.schemas.ts), and the one score rule the server checks in its service rather than its
// schema: each criterion's points are 0 to weight × 100, at most two decimals (pointsWithinWeight in
// contracts/tenders.policy.ts, which tenders.evaluation.ts submitScores applies). The form checks the pattern
// and the range apart, to say which one failed.
import { z } from 'zod';
import { bp, centi, pointsPattern } from '@contracts/tenders.policy.ts';

export { bp, centi, points as pointsText } from '@contracts/tenders.policy.ts';
export { percentOfRate } from '@contracts/rates.ts';
export { challengeInput, challengeReplyInput, contractInput, declineInput, scoresInput } from '@contracts/tenders.schemas.ts';

/** A criterion's full marks: its weight × 100 ("0.50" → 50). */
export const maxPoints = (weight: string) => bp(weight) / 100;

/** One criterion's points for a bid: 0 to its full marks, two decimals at most. */
export const criterionPoints = (weight: string) =>
  z
    .string()
    .trim()
    .regex(pointsPattern)
    .refine((p) => centi(p) <= bp(weight));

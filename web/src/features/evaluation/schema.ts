// The API's own request schemas for the committee, score sheets, award, challenges and contracts
// (contracts/tenders.schemas.ts), and the score rule the server checks in its service against the lot's
// criteria: criterionScore (points 0 to weight × 100, at most two decimals; 评分理由 required below full
// marks), which tenders.evaluation.ts submitScores applies through scoreSheetProblems.
import { z } from 'zod';
import { bp, centi, pointsPattern } from '@contracts/tenders.policy.ts';

export { bp, centi, points as pointsText, reasonRequired } from '@contracts/tenders.policy.ts';
export { percentOfRate } from '@contracts/rates.ts';
export {
  challengeInput,
  challengeReplyInput,
  contractInput,
  criterionScore,
  declineInput,
  scoresInput,
} from '@contracts/tenders.schemas.ts';

/** A criterion's full marks: its weight × 100 ("0.50" → 50). */
export const maxPoints = (weight: string) => bp(weight) / 100;

/** One criterion's points for a bid: 0 to its full marks, two decimals at most. */
export const criterionPoints = (weight: string) =>
  z
    .string()
    .trim()
    .regex(pointsPattern)
    .refine((p) => centi(p) <= bp(weight));

import { z } from 'zod';
import { defineJob } from '../../platform/queue/definitions.ts';

export const creditJobs = {
  /** At an exclusion's first day: suspend what the supplier has on offer (listings; later modules add theirs). */
  exclusionStart: defineJob({
    name: 'credit.exclusion-start',
    queue: 'deadlines',
    payload: z.object({ exclusionId: z.uuid() }),
    durable: true,
  }),
  /** Daily: scores decay with time even when no event changes. */
  recomputeScores: defineJob({
    name: 'credit.recompute-scores',
    queue: 'background',
    payload: z.object({}),
    durable: false,
    everySeconds: 24 * 3600,
  }),
} as const;

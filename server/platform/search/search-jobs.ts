import { z } from 'zod';
import { defineJob } from '../queue/definitions.ts';

export const searchJobs = {
  /** Meilisearch: push one listing's current document after its change committed. */
  sync: defineJob({ name: 'search.sync', queue: 'background', payload: z.object({ listingId: z.uuid() }), durable: false }),
} as const;

import { buildDocuments } from '../../server/modules/catalogue/catalogue.documents.ts';
import { defineProcessor } from '../../server/platform/queue/job-system.ts';
import { searchJobs } from '../../server/platform/search/search-jobs.ts';
import type { SearchPort } from '../../server/platform/search/search-port.ts';

/** Meilisearch sync: the listing's document as it is now (a later change has its own job). */
export const searchProcessors = (deps: { search: SearchPort }) => [
  defineProcessor(searchJobs.sync, async ({ listingId }, ctx) => {
    const docs = await buildDocuments(ctx.db, [listingId]);
    await deps.search.apply(listingId, docs.get(listingId) ?? null);
  }),
];

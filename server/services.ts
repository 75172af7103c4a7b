import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import { createAuditService } from './modules/audit/audit.service.ts';
import { createAuthService } from './modules/auth/auth.service.ts';
import { createCategoriesService } from './modules/categories/categories.service.ts';
import { createCreditService, type ExclusionEffect } from './modules/credit/credit.service.ts';
import { createCreditViews } from './modules/credit/credit.views.ts';
import { createExpertsService } from './modules/experts/experts.service.ts';
import { createOrganizationsService } from './modules/organizations/organizations.service.ts';
import type { JobSystem } from './platform/queue/job-system.ts';
import { localFileStore } from './platform/storage.ts';

/**
 * The services, wired once, shared by the HTTP app and the workers. Services are plain functions over
 * their dependencies; nothing here holds state of its own.
 */
export function createServices(deps: { config: Config; db: Db; jobs: JobSystem }) {
  const { config, db, jobs } = deps;
  const files = localFileStore(config.DATA_DIR);
  // Modules that own what an exclusion suspends (listings, open bids) add their effect here.
  const exclusionEffects: ExclusionEffect[] = [];
  const credit = createCreditService({ db, jobs, files, exclusionEffects });
  return {
    files,
    auth: createAuthService({ db, config }),
    organizations: createOrganizationsService({ db }),
    audit: createAuditService({ db }),
    categories: createCategoriesService({ db }),
    credit,
    creditViews: createCreditViews({ db }),
    experts: createExpertsService({ db }),
  };
}

export type Services = ReturnType<typeof createServices>;

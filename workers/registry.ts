import type { Config } from '../server/config.ts';
import type { Db } from '../server/db/client.ts';
import { creditJobs } from '../server/modules/credit/credit.service.ts';
import { platformJobs } from '../server/platform/queue/definitions.ts';
import type { JobSystem, Processor } from '../server/platform/queue/job-system.ts';
import { createServices } from '../server/services.ts';
import { creditProcessors } from './processors/credit.ts';
import { maintenanceProcessors } from './processors/maintenance.ts';

/** Every job declaration, and every processor: startup checks that they match one to one. */
export const jobSpecs = () => [...Object.values(platformJobs), ...Object.values(creditJobs)];

export function processors(deps: { config: Config; db: Db; jobs: JobSystem }): Processor[] {
  const services = createServices(deps);
  return [...maintenanceProcessors({ config: deps.config }), ...creditProcessors({ credit: services.credit })] as Processor[];
}

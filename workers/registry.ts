import type { Config } from '../server/config.ts';
import { platformJobs } from '../server/platform/queue/definitions.ts';
import type { Processor } from '../server/platform/queue/job-system.ts';
import { maintenanceProcessors } from './processors/maintenance.ts';

/** Every job declaration, and every processor: startup checks that they match one to one. */
export const jobSpecs = () => Object.values(platformJobs);

export const processors = (deps: { config: Config }): Processor[] => [...maintenanceProcessors(deps)] as Processor[];

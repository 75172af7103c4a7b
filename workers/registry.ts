import type { Config } from '../server/config.ts';
import type { Db } from '../server/db/client.ts';
import { creditJobs } from '../server/modules/credit/credit.service.ts';
import { platformJobs } from '../server/platform/queue/definitions.ts';
import type { JobSystem, Processor } from '../server/platform/queue/job-system.ts';
import { searchJobs } from '../server/platform/search/search-jobs.ts';
import type { SearchPort } from '../server/platform/search/search-port.ts';
import { searchProcessors } from './processors/search.ts';
import { createServices } from '../server/services.ts';
import { creditProcessors } from './processors/credit.ts';
import { orderProcessors } from './processors/orders.ts';
import { orderJobs } from '../server/modules/orders/orders.service.ts';
import { quotationJobs } from '../server/modules/quotations/quotations.service.ts';
import { quotationProcessors } from './processors/quotations.ts';
import { frameworkJobs } from '../server/modules/frameworks/frameworks.service.ts';
import { frameworkProcessors } from './processors/frameworks.ts';
import { auctionJobs } from '../server/modules/auctions/auctions.service.ts';
import { auctionProcessors } from './processors/auctions.ts';
import { tenderJobs } from '../server/modules/tenders/tenders.service.ts';
import { roundJobs } from '../server/modules/tenders/tenders.procedures.ts';
import { tenderProcessors } from './processors/tenders.ts';
import { procedureProcessors } from './processors/tender-procedures.ts';
import { maintenanceProcessors } from './processors/maintenance.ts';
import { riskJobs } from '../server/modules/risk/risk.service.ts';
import { riskProcessors } from './processors/risk.ts';
import { notificationJobs } from '../server/modules/notifications/notifications.service.ts';
import { notificationProcessors } from './processors/notifications.ts';

/** Every job declaration, and every processor: startup checks that they match one to one. */
export const jobSpecs = () => [
  ...Object.values(platformJobs),
  ...Object.values(creditJobs),
  ...Object.values(searchJobs),
  ...Object.values(orderJobs),
  ...Object.values(quotationJobs),
  ...Object.values(frameworkJobs),
  ...Object.values(auctionJobs),
  ...Object.values(tenderJobs),
  ...Object.values(roundJobs),
  ...Object.values(riskJobs),
  ...Object.values(notificationJobs),
];

export function processors(deps: { config: Config; db: Db; jobs: JobSystem; search: SearchPort }): Processor[] {
  const services = createServices(deps);
  return [
    ...maintenanceProcessors({ config: deps.config }),
    ...creditProcessors({ credit: services.credit }),
    ...searchProcessors({ search: deps.search }),
    ...orderProcessors({ orders: services.orders }),
    ...quotationProcessors({ quotations: services.quotations }),
    ...frameworkProcessors({ frameworks: services.frameworks }),
    ...auctionProcessors({ auctions: services.auctions }),
    ...tenderProcessors({ tenders: services.tenders, expertDraw: services.expertDraw, clocks: services.tenderClocks }),
    ...procedureProcessors({ procedures: services.tenderProcedures }),
    ...riskProcessors({ risk: services.risk }),
    ...notificationProcessors({ config: deps.config }),
  ] as Processor[];
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TenderComplaints } from './tenders.complaints.ts';
import type { TenderEvaluation } from './tenders.evaluation.ts';
import type { ExpertDraw } from './tenders.experts.ts';
import type { TendersService } from './tenders.service.ts';

/* What the tender route files share: the app they declare routes on, the services, tags and access. */

export type TendersApp = Parameters<FastifyPluginAsyncZod>[0];
export interface TendersRouteDeps {
  tenders: TendersService;
  experts: ExpertDraw;
  evaluation: TenderEvaluation;
  complaints: TenderComplaints;
}
export const tags = ['tenders'];
export const center = { access: { roles: ['center_staff'] as const } };
export const supplier = { access: { roles: ['supplier'] as const } };

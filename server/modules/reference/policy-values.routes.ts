import { isoDay } from '../../../contracts/dates.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses } from '../../platform/http.ts';
import { regionalPolicyKeys, type PolicyValuesService } from './policy-values.service.ts';

const valueRow = z.object({
  key: z.enum(regionalPolicyKeys),
  value: z.unknown(),
  basis: z.string(),
  regionCode: z.string(),
  setBy: z.string(),
  effectiveFrom: z.string(),
  ownRows: z.array(z.object({ value: z.unknown(), effectiveFrom: z.string(), basis: z.string() })),
});

/** 政策取值: the values in force in the caller's area and who set them; a regulator sets its own level's. */
export const policyValuesRoutes =
  (deps: { policyValues: PolicyValuesService }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['policy'];
    app.get(
      '/api/policy-values',
      {
        config: { access: { roles: ['regulator', 'center_staff'] } },
        schema: {
          tags,
          summary: "Regional policy values in force in the caller's region, each with the level and document that set it",
          response: {
            200: z.object({ regionCode: z.string(), regionName: z.string(), editable: z.boolean(), items: z.array(valueRow) }),
            ...problemResponses(401, 403),
          },
        },
      },
      async (request) => deps.policyValues.effective(requireAuth(request)),
    );
    app.post(
      '/api/policy-values',
      {
        config: { access: { roles: ['regulator'] } },
        schema: {
          tags,
          summary: "A regulator sets a policy value for its own level from a date (audited); another region's is 403",
          body: z.object({
            key: z.enum(regionalPolicyKeys),
            value: z.union([z.number(), z.object({ min: z.string(), max: z.string() })]),
            effectiveFrom: isoDay,
            basis: z.string().trim().min(4, '请写明依据文件').max(300),
            regionCode: z
              .string()
              .regex(/^\d{6}$/)
              .optional(),
          }),
          response: {
            201: z.object({
              id: z.string(),
              key: z.string(),
              regionCode: z.string(),
              value: z.unknown(),
              effectiveFrom: z.string(),
              basis: z.string(),
            }),
            ...problemResponses(400, 401, 403, 409, 422),
          },
        },
      },
      async (request, reply) => reply.code(201).send(await deps.policyValues.set(requireAuth(request), request.body)),
    );
  };

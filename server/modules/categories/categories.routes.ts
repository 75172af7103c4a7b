import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CategoriesService } from './categories.service.ts';

const categorySchema = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  parentCode: z.string().nullable(),
  level: z.number().int(),
  greenPolicy: z.enum(['mandatory', 'priority', 'none']),
  requiresFramework: z.boolean(),
  allocationCapFen: z.number().nullable(),
  allocationMinYears: z.number().nullable(),
  referencePriceFen: z.number().nullable(),
  /** The specs a standard product in this category must state (product forms follow it). */
  specSchema: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      labelEn: z.string(),
      type: z.enum(['text', 'number', 'enum']),
      unit: z.string().optional(),
      options: z.array(z.string()).optional(),
      required: z.boolean(),
    }),
  ),
});

const statsSchema = z.object({ purchasingUnits: z.number(), suppliers: z.number(), categories: z.number(), experts: z.number() });

export const categoriesRoutes =
  (deps: { categories: CategoriesService }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/categories',
      {
        config: { access: { public: true } },
        schema: {
          tags: ['catalogue'],
          summary: '政府采购品目 tree (flat, by parentCode) with policy flags',
          response: { 200: z.object({ items: z.array(categorySchema) }) },
        },
      },
      async (_request, reply) => {
        reply.header('cache-control', 'public, max-age=60');
        return { items: await deps.categories.listCategories() };
      },
    );

    app.get(
      '/api/public/stats',
      {
        config: { access: { public: true }, rateLimit: { bucket: 'public' } },
        schema: { tags: ['public'], summary: 'Platform figures for the public home page', response: { 200: statsSchema } },
      },
      async () => deps.categories.platformStats(),
    );
  };

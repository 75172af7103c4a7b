import { asc, count, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { categories, experts, organizations } from '../../db/schema/index.ts';

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
});

const statsSchema = z.object({ purchasingUnits: z.number(), suppliers: z.number(), categories: z.number(), experts: z.number() });

export const categoriesRoutes =
  (deps: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/categories',
      {
        config: { access: { public: true } },
        schema: { tags: ['catalogue'], summary: '政府采购品目 tree (flat, by parentCode) with policy flags', response: { 200: z.object({ items: z.array(categorySchema) }) } },
      },
      async (_request, reply) => {
        const rows = await deps.db.select().from(categories).orderBy(asc(categories.sortOrder), asc(categories.code));
        reply.header('cache-control', 'public, max-age=60');
        return {
          items: rows.map((c) => ({
            code: c.code,
            name: c.name,
            nameEn: c.nameEn,
            parentCode: c.parentCode,
            level: c.level,
            greenPolicy: c.greenPolicy,
            requiresFramework: c.requiresFramework,
            allocationCapFen: c.allocationCapFen,
            allocationMinYears: c.allocationMinYears,
          })),
        };
      },
    );

    app.get(
      '/api/public/stats',
      {
        config: { access: { public: true } },
        schema: { tags: ['public'], summary: 'Platform figures for the public home page', response: { 200: statsSchema } },
      },
      async () => {
        const kindCount = (kind: 'purchasing_unit' | 'supplier') =>
          deps.db.select({ n: count() }).from(organizations).where(eq(organizations.kind, kind)).then((r) => r[0]?.n ?? 0);
        const [purchasingUnits, suppliers, categoryCount, expertCount] = await Promise.all([
          kindCount('purchasing_unit'),
          kindCount('supplier'),
          deps.db.select({ n: count() }).from(categories).then((r) => r[0]?.n ?? 0),
          deps.db.select({ n: count() }).from(experts).where(eq(experts.status, 'active')).then((r) => r[0]?.n ?? 0),
        ]);
        return { purchasingUnits, suppliers, categories: categoryCount, experts: expertCount };
      },
    );
  };

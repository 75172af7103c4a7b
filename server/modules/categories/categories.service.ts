import { asc, count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { categories, organizations } from '../../db/schema/index.ts';
import { countActive as countActiveExperts } from '../experts/experts.queries.ts';

export function createCategoriesService(deps: { db: Db }) {
  const { db } = deps;

  async function listCategories() {
    const rows = await db.select().from(categories).orderBy(asc(categories.sortOrder), asc(categories.code));
    return rows.map((c) => ({
      code: c.code,
      name: c.name,
      nameEn: c.nameEn,
      parentCode: c.parentCode,
      level: c.level,
      greenPolicy: c.greenPolicy,
      requiresFramework: c.requiresFramework,
      allocationCapFen: c.allocationCapFen,
      allocationMinYears: c.allocationMinYears,
      referencePriceFen: c.referencePriceFen,
      specSchema: c.specSchema,
    }));
  }

  async function platformStats() {
    const kindCount = (kind: 'purchasing_unit' | 'supplier') =>
      db
        .select({ n: count() })
        .from(organizations)
        .where(eq(organizations.kind, kind))
        .then((r) => r[0]?.n ?? 0);
    const [purchasingUnits, suppliers, categoryCount, expertCount] = await Promise.all([
      kindCount('purchasing_unit'),
      kindCount('supplier'),
      db
        .select({ n: count() })
        .from(categories)
        .then((r) => r[0]?.n ?? 0),
      countActiveExperts(db),
    ]);
    return { purchasingUnits, suppliers, categories: categoryCount, experts: expertCount };
  }

  return { listCategories, platformStats };
}

export type CategoriesService = ReturnType<typeof createCategoriesService>;

import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { categories } from '../../db/schema/index.ts';
import { fieldError } from '../../platform/errors.ts';
import type { TenderInput } from '../../../contracts/tenders.schemas.ts';

/** The root of the 政府采购品目分类目录 for each kind: 货物 A, 工程 B, 服务 C. */
export const kindRoots = { goods: 'A', works: 'B', services: 'C' } as const;

/** The 品目 the committee's specialties must cover: each lot's code, the tender's where a lot names none. */
export const drawSpecialties = (t: { categoryCode: string }, lots: readonly { categoryCode: string | null }[]) => [
  ...new Set(lots.length ? lots.map((l) => l.categoryCode ?? t.categoryCode) : [t.categoryCode]),
];

/** Names of the given codes from the categories reference (code → name). */
export async function categoryNames(db: DbOrTx, codes: readonly string[]) {
  const wanted = [...new Set(codes.filter(Boolean))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await db.select({ code: categories.code, name: categories.name }).from(categories).where(inArray(categories.code, wanted));
  return new Map(rows.map((r) => [r.code, r.name]));
}

/**
 * The tender's and every lot's 品目 must be a code of the categories reference, under the root of the tender's
 * kind (a goods tender buys A-codes). A 422 names the field.
 */
export async function checkCategories(db: DbOrTx, body: Pick<TenderInput, 'kind' | 'categoryCode' | 'lots'>) {
  const root = kindRoots[body.kind];
  const fields = [
    ...(body.categoryCode ? [{ field: 'categoryCode', code: body.categoryCode }] : []),
    ...body.lots.flatMap((l, i) => (l.categoryCode ? [{ field: `lots[${i}].categoryCode`, code: l.categoryCode }] : [])),
  ];
  const known = await categoryNames(
    db,
    fields.map((f) => f.code),
  );
  for (const f of fields) {
    if (!known.has(f.code)) throw fieldError(f.field, `品目 ${f.code} 不在政府采购品目分类目录中`);
    if (!f.code.startsWith(root))
      throw fieldError(
        f.field,
        `品目 ${f.code} 与采购类别不符（${body.kind === 'goods' ? '货物' : body.kind === 'works' ? '工程' : '服务'}类品目以 ${root} 开头）`,
      );
  }
}

/**
 * 同品牌 (财政部令第87号第三十一条): the valid bids of one lot that offer the same brand, by brand, where more
 * than one does. They count as one supplier for the minimum number of bidders.
 */
export function sameBrandGroups(valid: readonly { id: string; brand: string | null }[]) {
  const by = new Map<string, { brand: string; ids: string[] }>();
  for (const b of valid) {
    const brand = b.brand?.trim();
    if (!brand) continue;
    const key = brand.toLowerCase();
    const g = by.get(key) ?? { brand, ids: [] };
    g.ids.push(b.id);
    by.set(key, g);
  }
  return [...by.values()].filter((g) => g.ids.length > 1);
}

/** The opening note's mark of same-brand bids: "（同品牌「清华同方」投标 2 份，按一家计）". */
export const sameBrandNote = (groups: readonly { brand: string; ids: readonly string[] }[]) =>
  groups.map((g) => `（同品牌「${g.brand}」投标 ${g.ids.length} 份，按一家计）`).join('');

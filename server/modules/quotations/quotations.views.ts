import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { containsPattern } from '../../db/columns.ts';
import { categories, organizations, quotationQuotes, quotations } from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { inJurisdiction, withinJurisdiction } from '../../platform/jurisdiction.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
import { sortOf } from '../../../contracts/list-filters.ts';
import type { QuotationListFilters } from '../../../contracts/quotations.schemas.ts';
import type { QuotationRow, QuotationsDeps } from './quotations.context.ts';

/** What the parties and the public read of quotations: one, a page. */
export function createQuotationViews(deps: QuotationsDeps) {
  const { db } = deps;

  async function toDtos(rows: QuotationRow[], view: 'party' | 'public') {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [cats, orgs, quotes] = await Promise.all([
      db
        .select({ code: categories.code, name: categories.name, greenPolicy: categories.greenPolicy })
        .from(categories)
        .where(inArray(categories.code, [...new Set(rows.map((r) => r.categoryCode))])),
      db
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(inArray(organizations.id, [...new Set(rows.map((r) => r.purchaserOrgId))])),
      db
        .select({ quote: quotationQuotes, supplierName: organizations.name })
        .from(quotationQuotes)
        .innerJoin(organizations, eq(organizations.id, quotationQuotes.supplierId))
        .innerJoin(quotations, eq(quotations.id, quotationQuotes.quotationId))
        // Sealed: nothing of a quote leaves the database while its quotation is open.
        .where(
          and(
            inArray(quotationQuotes.quotationId, ids),
            isNull(quotationQuotes.withdrawnAt),
            sql`${quotations.status} in ('awarded', 'failed')`,
          ),
        )
        .orderBy(sql`${quotationQuotes.rank} asc nulls last`, quotationQuotes.submittedAt),
    ]);
    const cat = new Map(cats.map((c) => [c.code, c]));
    const org = new Map(orgs.map((o) => [o.id, o.name]));
    return rows.map((q) => {
      const closed = q.status === 'awarded' || q.status === 'failed';
      const own = quotes.filter((x) => x.quote.quotationId === q.id);
      return {
        id: q.id,
        quotationNo: q.quotationNo,
        status: q.status,
        purchaserOrgId: q.purchaserOrgId,
        purchaserName: org.get(q.purchaserOrgId) ?? '',
        title: q.title,
        categoryCode: q.categoryCode,
        categoryName: cat.get(q.categoryCode)?.name ?? q.categoryCode,
        specs: q.specs,
        requirements: q.requirements,
        quantity: q.quantity,
        ceilingFen: q.ceilingFen,
        deliveryDays: q.deliveryDays,
        deliveryAddress: q.deliveryAddress,
        contactName: q.contactName,
        contactPhone: q.contactPhone,
        reservedForSme: q.reservedForSme,
        smeDeductionRate: q.smeDeductionRate,
        minQuotes: q.minQuotes,
        frameworkCallId: q.frameworkCallId,
        greenMandatory: cat.get(q.categoryCode)?.greenPolicy === 'mandatory',
        deadline: q.deadline.toISOString(),
        createdAt: q.createdAt.toISOString(),
        closedAt: q.closedAt?.toISOString() ?? null,
        resultNote: q.resultNote,
        cancelReason: q.cancelReason,
        budgetLineId: view === 'party' ? q.budgetLineId : null,
        orderId: view === 'party' ? q.orderId : null,
        quoteCount: closed ? own.length : null,
        quotes: own.map(({ quote: x, supplierName }) => ({
          supplierId: x.supplierId,
          supplierName,
          sizeClass: x.sizeClass,
          submittedAt: x.submittedAt.toISOString(),
          commitment: x.commitment,
          unitPriceFen: x.unitPriceFen,
          totalFen: x.totalFen,
          brand: x.brand,
          model: x.model,
          specs: x.offeredSpecs,
          deliveryDays: x.deliveryDays,
          smeDeclared: x.smeDeclared,
          smeStatement: x.smeStatement,
          deductionRate: x.deductionRate,
          evaluationFen: x.evaluationFen,
          compliant: x.compliant,
          issues: x.issues ?? [],
          rank: x.rank,
        })),
      };
    });
  }

  const mayRead = async (auth: AuthContext, q: QuotationRow) =>
    q.purchaserOrgId === auth.orgId || (auth.roles.includes('regulator') && (await withinJurisdiction(db, auth, [q.purchaserOrgId])));

  async function get(auth: AuthContext, id: string) {
    const [q] = await db.select().from(quotations).where(eq(quotations.id, id));
    if (!q || !(await mayRead(auth, q))) throw new NotFoundError('quotation not found');
    return (await toDtos([q], 'party'))[0]!;
  }

  async function getPublic(id: string) {
    const [q] = await db.select().from(quotations).where(eq(quotations.id, id));
    if (!q) throw new NotFoundError('quotation not found');
    return (await toDtos([q], 'public'))[0]!;
  }

  const sortColumns = { createdAt: quotations.createdAt, deadline: quotations.deadline, ceilingFen: quotations.ceilingFen };

  /** A page of quotations in the list's order (newest first unless told), ties broken by id. */
  async function page(where: SQL | undefined, p: PageQuery, view: 'party' | 'public', sort?: QuotationListFilters['sort']) {
    const by = sortOf(sort, '-createdAt');
    const dir = by.desc ? desc : asc;
    const [rows, [total]] = await Promise.all([
      db
        .select()
        .from(quotations)
        .where(where)
        .orderBy(dir(sortColumns[by.field]), dir(quotations.id))
        .limit(p.pageSize)
        .offset(offsetOf(p)),
      db.select({ n: count() }).from(quotations).where(where),
    ]);
    return { rows, items: await toDtos(rows, view), total: total?.n ?? 0, ...p };
  }

  /** The list filters as conditions: they only narrow what the caller's scope gives. Days are Asia/Shanghai days of posting. */
  const filters = (f: QuotationListFilters) => [
    f.status ? eq(quotations.status, f.status) : undefined,
    f.q ? or(ilike(quotations.title, containsPattern(f.q)), ilike(quotations.quotationNo, containsPattern(f.q))) : undefined,
    f.organizationId ? eq(quotations.purchaserOrgId, f.organizationId) : undefined,
    f.from ? sql`${quotations.createdAt} >= (${f.from}::date)::timestamp at time zone 'Asia/Shanghai'` : undefined,
    f.to ? sql`${quotations.createdAt} < (${f.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'` : undefined,
    f.minFen !== undefined ? gte(quotations.ceilingFen, f.minFen) : undefined,
    f.maxFen !== undefined ? lte(quotations.ceilingFen, f.maxFen) : undefined,
  ];

  /** The unit's own quotations (regulators: their jurisdiction's units'). */
  async function list(auth: AuthContext, f: QuotationListFilters, p: PageQuery) {
    const { rows: _rows, ...rest } = await page(
      and(
        auth.roles.includes('regulator') ? inJurisdiction(auth, quotations.purchaserOrgId) : eq(quotations.purchaserOrgId, auth.orgId),
        ...filters(f),
      ),
      p,
      'party',
      f.sort,
    );
    return rest;
  }

  /** Announcements and results, for everyone. */
  async function listPublic(f: QuotationListFilters, p: PageQuery) {
    const { rows: _rows, ...rest } = await page(and(...filters(f)), p, 'public', f.sort);
    return rest;
  }

  return { toDtos, mayRead, get, getPublic, page, filters, list, listPublic };
}

export type QuotationViews = ReturnType<typeof createQuotationViews>;

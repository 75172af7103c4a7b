import { and, count, desc, eq, inArray, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { categories, frameworkCalls, frameworkResponses, frameworkRotationOrders, organizations } from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { inJurisdiction, withinJurisdiction } from '../../platform/jurisdiction.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
import { callOffOrders } from '../orders/orders.queries.ts';
import { quotationsUnderFramework } from '../quotations/quotations.queries.ts';
import { ocidOf } from '../ocds/ocds.ids.ts';
import type { CallRow, FrameworksDeps, ResponseRow, RotationRow } from './frameworks.context.ts';

type Viewer = 'public' | 'center' | 'supplier';

/** What is read of calls: each viewer sees responses only once the rules allow (center: opened; others: admitted). */
export function createFrameworkViews(deps: FrameworksDeps) {
  const { db } = deps;

  async function namesOf(ids: string[]) {
    const rows = ids.length
      ? await db
          .select({ id: organizations.id, name: organizations.name })
          .from(organizations)
          .where(inArray(organizations.id, [...new Set(ids)]))
      : [];
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  const responsesVisible = (call: CallRow, viewer: Viewer) =>
    viewer === 'center' ? call.status !== 'open' : call.status === 'admitted' || call.status === 'cancelled';

  async function dtos(calls: CallRow[], viewer: Viewer) {
    if (calls.length === 0) return [];
    const visible = calls.filter((c) => responsesVisible(c, viewer)).map((c) => c.id);
    const [responses, cats] = await Promise.all([
      visible.length ? db.select().from(frameworkResponses).where(inArray(frameworkResponses.callId, visible)) : Promise.resolve([]),
      db
        .select({ code: categories.code, name: categories.name })
        .from(categories)
        .where(
          inArray(
            categories.code,
            calls.map((c) => c.categoryCode),
          ),
        ),
    ]);
    const names = await namesOf([...calls.map((c) => c.centerOrgId), ...responses.map((r) => r.supplierId)]);
    return calls.map((c) => {
      const own = responses
        .filter((r) => r.callId === c.id)
        .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.submittedAt.getTime() - b.submittedAt.getTime());
      return {
        id: c.id,
        callNo: c.callNo,
        ocid: ocidOf(c.callNo),
        centerOrgId: c.centerOrgId,
        centerName: names.get(c.centerOrgId) ?? '',
        title: c.title,
        categoryCode: c.categoryCode,
        categoryName: cats.find((x) => x.code === c.categoryCode)?.name ?? c.categoryCode,
        requirements: c.requirements,
        method: c.method,
        entry: c.entry,
        capUnitPriceFen: c.capUnitPriceFen,
        maxAdmitted: c.maxAdmitted,
        rotationCapacity: c.rotationCapacity,
        startsOn: c.startsOn,
        endsOn: c.endsOn,
        deadline: c.deadline.toISOString(),
        status: c.status,
        createdAt: c.createdAt.toISOString(),
        closedAt: c.closedAt?.toISOString() ?? null,
        admittedAt: c.admittedAt?.toISOString() ?? null,
        panel: c.panel ?? [],
        responseCount: responsesVisible(c, viewer) ? own.filter((r) => r.kind === 'response').length : null,
        responses: responsesVisible(c, viewer) ? own.map((r) => responseDto(r, names)) : [],
      };
    });
  }

  const responseDto = (r: ResponseRow, names: Map<string, string>) => ({
    id: r.id,
    supplierId: r.supplierId,
    supplierName: names.get(r.supplierId) ?? '',
    kind: r.kind,
    submittedAt: r.submittedAt.toISOString(),
    digest: r.digest,
    unitPriceFen: r.unitPriceFen,
    qualityScore: r.qualityScore,
    compliant: r.compliant,
    issues: r.issues ?? [],
    rank: r.rank,
    admitted: r.admitted,
    decisionReason: r.decisionReason,
    position: r.position,
    agreementId: r.agreementId,
    suspendedReason: r.suspendedReason,
  });

  async function page(where: SQL | undefined, p: PageQuery, viewer: Viewer) {
    const [rows, [total]] = await Promise.all([
      db.select().from(frameworkCalls).where(where).orderBy(desc(frameworkCalls.createdAt)).limit(p.pageSize).offset(offsetOf(p)),
      db.select({ n: count() }).from(frameworkCalls).where(where),
    ]);
    return { rows, items: await dtos(rows, viewer), total: total?.n ?? 0, ...p };
  }

  async function getPublic(id: string) {
    const [c] = await db.select().from(frameworkCalls).where(eq(frameworkCalls.id, id));
    if (!c) throw new NotFoundError('framework call not found');
    return (await dtos([c], 'public'))[0]!;
  }

  /** The center's own call, or for a regulator one run by a center of its area (#19). */
  const staffReads = async (auth: AuthContext, c: { centerOrgId: string }) =>
    (auth.roles.includes('center_staff') && c.centerOrgId === auth.orgId) ||
    (auth.roles.includes('regulator') && (await withinJurisdiction(db, auth, [c.centerOrgId])));

  /** The center's own call (another center's: 404); regulators read the calls of their area's centers. */
  async function getForStaff(auth: AuthContext, id: string) {
    const [c] = await db.select().from(frameworkCalls).where(eq(frameworkCalls.id, id));
    if (!c || !(await staffReads(auth, c))) throw new NotFoundError('framework call not found');
    return (await dtos([c], 'center'))[0]!;
  }

  async function listForStaff(auth: AuthContext, p: PageQuery) {
    const { rows: _rows, ...rest } = await page(
      auth.roles.includes('regulator') ? inJurisdiction(auth, frameworkCalls.centerOrgId) : eq(frameworkCalls.centerOrgId, auth.orgId),
      p,
      'center',
    );
    return rest;
  }

  async function listPublic(p: PageQuery) {
    const { rows: _rows, ...rest } = await page(undefined, p, 'public');
    return rest;
  }

  /** For a supplier: every call, with its own response's receipt (never another's price before the admission). */
  async function listForSupplier(auth: AuthContext, p: PageQuery) {
    const { rows, items, ...rest } = await page(undefined, p, 'supplier');
    const mine = rows.length
      ? await db
          .select()
          .from(frameworkResponses)
          .where(
            and(
              eq(frameworkResponses.supplierId, auth.orgId),
              inArray(
                frameworkResponses.callId,
                rows.map((r) => r.id),
              ),
            ),
          )
      : [];
    return {
      items: items.map((c) => {
        const r = mine.find((x) => x.callId === c.id);
        return { ...c, myResponse: r ? { submittedAt: r.submittedAt.toISOString(), digest: r.digest, admitted: r.admitted } : null };
      }),
      ...rest,
    };
  }

  async function rotationDtos(rows: RotationRow[]) {
    const names = await namesOf(rows.flatMap((r) => [r.supplierId, ...r.skipped.map((s) => s.supplierId)]));
    return rows.map((r) => ({
      id: r.id,
      orderNo: r.orderNo,
      callId: r.callId,
      purchaserOrgId: r.purchaserOrgId,
      title: r.title,
      quantity: r.quantity,
      unitPriceFen: r.unitPriceFen,
      totalFen: r.totalFen,
      supplierId: r.supplierId,
      supplierName: names.get(r.supplierId) ?? '',
      agreementId: r.agreementId,
      position: r.position,
      skipped: r.skipped.map((s) => ({ ...s, supplierName: names.get(s.supplierId) ?? '' })),
      status: r.status,
      createdAt: r.createdAt.toISOString(),
    }));
  }

  /** Rotation call-offs the caller may see: its unit's, its supplier's, or (center) those under its calls. */
  async function rotationOrders(auth: AuthContext, callId: string) {
    const [c] = await db.select().from(frameworkCalls).where(eq(frameworkCalls.id, callId));
    if (!c) throw new NotFoundError('framework call not found');
    const staff = await staffReads(auth, c);
    const rows = await db
      .select()
      .from(frameworkRotationOrders)
      .where(
        and(
          eq(frameworkRotationOrders.callId, callId),
          staff
            ? undefined
            : auth.roles.includes('regulator')
              ? inJurisdiction(auth, frameworkRotationOrders.purchaserOrgId)
              : or(eq(frameworkRotationOrders.purchaserOrgId, auth.orgId), eq(frameworkRotationOrders.supplierId, auth.orgId)),
        ),
      )
      .orderBy(desc(frameworkRotationOrders.createdAt));
    return rotationDtos(rows);
  }

  /** 协议层面统计: per admitted supplier, what was bought under the agreement each way and how often rotation gave or passed it. */
  async function figures(auth: AuthContext, callId: string) {
    const [c] = await db.select().from(frameworkCalls).where(eq(frameworkCalls.id, callId));
    if (!c || !(await staffReads(auth, c))) throw new NotFoundError('framework call not found');
    return figuresOf(db, c);
  }

  return { getPublic, getForStaff, listForStaff, listPublic, listForSupplier, rotationOrders, rotationDtos, figures, namesOf };
}

/** The agreement-level figures of one call (used by the views and the dashboards). */
export async function figuresOf(db: DbOrTx, c: CallRow) {
  const [members, rotations, quotations] = await Promise.all([
    db
      .select()
      .from(frameworkResponses)
      .where(and(eq(frameworkResponses.callId, c.id), eq(frameworkResponses.admitted, true))),
    db.select().from(frameworkRotationOrders).where(eq(frameworkRotationOrders.callId, c.id)),
    quotationsUnderFramework(db, c.id),
  ]);
  const { direct, quoted } = await callOffOrders(db, {
    agreementIds: members.flatMap((m) => (m.agreementId ? [m.agreementId] : [])),
    quotationIds: quotations.map((q) => q.id),
  });
  const ids = [...new Set([...members.map((m) => m.supplierId), ...direct.map((o) => o.supplierId), ...quoted.map((o) => o.supplierId)])];
  const names = ids.length
    ? await db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, ids))
    : [];
  const sum = (xs: { supplierId: string; totalFen: number }[], id: string) =>
    xs.filter((x) => x.supplierId === id).reduce((s, x) => s + x.totalFen, 0);
  return {
    callId: c.id,
    callNo: c.callNo,
    title: c.title,
    suppliers: ids.map((id) => ({
      supplierId: id,
      supplierName: names.find((n) => n.id === id)?.name ?? '',
      position: members.find((m) => m.supplierId === id)?.position ?? null,
      directFen: sum(direct, id),
      quotationFen: sum(quoted, id),
      rotationFen: sum(rotations, id),
      rotationOrders: rotations.filter((r) => r.supplierId === id).length,
      rotationSkips: rotations.reduce((n, r) => n + r.skipped.filter((s) => s.supplierId === id).length, 0),
    })),
  };
}

export type FrameworkViews = ReturnType<typeof createFrameworkViews>;

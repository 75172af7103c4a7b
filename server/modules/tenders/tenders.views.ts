import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { containsPattern } from '../../db/columns.ts';
import {
  bids,
  organizations,
  procurementMethods,
  tenderClarifications,
  tenderContracts,
  tenderLots,
  tenders,
} from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { inJurisdiction, withinJurisdiction } from '../../platform/jurisdiction.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
import { sortOf } from '../../../contracts/list-filters.ts';
import type { TenderListFilters } from '../../../contracts/tenders.schemas.ts';
import { readableTender, readsAsExpert, seatedExpertScope } from './tenders.access.ts';
import { clocksOf, privateClockKinds } from './tenders.clocks.ts';
import { complaintDecisionsOf } from './tenders.complaint-decisions.ts';
import { resultsOf } from './tenders.results.ts';
import { contractNoticesOf, contractVisibleTo } from './tenders.contract-notice.ts';
import { categoryNames } from './tenders.categories.ts';
import { ocidOf, type OpeningRow, type TenderRow, type TendersDeps } from './tenders.context.ts';

/** What the public, the parties and oversight read of tenders: one, a page. */
export function createTenderViews(deps: TendersDeps) {
  const { db } = deps;

  async function toDtos(rows: TenderRow[], viewerOrgId: string | null = null) {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [lots, clar, orgs, methods, contracts, clocks, decisions, results, notices] = await Promise.all([
      db.select().from(tenderLots).where(inArray(tenderLots.tenderId, ids)).orderBy(tenderLots.lotNo),
      db.select().from(tenderClarifications).where(inArray(tenderClarifications.tenderId, ids)).orderBy(tenderClarifications.createdAt),
      db
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(inArray(organizations.id, [...new Set(rows.flatMap((r) => [r.purchaserOrgId, r.centerOrgId]))])),
      db.select().from(procurementMethods),
      db
        .select({ c: tenderContracts, supplierName: organizations.name })
        .from(tenderContracts)
        .innerJoin(organizations, eq(organizations.id, tenderContracts.supplierId))
        .where(inArray(tenderContracts.tenderId, ids))
        .orderBy(tenderContracts.contractNo),
      clocksOf(db, ids),
      complaintDecisionsOf(db, ids),
      resultsOf(db, rows),
      contractNoticesOf(db, viewerOrgId, rows),
    ]);
    const name = new Map(orgs.map((o) => [o.id, o.name]));
    const categoryName = await categoryNames(db, [...rows.map((r) => r.categoryCode), ...lots.map((l) => l.categoryCode ?? '')]);
    return rows.map((t) => ({
      id: t.id,
      tenderNo: t.tenderNo,
      ocid: ocidOf(t.tenderNo),
      title: t.title,
      methodCode: t.methodCode,
      methodName: methods.find((m) => m.code === t.methodCode)?.name ?? t.methodCode,
      purchaserOrgId: t.purchaserOrgId,
      purchaserName: name.get(t.purchaserOrgId) ?? '',
      centerOrgId: t.centerOrgId,
      invitedSupplierIds: t.invitedSupplierIds,
      cancelReason: t.cancelReason,
      centerName: name.get(t.centerOrgId) ?? '',
      kind: t.kind,
      categoryCode: t.categoryCode,
      categoryName: categoryName.get(t.categoryCode) ?? null,
      description: t.description,
      documents: t.documents,
      documentsVersion: t.documentsVersion,
      greenPreference: t.greenPreference,
      status: t.status,
      publishedAt: t.publishedAt?.toISOString() ?? null,
      deadline: t.deadline.toISOString(),
      openedAt: t.openedAt?.toISOString() ?? null,
      awardNoticeAt: t.awardNoticeAt?.toISOString() ?? null,
      challengeUntil: t.challengeUntil?.toISOString() ?? null,
      documentsUntil: t.documentsUntil?.toISOString() ?? null,
      suspendedAt: t.suspendedAt?.toISOString() ?? null,
      clocks: clocks
        .filter((c) => c.tenderId === t.id)
        .filter((c) => !privateClockKinds.includes(c.kind) || [t.centerOrgId, t.purchaserOrgId, ...c.parties].includes(viewerOrgId ?? ''))
        .map(({ tenderId: _, parties: __, ...c }) => c),
      complaintDecisions: decisions.filter((d) => d.tenderId === t.id).map(({ tenderId: _, ...d }) => d),
      resultNote: t.resultNote,
      lots: lots
        .filter((l) => l.tenderId === t.id)
        .map((l) => ({
          id: l.id,
          lotNo: l.lotNo,
          name: l.name,
          categoryCode: l.categoryCode ?? t.categoryCode,
          categoryName: categoryName.get(l.categoryCode ?? t.categoryCode) ?? null,
          budgetFen: l.budgetFen,
          items: l.items,
          evaluationMethod: l.evaluationMethod,
          priceWeight: l.priceWeight,
          criteria: l.criteria,
          smeReserved: l.smeReserved,
          smallMicroOnly: l.smallMicroOnly,
          smeDeductionRate: l.smeDeductionRate,
          bidBondFen: l.bidBondFen,
          greenBonusPoints: l.greenBonusPoints,
          greenDeductionRate: l.greenDeductionRate,
          consortiumDeductionRate: l.consortiumDeductionRate,
          status: l.status,
        })),
      clarifications: clar
        .filter((c) => c.tenderId === t.id)
        .map((c) => ({
          id: c.id,
          question: c.question,
          answer: c.answer,
          changesDocuments: c.changesDocuments,
          deadlineMovedTo: c.deadlineMovedTo?.toISOString() ?? null, // How many bids an amendment invalidated says how many were in: only after the opening.
          invalidatedBids: t.openedAt ? c.invalidatedBids : null,
          createdAt: c.createdAt.toISOString(),
          answeredAt: c.answeredAt?.toISOString() ?? null,
          askedByMe: viewerOrgId !== null && c.askedByOrgId === viewerOrgId,
        })),
      contracts: contracts
        .filter(({ c }) => c.tenderId === t.id && contractVisibleTo(viewerOrgId, t, c))
        .map(({ c, supplierName }) => ({
          id: c.id,
          contractNo: c.contractNo,
          lotId: c.lotId,
          lotNo: lots.find((l) => l.id === c.lotId)?.lotNo ?? 0,
          supplierId: c.supplierId,
          supplierName,
          priceFen: c.priceFen,
          signedOn: c.signedOn,
        })),
      /** 无效投标 with their reasons (the opening's checks, the qualification and compliance reviews), after the opening. */
      invalidBids: results.get(t.id)?.invalidBids ?? (t.openedAt ? [] : null),
      /** 中标结果公告, once every lot is decided. */
      awardNotice: results.get(t.id)?.awardNotice ?? null,
      contractNotices: notices.get(t.id) ?? [],
      // Sealed: nothing of a bid, not even the count, before the opening job has run.
      openingRecord: t.openedAt
        ? ((t.openingRecord as (OpeningRow & { sha256?: string })[] | null) ?? []).map(({ sha256, ...r }) => ({
            ...r,
            commitment: r.commitment ?? sha256 ?? '',
          }))
        : null,
    }));
  }

  /** Center staff of the running center, the purchasing unit, regulators; the public once announced (experts: see readableTender). */
  const mayRead = async (auth: AuthContext | null, t: TenderRow) =>
    t.status !== 'draft' ||
    (auth !== null &&
      !readsAsExpert(auth) &&
      (t.centerOrgId === auth.orgId ||
        t.purchaserOrgId === auth.orgId ||
        (auth.roles.includes('regulator') && (await withinJurisdiction(db, auth, [t.purchaserOrgId, t.centerOrgId])))));

  async function get(auth: AuthContext | null, id: string) {
    // An expert-only caller reads only a tender it sits on (tenders.access.ts); the others by their organization.
    const t = await readableTender(db, auth, id);
    if (!t || !(await mayRead(auth, t))) throw new NotFoundError('tender not found');
    const [dto] = await toDtos([t], auth?.orgId ?? null);
    // Unanswered questions are the center's to see, and the asker's own; the public sees questions once answered.
    const own = auth !== null && !readsAsExpert(auth) && t.centerOrgId === auth.orgId;
    return { ...dto!, clarifications: dto!.clarifications.filter((c) => own || c.answer !== null || c.askedByMe) };
  }

  /** A tender's budget: its lots' budgets summed (a sub-select, so filter and sort stay one statement). */
  const budgetSum = sql`(select coalesce(sum(l.budget_fen), 0) from ${tenderLots} l where l.tender_id = ${tenders.id})`;
  const sortColumns = { createdAt: tenders.createdAt, deadline: tenders.deadline, budgetFen: budgetSum };

  /**
   * Tenders the caller may list, filtered and sorted. Every filter only narrows the caller's scope (a unit
   * outside a regulator's jurisdiction gives nothing); the days are Asia/Shanghai days of creation.
   */
  async function list(auth: AuthContext | null, f: TenderListFilters, p: PageQuery) {
    const scope: SQL | undefined =
      auth && readsAsExpert(auth)
        ? seatedExpertScope(auth.userId)
        : auth && (auth.roles.includes('center_staff') || auth.roles.includes('purchaser') || auth.roles.includes('approver'))
          ? or(eq(tenders.centerOrgId, auth.orgId), eq(tenders.purchaserOrgId, auth.orgId), sql`${tenders.status} <> 'draft'`)
          : auth?.roles.includes('regulator')
            ? or(inJurisdiction(auth, tenders.purchaserOrgId), inJurisdiction(auth, tenders.centerOrgId))
            : sql`${tenders.status} <> 'draft'`;
    const mine =
      auth && f.mine === 'bid'
        ? sql`exists (select 1 from ${bids} b where b.tender_id = ${tenders.id} and b.supplier_id = ${auth.orgId})`
        : auth && f.mine === 'center'
          ? eq(tenders.centerOrgId, auth.orgId)
          : undefined;
    const where = and(
      scope,
      mine,
      f.status ? eq(tenders.status, f.status) : undefined,
      f.q ? or(ilike(tenders.title, containsPattern(f.q)), ilike(tenders.tenderNo, containsPattern(f.q))) : undefined,
      f.organizationId ? eq(tenders.purchaserOrgId, f.organizationId) : undefined,
      f.from ? sql`${tenders.createdAt} >= (${f.from}::date)::timestamp at time zone 'Asia/Shanghai'` : undefined,
      f.to ? sql`${tenders.createdAt} < (${f.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'` : undefined,
      f.minFen !== undefined ? sql`${budgetSum} >= ${f.minFen}` : undefined,
      f.maxFen !== undefined ? sql`${budgetSum} <= ${f.maxFen}` : undefined,
    );
    const by = sortOf(f.sort, '-createdAt');
    const dir = by.desc ? desc : asc;
    const [rows, [total]] = await Promise.all([
      db.select().from(tenders).where(where).orderBy(dir(sortColumns[by.field]), dir(tenders.id)).limit(p.pageSize).offset(offsetOf(p)),
      db.select({ n: count() }).from(tenders).where(where),
    ]);
    const items = (await toDtos(rows)).map((d) => ({ ...d, documents: d.documents.slice(0, 200), clarifications: [] }));
    return { items, total: total?.n ?? 0, ...p };
  }

  return { toDtos, mayRead, get, list };
}

export type TenderViews = ReturnType<typeof createTenderViews>;

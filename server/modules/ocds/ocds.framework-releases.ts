import type { DbOrTx } from '../../db/client.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { agreementsByIds } from '../catalogue/catalogue.agreements.ts';
import * as frameworksQ from '../frameworks/frameworks.queries.ts';
import * as quotationsQ from '../quotations/quotations.queries.ts';
import { ocidOf } from './ocds.ids.ts';
import type { Json } from './ocds.merge.ts';
import { classification, cny, orgsById, party, ref, releaseBase, type Release } from './ocds.release-parts.ts';

type CallRow = NonNullable<Awaited<ReturnType<typeof frameworksQ.frameworkCallById>>>;

const methodDetails = (c: CallRow) =>
  `框架协议采购（${c.entry === 'open' ? '开放式' : '封闭式'}，${c.method === 'price_first' ? '价格优先法' : '质量优先法'}）`;

/** A call-off's link to the framework it was made under (the relatedProcess codelist's `framework`). */
export const frameworkLink = (c: { callNo: string; title: string }): Json => ({
  id: '1',
  relationship: ['framework'],
  title: c.title,
  scheme: 'ocid',
  identifier: ocidOf(c.callNo),
});

/** The framework link of an e-mall order whose lines rest on agreements made by a call (直接选定), if any. */
export async function orderFrameworkLinks(
  db: DbOrTx,
  agreementIds: readonly (string | null)[],
  /** The agreements when the caller has read them already. */
  known?: readonly { id: string; callId: string | null }[],
): Promise<Json[]> {
  const ids = agreementIds.filter((a): a is string => a !== null);
  if (ids.length === 0) return [];
  const agreements = known ? known.filter((a) => ids.includes(a.id)) : await agreementsByIds(db, ids);
  const callIds = [...new Set(agreements.flatMap((a) => (a.callId ? [a.callId] : [])))];
  // One after the other: `db` may be a transaction's one connection.
  const calls: Awaited<ReturnType<typeof frameworksQ.frameworkCallById>>[] = [];
  for (const id of callIds) calls.push(await frameworksQ.frameworkCallById(db, id));
  return calls.flatMap((c, i) => (c ? [{ ...(frameworkLink(c) as object), id: String(i + 1) }] : []));
}

/**
 * 框架协议采购 as one OCDS process (techniques.hasFrameworkAgreement): the call when published, the
 * admission as awards with each agreement as a contract, a joining supplier's admission, and a release
 * per call-off naming it in relatedProcesses (the call-off's own process links back with `framework`).
 */
export async function frameworkReleases(db: DbOrTx, callId: string): Promise<Release[]> {
  const c = await frameworksQ.frameworkCallById(db, callId);
  if (!c) throw new NotFoundError('没有这个框架协议征集');
  const responses = c.status === 'open' ? [] : await frameworksQ.responsesOf(db, callId);
  const org = await orgsById(db, [c.centerOrgId, ...responses.map((r) => r.supplierId)]);
  const center = org(c.centerOrgId);
  const ocid = ocidOf(c.callNo);
  const item: Json = {
    id: '1',
    description: `${c.title}：${c.requirements}`,
    unit: { name: '件', value: cny(c.capUnitPriceFen) },
    classification: classification(c.categoryCode),
  };
  const releases: Release[] = [
    {
      ...releaseBase(ocid, 'call', c.createdAt, ['tender']),
      parties: [party(center, ['procuringEntity'])],
      tender: {
        id: c.callNo,
        title: c.title,
        description: c.requirements,
        status: 'active',
        procuringEntity: ref(center),
        procurementMethod: c.entry === 'open' ? 'open' : 'selective',
        procurementMethodDetails: methodDetails(c),
        mainProcurementCategory: c.categoryCode.startsWith('C') ? 'services' : 'goods',
        awardCriteria: c.method === 'price_first' ? 'priceOnly' : 'ratedCriteria',
        submissionMethod: ['electronicSubmission'],
        tenderPeriod: { startDate: c.createdAt.toISOString(), endDate: c.deadline.toISOString() },
        contractPeriod: { startDate: `${c.startsOn}T00:00:00+08:00`, endDate: `${c.endsOn}T23:59:59+08:00` },
        items: [item],
        techniques: {
          hasFrameworkAgreement: true,
          frameworkAgreement: {
            ...(c.maxAdmitted ? { maximumParticipants: c.maxAdmitted } : {}),
            method: 'withAndWithoutReopeningCompetition',
            periodRationale: '财政部令第110号',
          },
        },
      },
    },
  ];
  const admittedAt = c.admittedAt ?? c.updatedAt;
  const member = (r: (typeof responses)[number], at: Date): { award: Json; contract: Json } => ({
    award: {
      id: `${c.callNo}-${r.position}`,
      status: 'active',
      date: at.toISOString(),
      value: cny(r.unitPriceFen!),
      suppliers: [ref(org(r.supplierId))],
    },
    contract: {
      id: `${c.callNo}-${String(r.position).padStart(2, '0')}`,
      awardID: `${c.callNo}-${r.position}`,
      title: `${c.title}（框架协议）`,
      status: 'active',
      period: { startDate: `${c.startsOn}T00:00:00+08:00`, endDate: `${c.endsOn}T23:59:59+08:00` },
    },
  });
  if (c.status === 'admitted' || c.status === 'cancelled') {
    const tenderers = responses.filter((r) => r.kind === 'response');
    const admitted = tenderers.filter((r) => r.admitted && r.position !== null).sort((a, b) => a.position! - b.position!);
    releases.push({
      ...releaseBase(ocid, 'admission', admittedAt, admitted.length ? ['award', 'contract'] : ['tenderUpdate']),
      parties: tenderers.map((r) => party(org(r.supplierId), r.admitted ? ['tenderer', 'supplier'] : ['tenderer'])),
      tender: {
        id: c.callNo,
        status: admitted.length ? 'complete' : 'unsuccessful',
        numberOfTenderers: tenderers.length,
        tenderers: tenderers.map((r) => ref(org(r.supplierId))),
      },
      ...(admitted.length
        ? { awards: admitted.map((r) => member(r, admittedAt).award), contracts: admitted.map((r) => member(r, admittedAt).contract) }
        : {}),
    });
  }
  for (const r of responses.filter((x) => x.kind === 'join' && x.admitted && x.position !== null)) {
    const m = member(r, r.createdAt);
    releases.push({
      ...releaseBase(ocid, `join-${r.position}`, r.createdAt, ['award', 'contract']),
      parties: [party(org(r.supplierId), ['tenderer', 'supplier'])],
      awards: [m.award],
      contracts: [m.contract],
    });
  }
  releases.push(...(await callOffReleases(db, c, ocid)));
  return releases;
}

/** One release per call-off made under the call so far (rotation and second-stage), naming it in relatedProcesses. */
async function callOffReleases(db: DbOrTx, c: CallRow, ocid: string): Promise<Release[]> {
  const rotations = await frameworksQ.rotationOrdersOf(db, c.id);
  const quotations = await quotationsQ.quotationsUnderFramework(db, c.id);
  const offs = [
    ...rotations.map((r) => ({ no: r.orderNo, title: `顺序轮候：${r.title}`, at: r.createdAt })),
    ...quotations.map((q) => ({ no: q.quotationNo, title: `二次竞价：${q.title}`, at: q.createdAt })),
  ];
  return offs.map((o) => ({
    ...releaseBase(ocid, `calloff-${o.no}`, o.at, ['tenderUpdate']),
    tender: { id: c.callNo },
    relatedProcesses: [{ id: o.no, relationship: ['callOff'], title: o.title, scheme: 'ocid', identifier: ocidOf(o.no) }],
  }));
}

/** 顺序轮候: each rotation call-off is its own process — tender, award and contract at once, linked to its framework. */
export async function rotationReleases(db: DbOrTx, orderId: string): Promise<Release[]> {
  const r = await frameworksQ.rotationOrderById(db, orderId);
  if (!r) throw new NotFoundError('没有这个轮候订单');
  const c = (await frameworksQ.frameworkCallById(db, r.callId))!;
  const org = await orgsById(db, [r.purchaserOrgId, r.supplierId]);
  const buyer = org(r.purchaserOrgId);
  const supplier = org(r.supplierId);
  const ocid = ocidOf(r.orderNo);
  const items: Json[] = [
    {
      id: '1',
      description: r.title,
      quantity: r.quantity,
      unit: { name: '项', value: cny(r.unitPriceFen) },
      classification: classification(c.categoryCode),
    },
  ];
  return [
    {
      ...releaseBase(ocid, 'placed', r.createdAt, ['tender', 'award', 'contract']),
      parties: [party(buyer, ['buyer', 'procuringEntity']), party(supplier, ['supplier'])],
      buyer: ref(buyer),
      relatedProcesses: [frameworkLink(c)],
      tender: {
        id: r.orderNo,
        title: r.title,
        status: 'complete',
        procuringEntity: ref(buyer),
        value: cny(r.totalFen),
        procurementMethod: 'limited',
        procurementMethodDetails: `框架协议顺序轮候（第 ${r.position} 位）`,
        mainProcurementCategory: 'services',
        items,
      },
      awards: [
        { id: r.orderNo, status: 'active', date: r.createdAt.toISOString(), value: cny(r.totalFen), suppliers: [ref(supplier)], items },
      ],
      contracts: [{ id: r.orderNo, awardID: r.orderNo, title: r.title, status: 'active', value: cny(r.totalFen), items }],
    },
  ];
}

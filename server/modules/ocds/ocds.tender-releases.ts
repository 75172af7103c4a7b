import { beijingTime } from '../../platform/calendar.ts';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { procurementMethods } from '../../db/schema/index.ts';
import { NotFoundError } from '../../platform/errors.ts';
import * as tendersQ from '../tenders/tenders.queries.ts';
import { categoryNames } from '../tenders/tenders.categories.ts';
import { ocidOf } from './ocds.ids.ts';
import type { Json } from './ocds.merge.ts';
import { classification, cny, orgsById, party, publicUrl, ref, releaseBase, type Release } from './ocds.release-parts.ts';

/** OCDS 1.1.5 method codes for our methods (公开招标 open; 邀请招标 selective; the negotiated ones limited; 单一来源 direct). */
const methodCodes: Record<string, string> = {
  open: 'open',
  invited: 'selective',
  negotiation: 'limited',
  consultation: 'limited',
  rfq: 'limited',
  single_source: 'direct',
};

type TenderFacts = Awaited<ReturnType<typeof tenderFacts>>;

/** What the tender's releases are built from: its rows as they stand now, and where its lifecycle stands. */
async function tenderFacts(db: DbOrTx, tenderId: string) {
  const t = await tendersQ.announcedTender(db, tenderId);
  if (!t || !t.publishedAt) throw new NotFoundError('no published tender');
  const publishedAt = t.publishedAt;
  const ocid = ocidOf(t.tenderNo);
  // One after the other: `db` is usually the changing transaction's one connection, where queries at once
  // only queue (and pg warns that it will stop queueing them).
  const lots = await tendersQ.lotsOf(db, tenderId);
  const method = await db.select().from(procurementMethods).where(eq(procurementMethods.code, t.methodCode));
  const evals = await tendersQ.evaluationsOf(db, tenderId);
  const contracts = await tendersQ.contractsOf(db, tenderId);
  const annulments = await tendersQ.annulledAwardsOf(db, tenderId);
  const bidRows = await tendersQ.openedBids(db, tenderId);
  const clarifications = await tendersQ.answeredClarifications(db, tenderId);
  const org = await orgsById(db, [t.purchaserOrgId, t.centerOrgId, ...bidRows.map((b) => b.supplierId)]);
  const categoryName = await categoryNames(db, [t.categoryCode, ...lots.map((l) => l.categoryCode ?? '')]);
  const base = (id: string, date: Date, tag: string[]) => releaseBase(ocid, id, date, tag);
  // A contract is public from its 合同公告 (published within 2 workdays of signing), not from the signing.
  const contractPublished = new Set(contracts.filter((c) => c.publishedAt).map((c) => c.lotId));
  /**
   * Where the lifecycle stands now: a lot is complete once awarded, unsuccessful once failed; the tender
   * is complete when every lot ended and each awarded lot's contract notice is published, unsuccessful
   * when every lot failed.
   */
  const lotStatus = (s: string) => (s === 'failed' ? 'unsuccessful' : s === 'awarded' ? 'complete' : 'active');
  const tenderStatus = () =>
    t.status === 'cancelled'
      ? 'cancelled'
      : t.status === 'failed' || lots.every((l) => l.status === 'failed')
        ? 'unsuccessful'
        : lots.every((l) => l.status === 'failed' || (l.status === 'awarded' && contractPublished.has(l.id)))
          ? 'complete'
          : 'active';
  /**
   * A lot's award key (its award id after the tender number, its release id after `award-`): the lot
   * number for its first award; a complaint decision that annuls an award makes the next one `N-2`, `N-3`…
   */
  const awardKey = (lot: { id: string; lotNo: number }, awardedAt: Date) => {
    const n = 1 + annulments.filter((a) => a.lotId === lot.id && a.annulledAt < awardedAt).length;
    return n === 1 ? String(lot.lotNo) : `${lot.lotNo}-${n}`;
  };
  const lotStates = () =>
    lots.map((l) => ({
      id: String(l.lotNo),
      status: t.status === 'cancelled' && l.status !== 'awarded' ? 'cancelled' : lotStatus(l.status),
    }));
  return {
    t,
    publishedAt,
    ocid,
    lots,
    method,
    evals,
    contracts,
    annulments,
    bidRows,
    clarifications,
    org,
    base,
    awardKey,
    tenderStatus,
    lotStates,
    categoryName,
  };
}

/** The tender at publication: parties, budget, method, deadline, lots and items. */
function publicationRelease(f: TenderFacts): Release {
  const { t, publishedAt, lots, method, org } = f;
  const buyer = org(t.purchaserOrgId);
  const center = org(t.centerOrgId);
  const budget = lots.reduce((s, l) => s + l.budgetFen, 0);
  const enquiries = f.clarifications.filter((c) => c.question);
  return {
    ...f.base('tender', publishedAt, ['tender']),
    parties: [party(buyer, ['buyer']), party(center, ['procuringEntity'])],
    buyer: ref(buyer),
    tender: {
      id: t.tenderNo,
      title: t.title,
      description: t.description || t.title,
      status: 'active',
      procuringEntity: ref(center),
      value: cny(budget),
      procurementMethod: methodCodes[t.methodCode] ?? 'open',
      procurementMethodDetails: method[0]?.name ?? t.methodCode,
      mainProcurementCategory: t.kind,
      awardCriteria: lots.some((l) => l.evaluationMethod === 'comprehensive') ? 'ratedCriteria' : 'priceOnly',
      submissionMethod: ['electronicSubmission'],
      tenderPeriod: { startDate: publishedAt.toISOString(), endDate: t.deadline.toISOString() },
      hasEnquiries: enquiries.some((c) => c.answeredAt! <= publishedAt),
      lots: lots.map((l) => ({ id: String(l.lotNo), title: l.name, value: cny(l.budgetFen), status: 'active' })),
      items: lots.flatMap((l) =>
        l.items.map((it, i) => ({
          id: `${l.lotNo}-${i + 1}`,
          description: it.name + (it.specs ? `：${it.specs}` : ''),
          quantity: it.quantity,
          unit: { name: it.unit },
          classification: classification(l.categoryCode ?? t.categoryCode, f.categoryName.get(l.categoryCode ?? t.categoryCode)),
          relatedLot: String(l.lotNo),
        })),
      ),
    },
  };
}

/**
 * Each answered clarification, in order: a tenderAmendment (amending the release before it) when it
 * changed the documents or moved the deadline, otherwise a tenderUpdate with the enquiry.
 */
function clarificationReleases(f: TenderFacts, published: Release): Release[] {
  const { t, publishedAt, ocid } = f;
  const releases: Release[] = [];
  let prior = published;
  f.clarifications.forEach((c, i) => {
    const n = i + 1;
    const amends = c.changesDocuments || c.deadlineMovedTo !== null;
    const at = c.answeredAt!;
    const tender: { [k: string]: Json } = { id: t.tenderNo };
    if (c.question) {
      tender.hasEnquiries = true;
      tender.enquiries = [
        { id: String(n), date: c.createdAt.toISOString(), description: c.question, answer: c.answer ?? '', dateAnswered: at.toISOString() },
      ];
    }
    if (c.deadlineMovedTo) tender.tenderPeriod = { startDate: publishedAt.toISOString(), endDate: c.deadlineMovedTo.toISOString() };
    if (amends)
      tender.amendments = [
        {
          id: String(n),
          date: at.toISOString(),
          rationale: c.changesDocuments ? '招标文件修改' : '澄清',
          description:
            (c.answer ?? '') +
            (c.deadlineMovedTo ? `（投标截止时间顺延至 ${beijingTime(c.deadlineMovedTo)}）` : '') +
            (c.invalidatedBids ? `（已递交的 ${c.invalidatedBids} 份投标文件失效）` : ''),
          amendsReleaseID: String(prior.id),
          releaseID: `${ocid}-amendment-${n}`,
        },
      ];
    prior = { ...f.base(`${amends ? 'amendment' : 'clarification'}-${n}`, at, [amends ? 'tenderAmendment' : 'tenderUpdate']), tender };
    releases.push(prior);
  });
  return releases;
}

/** The opening: tenderers from the bids actually opened, lots that failed, and how many bids each lot opened. */
function openingRelease(f: TenderFacts, openedAt: Date): Release {
  const { t, lots, bidRows } = f;
  const tenderers = [...new Set(bidRows.map((b) => b.supplierId))].map(f.org);
  return {
    ...f.base('opening', openedAt, ['tenderUpdate']),
    ...(tenderers.length ? { parties: tenderers.map((o) => party(o, ['tenderer'])) } : {}),
    tender: {
      id: t.tenderNo,
      status: t.status === 'failed' ? 'unsuccessful' : t.status === 'cancelled' ? 'cancelled' : 'active',
      numberOfTenderers: tenderers.length,
      ...(tenderers.length ? { tenderers: tenderers.map(ref) } : {}),
      lots: lots.map((l) => ({ id: String(l.lotNo), status: l.status === 'failed' ? 'unsuccessful' : 'active' })),
    },
    // Bid statistics (bids extension): how many bids each lot opened — counts only, never the prices of a lot still in evaluation.
    bids: {
      statistics: lots.map((l) => ({
        id: `bids-${l.lotNo}`,
        measure: 'bids',
        value: bidRows.filter((b) => b.lotId === l.id).length,
        relatedLot: String(l.lotNo),
      })),
    },
  };
}

/**
 * An award per award made, to the supplier of the winning bid: the lots' awards in force, and those a
 * complaint decision annulled since (each also cancelled by a release of its own, dated at the decision).
 */
function awardReleases(f: TenderFacts): Release[] {
  const { t, lots, bidRows } = f;
  const made = [
    ...f.annulments.map((a) => ({ lotId: a.lotId, bidId: a.bidId, awardedAt: a.awardedAt, priceFen: null })),
    ...f.evals.flatMap((e) =>
      e.awardedBidId && e.awardedAt
        ? [{ lotId: e.lotId, bidId: e.awardedBidId, awardedAt: e.awardedAt, priceFen: e.contractPriceFen }]
        : [],
    ),
  ];
  return made.map((a) => {
    const lot = lots.find((l) => l.id === a.lotId)!;
    const bid = bidRows.find((b) => b.id === a.bidId)!;
    const supplier = f.org(bid.supplierId);
    const key = f.awardKey(lot, a.awardedAt);
    return {
      ...f.base(`award-${key}`, a.awardedAt, ['award']),
      parties: [party(supplier, ['tenderer', 'supplier'])],
      tender: { id: t.tenderNo, status: f.tenderStatus(), lots: f.lotStates() },
      awards: [
        {
          id: `${t.tenderNo}-${key}`,
          title: lot.name,
          status: 'active',
          date: a.awardedAt.toISOString(),
          value: cny(a.priceFen ?? bid.priceFen ?? 0),
          suppliers: [ref(supplier)],
          relatedLots: [String(lot.lotNo)],
        },
      ],
    };
  });
}

/** 责令重新评审 (or the tender cancelled on a complaint): the award the decision annulled, `cancelled`. */
function annulmentReleases(f: TenderFacts): Release[] {
  const { t, lots } = f;
  return f.annulments.map((a) => {
    const key = f.awardKey(
      lots.find((l) => l.id === a.lotId)!,
      a.awardedAt,
    );
    return {
      ...f.base(`award-${key}-annulled`, a.annulledAt, ['awardUpdate']),
      tender: { id: t.tenderNo, status: f.tenderStatus(), lots: f.lotStates() },
      awards: [{ id: `${t.tenderNo}-${key}`, status: 'cancelled' }],
    };
  });
}

/**
 * 废标公告: a lot that failed after the opening (a review left fewer valid bids than the method's minimum,
 * or too few final offers came), at the moment it failed; the tender unsuccessful once every lot failed.
 * A lot that failed at the opening is in the opening's release.
 */
function lotFailureReleases(f: TenderFacts): Release[] {
  const { t, lots } = f;
  return lots.flatMap((lot) =>
    lot.status === 'failed' && lot.failedAt && (!t.openedAt || lot.failedAt > t.openedAt)
      ? [
          {
            ...f.base(`lot-failed-${lot.lotNo}`, lot.failedAt, ['tenderUpdate']),
            tender: { id: t.tenderNo, status: f.tenderStatus(), lots: f.lotStates() },
          },
        ]
      : [],
  );
}

/** A contract per lot, once its 合同公告 is published, with the signed document. */
function contractReleases(f: TenderFacts): Release[] {
  const { t, lots } = f;
  return f.contracts.flatMap((c) => {
    const lot = lots.find((l) => l.id === c.lotId)!;
    if (!c.publishedAt) return [];
    const documents = c.documentSha256
      ? [
          {
            id: `${c.contractNo}-signed`,
            documentType: 'contractSigned',
            title: `${t.title} 第 ${lot.lotNo} 包合同文本`,
            url: publicUrl(`/api/tenders/${t.id}/lots/${lot.id}/contract/document`),
            format: 'application/pdf',
            datePublished: c.publishedAt.toISOString(),
          },
        ]
      : [];
    return {
      ...f.base(`contract-${lot.lotNo}`, c.publishedAt, ['contract']),
      tender: { id: t.tenderNo, status: f.tenderStatus(), lots: f.lotStates() },
      contracts: [
        {
          id: c.contractNo,
          awardID: `${t.tenderNo}-${f.awardKey(lot, f.evals.find((e) => e.lotId === lot.id)?.awardedAt ?? c.createdAt)}`,
          title: `${t.title} 第 ${lot.lotNo} 包合同`,
          status: 'active',
          value: cny(c.priceFen),
          dateSigned: `${c.signedOn}T00:00:00+08:00`,
          documents,
        },
      ],
    };
  });
}

/**
 * 招标: the tender at publication; each answered clarification (a tenderAmendment, with the amendment
 * and the moved deadline, when it changed the documents or the deadline; otherwise a tenderUpdate with
 * the enquiry); the opening (tenderers from the bids actually opened, lots that failed); an award per
 * lot, a contract per lot; the cancellation. Each release states the lifecycle as it stands when the
 * release is made — the store keeps that, so a release made at publication keeps its deadline.
 */
export async function tenderReleases(db: DbOrTx, tenderId: string): Promise<Release[]> {
  const f = await tenderFacts(db, tenderId);
  const { t } = f;
  const published = publicationRelease(f);
  const releases: Release[] = [published, ...clarificationReleases(f, published)];
  if (t.openedAt) releases.push(openingRelease(f, t.openedAt));
  releases.push(...lotFailureReleases(f), ...awardReleases(f), ...annulmentReleases(f), ...contractReleases(f));
  if (t.status === 'cancelled')
    releases.push({
      ...f.base('cancellation', t.updatedAt, ['tenderCancellation']),
      tender: { id: t.tenderNo, status: 'cancelled', lots: f.lotStates() },
    });
  return releases;
}

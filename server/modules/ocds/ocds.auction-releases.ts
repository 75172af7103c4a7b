import type { DbOrTx } from '../../db/client.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { assetById } from '../assets/assets.queries.ts';
import * as auctionsQ from '../auctions/auctions.queries.ts';
import { ocidOf } from './ocds.ids.ts';
import { classification, cny, orgsById, party, ref, releaseBase, type Org, type Release } from './ocds.release-parts.ts';

type Lot = NonNullable<Awaited<ReturnType<typeof auctionsQ.lotById>>>;
type Asset = NonNullable<Awaited<ReturnType<typeof assetById>>>;

/** The lot when listed: a tender by electronic auction, the start price as its value (the reserve stays unpublished). */
function listedRelease(ocid: string, l: Lot, asset: Asset, seller: Org): Release {
  return {
    ...releaseBase(ocid, 'tender', l.createdAt, ['tender']),
    parties: [party(seller, ['procuringEntity', 'payee'])],
    tender: {
      id: l.lotNo,
      title: l.title,
      description: `公物仓资产处置（出售）：${l.description}`,
      status: 'active',
      procuringEntity: ref(seller),
      value: cny(l.startPriceFen),
      procurementMethod: 'open',
      procurementMethodDetails: `公物仓资产处置公开拍卖（英式竞价，第 ${l.round} 轮）`,
      mainProcurementCategory: 'goods',
      awardCriteria: 'priceOnly',
      submissionMethod: ['electronicAuction'],
      tenderPeriod: { startDate: l.startsAt.toISOString(), endDate: l.originalEndsAt.toISOString() },
      items: [
        {
          id: '1',
          description: `${asset.name}（${asset.assetNo}）`,
          quantity: asset.quantity,
          unit: { name: '件' },
          classification: classification(asset.categoryCode),
        },
      ],
    },
  };
}

/** The close: how many bid, and how the lot ended. */
function closedRelease(ocid: string, l: Lot, closedAt: Date, bidders: number): Release {
  return {
    ...releaseBase(ocid, 'closed', closedAt, ['tenderUpdate']),
    tender: {
      id: l.lotNo,
      status: l.status === 'failed' ? 'unsuccessful' : l.status === 'cancelled' ? 'cancelled' : 'complete',
      // Who bid, not who registered; a sale had at least its winner's bid (history rows keep no bids).
      numberOfTenderers: Math.max(bidders, l.winnerOrgId ? 1 : 0),
      tenderPeriod: { startDate: l.startsAt.toISOString(), endDate: l.endsAt.toISOString() },
    },
  };
}

/** The sale: the award to the winner, then its fall if the winner did not pay, or the payment as a transaction. */
function saleReleases(ocid: string, l: Lot, sale: { closedAt: Date; priceFen: number; winner: Org; seller: Org }): Release[] {
  const { closedAt, priceFen, winner, seller } = sale;
  const releases: Release[] = [
    {
      ...releaseBase(ocid, 'award', closedAt, ['award']),
      parties: [party(winner, ['tenderer', 'supplier', 'payer'])],
      awards: [
        {
          id: l.lotNo,
          title: l.title,
          status: 'active',
          date: closedAt.toISOString(),
          value: cny(priceFen),
          suppliers: [ref(winner)],
        },
      ],
    },
  ];
  // The winner did not pay: the award falls (its release of the sale stays as it was published).
  if (l.status === 'defaulted')
    releases.push({
      ...releaseBase(ocid, 'defaulted', l.updatedAt, ['awardUpdate']),
      awards: [{ id: l.lotNo, status: 'cancelled' }],
    });
  if (l.status === 'paid' && l.paidAt) {
    releases.push({
      ...releaseBase(ocid, 'paid', l.paidAt, ['contract', 'implementation']),
      contracts: [
        {
          id: l.lotNo,
          awardID: l.lotNo,
          title: l.title,
          status: 'terminated',
          value: cny(priceFen),
          dateSigned: closedAt.toISOString(),
          implementation: {
            transactions: [
              {
                id: `${l.lotNo}-payment`,
                date: l.paidAt.toISOString(),
                value: cny(priceFen),
                payer: ref(winner),
                payee: ref(seller),
              },
            ],
          },
        },
      ],
    });
  }
  return releases;
}

/**
 * 公物仓资产处置: OCDS describes purchases, so a disposal is published where it fits — the lot as a
 * tender by electronic auction (start price as the value; the reserve stays unpublished), the
 * registered bidders at the close, the sale as an award to the winner and the payment as a
 * transaction from the winner to the unit.
 */
export async function auctionReleases(db: DbOrTx, lotId: string): Promise<Release[]> {
  const l = await auctionsQ.lotById(db, lotId);
  if (!l) throw new NotFoundError('没有这个拍卖标的');
  const asset = await assetById(db, l.assetId);
  const bidders = await auctionsQ.bidderCount(db, lotId);
  const org = await orgsById(db, [asset!.ownerOrgId, ...(l.winnerOrgId ? [l.winnerOrgId] : [])]);
  const seller = org(asset!.ownerOrgId);
  const ocid = ocidOf(l.lotNo);
  const releases: Release[] = [listedRelease(ocid, l, asset!, seller)];
  if (l.closedAt) releases.push(closedRelease(ocid, l, l.closedAt, bidders));
  if (l.winnerOrgId && l.currentPriceFen !== null && l.closedAt && ['sold', 'paid', 'defaulted'].includes(l.status))
    releases.push(...saleReleases(ocid, l, { closedAt: l.closedAt, priceFen: l.currentPriceFen, winner: org(l.winnerOrgId), seller }));
  return releases;
}

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SizeClass } from '../../server/db/schema/index.ts';
import { makeUscc } from '../../server/modules/organizations/organizations.rules.ts';
import { client, type TestContext } from '../helpers/context.ts';
import { passTenderDeadline, procurementContext, publishTender, supplierClient, intentionExempt } from '../helpers/procurement.ts';
import { createOrg, type Actor } from '../helpers/factories.ts';

/**
 * 联合体 / 分包 (财库〔2020〕46号第九条): a lot that accepts them gives its consortium deduction to a bid whose
 * small/micro consortium members or subcontractors, not related to the bidder, hold at least 30% of the
 * contract; the share is checked against the registered facts at submission and sealed with the bid.
 */
let ctx: TestContext;
let center: Actor;
let unitId: string;
const token = `c${randomBytes(3).toString('hex')}`;
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

beforeAll(async () => {
  ({ ctx, center } = await procurementContext());
  unitId = (await createOrg(ctx.database.db, 'purchasing_unit')).id;
});
afterAll(() => ctx.close());

const lot = (extra: Record<string, unknown> = {}) => ({
  name: '办公家具',
  budgetFen: 300_000_000,
  items: [{ name: '办公桌椅', quantity: 500, unit: '套', specs: '钢木结构' }],
  evaluationMethod: 'lowest_price',
  smeReserved: false,
  smeDeductionRate: '0.10',
  ...extra,
});
const tender = (lots: object[]) => ({
  title: `${token} 办公家具采购（接受联合体）`,
  methodCode: 'open',
  ...intentionExempt,
  purchaserOrgId: unitId,
  kind: 'goods',
  documents: '第一章 投标邀请……第二章 采购需求：办公桌椅 500 套……第三章 评标方法：最低评标价法，接受联合体投标和分包……',
  deadline: inDays(21),
  smeExemptReason: '采购标的为标准化通用设备，不宜专门面向中小企业',
  lots,
});
const supplier = (sizeClass: SizeClass, extra: Record<string, unknown> = {}) =>
  supplierClient(ctx, { sizeClass, name: `${token}${sizeClass}${randomBytes(2).toString('hex')}有限公司`, ...extra });
const bid = (lotId: string, priceFen: number, extra: Record<string, unknown> = {}) => ({
  lotId,
  priceFen,
  brand: `品牌${randomBytes(2).toString('hex')}`,
  technicalResponse: '完全响应采购需求',
  smeDeclared: false,
  ...extra,
});
const share = (kind: 'consortium' | 'subcontract', ...members: [uscc: string | null, share: string][]) => ({
  smeShare: { kind, members: members.map(([uscc, s]) => ({ uscc, share: s })) },
});

describe('consortium and subcontract share (财库〔2020〕46号第九条)', () => {
  it('a lot names its consortium deduction within the policy range, and not on a reserved lot', async () => {
    for (const [l, field] of [
      [lot({ consortiumDeductionRate: '0.08' }), 'lots[0].consortiumDeductionRate'],
      [lot({ consortiumDeductionRate: '0.03' }), 'lots[0].consortiumDeductionRate'],
      [lot({ smeReserved: true, consortiumDeductionRate: '0.05' }), 'lots[0].consortiumDeductionRate'],
    ] as const) {
      const res = await center.http.post('/api/tenders', tender([l]));
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const ok = await center.http.post('/api/tenders', tender([lot({ consortiumDeductionRate: '0.05' }), lot({ name: '文件柜' })]));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().lots.map((l: { consortiumDeductionRate: string | null }) => l.consortiumDeductionRate)).toEqual(['0.05', null]);
  });

  it('deducts for a small/micro share of 30% held by unrelated firms, refuses a share the registered facts do not bear, and ranks by it [rule:tenders.consortium-deduction]', async () => {
    const t = await publishTender(center, tender([lot({ consortiumDeductionRate: '0.05' }), lot({ name: '文件柜' })]));
    const [accepting, plain] = t.lots.map((l: { id: string }) => l.id) as [string, string];
    const [leader, subcontractor, related, plainLarge, smallBidder, mixed] = await Promise.all([
      supplier('large'),
      supplier('large'),
      supplier('large'),
      supplier('large'),
      supplier('small'),
      supplier('small'),
    ]);
    const [smallMember, microMember, mediumMember, ownedMember] = await Promise.all([
      supplier('small'),
      supplier('micro'),
      supplier('medium'),
      supplier('small', { controlledByUscc: related.org.uscc }),
    ]);
    const send = (who: { http: Actor['http'] }, body: object) => who.http.send('PUT', `/api/tenders/${t.id}/bids`, body);
    const refusedOn = async (who: { http: Actor['http'] }, body: object, field: string, message?: string) => {
      const res = await send(who, body);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors).toEqual([
        expect.objectContaining({ field, ...(message ? { message: expect.stringContaining(message) } : {}) }),
      ]);
    };
    // The plain lot takes no share; an unknown firm, the bidder itself, and a share under 30% are refused.
    await refusedOn(leader, bid(plain, 250_000_000, share('consortium', [smallMember.org.uscc, '0.30'])), 'smeShare', '不接受');
    await refusedOn(
      leader,
      bid(accepting, 250_000_000, share('consortium', [makeUscc('110108', 11_111_111), '0.30'])),
      'smeShare.members[0].uscc',
    );
    await refusedOn(leader, bid(accepting, 250_000_000, share('consortium', [leader.org.uscc, '0.30'])), 'smeShare.members[0].uscc');
    await refusedOn(
      subcontractor,
      bid(accepting, 255_000_000, share('subcontract', [microMember.org.uscc, '0.20'], [mediumMember.org.uscc, '0.20'])),
      'smeShare',
      '20%',
    );
    // A firm the bidder controls does not count (直接控股、管理关系).
    await refusedOn(related, bid(accepting, 255_000_000, share('subcontract', [ownedMember.org.uscc, '0.40'])), 'smeShare', '0%');
    // A consortium with a medium member may not declare itself small/micro.
    await refusedOn(
      mixed,
      bid(accepting, 265_000_000, { smeDeclared: true, ...share('consortium', [mediumMember.org.uscc, '0.50']) }),
      'smeDeclared',
      '联合体',
    );
    for (const [who, body] of [
      [leader, bid(accepting, 260_000_000, share('consortium', [smallMember.org.uscc, '0.30']))],
      [subcontractor, bid(accepting, 262_000_000, share('subcontract', [microMember.org.uscc, '0.20'], [smallMember.org.uscc, '0.10']))],
      [plainLarge, bid(accepting, 250_000_000)],
      [smallBidder, bid(accepting, 280_000_000, { smeDeclared: true })],
    ] as const) {
      const res = await send(who, body);
      expect(res.statusCode, res.body).toBe(200);
    }
    await passTenderDeadline(ctx, t.id);
    const record = (await client(ctx.app, null).get(`/api/public/tenders/${t.id}`)).json().openingRecord as {
      supplierId: string;
      deductionRate: string;
      smeBasis: string | null;
      evaluationPriceFen: number;
      status: string;
    }[];
    const rowOf = (who: { org: { id: string } }) => record.find((r) => r.supplierId === who.org.id);
    expect(rowOf(leader)).toMatchObject({
      deductionRate: '0.05',
      smeBasis: 'consortium',
      evaluationPriceFen: 247_000_000,
      status: 'opened',
    });
    expect(rowOf(subcontractor)).toMatchObject({ deductionRate: '0.05', smeBasis: 'subcontract', evaluationPriceFen: 248_900_000 });
    expect(rowOf(plainLarge)).toMatchObject({ deductionRate: '0', smeBasis: null, evaluationPriceFen: 250_000_000 });
    expect(rowOf(smallBidder)).toMatchObject({ deductionRate: '0.10', smeBasis: 'size_class', evaluationPriceFen: 252_000_000 });
    // Lowest evaluation price first: the consortium at ¥2,470,000 ahead of the plain large bidder's ¥2,500,000.
    const order = record.filter((r) => r.status === 'opened').sort((a, b) => a.evaluationPriceFen - b.evaluationPriceFen);
    expect(order[0]!.supplierId).toBe(leader.org.id);
  });
});

import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCheckpoints, bids, roles, scheduledJobs, tenders, type Role, type SizeClass } from '../../server/db/schema/index.ts';
import { inTransaction } from '../../server/db/tx.ts';
import { tenderJobs } from '../../server/modules/tenders/tenders.service.ts';
import { type createServices } from '../../server/services.ts';
import { client, type TestContext } from '../helpers/context.ts';
import { passTenderDeadline, procurementContext, publishTender, supplierClient, intentionExempt } from '../helpers/procurement.ts';
import { actor, createOrg, type Actor } from '../helpers/factories.ts';

let ctx: TestContext;
let services: ReturnType<typeof createServices>;
let center: Actor;
let unitId: string;
const token = `t${randomBytes(3).toString('hex')}`;
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

beforeAll(async () => {
  ({ ctx, services, center } = await procurementContext());
  unitId = (await createOrg(ctx.database.db, 'purchasing_unit')).id;
});
afterAll(() => ctx.close());

const lot = (extra: Record<string, unknown> = {}) => ({
  name: '台式计算机',
  budgetFen: 300_000_000,
  items: [{ name: '台式计算机', quantity: 500, unit: '台', specs: 'i5 / 16GB / 512GB SSD，节能产品认证' }],
  evaluationMethod: 'comprehensive',
  priceWeight: '0.30',
  criteria: [
    { key: 'tech', name: '技术响应', weight: '0.50' },
    { key: 'service', name: '售后服务', weight: '0.20' },
  ],
  smeReserved: false,
  smeDeductionRate: '0.10',
  bidBondFen: 1_000_000,
  ...extra,
});
const tender = (extra: Record<string, unknown> = {}) => ({
  title: `${token} 2027 年度办公计算机采购`,
  methodCode: 'open',
  ...intentionExempt,
  purchaserOrgId: unitId,
  kind: 'goods',
  description: '区属学校办公计算机更新',
  documents: '第一章 投标邀请……第二章 采购需求：台式计算机 500 台……第三章 评标方法：综合评分法，价格分 30 分……',
  deadline: inDays(21),
  smeExemptReason: '采购标的为标准化通用设备，由市场主流品牌生产，不宜专门面向中小企业',
  lots: [lot()],
  ...extra,
});

async function supplier(sizeClass: SizeClass, extra: Record<string, unknown> = {}) {
  return supplierClient(ctx, {
    sizeClass,
    name: `${token}${sizeClass}投标人${randomBytes(2).toString('hex')}有限公司`,
    legalRepresentative: `代表${randomBytes(3).toString('hex')}`,
    ...extra,
  });
}

async function published(extra: Record<string, unknown> = {}) {
  return publishTender(center, tender(extra));
}

const bid = (lotId: string, priceFen: number, extra: Record<string, unknown> = {}) => ({
  lotId,
  priceFen,
  brand: `品牌${randomBytes(2).toString('hex')}`,
  technicalResponse: '完全响应采购需求，提供三年上门保修',
  // Declared small/micro only where the bidder is: a medium or large one's declaration is refused.
  smeDeclared: false,
  ...extra,
});

const passDeadline = (id: string) => passTenderDeadline(ctx, id);

describe('electronic tendering', () => {
  it('refuses a tender that breaks the method, weight, bond or SME rules, naming the field [rule:tenders.notice-period] [rule:tenders.invited-minimum] [rule:tenders.price-weight] [rule:tenders.bid-bond-max] [rule:tenders.sme-deduction-range] [rule:tenders.green-preference]', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ deadline: inDays(10) }, 'deadline'],
      [{ methodCode: 'auction' }, 'methodCode'],
      [{ lots: [lot({ priceWeight: '0.70', criteria: [{ key: 'tech', name: '技术', weight: '0.30' }] })] }, 'lots[0].priceWeight'],
      [{ lots: [lot({ criteria: [{ key: 'tech', name: '技术', weight: '0.50' }] })] }, 'lots[0].criteria'],
      [{ lots: [lot({ bidBondFen: 7_000_000 })] }, 'lots[0].bidBondFen'],
      [{ lots: [lot({ smeDeductionRate: '0.05' })] }, 'lots[0].smeDeductionRate'],
      [{ smeExemptReason: undefined, lots: [lot({ budgetFen: 150_000_000, bidBondFen: 0 })] }, 'lots'],
      [{ methodCode: 'invited' }, 'invitedSupplierIds'],
      // 优先采购: points for 综合评分法 only, within (0, 10]; a price deduction for 最低评标价法 only, within (0, 10%].
      [{ lots: [lot({ greenBonusPoints: '11' })] }, 'lots[0].greenBonusPoints'],
      [{ lots: [lot({ greenBonusPoints: '0' })] }, 'lots[0].greenBonusPoints'],
      [{ lots: [lot({ greenDeductionRate: '0.05' })] }, 'lots[0].greenDeductionRate'],
      [
        { lots: [lot({ evaluationMethod: 'lowest_price', priceWeight: undefined, criteria: [], greenDeductionRate: '0.2' })] },
        'lots[0].greenDeductionRate',
      ],
      [
        { lots: [lot({ evaluationMethod: 'lowest_price', priceWeight: undefined, criteria: [], greenBonusPoints: '2' })] },
        'lots[0].greenBonusPoints',
      ],
    ];
    for (const [change, name] of cases) {
      const res = await center.http.post('/api/tenders', tender(change));
      expect(res.statusCode, `${JSON.stringify(change)} ${res.body}`).toBe(422);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(name);
    }
    // Every refusal at once, each on its field (the rules the tender form runs too: contracts/tender-checks.ts).
    const all = await center.http.post(
      '/api/tenders',
      tender({
        deadline: inDays(10),
        lots: [
          lot({
            priceWeight: '0.70',
            criteria: [{ key: 'tech', name: '技术', weight: '0.30' }],
            bidBondFen: 7_000_000,
            smeDeductionRate: '0.05',
          }),
        ],
      }),
    );
    expect(all.statusCode, all.body).toBe(422);
    expect(all.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'deadline',
      'lots[0].priceWeight',
      'lots[0].smeDeductionRate',
      'lots[0].bidBondFen',
    ]);
    expect((await center.http.post('/api/tenders', tender({ lots: [lot({ priceWeight: 'abc' })] }))).statusCode).toBe(400);
    const badPoints = await center.http.post('/api/tenders', tender({ lots: [lot({ greenBonusPoints: '2.345' })] }));
    expect(badPoints.statusCode).toBe(400);
    expect(badPoints.json().errors[0].field).toBe('lots.0.greenBonusPoints');
    const green = await center.http.post('/api/tenders', tender({ lots: [lot({ greenBonusPoints: '2.5' })] }));
    expect(green.statusCode, green.body).toBe(201);
    expect(green.json().lots[0]).toMatchObject({ greenBonusPoints: '2.5', greenDeductionRate: null });
    // Within ¥2,000,000 and reserved for SMEs: no reason needed.
    const reserved = await center.http.post(
      '/api/tenders',
      tender({ smeExemptReason: undefined, lots: [lot({ budgetFen: 150_000_000, bidBondFen: 0, smeReserved: true })] }),
    );
    expect(reserved.statusCode, reserved.body).toBe(201);
    expect(reserved.json().lots[0].smeDeductionRate).toBe('0');
  });

  it('holds at least 60% of a reserved share for small and micro enterprises, and bars medium ones from those lots [rule:tenders.sme-reservation]', async () => {
    const open = lot({ budgetFen: 300_000_000 });
    const smeLot = (budgetFen: number, smallMicroOnly: boolean) =>
      lot({ name: smallMicroOnly ? '面向小微企业包' : '面向中小企业包', budgetFen, bidBondFen: 0, smeReserved: true, smallMicroOnly });
    // ¥1.5M of ¥4.5M reserved (33%), but none of it for small and micro enterprises.
    const none = await center.http.post('/api/tenders', tender({ smeExemptReason: undefined, lots: [open, smeLot(150_000_000, false)] }));
    expect(none.statusCode, none.body).toBe(422);
    expect(none.json().errors[0]).toMatchObject({ field: 'lots', message: expect.stringContaining('60%') });
    const notReserved = await center.http.post('/api/tenders', tender({ lots: [lot({ smallMicroOnly: true })] }));
    expect(notReserved.json().errors[0].field).toBe('lots[0].smallMicroOnly');
    // ¥1.0M of the ¥1.5M reserved (67%) for small and micro enterprises.
    const t = await published({ smeExemptReason: undefined, lots: [open, smeLot(100_000_000, true), smeLot(50_000_000, false)] });
    const smallMicroLot = t.lots.find((l: { smallMicroOnly: boolean }) => l.smallMicroOnly);
    expect(smallMicroLot).toMatchObject({ smeReserved: true, smeDeductionRate: '0', budgetFen: 100_000_000 });
    const medium = await supplier('medium');
    const refused = await medium.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(smallMicroLot.id, 95_000_000));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({ field: 'supplier', message: expect.stringContaining('小微企业') });
    const micro = await supplier('micro');
    expect((await micro.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(smallMicroLot.id, 95_000_000))).statusCode).toBe(200);
    const mediumElsewhere = await medium.http.send(
      'PUT',
      `/api/tenders/${t.id}/bids`,
      bid(t.lots.find((l: { smeReserved: boolean; smallMicroOnly: boolean }) => l.smeReserved && !l.smallMicroOnly).id, 48_000_000),
    );
    expect(mediumElsewhere.statusCode, mediumElsewhere.body).toBe(200);
    // In a lot reserved for SMEs a medium enterprise responds to the reservation with its 中小企业声明函, as 中型;
    // in an open lot the same declaration would claim the small/micro deduction and is refused.
    const smeLotId = t.lots.find((l: { smeReserved: boolean; smallMicroOnly: boolean }) => l.smeReserved && !l.smallMicroOnly).id;
    const declared = await medium.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(smeLotId, 48_000_000, { smeDeclared: true }));
    expect(declared.statusCode, declared.body).toBe(200);
    const statement = await medium.http.post(`/api/tenders/${t.id}/sme-statement`, { lotId: smeLotId, smeDeclared: true });
    expect(statement.statusCode, statement.body).toBe(200);
    expect(statement.json().smeStatement).toContain('中型企业');
    const openLotId = t.lots.find((l: { smeReserved: boolean }) => !l.smeReserved).id;
    const claim = await medium.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(openLotId, 290_000_000, { smeDeclared: true }));
    expect(claim.statusCode).toBe(422);
    expect(claim.json().errors[0].field).toBe('smeDeclared');
  });

  it('keeps every bid sealed until the deadline, then the worker opens each once with the deduction applied [rule:tenders.sealed-until-deadline] [rule:tenders.sme-price-deduction]', async () => {
    const t = await published();
    const lotId = t.lots[0].id;
    expect(t).toMatchObject({ status: 'bidding', openingRecord: null, ocid: expect.stringMatching(/^ocds-[a-z0-9]{6}-ZB/) });
    const large = await supplier('large');
    const medium = await supplier('medium');
    const small = await supplier('small');
    const r = await large.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lotId, 280_000_000));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      version: 1,
      documentsVersion: 1,
      status: 'submitted',
      commitment: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    await medium.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lotId, 275_000_000), { 'x-device-id': 'device-Medium_01' });
    await small.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lotId, 299_000_000, { smeDeclared: true }), { 'x-device-id': 'bad id!' });
    expect((await small.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lotId, 290_000_000, { smeDeclared: true }))).json().version).toBe(
      2,
    );

    // Every route, as every role: no price, no count before the deadline.
    const prices = ['280000000', '275000000', '290000000', '299000000', '261000000'];
    const viewers: [string, Actor | null][] = [['public', null]];
    for (const role of roles as readonly Role[]) viewers.push([role, await actor(ctx.app, ctx.database.db, role)]);
    for (const [who, v] of viewers) {
      const http = v ? v.http : client(ctx.app, null);
      for (const url of [
        `/api/public/tenders/${t.id}`,
        `/api/public/tenders?q=${token}`,
        `/api/tenders/${t.id}`,
        `/api/tenders?q=${token}`,
        `/api/tenders/${t.id}/bids/mine`,
      ]) {
        const res = await http.get(url);
        for (const p of prices) expect(res.body, `${who} ${url}`).not.toContain(p);
      }
    }
    for (const h of [small.http, center.http]) {
      const body = (await h.get(`/api/tenders/${t.id}`)).json();
      expect(body.openingRecord).toBeNull();
    }
    const dump = await ctx.database.db.execute<{ t: string }>(
      sql`select row_to_json(b)::text as t from jicai.bids b where tender_id = ${t.id}`,
    );
    expect(dump.rows).toHaveLength(3);
    for (const row of dump.rows) for (const p of prices) expect(row.t).not.toContain(p);
    expect(await inTransaction(ctx.database.db, (tx, after) => services.tenders.open(tx, after, t.id))).toBe('not-due');
    // Where each bid came from, for the collusion rules: a malformed device id is ignored, not refused.
    const origins = await ctx.database.db
      .select({ supplierId: bids.supplierId, ip: bids.submittedIp, deviceId: bids.deviceId })
      .from(bids)
      .where(eq(bids.tenderId, t.id));
    expect(origins.find((o) => o.supplierId === medium.org.id)).toMatchObject({ ip: '127.0.0.1', deviceId: 'device-Medium_01' });
    expect(origins.find((o) => o.supplierId === small.org.id)).toMatchObject({ ip: '127.0.0.1', deviceId: null });
    expect(origins.find((o) => o.supplierId === large.org.id)).toMatchObject({ ip: '127.0.0.1', deviceId: null });

    await passDeadline(t.id);
    const after = (await client(ctx.app, null).get(`/api/public/tenders/${t.id}`)).json();
    expect(after.status).toBe('opened');
    expect(after.openingRecord).toHaveLength(3);
    // The opening is anchored at once: a signed audit checkpoint is written by the job it asked for.
    let anchored = false;
    for (let i = 0; i < 300 && !anchored; i++) {
      anchored =
        (
          await ctx.database.db
            .select({ id: auditCheckpoints.id })
            .from(auditCheckpoints)
            .where(eq(auditCheckpoints.reason, `tender.open ${t.tenderNo}`))
        ).length > 0;
      if (!anchored) await new Promise((r) => setTimeout(r, 100));
    }
    expect(anchored).toBe(true);
    expect(new Set(after.openingRecord.map((x: { supplierId: string }) => x.supplierId)).size).toBe(3);
    const rowOf = (id: string) => after.openingRecord.find((x: { supplierId: string }) => x.supplierId === id);
    expect(rowOf(small.org.id)).toMatchObject({
      priceFen: 290_000_000,
      sizeClass: 'small',
      deductionRate: '0.10',
      evaluationPriceFen: 261_000_000,
      status: 'opened',
    });
    expect(rowOf(large.org.id)).toMatchObject({ priceFen: 280_000_000, deductionRate: '0', evaluationPriceFen: 280_000_000 });
    expect(rowOf(medium.org.id)).toMatchObject({ evaluationPriceFen: 275_000_000 });
    expect(after.resultNote).toContain('有效投标 3 家');
    for (const s of [large, medium, small])
      expect(
        (await s.http.get('/api/notifications')).json().items.map((n: { kind: string; title: string }) => [n.kind, n.title]),
      ).toContainEqual(['tender.opened', `已开标：${t.tenderNo}`]);
    // Opening again changes nothing; a late bid is refused.
    expect(await inTransaction(ctx.database.db, (tx, a) => services.tenders.open(tx, a, t.id))).toBe('skipped');
    const late = await large.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lotId, 270_000_000));
    expect(late.statusCode).toBe(409);
  });

  it('an amendment that changes the documents invalidates bids in and moves a deadline inside the cut-off [rule:tenders.clarification-cutoff]', async () => {
    const t = await published();
    const lotId = t.lots[0].id;
    const s1 = await supplier('small');
    await s1.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lotId, 250_000_000));
    expect((await s1.http.post(`/api/tenders/${t.id}/questions`, { question: '是否接受国产操作系统？' })).statusCode).toBe(201);
    const question = (await center.http.get(`/api/tenders/${t.id}`)).json().clarifications[0];
    expect(question.answer).toBeNull();
    expect((await client(ctx.app, null).get(`/api/public/tenders/${t.id}`)).json().clarifications).toHaveLength(0);
    // The asker sees its own question while unanswered; another supplier does not.
    expect((await s1.http.get(`/api/tenders/${t.id}`)).json().clarifications).toEqual([
      expect.objectContaining({ id: question.id, answer: null, askedByMe: true }),
    ]);
    const s2 = await supplier('medium');
    expect((await s2.http.get(`/api/tenders/${t.id}`)).json().clarifications).toEqual([]);
    // 我投标的: the tenders the caller's organization bid in; 本中心: those its own center runs.
    const ids = async (http: Actor['http'], mine: string) =>
      ((await http.get(`/api/tenders?q=${token}&mine=${mine}&pageSize=200`)).json().items as { id: string }[]).map((x) => x.id);
    expect(await ids(s1.http, 'bid')).toEqual([t.id]);
    expect(await ids(s2.http, 'bid')).toEqual([]);
    expect(await ids(center.http, 'center')).toContain(t.id);
    expect(await ids((await actor(ctx.app, ctx.database.db, 'center_staff')).http, 'center')).toEqual([]);
    expect((await s1.http.get('/api/tenders?mine=other')).statusCode).toBe(400);
    await ctx.database.db
      .update(tenders)
      .set({ deadline: sql`now() + interval '5 days'` })
      .where(eq(tenders.id, t.id));
    const amended = await center.http.post(`/api/tenders/${t.id}/clarifications`, {
      questionId: question.id,
      answer: '接受。采购需求第二章已相应修改。',
      documents: `${tender().documents} 修改：操作系统接受国产操作系统。`,
    });
    expect(amended.statusCode, amended.body).toBe(200);
    const body = amended.json();
    expect(body.documentsVersion).toBe(2);
    // How many bids it invalidated would tell how many are in: hidden until the opening.
    expect(body.clarifications[0]).toMatchObject({ changesDocuments: true, invalidatedBids: null });
    expect(Date.parse(body.deadline) - Date.now()).toBeGreaterThan(14.9 * 86_400_000);
    const [job] = await ctx.database.db
      .select()
      .from(scheduledJobs)
      .where(eq(scheduledJobs.id, `${tenderJobs.open.name}:${t.id}`));
    expect(job!.runAt.toISOString()).toBe(body.deadline);
    const mine = (await s1.http.get(`/api/tenders/${t.id}/bids/mine`)).json();
    expect(mine[0]).toMatchObject({ status: 'invalidated', statusNote: expect.stringContaining('重新递交') });
    // The bidder is told, in the amendment's transaction.
    const told = (await s1.http.get('/api/notifications')).json();
    expect(told.items.find((n: { kind: string }) => n.kind === 'tender.bid.invalidated')).toMatchObject({
      kind: 'tender.bid.invalidated',
      title: expect.stringContaining(t.tenderNo),
      body: expect.stringContaining('重新递交'),
      link: `/supplier/tenders/${t.id}`,
      readAt: null,
    });
    // …and, having asked the question, of its answer.
    expect(told.items.map((n: { kind: string }) => n.kind).sort()).toEqual(['tender.bid.invalidated', 'tender.question_answered']);
    expect(told.unread).toBe(2);
    const again = await s1.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lotId, 248_000_000));
    expect(again.json()).toMatchObject({ status: 'submitted', documentsVersion: 2, version: 2 });
    expect((await s1.http.send('DELETE', `/api/tenders/${t.id}/bids/${lotId}`)).json().status).toBe('withdrawn');
  });

  it('ranks a prison enterprise and a disability welfare unit with the small/micro deduction at the opening, and refuses a medium bidder’s small/micro declaration [rule:tenders.prison-disability-treatment] [rule:tenders.sme-declaration]', async () => {
    const t = await published();
    const lotId = t.lots[0].id;
    const prison = await supplier('medium', { smeTreatment: 'prison_enterprise' });
    const welfare = await supplier('large', { smeTreatment: 'disability_welfare' });
    const small = await supplier('small');
    const medium = await supplier('medium');
    const refused = await medium.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lotId, 200_000_000, { smeDeclared: true }));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([expect.objectContaining({ field: 'smeDeclared', message: expect.stringContaining('中型') })]);
    for (const [who, price] of [
      [prison, 270_000_000],
      [welfare, 275_000_000],
      [small, 280_000_000],
    ] as const) {
      const r = await who.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lotId, price, { smeDeclared: true }));
      expect(r.statusCode, r.body).toBe(200);
    }
    await passDeadline(t.id);
    const after = (await client(ctx.app, null).get(`/api/public/tenders/${t.id}`)).json();
    const rowOf = (id: string) => after.openingRecord.find((x: { supplierId: string }) => x.supplierId === id);
    expect(rowOf(prison.org.id)).toMatchObject({ sizeClass: 'medium', deductionRate: '0.10', evaluationPriceFen: 243_000_000 });
    expect(rowOf(welfare.org.id)).toMatchObject({ sizeClass: 'large', deductionRate: '0.10', evaluationPriceFen: 247_500_000 });
    expect(rowOf(small.org.id)).toMatchObject({ deductionRate: '0.10', evaluationPriceFen: 252_000_000 });
    expect(rowOf(medium.org.id)).toBeUndefined();
  });

  it('writes the 中小企业声明函 from the registered facts, seals it with the bid and opens it with the record; refuses a preview the facts do not bear [rule:tenders.sme-statement]', async () => {
    const t = await published();
    const lotId = t.lots[0].id;
    const small = await supplier('small');
    const prison = await supplier('medium', { smeTreatment: 'prison_enterprise' });
    const medium = await supplier('medium');
    const refused = await medium.http.post(`/api/tenders/${t.id}/sme-statement`, { lotId, smeDeclared: true });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].field).toBe('smeDeclared');
    const preview = (await small.http.post(`/api/tenders/${t.id}/sme-statement`, { lotId, smeDeclared: true })).json().smeStatement;
    expect(preview).toContain('中小企业声明函');
    expect(preview).toContain(small.org.name);
    expect(preview).toContain('小型企业');
    expect(preview).toContain(t.tenderNo);
    const sealed = (await small.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lotId, 270_000_000, { smeDeclared: true }))).json();
    expect(sealed.smeStatement).toBe(preview);
    const prisonReceipt = (
      await prison.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lotId, 275_000_000, { smeDeclared: true }))
    ).json();
    expect(prisonReceipt.smeStatement).toContain('监狱企业');
    const plain = (await medium.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lotId, 280_000_000))).json();
    expect(plain.smeStatement).toBeNull();
    // Sealed: nothing of it before the deadline.
    expect((await client(ctx.app, null).get(`/api/public/tenders/${t.id}`)).json().openingRecord).toBeNull();
    await passDeadline(t.id);
    const record = (await client(ctx.app, null).get(`/api/public/tenders/${t.id}`)).json().openingRecord;
    const rowOf = (id: string) => record.find((x: { supplierId: string }) => x.supplierId === id);
    expect(rowOf(small.org.id).smeStatement).toBe(preview);
    expect(rowOf(prison.org.id).smeStatement).toContain('财库〔2014〕68号');
    expect(rowOf(medium.org.id).smeStatement).toBeNull();
  });

  it('rejects bidders sharing a legal representative, counts one brand once, and fails a lot below the minimum [rule:tenders.minimum-bidders] [rule:tenders.one-brand] [rule:tenders.related-bidders]', async () => {
    const t = await published();
    const lotId = t.lots[0].id;
    const a = await supplier('medium', { legalRepresentative: `${token}同一人` });
    const b = await supplier('small', { legalRepresentative: `${token}同一人` });
    const c = await supplier('medium');
    const d = await supplier('small');
    const e = await supplier('large');
    await a.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lotId, 200_000_000));
    await b.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lotId, 210_000_000));
    await c.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lotId, 220_000_000, { brand: '联想' }));
    await d.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lotId, 230_000_000, { brand: '联想' }));
    await e.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lotId, 400_000_000));
    await passDeadline(t.id);
    const after = (await client(ctx.app, null).get(`/api/public/tenders/${t.id}`)).json();
    const rowOf = (id: string) => after.openingRecord.find((x: { supplierId: string }) => x.supplierId === id);
    expect(rowOf(a.org.id).status).toBe('rejected');
    expect(rowOf(b.org.id).statusNote).toContain('法定代表人');
    expect(rowOf(e.org.id).statusNote).toContain('超过本包预算');
    expect(after.openingRecord).toHaveLength(5);
    // c and d offer one brand: one bidder, fewer than three → 流标.
    expect(after.status).toBe('failed');
    expect(after.lots[0].status).toBe('failed');
    expect(after.resultNote).toContain('有效投标 1 家');
    const told = (await b.http.get('/api/notifications')).json().items.find((n: { kind: string }) => n.kind === 'tender.failed');
    expect(told).toMatchObject({ title: `项目流标：${t.tenderNo}`, body: expect.stringContaining('未通过开标审查') });
    // The bidders are told by the opening's own notices job (one, keyed by the tender), each as its bids fared.
    const toldC = (await c.http.get('/api/notifications')).json().items.find((n: { kind: string }) => n.kind === 'tender.failed');
    expect(toldC.body).not.toContain('未通过开标审查');
    expect(await ctx.jobs.status(ctx.database.db, tenderJobs.openingNotices, t.id)).toBe('done');
  });

  it('rejects bidders in a direct control or management relationship in one lot, not across lots', async () => {
    const t = await published({ smeExemptReason: '测试', lots: [lot(), lot({ name: '便携式计算机' })] });
    const [lot1, lot2] = t.lots.map((l: { id: string }) => l.id);
    const parent = await supplier('large');
    const child = await supplier('small', { controlledByUscc: parent.org.uscc });
    const others = [await supplier('medium'), await supplier('small'), await supplier('micro')];
    await parent.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lot1, 200_000_000));
    await child.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lot1, 210_000_000));
    // In another lot the subsidiary may bid: the rule is per lot.
    await child.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lot2, 220_000_000));
    for (const o of others) {
      await o.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lot1, 230_000_000));
      await o.http.send('PUT', `/api/tenders/${t.id}/bids`, bid(lot2, 230_000_000));
    }
    await passDeadline(t.id);
    const after = (await client(ctx.app, null).get(`/api/public/tenders/${t.id}`)).json();
    const rowOf = (id: string, lotId: string) =>
      after.openingRecord.find((x: { supplierId: string; lotId: string }) => x.supplierId === id && x.lotId === lotId);
    expect(rowOf(parent.org.id, lot1)).toMatchObject({
      status: 'rejected',
      statusNote: `与同包投标人「${child.org.name}」存在直接控股或管理关系，不得参加同一包投标（政府采购法实施条例第十八条）`,
    });
    expect(rowOf(child.org.id, lot1)).toMatchObject({
      status: 'rejected',
      statusNote: expect.stringContaining(`「${parent.org.name}」存在直接控股或管理关系`),
    });
    expect(rowOf(child.org.id, lot2)).toMatchObject({ status: 'opened', statusNote: null });
    for (const o of others) expect(rowOf(o.org.id, lot1).status).toBe('opened');
    expect(after.resultNote).toContain('第 1 包：有效投标 3 家');
  });

  it('lets center staff find purchasing units by name, and no one else', async () => {
    const named = await createOrg(ctx.database.db, 'purchasing_unit', { name: `${token}区卫生健康委员会` });
    const found = (await center.http.get(`/api/purchasing-units?q=${encodeURIComponent(`${token}区卫生`)}`)).json();
    expect(found.items).toEqual([{ id: named.id, name: named.name, regionCode: named.regionCode }]);
    expect((await (await supplier('small')).http.get('/api/purchasing-units')).statusCode).toBe(403);
  });

  it('keeps drafts to their center, unit and regulators', async () => {
    const draft = (await center.http.post('/api/tenders', tender())).json();
    const other = await actor(ctx.app, ctx.database.db, 'center_staff');
    expect((await other.http.get(`/api/tenders/${draft.id}`)).statusCode).toBe(404);
    expect((await other.http.post(`/api/tenders/${draft.id}/publish`)).statusCode).toBe(404);
    expect((await client(ctx.app, null).get(`/api/public/tenders/${draft.id}`)).statusCode).toBe(404);
    const s = await supplier('small');
    expect((await s.http.send('PUT', `/api/tenders/${draft.id}/bids`, bid(draft.lots[0].id, 1000))).statusCode).toBe(404);
  });
});

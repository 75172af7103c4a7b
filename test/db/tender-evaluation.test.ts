import { randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bids, experts, tenders, users } from '../../server/db/schema/index.ts';
import { DEMO_PASSWORD } from '../../server/modules/demo/demo-data.ts';
import { minimalPdf } from '../helpers/files.ts';
import { client, login, type TestContext } from '../helpers/context.ts';
import { errorsOf, followWholeFeed, validateRecordPackage, validateRelease, validateReleasePackage } from '../helpers/ocds.ts';
import { drawCommittee, passReviews, passTenderDeadline, procurementContext, intentionExempt, signReport } from '../helpers/procurement.ts';

const reasons = { tech: '技术响应满足要求', service: '服务承诺满足要求' };
import { actor, createOrg, createUser, TEST_PASSWORD, type Actor } from '../helpers/factories.ts';
/** Today in Beijing: a contract is signed on a day between the end of the challenge window and today. */
const beijingToday = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

let ctx: TestContext;
let center: Actor;
const token = `v${randomBytes(3).toString('hex')}`;

beforeAll(async () => {
  ({ ctx, center } = await procurementContext());
});
afterAll(() => ctx.close());

/** A logged-in client for a drawn expert: its own account, or a new one linked to it. */
async function expertClient(expertId: string) {
  const [e] = await ctx.database.db.select().from(experts).where(eq(experts.id, expertId));
  if (e!.userId) {
    const [u] = await ctx.database.db.select().from(users).where(eq(users.id, e!.userId));
    for (const password of [TEST_PASSWORD, DEMO_PASSWORD]) {
      try {
        return client(ctx.app, await login(ctx.app, u!.username, password));
      } catch {
        // try the other password
      }
    }
  }
  const user = await createUser(ctx.database.db, (await createOrg(ctx.database.db, 'procurement_center')).id, ['expert']);
  await ctx.database.db.update(experts).set({ userId: user.id }).where(eq(experts.id, expertId));
  return client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
}

describe('evaluation and award (评标、定标)', () => {
  it(
    'opens certificates with the bids, counts only those valid on the deadline date, and awards at the bid price',
    { timeout: 120_000 },
    async () => {
      const unit = await createOrg(ctx.database.db, 'purchasing_unit');
      const purchaser = await actor(ctx.app, ctx.database.db, 'purchaser', unit.id);
      const created = await center.http.post('/api/tenders', {
        title: `${token} 节能打印机采购`,
        methodCode: 'open',
        ...intentionExempt,
        purchaserOrgId: unit.id,
        kind: 'goods',
        categoryCode: 'A020201',
        documents: '第一章 投标邀请……第二章 采购需求：打印机……第三章 最低评标价法；节能产品价格扣除 5%……',
        deadline: new Date(Date.now() + 21 * 86_400_000).toISOString(),
        smeExemptReason: '标准化通用设备',
        lots: [
          {
            name: '打印机',
            budgetFen: 300_000_000,
            items: [{ name: '打印机', quantity: 100, unit: '台' }],
            evaluationMethod: 'lowest_price',
            smeReserved: false,
            smeDeductionRate: '0.10',
            greenDeductionRate: '0.05',
          },
        ],
      });
      expect(created.statusCode, created.body).toBe(201);
      const t = created.json();
      expect(t.lots[0]).toMatchObject({ greenDeductionRate: '0.05', greenBonusPoints: null });
      await center.http.post(`/api/tenders/${t.id}/publish`);
      const lotId = t.lots[0].id;
      const cert = (validUntil: string) => ({
        kind: 'energy_saving',
        number: `CQC${randomBytes(3).toString('hex')}`,
        issuer: '中国质量认证中心',
        validUntil,
      });
      const bidders: Record<string, string> = {};
      for (const [name, price, green] of [
        ['certified', 280_000_000, cert('2099-12-31')],
        ['plain', 270_000_000, undefined],
        ['expired', 275_000_000, cert('2020-01-01')],
      ] as const) {
        const org = await createOrg(ctx.database.db, 'supplier', {
          sizeClass: 'large',
          name: `${token}${name}打印机有限公司`,
          legalRepresentative: `${token}${name}`,
        });
        const user = await createUser(ctx.database.db, org.id, ['supplier']);
        const http = client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
        const res = await http.send('PUT', `/api/tenders/${t.id}/bids`, {
          lotId,
          priceFen: price,
          brand: `${token}${name}牌`,
          technicalResponse: '完全响应',
          ...(green ? { greenCertificate: green } : {}),
        });
        expect(res.statusCode, res.body).toBe(200);
        bidders[name] = org.id;
      }
      await passTenderDeadline(ctx, t.id);
      const record = (await client(ctx.app, null).get(`/api/public/tenders/${t.id}`)).json().openingRecord as {
        supplierId: string;
        greenValid: boolean;
        greenCertificate: { validUntil: string } | null;
      }[];
      const rowOf = (name: string) => record.find((r) => r.supplierId === bidders[name])!;
      expect(rowOf('certified')).toMatchObject({
        greenValid: true,
        greenCertificate: { validUntil: '2099-12-31', issuer: '中国质量认证中心' },
      });
      expect(rowOf('expired')).toMatchObject({ greenValid: false, greenCertificate: { validUntil: '2020-01-01' } });
      expect(rowOf('plain')).toMatchObject({ greenValid: false, greenCertificate: null });
      const [stored] = await ctx.database.db.select().from(bids).where(eq(bids.supplierId, bidders.certified!));
      expect(stored!.greenCertificate).toMatchObject({ kind: 'energy_saving', validUntil: '2099-12-31' });

      const seats: { id: string; expertId: string }[] = (await drawCommittee(center, t.id)).seats;
      const members = [];
      for (const seat of seats) {
        const http = await expertClient(seat.expertId);
        expect((await http.post(`/api/tender-experts/${seat.id}/confirm`)).statusCode).toBe(200);
        members.push({ http, seatId: seat.id });
      }
      await passReviews(center, members[0]!, t.id, lotId);
      const evaluated = await center.http.post(`/api/tenders/${t.id}/evaluate`);
      expect(evaluated.statusCode, evaluated.body).toBe(200);
      // Hand calculation: certified ¥2,800,000 − 5% (¥140,000) = ¥2,660,000, below plain ¥2,700,000; the expired certificate counts nothing (¥2,750,000).
      const report = evaluated.json().lots[0].report;
      expect(
        report.ranking.map((r: { supplierId: string; priceFen: number; greenDeductionFen: number; evaluationPriceFen: number }) => [
          r.supplierId,
          r.priceFen,
          r.greenDeductionFen,
          r.evaluationPriceFen,
        ]),
      ).toEqual([
        [bidders.certified, 280_000_000, 14_000_000, 266_000_000],
        [bidders.plain, 270_000_000, 0, 270_000_000],
        [bidders.expired, 275_000_000, 0, 275_000_000],
      ]);
      // The report as a PDF: its parties before the award, anyone logged in after it.
      const pdfUrl = `/api/tenders/${t.id}/lots/${lotId}/evaluation-report.pdf`;
      const pdf = await center.http.get(pdfUrl);
      expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.headers['content-disposition']).toBe(
        `attachment; filename*=UTF-8''${encodeURIComponent(`评标报告-${t.tenderNo}-第1包.pdf`)}`,
      );
      expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect((await purchaser.http.get(pdfUrl)).statusCode).toBe(200);
      const outsider = await actor(ctx.app, ctx.database.db, 'supplier');
      const hidden = await outsider.http.get(pdfUrl);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.headers['content-type']).toContain('application/problem+json');
      expect((await (await actor(ctx.app, ctx.database.db, 'center_staff')).http.get(pdfUrl)).statusCode).toBe(404);
      expect((await client(ctx.app, null).get(pdfUrl)).statusCode).toBe(401);
      expect((await center.http.get(`/api/tenders/${t.id}/lots/${randomUUID()}/evaluation-report.pdf`)).statusCode).toBe(404);
      await signReport(members, lotId);
      const awarded = await purchaser.http.post(`/api/tenders/${t.id}/lots/${lotId}/award`);
      expect(awarded.statusCode, awarded.body).toBe(200);
      expect((await outsider.http.get(pdfUrl)).statusCode).toBe(200);
      // The contract price stays the bid.
      expect(awarded.json().lots[0]).toMatchObject({ contractPriceFen: 280_000_000 });
    },
  );

  it(
    'a small enterprise wins an open tender only through its 10% deduction; the report matches a hand calculation [rule:tenders.sme-price-deduction] [rule:tenders.challenge-window]',
    { timeout: 120_000 },
    async () => {
      const unit = await createOrg(ctx.database.db, 'purchasing_unit');
      const purchaser = await actor(ctx.app, ctx.database.db, 'purchaser', unit.id);
      const created = await center.http.post('/api/tenders', {
        title: `${token} 办公设备采购`,
        methodCode: 'open',
        ...intentionExempt,
        purchaserOrgId: unit.id,
        kind: 'goods',
        categoryCode: 'A020201',
        documents: '第一章 投标邀请……第二章 采购需求：数码复合机……第三章 综合评分法：价格 30 分，技术 50 分，服务 20 分……',
        deadline: new Date(Date.now() + 21 * 86_400_000).toISOString(),
        smeExemptReason: '标准化通用设备',
        lots: [
          {
            name: '复合机',
            budgetFen: 300_000_000,
            items: [{ name: '数码复合机', quantity: 100, unit: '台' }],
            evaluationMethod: 'comprehensive',
            priceWeight: '0.30',
            criteria: [
              { key: 'tech', name: '技术', weight: '0.50' },
              { key: 'service', name: '服务', weight: '0.20' },
            ],
            smeReserved: false,
            smeDeductionRate: '0.10',
          },
        ],
      });
      expect(created.statusCode, created.body).toBe(201);
      const t = created.json();
      await center.http.post(`/api/tenders/${t.id}/publish`);
      const lotId = t.lots[0].id;
      const bidders: Record<string, { id: string }> = {};
      for (const [size, price] of [
        ['large', 270_000_000],
        ['medium', 275_000_000],
        ['small', 290_000_000],
      ] as const) {
        const org = await createOrg(ctx.database.db, 'supplier', {
          sizeClass: size,
          name: `${token}${size}投标人有限公司`,
          legalRepresentative: `${token}${size}`,
        });
        const user = await createUser(ctx.database.db, org.id, ['supplier']);
        const http = client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
        expect(
          (
            await http.send('PUT', `/api/tenders/${t.id}/bids`, {
              lotId,
              priceFen: price,
              brand: `${token}${size}牌`,
              technicalResponse: '完全响应',
              smeDeclared: size === 'small',
            })
          ).statusCode,
        ).toBe(200);
        bidders[size] = org;
      }
      await passTenderDeadline(ctx, t.id);

      const seats: { id: string; expertId: string }[] = (await drawCommittee(center, t.id)).seats;
      expect(seats).toHaveLength(5);
      // Evaluating before every expert scored is refused.
      const bidIds = Object.fromEntries(
        ((await client(ctx.app, null).get(`/api/public/tenders/${t.id}`)).json().openingRecord as { supplierId: string }[]).map((r) => [
          r.supplierId,
          r,
        ]),
      );
      const rows = (
        await ctx.database.db.execute<{ id: string; supplier_id: string }>(
          sql`select id, supplier_id from jicai.bids where tender_id = ${t.id}`,
        )
      ).rows;
      const bidOf = (size: string) => rows.find((r) => r.supplier_id === bidders[size]!.id)!.id;
      expect(Object.keys(bidIds)).toHaveLength(3);
      const members = [];
      for (const [i, seat] of seats.entries()) {
        const http = await expertClient(seat.expertId);
        expect((await http.send('PUT', `/api/tender-experts/${seat.id}/scores`, { lotId, sheets: [] })).statusCode).toBe(400);
        expect(
          (
            await http.send('PUT', `/api/tender-experts/${seat.id}/scores`, {
              lotId,
              sheets: [{ bidId: bidOf('large'), points: { tech: '40', service: '15' } }],
            })
          ).statusCode,
        ).toBe(409);
        expect((await http.get(`/api/tender-experts/${seat.id}/sheet`)).json().lots[0].bids).toEqual([]);
        expect((await http.post(`/api/tender-experts/${seat.id}/confirm`)).statusCode).toBe(200);
        members.push({ http, seatId: seat.id });
        if (i === 0) await passReviews(center, members[0]!, t.id, lotId);
        const sheet = (await http.get(`/api/tender-experts/${seat.id}/sheet`)).json();
        expect(sheet.lots[0].bids.map((b: { bidId: string }) => b.bidId).sort()).toEqual(
          [bidOf('large'), bidOf('medium'), bidOf('small')].sort(),
        );
        if (i === 0) {
          const over = await http.send('PUT', `/api/tender-experts/${seat.id}/scores`, {
            lotId,
            sheets: ['large', 'medium', 'small'].map((s) => ({ bidId: bidOf(s), points: { tech: '55', service: '15' }, reasons })),
          });
          expect(over.statusCode).toBe(422);
          expect(over.json().errors[0].field).toBe('sheets[0].points.tech');
          expect((await center.http.post(`/api/tenders/${t.id}/evaluate`)).statusCode).toBe(409);
        }
        // Equal technical and service scores from everyone, except the last expert, who marks the medium enterprise far down.
        const sheets = ['large', 'medium', 'small'].map((s) => ({
          bidId: bidOf(s),
          points: { tech: i === 4 && s === 'medium' ? '10' : '40', service: '15' },
          reasons,
        }));
        const ok = await http.send('PUT', `/api/tender-experts/${seat.id}/scores`, { lotId, sheets });
        expect(ok.statusCode, ok.body).toBe(200);
      }
      const evaluated = await center.http.post(`/api/tenders/${t.id}/evaluate`);
      expect(evaluated.statusCode, evaluated.body).toBe(200);
      const report = evaluated.json().lots[0].report;
      // Hand calculation. Evaluation prices: small ¥2,900,000 × 0.9 = ¥2,610,000 (lowest); large ¥2,700,000; medium ¥2,750,000.
      // Price scores: 30 × 2,610,000 / 2,610,000 = 30.00; 30 × 2,610,000 / 2,700,000 = 29.00; 30 × 2,610,000 / 2,750,000 = 28.47.
      // Other scores: 40 + 15 = 55.00 for small and large; medium (40 × 4 + 10) / 5 + 15 = 49.00.
      expect(report.lowestEvaluationPriceFen).toBe(261_000_000);
      expect(
        report.ranking.map(
          (r: {
            supplierId: string;
            evaluationPriceFen: number;
            priceScore: string;
            otherScore: string;
            total: string;
            deductionRate: string;
          }) => [r.supplierId, r.deductionRate, r.evaluationPriceFen, r.priceScore, r.otherScore, r.total],
        ),
      ).toEqual([
        [bidders.small!.id, '0.10', 261_000_000, '30.00', '55.00', '85.00'],
        [bidders.large!.id, '0', 270_000_000, '29.00', '55.00', '84.00'],
        [bidders.medium!.id, '0', 275_000_000, '28.47', '49.00', '77.47'],
      ]);
      expect(report.ranking[0].criteria).toEqual({ tech: '40.00', service: '15.00' });
      // Without the deduction the small enterprise would have come last: 30 × 2,700,000 / 2,900,000 = 27.93.
      // Flagged scores name the seat (评审专家 5), for the parties too: one pseudonym everywhere.
      expect(report.outliers).toEqual([{ bidId: bidOf('medium'), expertId: 'seat:5', total: '25.00', othersMean: '55.00' }]);

      // Before the award the report is for the parties only.
      expect((await client(ctx.app, null).get(`/api/public/tenders/${t.id}/evaluation-report`)).statusCode).toBe(404);
      expect((await center.http.post(`/api/tenders/${t.id}/lots/${lotId}/award`)).statusCode).toBe(403);
      await signReport(members, lotId);
      const other = await actor(ctx.app, ctx.database.db, 'purchaser');
      expect((await other.http.post(`/api/tenders/${t.id}/lots/${lotId}/award`)).statusCode).toBe(404);
      const awarded = await purchaser.http.post(`/api/tenders/${t.id}/lots/${lotId}/award`);
      expect(awarded.statusCode, awarded.body).toBe(200);
      expect(awarded.json()).toMatchObject({ status: 'awarded', lots: [{ awardedBidId: bidOf('small'), contractPriceFen: 290_000_000 }] });
      expect((await purchaser.http.post(`/api/tenders/${t.id}/lots/${lotId}/award`)).statusCode).toBe(409);
      const pub = await client(ctx.app, null).get(`/api/public/tenders/${t.id}/evaluation-report`);
      expect(pub.statusCode).toBe(200);
      // The public sees a flagged score by seat, not by expert.
      expect(pub.json().lots[0].report.outliers[0].expertId).toBe('seat:5');
      expect((await center.http.get(`/api/tenders/${t.id}`)).json()).toMatchObject({
        awardNoticeAt: expect.any(String),
        challengeUntil: expect.any(String),
      });
      expect((await client(ctx.app, null).get(`/api/public/tenders/${t.id}`)).json().resultNote).toContain('质疑期至');

      // 质疑 within the window; no contract until it is answered and the window has passed.
      const largeUser = await createUser(ctx.database.db, bidders.large!.id, ['supplier']);
      const large = client(ctx.app, await login(ctx.app, largeUser.username, TEST_PASSWORD));
      expect((await large.post(`/api/tenders/${t.id}/challenges`, { grounds: '短' })).statusCode).toBe(400);
      const lodged = await large.post(`/api/tenders/${t.id}/challenges`, {
        grounds: '中标人小微企业声明函所列制造商并非小微企业，价格扣除不应适用。',
      });
      expect(lodged.statusCode, lodged.body).toBe(201);
      const challenge = lodged.json()[0];
      expect(Date.parse(challenge.replyDue)).toBeGreaterThan(Date.now() + 7 * 86_400_000);
      const outsider = await actor(ctx.app, ctx.database.db, 'supplier');
      expect((await outsider.http.post(`/api/tenders/${t.id}/challenges`, { grounds: '我没有投标但是想质疑一下结果。' })).statusCode).toBe(
        404,
      );
      expect((await purchaser.http.post(`/api/tenders/${t.id}/lots/${lotId}/contract`, { signedOn: beijingToday })).statusCode).toBe(409);
      expect((await large.get('/api/notifications')).json().items.map((n: { kind: string }) => n.kind)).toContain('tender.awarded');
      const replied = await center.http.post(`/api/challenges/${challenge.id}/reply`, {
        reply: '经核查，中标人提供的制造商营业执照及声明函真实有效，质疑事项不成立。',
        upheld: false,
      });
      expect(replied.json()[0]).toMatchObject({ upheld: false, late: false });
      const answered = (await large.get('/api/notifications')).json().items[0];
      expect(answered).toMatchObject({
        kind: 'tender.challenge.replied',
        body: expect.stringContaining('质疑不成立'),
        link: `/supplier/tenders/${t.id}/challenges`,
      });
      expect((await center.http.get(`/api/tenders/${t.id}`)).json().status).toBe('awarded');
      expect((await purchaser.http.post(`/api/tenders/${t.id}/lots/${lotId}/contract`, { signedOn: beijingToday })).statusCode).toBe(409);
      await ctx.database.db
        .update(tenders)
        .set({ challengeUntil: sql`now() - interval '1 second'` })
        .where(eq(tenders.id, t.id));
      expect((await large.post(`/api/tenders/${t.id}/challenges`, { grounds: '逾期提出的质疑，应当不予受理。' })).statusCode).toBe(409);
      const contract = await purchaser.http.post(`/api/tenders/${t.id}/lots/${lotId}/contract`, { signedOn: beijingToday });
      expect(contract.statusCode, contract.body).toBe(201);
      expect(contract.json()[0]).toMatchObject({ priceFen: 290_000_000, supplierId: bidders.small!.id, contractNo: `HT${t.tenderNo}-1` });
      expect((await center.http.get(`/api/tenders/${t.id}`)).json()).toMatchObject({
        status: 'contracted',
        contracts: [
          {
            contractNo: `HT${t.tenderNo}-1`,
            lotId,
            lotNo: 1,
            supplierId: bidders.small!.id,
            supplierName: `${token}small投标人有限公司`,
            priceFen: 290_000_000,
            signedOn: beijingToday,
          },
        ],
      });

      // Signed, not yet announced: the open data lists the tender as awarded and its record is not complete.
      const listedAs = async () =>
        (await client(ctx.app, null).get('/api/ocds/processes?kind=tender&pageSize=200'))
          .json()
          .items.find((p: { id: string }) => p.id === t.id)?.status;
      const recordStatus = async () =>
        (await client(ctx.app, null).get(`/api/ocds/tenders/${t.id}/record`)).json().records[0].compiledRelease.tender.status;
      expect(await listedAs()).toBe('awarded');
      expect(await recordStatus()).toBe('active');

      // 合同公告: the signed contract uploaded and published (the OCDS contract release comes with it).
      const doc = await purchaser.http.upload(
        `/api/tenders/${t.id}/lots/${lotId}/contract/document`,
        'contract.pdf',
        minimalPdf(),
        'application/pdf',
      );
      expect(doc.statusCode, doc.body).toBe(200);
      expect((await purchaser.http.post(`/api/tenders/${t.id}/lots/${lotId}/contract/publish`)).statusCode).toBe(200);
      expect(await listedAs()).toBe('contracted');
      expect(await recordStatus()).toBe('complete');

      // Open data: the release package and the record validate against the shipped OCDS 1.1.5 schemas
      // (which do refuse a malformed release).
      expect(validateRelease({ ocid: 'x', id: 'y', date: 'yesterday', tag: ['nonsense'], initiationType: 'tender' })).toBe(false);
      const pkg = (await client(ctx.app, null).get(`/api/ocds/tenders/${t.id}/releases`)).json();
      expect(validateReleasePackage(pkg), errorsOf(validateReleasePackage)).toBe(true);
      for (const r of pkg.releases) expect(validateRelease(r), errorsOf(validateRelease)).toBe(true);
      expect(pkg.releases.map((r: { tag: string[] }) => r.tag[0])).toEqual(['tender', 'tenderUpdate', 'award', 'contract']);
      expect(pkg.releases[0].ocid).toMatch(/^ocds-[a-z0-9]{6}-/);
      const record = (await client(ctx.app, null).get(`/api/ocds/tenders/${t.id}/record`)).json();
      expect(validateRecordPackage(record), errorsOf(validateRecordPackage)).toBe(true);
      const compiled = record.records[0].compiledRelease;
      expect(compiled).toMatchObject({
        tag: ['compiled'],
        tender: { numberOfTenderers: 3, procurementMethod: 'open', value: { amount: 3_000_000, currency: 'CNY' } },
        awards: [{ value: { amount: 2_900_000 } }],
        contracts: [{ value: { amount: 2_900_000 } }],
      });
      expect(compiled.parties.map((p: { roles: string[] }) => p.roles).flat()).toEqual(
        expect.arrayContaining(['buyer', 'procuringEntity', 'tenderer', 'supplier']),
      );
    },
  );

  // It reads every release every other file has published: on a loaded machine that outlasts the default 30 s.
  it('pages the open data feed through every release once', async () => {
    const seen = await followWholeFeed((url) => client(ctx.app, null).get(url));
    const published = (
      await ctx.database.db.execute<{ n: number }>(
        sql`select count(*)::int as n from jicai.tenders where status <> 'draft' and created_at <= now()`,
      )
    ).rows[0]!.n;
    expect(seen.size).toBeGreaterThanOrEqual(published);
    expect((await client(ctx.app, null).get('/api/ocds/releases?after=***')).statusCode).toBe(400);
  }, 150_000);
});

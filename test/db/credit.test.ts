import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { count, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditEvents, exclusions, scheduledJobs } from '../../server/db/schema/index.ts';
import { makeUscc } from '../../server/modules/organizations/organizations.rules.ts';
import { eligibilityActions } from '../../server/modules/credit/credit.rules.ts';
import { createServices } from '../../server/services.ts';
import { client, createTestContext, type TestContext } from '../helpers/context.ts';
import { actor, createBudgetLine, createOrg, createUser, type Actor } from '../helpers/factories.ts';
import { goodsTender, passTenderDeadline, publishTender, quotationRequirement } from '../helpers/procurement.ts';
import { login } from '../helpers/context.ts';
import { minimalPdf } from '../helpers/files.ts';
import { startJobWorkers } from '../helpers/jobs.ts';
import { TEST_PASSWORD } from '../helpers/factories.ts';

let ctx: TestContext;
let regulator: Actor;
let center: Actor;
let services: ReturnType<typeof createServices>;

beforeAll(async () => {
  ctx = await createTestContext();
  regulator = await actor(ctx.app, ctx.database.db, 'regulator');
  center = await actor(ctx.app, ctx.database.db, 'center_staff');
  services = createServices({ config: ctx.config, db: ctx.database.db, jobs: ctx.jobs, search: postgresSearch(ctx.database.db) });
  // A tender named as a source is opened by its job (passTenderDeadline).
  await startJobWorkers(ctx);
});
afterAll(() => ctx.close());

const newSupplier = async (regionCode = '110108') => {
  const org = await createOrg(ctx.database.db, 'supplier', { regionCode });
  const user = await createUser(ctx.database.db, org.id, ['supplier']);
  const session = await login(ctx.app, user.username, TEST_PASSWORD);
  return { org, http: client(ctx.app, session) };
};

const eligibility = (supplierId: string, action: string, regionCode?: string) =>
  regulator.http
    .get(`/api/credit/eligibility?supplierId=${supplierId}&action=${action}${regionCode ? `&regionCode=${regionCode}` : ''}`)
    .then((r) => r.json());

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const addYears = (day: string, years: number, days = 0) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

describe('eligibility: may this supplier do X now?', () => {
  it('refuses every action while a bad-conduct listing is in force, naming it, and allows again once lifted [rule:credit.exclusion]', async () => {
    const { org } = await newSupplier();
    for (const action of eligibilityActions) expect((await eligibility(org.id, action)).eligible).toBe(true);

    const created = await regulator.http.post('/api/credit/exclusions', {
      supplierId: org.id,
      listType: 'bad_conduct',
      startsOn: today(),
      endsOn: addYears(today(), 2, -1),
      legalBasis: '政府采购法第七十七条；京财采罚〔2026〕12号',
    });
    expect(created.statusCode).toBe(201);
    for (const action of eligibilityActions) {
      const result = await eligibility(org.id, action);
      expect(result.eligible, action).toBe(false);
      expect(result.reasons[0]).toMatchObject({ code: 'exclusion', exclusionId: created.json().id, listType: 'bad_conduct' });
      expect(result.reasons[0].message).toContain('京财采罚〔2026〕12号');
    }
    // The function later modules call refuses with a 422 problem naming the exclusion.
    await expect(services.credit.assertEligible(ctx.database.db, { supplierId: org.id, action: 'bid' })).rejects.toMatchObject({
      status: 422,
      type: 'ineligible',
    });

    const lifted = await regulator.http.post(`/api/credit/exclusions/${created.json().id}/lift`, { reason: '行政复议撤销处罚决定' });
    expect(lifted.statusCode).toBe(200);
    expect((await eligibility(org.id, 'bid')).eligible).toBe(true);
  });

  it('applies a regional exclusion only in the issuing region and below, by the region tree [rule:credit.exclusion]', async () => {
    const { org } = await newSupplier();
    const body = {
      supplierId: org.id,
      listType: 'bad_conduct',
      regionCode: '440000',
      startsOn: today(),
      endsOn: addYears(today(), 1, -1),
      legalBasis: '广东省财政厅处罚决定',
    };
    // A 海淀 finance bureau cannot limit an exclusion to 广东: outside its jurisdiction (#19).
    const outside = await regulator.http.post('/api/credit/exclusions', body);
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors[0].field).toBe('regionCode');
    const guangdong = await actor(
      ctx.app,
      ctx.database.db,
      'regulator',
      (await createOrg(ctx.database.db, 'regulator', { regionCode: '440000' })).id,
    );
    expect((await guangdong.http.post('/api/credit/exclusions', body)).statusCode).toBe(201);
    // 南山区 → 深圳市 → 广东省 in the tree: blocked there; not in 北京 nor in 上海.
    expect((await eligibility(org.id, 'order', '440305')).eligible).toBe(false);
    expect((await eligibility(org.id, 'order', '440300')).eligible).toBe(false);
    expect((await eligibility(org.id, 'order', '110108')).eligible).toBe(true);
    expect((await eligibility(org.id, 'order', '310104')).eligible).toBe(true);
  });

  it("counts a regional exclusion where the process is: a 深圳 unit's quotation refuses the supplier, a 北京 unit's takes its quote (#19)", async () => {
    const { org, http } = await newSupplier();
    const guangdong = await actor(
      ctx.app,
      ctx.database.db,
      'regulator',
      (await createOrg(ctx.database.db, 'regulator', { regionCode: '440000' })).id,
    );
    const excluded = await guangdong.http.post('/api/credit/exclusions', {
      supplierId: org.id,
      listType: 'bad_conduct',
      regionCode: '440000',
      startsOn: today(),
      endsOn: addYears(today(), 1, -1),
      legalBasis: '广东省财政厅处罚决定（测试）',
    });
    expect(excluded.statusCode, excluded.body).toBe(201);
    const quotationAt = async (regionCode: string) => {
      const unit = await createOrg(ctx.database.db, 'purchasing_unit', { regionCode });
      const line = await createBudgetLine(ctx.database.db, unit.id, 10_000_000);
      const purchaser = await actor(ctx.app, ctx.database.db, 'purchaser', unit.id);
      const posted = await purchaser.http.post('/api/quotations', quotationRequirement(`credit-${regionCode}`, line.id));
      expect(posted.statusCode, posted.body).toBe(201);
      return posted.json().id as string;
    };
    const quote = { unitPriceFen: 500_000, brand: '自有', model: '运维服务包', deliveryDays: 7, smeDeclared: false };
    const inShenzhen = await http.send('PUT', `/api/quotations/${await quotationAt('440305')}/quote`, quote);
    expect(inShenzhen.statusCode).toBe(422);
    expect(inShenzhen.body).toContain('广东省财政厅处罚决定');
    const inBeijing = await http.send('PUT', `/api/quotations/${await quotationAt('110108')}/quote`, quote);
    expect(inBeijing.statusCode, inBeijing.body).toBe(200);
  });

  it('schedules an exclusion that starts later and allows until then', async () => {
    const { org } = await newSupplier();
    const startsOn = addYears(today(), 0, 10);
    const res = await regulator.http.post('/api/credit/exclusions', {
      supplierId: org.id,
      listType: 'bad_conduct',
      startsOn,
      endsOn: addYears(startsOn, 1, -1),
      legalBasis: '政府采购法第七十七条',
    });
    expect(res.statusCode).toBe(201);
    expect((await eligibility(org.id, 'bid')).eligible).toBe(true);
    const [job] = await ctx.database.db
      .select()
      .from(scheduledJobs)
      .where(eq(scheduledJobs.id, `credit.exclusion-start:${res.json().id}`));
    expect(job).toMatchObject({ status: 'pending' });
    expect(job!.runAt.toISOString()).toBe(new Date(`${startsOn}T00:00:00+08:00`).toISOString());
  });

  it('refuses a bad-conduct ban outside 1–3 years (第77条) with a problem naming endsOn [rule:credit.ban-length]', async () => {
    const { org } = await newSupplier();
    const res = await regulator.http.post('/api/credit/exclusions', {
      supplierId: org.id,
      listType: 'bad_conduct',
      startsOn: today(),
      endsOn: addYears(today(), 4),
      legalBasis: '政府采购法第七十七条',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('endsOn');
    expect(await ctx.database.db.select().from(exclusions).where(eq(exclusions.supplierId, org.id))).toHaveLength(0);
  });

  it('refuses a supplier with a confirmed major violation in the last three years (第22条) [rule:credit.major-violation]', async () => {
    const { org } = await newSupplier();
    const event = await regulator.http.post('/api/credit/events', {
      supplierId: org.id,
      source: 'regulator_penalty',
      severity: 'major',
      title: '提供虚假材料谋取中标',
      description: '经调查，投标文件中的业绩合同系伪造。',
    });
    expect((await eligibility(org.id, 'award')).eligible).toBe(true); // recorded, not yet confirmed
    await regulator.http.post(`/api/credit/events/${event.json().id}/confirm`, { reason: '调查属实' });
    const result = await eligibility(org.id, 'award');
    expect(result.eligible).toBe(false);
    expect(result.reasons[0]).toMatchObject({ code: 'major_violation', eventId: event.json().id });
  });

  it('counts a major violation only within the lookback (credit.lookbackYears, three years before the act)', async () => {
    const { org } = await newSupplier();
    const now = Date.now();
    const record = async (yearsAgo: number, title: string) => {
      const at = new Date(now - yearsAgo * 365.25 * 86_400_000).toISOString();
      const event = await regulator.http.post('/api/credit/events', {
        supplierId: org.id,
        source: 'regulator_penalty',
        severity: 'major',
        title,
        description: '经调查属实。',
        occurredAt: at,
      });
      expect(event.statusCode).toBe(201);
      await regulator.http.post(`/api/credit/events/${event.json().id}/confirm`, { reason: '调查属实' });
      return event.json().id as string;
    };
    await record(3.05, '三年前的重大违法');
    expect((await eligibility(org.id, 'bid')).eligible).toBe(true);
    const recent = await record(2.9, '近三年内的重大违法');
    const result = await eligibility(org.id, 'bid');
    expect(result.eligible).toBe(false);
    expect(result.reasons.map((r: { eventId?: string }) => r.eventId)).toEqual([recent]);
    expect(result.reasons[0].message).toContain('前 3 年内有重大违法记录');
  });
});

describe('score', () => {
  const record = async (supplierId: string) => (await regulator.http.get(`/api/credit/suppliers/${supplierId}/record`)).json();
  const sumOfLines = (score: { lines: { effectCenti: number }[] }) => score.lines.reduce((s, l) => s + l.effectCenti, 0) / 100;

  it('changes when an event is confirmed or revoked, and the explanation adds up to the score', async () => {
    const { org } = await newSupplier();
    const res = await center.http.post('/api/credit/events', {
      supplierId: org.id,
      source: 'tender_misconduct',
      severity: 'general',
      title: '无正当理由拒绝签订合同',
      description: '中标后拒签合同，见会议纪要。',
      sourceRef: 'tender:demo',
    });
    expect(res.statusCode).toBe(201);
    expect((await record(org.id)).score.score).toBe(100);
    await regulator.http.post(`/api/credit/events/${res.json().id}/confirm`, { reason: '事实清楚' });
    const confirmed = (await record(org.id)).score;
    expect(confirmed.score).toBeCloseTo(95, 1);
    expect(sumOfLines(confirmed)).toBe(confirmed.score);
    expect(confirmed.lines.find((l: { eventId: string }) => l.eventId === res.json().id)).toMatchObject({ points: -5 });
    await regulator.http.post(`/api/credit/events/${res.json().id}/revoke`, { reason: '复核认定不构成' });
    expect((await record(org.id)).score.score).toBe(100);
  });

  it('decays an old event and bounds the score at 0 and 100', async () => {
    const { org } = await newSupplier();
    await ctx.database.db.transaction(async (tx) => {
      await services.credit.recordEvent(tx, {
        supplierId: org.id,
        source: 'late_delivery',
        severity: 'serious',
        title: '逾期交货',
        description: '逾期 20 天',
        occurredAt: new Date(Date.now() - 365 * 86_400_000),
        confirm: true,
        actor: null,
      });
      for (let i = 0; i < 4; i++) {
        await services.credit.recordEvent(tx, {
          supplierId: org.id,
          source: 'regulator_penalty',
          severity: 'major',
          title: `重大违法 ${i}`,
          description: '处罚决定',
          confirm: true,
          actor: null,
        });
      }
    });
    const score = (await record(org.id)).score;
    const old = score.lines.find((l: { label: string }) => l.label === '逾期交货');
    expect(old.weight).toBeGreaterThan(0.49);
    expect(old.weight).toBeLessThan(0.51);
    expect(score.score).toBe(0);
    expect(score.lines.at(-1).kind).toBe('bound');
    expect(sumOfLines(score)).toBe(0);
  });
});

describe('appeals', () => {
  it('lets the supplier appeal its own confirmed event; the regulator revokes it and the exclusion resting on it is lifted', async () => {
    const { org, http } = await newSupplier();
    const other = await newSupplier();
    const event = (
      await regulator.http.post('/api/credit/events', {
        supplierId: org.id,
        source: 'regulator_penalty',
        severity: 'serious',
        title: '串通投标',
        description: '与另一投标人投标文件异常一致。',
      })
    ).json();
    await regulator.http.post(`/api/credit/events/${event.id}/confirm`, { reason: '调查属实' });
    const x = (
      await regulator.http.post('/api/credit/exclusions', {
        supplierId: org.id,
        listType: 'bad_conduct',
        startsOn: today(),
        endsOn: addYears(today(), 1, -1),
        legalBasis: '政府采购法第七十七条',
        eventId: event.id,
      })
    ).json();
    expect((await eligibility(org.id, 'bid')).eligible).toBe(false);

    expect((await other.http.post(`/api/credit/events/${event.id}/appeals`, { reason: '这不是我们公司的记录，请核实。' })).statusCode).toBe(
      404,
    );
    const appeal = await http.post(`/api/credit/events/${event.id}/appeals`, {
      reason: '两份文件雷同系使用同一招标文件模板所致，并非串通。',
    });
    expect(appeal.statusCode).toBe(201);
    expect((await http.post(`/api/credit/events/${event.id}/appeals`, { reason: '重复提交申诉，请尽快处理。' })).statusCode).toBe(409);
    expect((await other.http.get('/api/credit/appeals')).json().items.some((a: { id: string }) => a.id === appeal.json().id)).toBe(false);
    // The regulator of the recorder's area sees it among the pending appeals (the list and its count).
    const pending = await regulator.http.get('/api/credit/appeals?status=pending&pageSize=100');
    expect(pending.statusCode, pending.body).toBe(200);
    expect(pending.json().total).toBeGreaterThan(0);
    expect((await http.get('/api/credit/appeals')).json().items.map((a: { id: string }) => a.id)).toContain(appeal.json().id);

    const decided = await regulator.http.post(`/api/credit/appeals/${appeal.json().id}/decision`, {
      decision: 'revoked',
      reason: '证据不足以认定串通',
    });
    expect(decided.json().status).toBe('revoked');
    const [lifted] = await ctx.database.db.select().from(exclusions).where(eq(exclusions.id, x.id));
    expect(lifted?.status).toBe('lifted');
    expect((await eligibility(org.id, 'bid')).eligible).toBe(true);
    expect((await http.get(`/api/credit/suppliers/${org.id}/record`)).json().score.score).toBe(100);
  });

  it('refuses an appeal after the window [rule:credit.appeal-window]', async () => {
    const { org, http } = await newSupplier();
    const event = (
      await regulator.http.post('/api/credit/events', {
        supplierId: org.id,
        source: 'regulator_penalty',
        severity: 'minor',
        title: '未按时提交资料',
        description: '逾期提交履约资料。',
      })
    ).json();
    await regulator.http.post(`/api/credit/events/${event.id}/confirm`, { reason: '属实' });
    await ctx.database.db
      .update(creditEvents)
      .set({ appealDeadline: new Date(Date.now() - 1000) })
      .where(eq(creditEvents.id, event.id));
    const res = await http.post(`/api/credit/events/${event.id}/appeals`, { reason: '我们当时已经通过邮件提交了资料。' });
    expect(res.statusCode).toBe(422);
  });
});

describe('evidence and what others may see', () => {
  const pdf = minimalPdf();

  it('keeps evidence to the supplier concerned and oversight; the public lookup shows none of it', async () => {
    const { org, http } = await newSupplier();
    const other = await newSupplier();
    const event = (
      await regulator.http.post('/api/credit/events', {
        supplierId: org.id,
        source: 'regulator_penalty',
        severity: 'general',
        title: '虚假宣传节能认证',
        description: '证书编号 CQC-2025-XXXX 经核查不存在（机密说明）。',
      })
    ).json();
    await regulator.http.post(`/api/credit/events/${event.id}/confirm`, { reason: '属实' });
    const text = await regulator.http.upload(
      `/api/credit/events/${event.id}/evidence`,
      'note.txt',
      Buffer.from('plain text'),
      'application/pdf',
    );
    expect(text.statusCode).toBe(422);
    const up = await regulator.http.upload(`/api/credit/events/${event.id}/evidence`, '核查报告.pdf', pdf, 'application/pdf');
    expect(up.statusCode).toBe(201);
    const fileId = up.json().id;

    const own = await http.get(`/api/credit/evidence/${fileId}`);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('application/pdf');
    expect(own.rawPayload.equals(pdf)).toBe(true);
    expect((await other.http.get(`/api/credit/evidence/${fileId}`)).statusCode).toBe(404);
    expect((await client(ctx.app, null).get(`/api/credit/evidence/${fileId}`)).statusCode).toBe(401);
    expect((await other.http.get(`/api/credit/suppliers/${org.id}/record`)).statusCode).toBe(404);
    const ownRecord = (await http.get(`/api/credit/suppliers/${org.id}/record`)).json();
    expect(ownRecord.events[0]).toMatchObject({
      description: expect.stringContaining('机密说明'),
      canAppeal: true,
      evidence: [expect.objectContaining({ id: fileId })],
    });

    const lookup = await client(ctx.app, null).get(`/api/public/credit?q=${org.uscc}`);
    expect(lookup.statusCode).toBe(200);
    const body = JSON.stringify(lookup.json());
    expect(lookup.json().results).toHaveLength(1);
    expect(lookup.json().results[0].record[0]).toMatchObject({ title: '虚假宣传节能认证', severity: 'general' });
    expect(body).not.toContain('机密说明');
    expect(body).not.toContain(fileId);
    expect(body).not.toContain('核查报告');
  });

  it("keeps an event's allegation, evidence and appeals to the area that recorded it; oversight elsewhere sees what counts", async () => {
    const { org } = await newSupplier();
    const record = async (title: string) =>
      (
        await regulator.http.post('/api/credit/events', {
          supplierId: org.id,
          source: 'regulator_penalty',
          severity: 'general',
          title,
          description: '经核查，情况如下（待定）。',
        })
      ).json().id as string;
    const alleged = await record('验收不合格（待确认）');
    const confirmed = await record('虚假宣传（已确认）');
    await regulator.http.post(`/api/credit/events/${confirmed}/confirm`, { reason: '属实' });
    const up = await regulator.http.upload(`/api/credit/events/${confirmed}/evidence`, '核查报告.pdf', pdf, 'application/pdf');
    expect(up.statusCode, up.body).toBe(201);
    // Oversight of another province: the confirmed event (public anyway), not the allegation, no files.
    const far = await createOrg(ctx.database.db, 'regulator', { regionCode: '310000', name: `上海监管-${Date.now()}` });
    const farUser = await createUser(ctx.database.db, far.id, ['regulator']);
    const elsewhere = client(ctx.app, await login(ctx.app, farUser.username, TEST_PASSWORD));
    const seen = (await elsewhere.get(`/api/credit/suppliers/${org.id}/record`)).json();
    expect(seen.events.map((e: { id: string }) => e.id)).toEqual([confirmed]);
    expect(seen.events[0]).toMatchObject({ evidence: [], appeals: [], recordedElsewhere: true });
    // …as the public sees it: no description, reference, recorder or reasons, which stay with the area that recorded it.
    expect(seen.events[0]).toMatchObject({
      title: '虚假宣传（已确认）',
      description: '',
      sourceRef: null,
      recordedByOrgId: null,
      decisionReason: null,
    });
    expect((await elsewhere.get(`/api/credit/evidence/${up.json().id}`)).statusCode).toBe(404);
    // Nor may it decide them, or add evidence to them: another area's events are not found.
    expect((await elsewhere.post(`/api/credit/events/${alleged}/confirm`, { reason: '越权确认' })).statusCode).toBe(404);
    expect((await elsewhere.post(`/api/credit/events/${confirmed}/revoke`, { reason: '越权撤销' })).statusCode).toBe(404);
    expect((await elsewhere.upload(`/api/credit/events/${confirmed}/evidence`, '补充.pdf', pdf, 'application/pdf')).statusCode).toBe(404);
    // The area that recorded them sees both, with the file.
    const home = (await regulator.http.get(`/api/credit/suppliers/${org.id}/record`)).json();
    expect(home.events.map((e: { id: string }) => e.id).sort()).toEqual([alleged, confirmed].sort());
    expect(home.events.every((e: { recordedElsewhere: boolean }) => !e.recordedElsewhere)).toBe(true);
    expect(home.events.map((e: { status: string }) => e.status).sort()).toEqual(['confirmed', 'recorded']);
    expect(home.events.find((e: { id: string }) => e.id === confirmed).evidence).toHaveLength(1);
    expect(home.events.find((e: { id: string }) => e.id === confirmed)).toMatchObject({
      description: '经核查，情况如下（待定）。',
      recordedByOrgId: regulator.orgId,
      decisionReason: '属实',
    });
    expect((await regulator.http.get(`/api/credit/evidence/${up.json().id}`)).statusCode).toBe(200);
  });

  it('shows exclusions in force in the public lookup by name', async () => {
    const { org } = await newSupplier();
    await regulator.http.post('/api/credit/exclusions', {
      supplierId: org.id,
      listType: 'bad_conduct',
      startsOn: today(),
      endsOn: addYears(today(), 3, -1),
      legalBasis: '政府采购法第七十七条',
    });
    const res = await client(ctx.app, null).get(`/api/public/credit?q=${encodeURIComponent(org.name)}`);
    expect(res.json().results[0].exclusions[0]).toMatchObject({ listType: 'bad_conduct', inForce: true });
    expect((await client(ctx.app, null).get('/api/public/credit?q=x')).statusCode).toBe(400);
  });
});

describe('external list imports', () => {
  const csv = (rows: string[][]) =>
    Buffer.from(`\uFEFF统一社会信用代码,名称,名单类型,列入日期,移出日期,地区,依据\n${rows.map((r) => r.join(',')).join('\n')}\n`);

  it('imports nothing from a file with one bad USCC and names that row', async () => {
    const { org } = await newSupplier();
    const good1 = makeUscc('320100', 71_000_001);
    const bad = `${makeUscc('320100', 71_000_002).slice(0, 17)}Z`;
    const res = await regulator.http.upload(
      '/api/credit/imports',
      'list.csv',
      csv([
        [org.uscc!, org.name, '失信被执行人', today(), '', '', '（2026）京01执123号'],
        [good1, '南京某某贸易有限公司', '重大税收违法失信主体', today(), addYears(today(), 3), '', '国家税务总局南京市税务局公告'],
        [bad, '某某公司', '失信被执行人', today(), '', '', '（2026）苏01执9号'],
      ]),
      'text/csv',
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'rows[4].uscc', message: expect.stringContaining('第 4 行') })]);
    const [n] = await ctx.database.db
      .select({ n: count() })
      .from(exclusions)
      .where(inArray(exclusions.uscc, [org.uscc!, good1]));
    expect(n?.n).toBe(0);
  });

  it('imports a clean XLSX file, matches registered suppliers by USCC, and a dry run writes nothing', async () => {
    const { org } = await newSupplier();
    const unregistered = makeUscc('330100', 72_000_003);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    sheet.addRow(['统一社会信用代码', '名称', '名单类型', '列入日期', '移出日期', '地区', '依据']);
    sheet.addRow([org.uscc, org.name, '政府采购严重违法失信行为记录名单', today(), addYears(today(), 3, -1), '', '财政部公告']);
    sheet.addRow([unregistered, '杭州某某科技有限公司', 'dishonest_debtor', today(), '', '330000', '（2026）浙01执55号']);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());

    const dry = await regulator.http.upload('/api/credit/imports?dryRun=true', 'list.xlsx', content);
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, rowCount: 2, matchedCount: 1 });
    expect(await ctx.database.db.select().from(exclusions).where(eq(exclusions.uscc, unregistered))).toHaveLength(0);

    const res = await regulator.http.upload('/api/credit/imports', 'list.xlsx', content);
    expect(res.statusCode).toBe(201);
    expect(res.json().rows).toEqual([
      expect.objectContaining({ row: 2, supplierId: org.id, listType: 'serious_dishonesty' }),
      expect.objectContaining({ row: 3, supplierId: null, supplierName: null, listType: 'dishonest_debtor' }),
    ]);
    expect((await eligibility(org.id, 'auction_register')).eligible).toBe(false);
  });

  it('is for the regulator only', async () => {
    const { http } = await newSupplier();
    expect((await http.upload('/api/credit/imports', 'x.csv', Buffer.from('a'))).statusCode).toBe(403);
    expect((await center.http.upload('/api/credit/imports', 'x.csv', Buffer.from('a'))).statusCode).toBe(403);
  });
});

describe('exclusions stay with the area that listed them (#19)', () => {
  const regulatorAt = async (regionCode: string) =>
    actor(ctx.app, ctx.database.db, 'regulator', (await createOrg(ctx.database.db, 'regulator', { regionCode })).id);
  const ban = (supplierId: string, more: Record<string, unknown> = {}) => ({
    supplierId,
    listType: 'bad_conduct',
    startsOn: today(),
    endsOn: addYears(today(), 1, -1),
    legalBasis: '处罚决定（测试）',
    ...more,
  });

  it("lets another province's district neither ban a supplier nationwide on its own word, nor lift, nor lean on another area's event", async () => {
    const { org } = await newSupplier('110108');
    const xuhui = await regulatorAt('310104');
    // Nationwide ('' is the default): not from a Shanghai district against a Beijing supplier.
    const nationwide = await xuhui.http.post('/api/credit/exclusions', ban(org.id));
    expect(nationwide.statusCode).toBe(422);
    expect(nationwide.json().errors[0].field).toBe('regionCode');
    // Limited to its own district, it may.
    expect((await xuhui.http.post('/api/credit/exclusions', ban(org.id, { regionCode: '310104' }))).statusCode).toBe(201);
    // Beijing (the supplier's area) may list it nationwide; Shanghai's district may not lift that.
    const listed = await regulator.http.post('/api/credit/exclusions', ban(org.id));
    expect(listed.statusCode, listed.body).toBe(201);
    const lift = await xuhui.http.post(`/api/credit/exclusions/${listed.json().id}/lift`, { reason: '越权移出' });
    expect(lift.statusCode).toBe(403);
    expect(lift.json().errors[0]).toMatchObject({ field: 'id', in: 'params' });
    // A Haidian-limited one is not even visible to Shanghai's district: 404.
    const beijingOnly = await regulator.http.post(
      '/api/credit/exclusions',
      ban(org.id, { regionCode: '110108', startsOn: addYears(today(), 0, 1), endsOn: addYears(addYears(today(), 0, 1), 1, -1) }),
    );
    expect(beijingOnly.statusCode, beijingOnly.body).toBe(201);
    expect((await xuhui.http.post(`/api/credit/exclusions/${beijingOnly.json().id}/lift`, { reason: '越权移出' })).statusCode).toBe(404);
    // An event Beijing recorded is not Shanghai's to rest a ban on.
    const event = await regulator.http.post('/api/credit/events', {
      supplierId: org.id,
      source: 'regulator_penalty',
      severity: 'major',
      title: '提供虚假材料谋取中标',
      description: '经调查属实。',
    });
    await regulator.http.post(`/api/credit/events/${event.json().id}/confirm`, { reason: '调查属实' });
    const onTheirs = await xuhui.http.post('/api/credit/exclusions', ban(org.id, { regionCode: '310104', eventId: event.json().id }));
    expect(onTheirs.statusCode).toBe(422);
    expect(onTheirs.json().errors[0].field).toBe('eventId');
    // Beijing lifts its own.
    expect((await regulator.http.post(`/api/credit/exclusions/${listed.json().id}/lift`, { reason: '处罚期满' })).statusCode).toBe(200);
  });

  it("holds an event's source reference, when it names a platform process, to the recorder's area and the supplier's part in it", async () => {
    const bidder = await newSupplier('110108');
    const stranger = await newSupplier('110108');
    const unit = await createOrg(ctx.database.db, 'purchasing_unit');
    const tender = await publishTender(center, goodsTender(unit.id, '来源编号核对用办公设备采购'));
    const bid = await bidder.http.send('PUT', `/api/tenders/${tender.id}/bids`, {
      lotId: tender.lots[0].id,
      priceFen: 280_000_000,
      brand: '核对牌',
      technicalResponse: '完全响应采购需求',
      smeDeclared: false,
    });
    expect(bid.statusCode, bid.body).toBe(200);
    const event = (supplierId: string, sourceRef: string) => ({
      supplierId,
      source: 'tender_misconduct',
      severity: 'serious',
      title: '投标中提供虚假材料',
      description: '经核查属实。',
      sourceRef,
    });
    // Shanghai's district cannot record (and then confirm) a fact of a Beijing tender, however the number is spelled.
    const xuhui = await regulatorAt('310104');
    const no = tender.tenderNo as string;
    const id = String(tender.id);
    const spellings = [
      no,
      no.toLowerCase(),
      `${no.slice(0, 4)}\u200B${no.slice(4)}\u200D`,
      [...no].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join(''),
      no.replace('B', '\u0412'),
      `${no.slice(0, 2)} ${no.slice(2, 6)}-${no.slice(6)}。`,
      `tender:${no}`,
      `招标项目${no}，另见沪财采〔2026〕12号`,
      `tender:${id.toUpperCase()}`,
      // Spellings an outside sweep found passing (Session 23): other scripts' look-alikes and digits,
      // combining marks, letters for digits, ids separated otherwise, encodings.
      no.replace('Z', '\ua4dc'),
      no.replace('ZB', '\u1d22\u0299'),
      [...no].map((c) => `${c}\u0301`).join(''),
      no.replaceAll('0', 'O'),
      no.replace('2026', '\u0662\u0660\u0662\u0666'),
      `tender:${id.replaceAll('-', ' ')}`,
      `tender:${id.replaceAll('-', '_')}`,
      `tender:${id.replaceAll('-', '\u2013')}`,
      [...no].map((c) => `%${c.charCodeAt(0).toString(16)}`).join(''),
      [...no].map((c) => `&#${c.charCodeAt(0)};`).join(''),
    ];
    for (const sourceRef of spellings) {
      const elsewhere = await xuhui.http.post('/api/credit/events', event(bidder.org.id, sourceRef));
      expect(elsewhere.statusCode, sourceRef).toBe(422);
      expect(elsewhere.json().errors[0].field, sourceRef).toBe('sourceRef');
    }
    expect(
      (await xuhui.http.post('/api/credit/events', event(bidder.org.id, `${no.slice(0, 2)} ${no.slice(2)}`))).json().errors[0].message,
    ).toBe('来源编号是其他地区的采购项目，应由该地区登记');
    // Nor is a fact dated ahead of its recording (it would keep its full weight until then).
    const ahead = await xuhui.http.post('/api/credit/events', {
      ...event(stranger.org.id, '沪徐财采〔2026〕13号'),
      occurredAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(ahead.statusCode).toBe(422);
    expect(ahead.json().errors[0]).toMatchObject({ field: 'occurredAt', message: '发生时间不能晚于现在' });
    // A platform-shaped number the platform never issued is a mistake, not an outside document.
    const unknown = await xuhui.http.post('/api/credit/events', event(bidder.org.id, 'ZB209901019999'));
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].message).toContain('平台上没有这个项目');
    // Nor may Beijing pin it on a supplier that took no part.
    const unrelated = await regulator.http.post('/api/credit/events', event(stranger.org.id, tender.tenderNo));
    expect(unrelated.statusCode).toBe(422);
    expect(unrelated.json().errors[0].field).toBe('sourceRef');
    // Until the opening who bid is sealed [rule:tenders.sealed-until-deadline]: the bidder gets the same answer as
    // a supplier that took no part, so a reference cannot probe for bidders.
    const sealed = await regulator.http.post('/api/credit/events', event(bidder.org.id, tender.tenderNo));
    expect(sealed.statusCode).toBe(422);
    expect(sealed.json().errors).toEqual(unrelated.json().errors);
    await passTenderDeadline(ctx, tender.id);
    // Beijing records it on the bidder; an outside document number is kept as written, wherever it is from.
    expect((await regulator.http.post('/api/credit/events', event(bidder.org.id, tender.tenderNo))).statusCode).toBe(201);
    expect((await xuhui.http.post('/api/credit/events', event(stranger.org.id, '沪徐财采〔2026〕12号'))).statusCode).toBe(201);
    expect(await ctx.database.db.select().from(creditEvents).where(eq(creditEvents.sourceRef, tender.tenderNo))).toHaveLength(1);
  });

  it("refuses an imported 不良行为记录 outside the importer's area, and takes copies of other authorities' lists as published", async () => {
    const { org } = await newSupplier('110108');
    const xuhui = await regulatorAt('310104');
    const file = (rows: string[][]) =>
      Buffer.from(`\uFEFF统一社会信用代码,名称,名单类型,列入日期,移出日期,地区,依据\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    const outside = await xuhui.http.upload(
      '/api/credit/imports?dryRun=true',
      'list.csv',
      file([
        [org.uscc!, org.name, '不良行为记录', today(), addYears(today(), 1, -1), '110000', '处罚决定'],
        [org.uscc!, org.name, '不良行为记录', addYears(today(), 0, 1), addYears(addYears(today(), 0, 1), 1, -1), '', '处罚决定'],
      ]),
      'text/csv',
    );
    expect(outside.statusCode, outside.body).toBe(422);
    expect(outside.json().errors.map((e: { field: string }) => e.field)).toEqual(['rows[2].regionCode', 'rows[3].regionCode']);
    const copies = await xuhui.http.upload(
      '/api/credit/imports?dryRun=true',
      'list.csv',
      file([[org.uscc!, org.name, '失信被执行人', today(), '', '', '（2026）京01执123号']]),
      'text/csv',
    );
    expect(copies.statusCode, copies.body).toBe(200);
  });
});

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenderExperts, tenders, type Role } from '../../server/db/schema/index.ts';
import { notify } from '../../server/modules/notifications/notifications.service.ts';
import { client, login, type TestContext } from '../helpers/context.ts';
import {
  goodsTender,
  insertExpert,
  passTenderDeadline,
  procurementContext,
  supplierClient,
  recordReviewsPassed,
} from '../helpers/procurement.ts';
import { createOrg, createUser, TEST_PASSWORD, type Actor } from '../helpers/factories.ts';

// Experts are filed under the center that keeps the pool; they must not inherit that center's reads.
let ctx: TestContext;
let center: Actor;
const token = `x${randomBytes(3).toString('hex')}`;
const hasCjkFont = fs.existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc');

beforeAll(async () => {
  ({ ctx, center } = await procurementContext());
});
afterAll(() => ctx.close());

/** A user of the center's organization with these roles, and its expert record. */
async function expertUser(roles: Role[]) {
  const user = await createUser(ctx.database.db, center.orgId, roles);
  const e = await insertExpert(ctx, token, { specialties: ['A02'], userId: user.id });
  return { expert: e, http: client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD)) };
}

async function draft() {
  const unit = await createOrg(ctx.database.db, 'purchasing_unit');
  const res = await center.http.post('/api/tenders', goodsTender(unit.id, `${token} 办公计算机采购`, { categoryCode: 'A02' }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; lots: { id: string }[] };
}

async function published() {
  const t = await draft();
  expect((await center.http.post(`/api/tenders/${t.id}/publish`)).statusCode).toBe(200);
  return t;
}

/** Published, three bids, opened by the worker; then in evaluation with the given seats (as the draw would leave them). */
async function inEvaluation(seats: { expertId: string; status: 'drawn' | 'confirmed' | 'declined' }[]) {
  const t = await published();
  for (let i = 0; i < 3; i++) {
    const { http } = await supplierClient(ctx, { legalRepresentative: `${token}法人${randomBytes(3).toString('hex')}` });
    const r = await http.send('PUT', `/api/tenders/${t.id}/bids`, {
      lotId: t.lots[0]!.id,
      priceFen: 280_000_000 - 1_000_000 * i,
      brand: `品牌${i}${token}`,
      technicalResponse: '完全响应',
      smeDeclared: false,
    });
    expect(r.statusCode, r.body).toBe(200);
  }
  await passTenderDeadline(ctx, t.id);
  await ctx.database.db
    .insert(tenderExperts)
    .values(seats.map((s, i) => ({ tenderId: t.id, expertId: s.expertId, drawPosition: i, status: s.status })));
  await ctx.database.db.update(tenders).set({ status: 'evaluation' }).where(eq(tenders.id, t.id));
  // Every seated expert confirmed (declined ones do not count): the center computes the report.
  if (seats.every((s) => s.status !== 'drawn')) {
    await recordReviewsPassed(ctx, t.id);
    const ev = await center.http.post(`/api/tenders/${t.id}/evaluate`);
    expect(ev.statusCode, ev.body).toBe(200);
  }
  return t;
}

const material = (t: { id: string; lots: { id: string }[] }) => [
  `/api/tenders/${t.id}`,
  `/api/tenders/${t.id}/evaluation-report`,
  `/api/tenders/${t.id}/lots/${t.lots[0]!.id}/evaluation-report.pdf`,
];
/** A PDF the caller may read: 200, or 422 where the machine lacks the Chinese font (never 404). */
const pdfReadable = hasCjkFont ? [200] : [200, 422];

describe('experts are their own principals', () => {
  let seated: Awaited<ReturnType<typeof expertUser>>;
  let outsider: Awaited<ReturnType<typeof expertUser>>;
  let declined: Awaited<ReturnType<typeof expertUser>>;
  let staffExpert: Awaited<ReturnType<typeof expertUser>>;
  let evaluated: Awaited<ReturnType<typeof inEvaluation>>;
  let other: Awaited<ReturnType<typeof inEvaluation>>;
  let centerDraft: Awaited<ReturnType<typeof draft>>;
  let bidding: Awaited<ReturnType<typeof published>>;

  beforeAll(async () => {
    [seated, outsider, declined, staffExpert] = await Promise.all([
      expertUser(['expert']),
      expertUser(['expert']),
      expertUser(['expert']),
      expertUser(['expert', 'center_staff']),
    ]);
    evaluated = await inEvaluation([
      { expertId: seated.expert.id, status: 'confirmed' },
      { expertId: declined.expert.id, status: 'declined' },
    ]);
    other = await inEvaluation([{ expertId: outsider.expert.id, status: 'confirmed' }]);
    centerDraft = await draft();
    bidding = await published();
  });

  it('an expert not on the committee gets 404 on the report, its PDF, the detail, a draft and another tender', async () => {
    // The center itself reads all of it (the PDF too, where the font is installed).
    for (const url of material(evaluated))
      expect(url.endsWith('.pdf') ? pdfReadable : [200], url).toContain((await center.http.get(url)).statusCode);
    for (const who of [outsider, declined]) {
      for (const url of [...material(evaluated), `/api/tenders/${centerDraft.id}`, `/api/tenders/${bidding.id}`]) {
        const res = await who.http.get(url);
        expect(res.statusCode, `${url} ${res.body}`).toBe(404);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    }
  });

  it('a seated expert reads its tender and its evaluation material after the opening, and nothing else', async () => {
    const [detail, report, pdf] = await Promise.all(material(evaluated).map((url) => seated.http.get(url)));
    expect(detail!.statusCode, detail!.body).toBe(200);
    expect(report!.statusCode, report!.body).toBe(200);
    expect(report!.json().lots[0].report.ranking.length).toBe(3);
    expect(pdfReadable).toContain(pdf!.statusCode);
    for (const url of [...material(other), `/api/tenders/${centerDraft.id}`, `/api/tenders/${bidding.id}`])
      expect((await seated.http.get(url)).statusCode, url).toBe(404);
    // Its list holds only the tenders it sits on.
    const list = await seated.http.get(`/api/tenders?q=${token}&pageSize=100`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((t: { id: string }) => t.id)).toEqual([evaluated.id]);
    expect(list.json().total).toBe(1);
    const none = await outsider.http.get(`/api/tenders?q=${token}&pageSize=100`);
    expect(none.json().items.map((t: { id: string }) => t.id)).toEqual([other.id]);
    expect((await declined.http.get(`/api/tenders?q=${token}&pageSize=100`)).json().total).toBe(0);
  });

  it('a seat counts only once the tender is opened and the seat confirmed', async () => {
    const early = await published();
    await ctx.database.db
      .insert(tenderExperts)
      .values({ tenderId: early.id, expertId: seated.expert.id, drawPosition: 0, status: 'confirmed' });
    for (const url of material(early)) expect((await seated.http.get(url)).statusCode, url).toBe(404);
    const pending = await inEvaluation([{ expertId: outsider.expert.id, status: 'drawn' }]);
    expect((await outsider.http.get(`/api/tenders/${pending.id}`)).statusCode).toBe(404);
    expect((await outsider.http.get(`/api/tenders/${pending.id}/evaluation-report`)).statusCode).toBe(404);
  });

  it('a user who is also center staff keeps the center staff reads', async () => {
    expect((await staffExpert.http.get(`/api/tenders/${centerDraft.id}`)).statusCode).toBe(200);
    expect((await staffExpert.http.get(`/api/tenders/${evaluated.id}/evaluation-report`)).statusCode).toBe(200);
    const list = (await staffExpert.http.get(`/api/tenders?q=${token}&pageSize=100`)).json();
    expect(list.items.map((t: { id: string }) => t.id)).toEqual(
      expect.arrayContaining([evaluated.id, other.id, centerDraft.id, bidding.id]),
    );
  });
});

describe("an expert does not inherit its center's notices", () => {
  it("sees its own notices, never the center's organization-wide ones", async () => {
    const { http } = await expertUser(['expert']);
    const me = (await http.get('/api/auth/me')).json<{ user: { id: string } }>();
    await ctx.database.db.transaction((tx) =>
      notify(tx, [
        { organizationId: center.orgId, kind: 'tender.question', title: `${token} 致中心全体`, body: '新投标已到达' },
        { organizationId: center.orgId, userId: me.user.id, kind: 'tender.question', title: `${token} 致专家本人`, body: '请确认回避声明' },
      ]),
    );
    const titles = (await http.get('/api/notifications')).json<{ items: { title: string }[] }>().items.map((n) => n.title);
    expect(titles).toContain(`${token} 致专家本人`);
    expect(titles).not.toContain(`${token} 致中心全体`);
    // The center's staff still see the organization-wide notice.
    expect((await center.http.get('/api/notifications')).json<{ items: { title: string }[] }>().items.map((n) => n.title)).toContain(
      `${token} 致中心全体`,
    );
  });
});

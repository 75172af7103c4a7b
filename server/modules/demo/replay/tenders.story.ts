import { inArray } from 'drizzle-orm';
import { users } from '../../../db/schema/index.ts';
import { loginsOf } from '../../experts/experts.queries.ts';
import { shanghaiDate, shanghaiDateTime } from '../../../platform/calendar.ts';
import { DAY, HOUR, type From, type Story, type World } from './kit.ts';
import type { Timeline } from './replay.ts';
import { tenderPlans } from './tender-plans.ts';
import { intentionAt, publishIntention } from './intentions.ts';

/**
 * Tenders (#15), each played from its notice to where its plan stops: questions and an amendment, sealed
 * bids at their bidders' own times, the opening job at the deadline, the committee's draw, confirmations
 * and score sheets in the drawn experts' own accounts, the report, the purchaser's award, a challenge and
 * its answer, the contract after the challenge window. The collusion and ring cases are only behaviour:
 * two bidders sending from one office and device, three suppliers taking turns; the risk rules find them.
 */

type Stage = 'bidding' | 'opened' | 'scoring' | 'awarded' | 'contract';

export interface TenderPlan {
  unit: string;
  title: string;
  kind: 'goods' | 'services';
  categoryCode: string;
  item: { name: string; quantity: number; unit: string; specs: string };
  budgetFen: number;
  method: 'lowest_price' | 'comprehensive';
  reserved?: boolean;
  bidders: { username: string; priceFen: number; smeDeclared?: boolean; from?: From }[];
  publishAt: Date;
  deadline: Date;
  stopAfter: Stage;
  question?: boolean;
  amendment?: boolean;
  challenge?: boolean;
  /** How many seated experts have scored when the story stops at 'scoring'. */
  scoredSeats?: number;
}

const after = (at: Date, ms: number) => new Date(at.getTime() + ms);
/** 09:30 Beijing time (01:30 UTC) on the day of `at`, `days` later. */
const morning = (at: Date, days = 0) => {
  const d = new Date(at.getTime() + days * DAY);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 1, 30));
};

function tenderBody(plan: TenderPlan, purchaserOrgId: string, intentionId?: string) {
  const comprehensive = plan.method === 'comprehensive';
  return {
    title: plan.title,
    methodCode: 'open',
    purchaserOrgId,
    kind: plan.kind,
    categoryCode: plan.categoryCode,
    description: `${plan.item.name}采购，详见招标文件第二章采购需求。`,
    documents: `第一章 投标邀请……第二章 采购需求：${plan.item.name} ${plan.item.quantity}${plan.item.unit}，${plan.item.specs}……第三章 ${
      comprehensive ? '综合评分法：价格 30 分，技术 50 分，服务 20 分' : '最低评标价法'
    }……第四章 合同条款……`,
    deadline: plan.deadline.toISOString(),
    ...(intentionId ? { intentionId } : {}),
    ...(plan.reserved ? {} : { smeExemptReason: '采购标的为标准化通用产品，市场竞争充分，不宜专门面向中小企业' }),
    lots: [
      {
        name: plan.item.name,
        budgetFen: plan.budgetFen,
        items: [plan.item],
        evaluationMethod: plan.method,
        ...(comprehensive
          ? {
              priceWeight: plan.kind === 'services' ? '0.30' : '0.30',
              criteria: [
                { key: 'tech', name: '技术', weight: '0.50' },
                { key: 'service', name: '服务', weight: '0.20' },
              ],
            }
          : {}),
        smeReserved: plan.reserved ?? false,
        smeDeductionRate: '0.10',
      },
    ],
  };
}

interface Tender {
  id: string;
  lotId: string;
}

async function* notice(world: World, plan: TenderPlan, intentionId: string): AsyncGenerator<Date, Tender, void> {
  const purchaser = await world.orgOf(plan.unit);
  const created = await world.call<{ id: string; lots: { id: string }[] }>(
    'center',
    'POST',
    '/api/tenders',
    tenderBody(plan, purchaser.id, intentionId),
  );
  await world.call('center', 'POST', `/api/tenders/${created.id}/publish`);
  const tender = { id: created.id, lotId: created.lots[0]!.id };
  if (plan.amendment) {
    yield after(plan.publishAt, 1 * DAY);
    await world.call('center', 'POST', `/api/tenders/${tender.id}/clarifications`, {
      answer: '更正公告：第二章采购需求第 3 项技术参数更正，投标人以本次修改后的招标文件为准。',
      documents: `${tenderBody(plan, purchaser.id).documents}（更正：第 3 项参数以本文件为准）`,
    });
  }
  if (plan.question) {
    const asker = plan.bidders[0]!.username;
    yield after(plan.publishAt, 2 * DAY + 3 * HOUR);
    await world.call(asker, 'POST', `/api/tenders/${tender.id}/questions`, {
      question: '请问交货期是否可以分批交付？售后服务网点是否须在本市？',
    });
    yield after(plan.publishAt, 3 * DAY + 2 * HOUR);
    const asked = await world.call<{ questions?: { id: string }[] }>('center', 'GET', `/api/tenders/${tender.id}`);
    const questionId = asked.questions?.[0]?.id;
    await world.call('center', 'POST', `/api/tenders/${tender.id}/clarifications`, {
      answer: '可以分两批交付，首批不少于 60%；售后服务网点须能在 4 小时内到场，不限注册地。',
      ...(questionId ? { questionId } : {}),
    });
  }
  return tender;
}

const BRANDS: Record<string, string[]> = {
  A0201: ['联想', '华为', '长城', '同方', '浪潮'],
  A0202: ['理光', '佳能', '京瓷', '震旦', '奔图'],
  A0501: ['燕园', '同创', '黎明', '圣奥', '联邦'],
};

async function* bidding(world: World, plan: TenderPlan, tender: Tender): AsyncGenerator<Date, void, void> {
  const first = plan.publishAt.getTime() + 4 * DAY;
  const span = plan.deadline.getTime() - 2 * HOUR - first;
  const times = plan.bidders.map(() => first + Math.floor(world.rnd.next() * span)).sort((a, b) => a - b);
  for (const [i, b] of plan.bidders.entries()) {
    yield new Date(times[i]!);
    await world.call(
      b.username,
      'PUT',
      `/api/tenders/${tender.id}/bids`,
      {
        lotId: tender.lotId,
        priceFen: b.priceFen,
        // Each bidder offers its own make: bids of one brand count as one bidder (财政部令第87号第三十一条).
        brand: plan.kind === 'goods' ? (BRANDS[plan.categoryCode.slice(0, 5)] ?? BRANDS.A0201)![i]! : '',
        technicalResponse: `完全响应招标文件第二章全部技术要求，${plan.item.name}按期交付，质保三年。`,
        smeDeclared: b.smeDeclared ?? false,
      },
      b.from,
    );
  }
}

async function seatUsernames(world: World, expertIds: string[]) {
  const logins = await loginsOf(world.db, expertIds);
  const rows = logins.size
    ? await world.db
        .select({ id: users.id, username: users.username })
        .from(users)
        .where(inArray(users.id, [...logins.values()]))
    : [];
  const usernames = new Map(rows.map((r) => [r.id, r.username]));
  return new Map([...logins].map(([expertId, userId]) => [expertId, usernames.get(userId)!]));
}

interface Seat {
  id: string;
  expertId: string;
}

/**
 * A seated expert signs the recusal declaration; the first records the committee's 符合性审查 (every bid
 * still standing passes: a reserved lot's undeclared bid already failed at the opening); on a comprehensive
 * lot each scores every opened bid with a reason per criterion.
 */
async function scoreAsExpert(world: World, plan: TenderPlan, tender: Tender, seat: Seat, username: string, reviews: boolean) {
  await world.call(username, 'POST', `/api/tender-experts/${seat.id}/confirm`);
  const read = () =>
    world.call<{ lots: { lotId: string; complianceDone: boolean; bids: { bidId: string }[] }[] }>(
      username,
      'GET',
      `/api/tender-experts/${seat.id}/sheet`,
    );
  const lot = (await read()).lots.find((l) => l.lotId === tender.lotId);
  if (reviews && lot && !lot.complianceDone && lot.bids.length)
    await world.call(username, 'PUT', `/api/tender-experts/${seat.id}/compliance`, {
      lotId: tender.lotId,
      results: lot.bids.map((b) => ({ bidId: b.bidId, passed: true })),
    });
  if (plan.method !== 'comprehensive') return;
  const bids = (await read()).lots.find((l) => l.lotId === tender.lotId)?.bids ?? [];
  const sheets = bids.map((b) => ({
    bidId: b.bidId,
    points: { tech: String(world.rnd.int(36, 47)), service: String(world.rnd.int(13, 19)) },
    reasons: { tech: '技术方案响应招标文件要求，个别参数优于要求', service: '售后服务承诺满足要求，本地服务网点响应及时' },
  }));
  await world.call(username, 'PUT', `/api/tender-experts/${seat.id}/scores`, { lotId: tender.lotId, sheets });
}

/** 资格性审查 by the center: every opened bid of the lot passes (the opening's checks already failed the others). */
async function qualify(world: World, tender: Tender) {
  const reviews = await world.call<{ bidId: string; lotId: string; status: string; qualification: unknown }[]>(
    'center',
    'GET',
    `/api/tenders/${tender.id}/reviews`,
  );
  const pending = reviews.filter((r) => r.lotId === tender.lotId && r.status === 'opened' && !r.qualification);
  if (pending.length)
    await world.call('center', 'PUT', `/api/tenders/${tender.id}/qualification`, {
      lotId: tender.lotId,
      results: pending.map((r) => ({ bidId: r.bidId, passed: true })),
    });
}

async function* committee(world: World, plan: TenderPlan, tender: Tender): AsyncGenerator<Date, Signers | null, void> {
  await world.call('center', 'POST', `/api/tenders/${tender.id}/experts/draw`);
  await qualify(world, tender);
  yield after(plan.deadline, 3 * HOUR);
  const drawn = await world.call<{ seats: Seat[]; drawFailure: string | null }>('center', 'GET', `/api/tenders/${tender.id}/experts`);
  if (drawn.drawFailure || drawn.seats.length === 0) return null;
  const usernames = await seatUsernames(
    world,
    drawn.seats.map((s) => s.expertId),
  );
  yield morning(plan.deadline, 1);
  const scoring = plan.stopAfter === 'scoring' ? (plan.scoredSeats ?? 2) : drawn.seats.length;
  for (const [i, seat] of drawn.seats.slice(0, scoring).entries())
    await scoreAsExpert(world, plan, tender, seat, usernames.get(seat.expertId)!, i === 0);
  const waiting = drawn.seats.slice(scoring).map((s) => usernames.get(s.expertId)!);
  if (waiting.length) world.present.push(`评分中「${plan.title}」: score sheets waiting for experts ${waiting.join(', ')}`);
  return scoring === drawn.seats.length ? drawn.seats.map((s) => ({ seatId: s.id, username: usernames.get(s.expertId)! })) : null;
}

type Signers = { seatId: string; username: string }[];

async function* award(world: World, plan: TenderPlan, tender: Tender, signers: Signers): AsyncGenerator<Date, void, void> {
  yield after(morning(plan.deadline, 1), 5 * HOUR);
  await world.call('center', 'POST', `/api/tenders/${tender.id}/evaluate`);
  // The committee adopts the report: every member signs it.
  for (const s of signers)
    await world.call(s.username, 'POST', `/api/tender-experts/${s.seatId}/sign`, { lotId: tender.lotId, agrees: true });
  const awardAt = morning(plan.deadline, 3);
  yield awardAt;
  await world.call(plan.unit, 'POST', `/api/tenders/${tender.id}/lots/${tender.lotId}/award`);
  if (plan.challenge) {
    const loser = [...plan.bidders].sort((a, b) => b.priceFen - a.priceFen)[0]!.username;
    yield after(awardAt, 2 * DAY + 2 * HOUR);
    const [lodged] = await world.call<{ id: string }[]>(loser, 'POST', `/api/tenders/${tender.id}/challenges`, {
      grounds: '我公司认为中标人的技术响应未满足招标文件第二章第 5 项实质性要求，评审存在错误，请予复核。',
    });
    yield after(awardAt, 4 * DAY);
    await world.call('center', 'POST', `/api/challenges/${lodged!.id}/reply`, {
      reply: '经组织原评标委员会复核，中标人技术响应满足第 5 项要求（见投标文件第 23 页），质疑事项不成立。',
      upheld: false,
    });
  }
  if (plan.stopAfter === 'awarded') return;
  // The contract is signed the first morning after the challenge window (7 working days: holidays lengthen it).
  const { challengeUntil } = await world.call<{ challengeUntil: string | null }>(plan.unit, 'GET', `/api/tenders/${tender.id}`);
  const signAt = morning(new Date(Date.parse(challengeUntil!) + 1000), 1);
  yield signAt;
  const contractUrl = `/api/tenders/${tender.id}/lots/${tender.lotId}/contract`;
  await world.call(plan.unit, 'POST', contractUrl, { signedOn: shanghaiDate(signAt) });
  // The signed contract is uploaded and its 合同公告 published the same day (within the 2 working days).
  const upload = contractUpload(`HT${tender.id.slice(0, 8)}`);
  await world.call(plan.unit, 'POST', `${contractUrl}/document`, upload.payload, { headers: upload.headers });
  await world.call(plan.unit, 'POST', `${contractUrl}/publish`);
}

/** The signed contract as a one-page PDF in a multipart body (field `file`), as the unit's browser uploads it. */
function contractUpload(no: string) {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let body = `%PDF-1.4\n% ${no}\n`;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  const boundary = `----jicaidemo${no}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${no}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), Buffer.from(body, 'latin1'), Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export async function* tenderStory(world: World, plan: TenderPlan): Story {
  // 采购意向公开: the unit publishes what it means to buy more than 30 days before the notice.
  yield intentionAt(plan.publishAt);
  const intentionId = await publishIntention(world, {
    buyer: plan.unit,
    itemName: plan.item.name,
    categoryCode: plan.categoryCode,
    budgetFen: plan.budgetFen,
    startsAt: plan.publishAt,
    reserved: plan.reserved ?? false,
    description: `${plan.item.name} ${plan.item.quantity}${plan.item.unit}，${plan.item.specs}`,
  });
  yield plan.publishAt;
  const tender = yield* notice(world, plan, intentionId);
  yield* bidding(world, plan, tender);
  if (plan.stopAfter === 'bidding') {
    world.present.push(`投标中「${plan.title}」: bids close ${shanghaiDateTime(plan.deadline)} (Beijing), then the opening job runs`);
    return;
  }
  // The opening job runs when the clock passes the deadline; a lot with too few bids fails there.
  yield after(plan.deadline, 30 * 60_000);
  const opened = await world.call<{ status: string }>('center', 'GET', `/api/tenders/${tender.id}`);
  if (opened.status !== 'opened' || plan.stopAfter === 'opened') return;
  const signers = yield* committee(world, plan, tender);
  if (!signers) return;
  yield* award(world, plan, tender, signers);
}

export function tenderStories(world: World, t: Timeline): Story[] {
  return tenderPlans(t).map((plan) => tenderStory(world, plan));
}

export { morning };

import type { z } from 'zod';
import type { quotationSchema, supplierQuotationSchema } from '../../../../contracts/quotations.schemas.ts';
import { shanghaiDateTime } from '../../../platform/calendar.ts';
import { DAY, HOUR, ReplayError, type Story, type World } from './kit.ts';
import type { Timeline } from './replay.ts';
import { approverOf, fulfil } from './fulfilment.ts';
import { budgetLine, contactOf, emptyCart, fillCart, findOffer, needs, sendCheckout, type LineKind, type Order } from './mall.ts';
import { later, officeOf, workdaysAfter, workdaysBefore, type Office } from './workdays.ts';
import { intentionAt, publishIntention } from './intentions.ts';

/**
 * Online quotations (网上竞价, #15): a need above the e-mall's direct-order limit is posted with a ceiling
 * reserved on the unit's budget line; suppliers find it in their hall and send sealed quotes; at the
 * deadline the closing job opens, evaluates (the small/micro price deduction) and awards, and the winner's
 * order is fulfilled like any other. Across the year some award, one fails for want of three quotes and
 * is posted again; in the present one is open with two sealed quotes (华信, the demo supplier, has not
 * quoted yet) and one closes an hour after the present.
 */

type Quotation = z.infer<typeof quotationSchema>;
type HallItem = z.infer<typeof supplierQuotationSchema>;

/** A supplier's quote: who, the unit price, the brand and model offered, whether it declares itself small/micro. */
type Quote = [supplier: string, unitPriceFen: number, brand: string, model: string, smeDeclared: boolean];

interface Call {
  buyer: string;
  title: string;
  category: string;
  specs?: Record<string, string | number>;
  requirements: string;
  quantity: number;
  ceilingFen: number;
  deliveryDays: number;
  line: LineKind;
  reservedForSme?: boolean;
  /** Energy-saving certificates with every quote (a mandatory green 品目). */
  certified?: boolean;
  quotes: Quote[];
}

const laptopSpecs = { cpu: '国产处理器或 Intel 酷睿 i5 同等及以上', memoryGb: 16, storageGb: 512, os: '国产操作系统', screenInch: 14 };

const laptops: Call = {
  buyer: 'purchaser',
  title: '区教委机关便携式计算机更新（12 台）',
  category: 'A02010105',
  specs: laptopSpecs,
  requirements: '便携式计算机 12 台，内存不低于 16GB、固态硬盘不低于 512GB、14 英寸，预装国产操作系统，原厂三年上门保修。',
  quantity: 12,
  ceilingFen: 8_160_000,
  deliveryDays: 10,
  line: 'XX',
  certified: true,
  quotes: [
    ['supplier06', 615_000, '长城', 'UF712-16G512G', false],
    ['supplier', 638_000, '联想', '开天N80z-16G512G', false],
    // 中科博远 is small: its ¥78,240 is evaluated at ¥70,416 after the 10% deduction, and wins.
    ['supplier02', 652_000, '华为', '擎云L420-16G512G', true],
  ],
};

const airConditioners: Call = {
  buyer: 'unit02',
  title: '社区卫生服务中心诊室空调更换（16 台）',
  category: 'A02061804',
  requirements: '1.5 匹壁挂式变频空调 16 台，一级能效，含拆旧、安装及铜管辅材，质保六年。',
  quantity: 16,
  ceilingFen: 8_800_000,
  deliveryDays: 15,
  line: 'BG',
  certified: true,
  quotes: [
    ['supplier07', 489_000, '海尔', 'KFR-35GW/01KGC81', false],
    ['supplier10', 495_000, '美的', 'KFR-35GW/N8MXC1', false],
    ['supplier17', 518_000, '格力', 'KFR-35GW 一级能效', true],
  ],
};

const chairs: Call = {
  buyer: 'unit03',
  title: '城市管理指挥中心值班座椅采购（120 把）',
  category: 'A050103',
  requirements: '人体工学网布办公椅 120 把，五星钢制脚架，带头枕和可调扶手，符合 GB/T 26182 标准。',
  quantity: 120,
  ceilingFen: 10_800_000,
  deliveryDays: 20,
  line: 'JJ',
  quotes: [
    ['supplier05', 82_000, '震旦', 'AC-220', false],
    ['supplier08', 84_500, '圣奥', 'SA-C08', false],
    // 京清服装厂 is a prison enterprise, treated as small/micro: the deduction applies to it.
    ['supplier22', 86_000, '京清', 'JQ-Y120', true],
  ],
};

const projectors = (again: boolean): Call => ({
  buyer: 'unit06',
  title: again ? '教室多媒体投影仪采购（10 台）（重新发起）' : '教室多媒体投影仪采购（10 台）',
  category: 'A020202',
  requirements: '教室用短焦投影仪 10 台，亮度不低于 3600 流明，含吊架安装及一年上门服务。',
  quantity: 10,
  ceilingFen: 8_000_000,
  deliveryDays: 15,
  line: 'BG',
  quotes: again
    ? [
        ['supplier', 672_000, '爱普生', 'CB-X06', false],
        ['supplier11', 655_000, '明基', 'E580', false],
        ['supplier03', 689_000, '索尼', 'VPL-EX575', true],
      ]
    : [
        ['supplier', 698_000, '爱普生', 'CB-X06', false],
        ['supplier11', 671_000, '明基', 'E580', false],
      ],
});

const maintenance: Call = {
  buyer: 'unit10',
  title: '疾控中心信息系统运行维护服务（12 个月）',
  category: 'C1605',
  requirements: '中心机房及 16 个业务系统 7×24 小时运行维护：每月巡检报告，故障 2 小时内到场，季度安全评估。',
  quantity: 12,
  ceilingFen: 30_000_000,
  deliveryDays: 30,
  line: 'XX',
  quotes: [
    ['supplier15', 2_380_000, '自有服务', '运维服务包', true],
    ['supplier06', 2_250_000, '自有服务', '运维服务包', false],
    ['supplier20', 2_460_000, '自有服务', '运维服务包', true],
  ],
};

const multifunction: Call = {
  buyer: 'unit07',
  title: '派出所执法办案区多功能一体机采购（专门面向中小企业）',
  category: 'A020204',
  requirements: '黑白激光多功能一体机 20 台，打印复印扫描传真，双面自动，网络打印，原厂耗材三年供应。',
  quantity: 20,
  ceilingFen: 14_000_000,
  deliveryDays: 10,
  line: 'BG',
  reservedForSme: true,
  quotes: [
    ['supplier03', 648_000, '奔图', 'M7105DN', true],
    ['supplier16', 655_000, '兄弟', 'MFC-B7720DN', true],
    ['supplier', 630_000, '惠普', 'MFP 4104fdw', false],
  ],
};

/**
 * Official vehicles are above the mall's limit: bought by quotation. Three fuel sedans and one new-energy: 25%,
 * under the 30% new-energy share the dashboard measures against.
 */
const sedans: Call = {
  buyer: 'unit07',
  title: '执法执勤用车更新（轿车 3 辆）',
  category: 'A02030501',
  requirements: '5 座三厢轿车 3 辆，排量不超过 1.8T，含购置税、上牌及首年保险，原厂三年或十万公里质保。',
  quantity: 3,
  ceilingFen: 53_400_000,
  deliveryDays: 30,
  line: 'BG',
  quotes: [
    ['supplier14', 17_280_000, '大众', '帕萨特 330TSI', false],
    ['supplier10', 17_490_000, '红旗', 'H5', false],
    ['supplier07', 17_560_000, '大众', '帕萨特 330TSI', false],
  ],
};

const electricSedan: Call = {
  buyer: 'unit03',
  title: '城市管理执法新能源公务用车（1 辆）',
  category: 'A02030502',
  requirements: '纯电动或插电混动 5 座轿车 1 辆，综合续航不低于 500 公里，含购置、上牌及首年保险，电池质保八年。',
  quantity: 1,
  ceilingFen: 17_500_000,
  deliveryDays: 30,
  line: 'BG',
  quotes: [
    ['supplier14', 16_800_000, '比亚迪', '秦PLUS DM-i', false],
    ['supplier07', 17_150_000, '红旗', 'E-QM5', false],
    ['supplier10', 17_380_000, '吉利', '几何A', false],
  ],
};

const roomService: Call = {
  buyer: 'purchaser',
  title: '海淀区教委信息机房 2027 年度运行维护服务',
  category: 'C1605',
  requirements: '区教委信息机房及 12 所学校网络设备 7×24 小时运行维护：每月巡检、故障 2 小时内到场、季度安全评估报告。',
  quantity: 12,
  ceilingFen: 36_000_000,
  deliveryDays: 30,
  line: 'XX',
  quotes: [
    ['supplier02', 2_760_000, '自有服务', '运维服务包', true],
    ['supplier15', 2_840_000, '自有服务', '运维服务包', true],
  ],
};

const waitingChairs: Call = {
  buyer: 'unit02',
  title: '社区卫生服务中心候诊椅采购（60 套）',
  category: 'A050103',
  requirements: '三人位钢制候诊排椅 60 套，静电喷涂，PU 扶手，承重每座不低于 150kg。',
  quantity: 60,
  ceilingFen: 7_200_000,
  deliveryDays: 15,
  line: 'JJ',
  quotes: [
    ['supplier05', 112_000, '百利', 'BL-P3', false],
    ['supplier08', 109_000, '冠美', 'GM-H3', false],
    ['supplier16', 115_000, '明德', 'MD-302', true],
  ],
};

/** The year's quotations: each call, when it is posted (office workdays after the start), and its options. */
const year: [Call, number, number, QuotationOpts?][] = [
  [laptops, 30, 10, { mallFirst: true }],
  [airConditioners, 65, 14],
  [chairs, 105, 10],
  [projectors(false), 140, 9.5],
  [projectors(true), 150, 10, { days: 6 }],
  [maintenance, 170, 10],
  [sedans, 120, 10],
  [multifunction, 205, 15],
  [electricSedan, 185, 14],
];

/** Every quotation of the replay with about when it is posted (for the units' annual plans). */
export function quotationsOfYear(t: Timeline) {
  const around = (workdays: number) => new Date(t.start.getTime() + Math.round((workdays * 7) / 5) * DAY);
  return [
    ...year.map(([call, n]) => ({ buyer: call.buyer, call, at: around(n) })),
    ...[roomService, waitingChairs].map((call) => ({ buyer: call.buyer, call, at: t.now })),
  ];
}

export function quotationStories(world: World, t: Timeline): Story[] {
  const on = (n: number, hour: number) => (office: Office) => workdaysAfter(office, t.start, n, hour);
  const back = (n: number, hour: number) => (office: Office) => workdaysBefore(office, t.now, n, hour);
  // Closes an hour after the present (on the minute): posted the last office morning at least 3 days before that.
  const closing = new Date(Math.ceil((t.now.getTime() + HOUR) / 60_000) * 60_000);
  const posted = (office: Office) => workdaysBefore(office, new Date(closing.getTime() - 3 * DAY - 15 * 60_000), 0, 10);
  return [
    ...year.map(([call, n, hour, opts]) => quotation(world, call, on(n, hour), opts)),
    quotation(world, roomService, back(3, 10), { days: 7, gap: [1, 2] }),
    quotation(world, waitingChairs, posted, { deadline: closing, gap: [1, 2] }),
  ];
}

interface QuotationOpts {
  mallFirst?: boolean;
  days?: number;
  deadline?: Date;
  gap?: [number, number];
}

/**
 * One quotation's life: posted (after the mall refused the cart, when `mallFirst`), quoted by each supplier
 * some hours apart (`gap`), closed by its own job at the deadline, read by the unit, and the winner's order
 * fulfilled. Stops wherever the present falls.
 */
async function* quotation(world: World, call: Call, at: (office: Office) => Date, opts: QuotationOpts = {}): Story {
  const office = await officeOf(world);
  const postAt = at(office);
  const deadline = opts.deadline ?? workdaysAfter(office, postAt, opts.days ?? 4, 10);
  // 采购意向公开: published more than 30 days before the requirement is posted.
  yield intentionAt(postAt);
  const intentionId = await publishIntention(world, {
    buyer: call.buyer,
    itemName: call.title,
    categoryCode: call.category,
    budgetFen: call.ceilingFen,
    startsAt: postAt,
    reserved: call.reservedForSme ?? false,
    description: call.requirements,
  });
  yield postAt;
  if (opts.mallFirst) await mallRefuses(world, call);
  const q = await post(world, call, deadline, intentionId);
  let quoteAt = postAt;
  for (const quote of call.quotes) {
    yield (quoteAt = later(office, quoteAt, world.rnd.int(...(opts.gap ?? [3, 20]))));
    await sendQuote(world, q, call, quote);
  }
  if (deadline > world.now) world.present.push(presentLine(call, q, deadline));
  yield later(office, deadline, world.rnd.int(1, 4) / 2);
  const result = await world.call<Quotation>(call.buyer, 'GET', `/api/quotations/${q.id}`);
  if (result.status !== 'awarded' || !result.orderId) return;
  const order = await world.call<Order>(call.buyer, 'GET', `/api/orders/${result.orderId}`);
  yield* fulfil(world, office, order, await world.clock(), { buyer: call.buyer, approver: approverOf(call.buyer) });
}

/** An open quotation of the present, for start-up to print: who has quoted, who still may, when it closes. */
function presentLine(call: Call, q: Quotation, deadline: Date) {
  const quoted = call.quotes.map(([supplier]) => supplier).join(', ');
  const mayQuote = call.quotes.some(([supplier]) => supplier === 'supplier') ? '' : '; supplier (华信) may still quote';
  return `网上竞价 ${q.quotationNo}「${call.title}」: sealed quotes from ${quoted}${mayQuote}; closes ${shanghaiDateTime(deadline)} (Beijing), then the closing job opens them`;
}

/** The clerk first tries the mall: the cart is over the direct-order limit, and checkout refuses it. */
async function mallRefuses(world: World, call: Call) {
  const need = Object.values(needs).find((n) => n.category === call.category);
  const offer = need ? await findOffer(world, call.buyer, need, call.quantity) : null;
  if (!offer) return;
  const cart = await fillCart(world, call.buyer, [{ offer, qty: call.quantity }]);
  const lineId = await budgetLine(world, call.buyer, call.line, cart.totalFen);
  if (lineId) {
    const res = await sendCheckout(world, call.buyer, lineId);
    if (res.statusCode !== 422) throw new ReplayError(`checkout over the direct-order limit: ${res.statusCode} ${res.body.slice(0, 300)}`);
  }
  await emptyCart(world, call.buyer);
}

async function post(world: World, call: Call, deadline: Date, intentionId: string): Promise<Quotation> {
  const lineId = await budgetLine(world, call.buyer, call.line, call.ceilingFen);
  if (!lineId) throw new ReplayError(`${call.buyer} has no budget line for ${call.title}`);
  const contact = contactOf(call.buyer);
  return world.call<Quotation>(call.buyer, 'POST', '/api/quotations', {
    title: call.title,
    categoryCode: call.category,
    specs: call.specs ?? {},
    requirements: call.requirements,
    quantity: call.quantity,
    ceilingFen: call.ceilingFen,
    deliveryDays: call.deliveryDays,
    deliveryAddress: contact.address,
    contactName: contact.name,
    contactPhone: contact.phone,
    budgetLineId: lineId,
    reservedForSme: call.reservedForSme ?? false,
    smeDeductionRate: '0.10',
    deadline: deadline.toISOString(),
    intentionId,
  });
}

/** A supplier finds the quotation open in its hall, admitted, and sends its sealed quote. */
async function sendQuote(world: World, q: Quotation, call: Call, [supplier, unitPriceFen, brand, model, smeDeclared]: Quote) {
  const hall = await world.call<{ items: HallItem[] }>(
    supplier,
    'GET',
    `/api/supplier/quotations?status=open&q=${encodeURIComponent(q.quotationNo)}`,
  );
  const item = hall.items.find((i) => i.id === q.id);
  if (!item?.admitted) throw new ReplayError(`${supplier} may not quote on ${q.quotationNo}: ${item?.admissionNote ?? 'not in its hall'}`);
  const year = Number((await world.clock()).toISOString().slice(0, 4));
  await world.call(supplier, 'PUT', `/api/quotations/${q.id}/quote`, {
    unitPriceFen,
    brand,
    model,
    specs: call.specs ?? {},
    deliveryDays: Math.max(3, call.deliveryDays - world.rnd.int(0, 5)),
    smeDeclared,
    certificates: call.certified
      ? [
          {
            kind: 'energy_saving',
            number: `CQC${year}${world.rnd.int(100_000, 999_999)}`,
            issuer: '中国质量认证中心',
            validUntil: `${year + 2}-12-31`,
          },
        ]
      : [],
  });
}

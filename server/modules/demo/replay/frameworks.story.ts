import type { z } from 'zod';
import { budgetLine } from './mall.ts';
import type { frameworkCallSchema, rotationOrderSchema } from '../../../../contracts/frameworks.schemas.ts';
import { shanghaiDate } from '../../../platform/calendar.ts';
import { DAY, type Story, type World } from './kit.ts';
import type { Timeline } from './replay.ts';
import { officeOf, workdaysAfter, workdaysBefore } from './workdays.ts';

type Call = z.infer<typeof frameworkCallSchema>;
type RotationOrder = z.infer<typeof rotationOrderSchema>;

/** The responses: supplier and unit price per service call-out (fen). 华信 (supplier20) is the highest and stays out. */
const responses: [supplier: string, unitPriceFen: number][] = [
  ['supplier06', 98_000],
  ['supplier15', 104_000],
  ['supplier02', 101_000],
  ['supplier20', 112_000],
];

/**
 * 框架协议采购 (财政部令第110号): about two months before the present the center calls for IT operations
 * services (closed, price first, three admitted at most, ¥1,200.00 a call-out at most); four suppliers send
 * sealed responses, the closing job opens them a week later, the center's staff evaluate as the panel and
 * three are admitted with agreements. Units then place rotation call-offs, each going to the next in turn.
 */
export function frameworkStories(world: World, t: Timeline): Story[] {
  return [frameworkCall(world, t)];
}

async function* frameworkCall(world: World, t: Timeline): Story {
  const office = await officeOf(world);
  const publishAt = workdaysBefore(office, new Date(t.now.getTime() - 60 * DAY), 0, 10);
  yield publishAt;
  const deadline = workdaysAfter(office, publishAt, 5, 10);
  const call = await world.call<Call>('center', 'POST', '/api/frameworks', {
    title: '全市信息系统运行维护服务框架协议（2026 年度）',
    categoryCode: 'C1605',
    requirements: '各单位机房及业务系统按次运维：故障 2 小时内到场，每次出具服务报告；按次计价。',
    method: 'price_first',
    entry: 'closed',
    capUnitPriceFen: 120_000,
    maxAdmitted: 3,
    rotationCapacity: 3,
    startsOn: shanghaiDate(publishAt),
    endsOn: shanghaiDate(new Date(publishAt.getTime() + 330 * DAY)),
    deadline: deadline.toISOString(),
  });
  for (const [i, [supplier, unitPriceFen]] of responses.entries()) {
    yield new Date(publishAt.getTime() + (i + 1) * DAY);
    await world.call(supplier, 'PUT', `/api/frameworks/${call.id}/response`, { unitPriceFen, qualityOffer: '' });
  }
  // The closing job opens the responses at the deadline; the panel meets the next morning.
  yield workdaysAfter(office, deadline, 1, 10);
  await world.call('center', 'POST', `/api/frameworks/${call.id}/evaluate`, {
    panel: [
      { name: '周立群', role: '组长' },
      { name: '孙海涛', role: '成员' },
      { name: '钱文静', role: '成员' },
    ],
    reviews: [],
  });
  const buyers = ['purchaser', 'unit02', 'unit10', 'purchaser', 'unit02'];
  let last: RotationOrder | null = null;
  for (const [i, buyer] of buyers.entries()) {
    yield workdaysAfter(office, deadline, 3 + i * 4, 9);
    const budgetLineId = await budgetLine(world, buyer, 'XX', 2 * 120_000);
    if (!budgetLineId) continue;
    last = await world.call<RotationOrder>(buyer, 'POST', `/api/frameworks/${call.id}/rotation-orders`, {
      title: ['机房 UPS 故障排查', '业务系统升级保障', '季度安全巡检', '网络设备故障处理', '数据库性能调优'][i]!,
      quantity: 1 + (i % 2),
      budgetLineId,
    });
  }
  if (last)
    world.present.push(
      `框架协议 ${call.callNo}「${call.title}」: 3 admitted by price first, ${buyers.length} rotation call-offs (last to ${last.supplierName})`,
    );
}

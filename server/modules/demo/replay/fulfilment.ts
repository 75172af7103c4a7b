import { shanghaiDateTime } from '../../../platform/calendar.ts';
import { HOUR, type World } from './kit.ts';
import { supplierUser, type Order } from './mall.ts';
import { later, workdaysAfter, type Office } from './workdays.ts';

/**
 * An order's life after it is placed, step by step through the API by whoever takes each step: the unit's
 * approver, the supplier (confirm, ship, deliver), the unit (accept with a rating, then record payment).
 * Every step waits for office hours; the supplier confirms within the confirmation deadline unless the
 * story says it never does, and then the deadline's own job cancels the order.
 */

/** Who approves a unit's orders: its approver (`approver` at 海淀区教委, `unitNNa` at the others), never the clerk who placed them. */
export const approverOf = (buyer: string) => (buyer === 'purchaser' ? 'approver' : `${buyer}a`);

export type Fate =
  /** Every step in time. */
  | 'usual'
  /** Delivered days after the promised date: a credit event, a poor rating. */
  | 'late'
  /** The supplier never confirms: the confirmation deadline cancels the order. */
  | 'unconfirmed'
  /** The unit cancels before the supplier confirms. */
  | 'cancelled'
  /** The supplier declines (out of stock). */
  | 'declined'
  /** The approver returns the order. */
  | 'returned'
  /** The unit rejects the delivery. */
  | 'rejected';

/** Where an order of the present stops: the step it waits for is after the present. */
export type Until = 'pending_approval' | 'placed' | 'confirmed' | 'shipped' | 'delivered' | 'accepted';

export interface Life {
  buyer: string;
  approver: string;
  fate?: Fate;
  until?: Until;
  /** Why the approver lets it through (a split purchase or an over-standard line asks for one). */
  approval?: string;
}

const praise = ['送货及时，安装调试到位', '包装完好，配置与订单一致', '供应商服务规范，验收合格', '按约定时间送达，随货资料齐全'];
const grumbles = ['逾期送达，已催告供应商', '较承诺日期晚到数日，影响使用安排'];

/** Follows a placed order (or one waiting for approval) from `placedAt` through the steps its fate allows. */
export async function* fulfil(world: World, office: Office, order: Order, placedAt: Date, life: Life): AsyncGenerator<Date, void, void> {
  const fate = life.fate ?? 'usual';
  let at = placedAt;
  let o = order;
  const step = (by: string, action: string, body: object = {}) => world.call<Order>(by, 'POST', `/api/orders/${o.id}/${action}`, body);
  if (o.status === 'pending_approval') {
    if (life.until === 'pending_approval') return waiting(world, o, `待审批: waits for ${life.approver} (${o.approvalReasons.join('；')})`);
    yield (at = later(office, at, world.rnd.int(1, 5)));
    if (fate === 'returned') return void (await step(life.approver, 'return', { reason: '超出本季度该类资产配置计划，请按计划重新申报' }));
    o = await step(life.approver, 'approve', life.approval ? { reason: life.approval } : {});
  }
  if (life.until === 'placed')
    return waiting(world, o, `待确认: ${o.supplierName} confirms by ${beijingTime(o.confirmDeadline)} or it is cancelled`);
  if (fate === 'unconfirmed') return;
  const supplier = await supplierUser(world, o.supplierId);
  if (fate === 'cancelled') {
    yield later(office, at, world.rnd.int(1, 3));
    return void (await step(life.buyer, 'cancel', { reason: '需求调整，科室改用公物仓调剂资产' }));
  }
  if (fate === 'declined') {
    yield later(office, at, world.rnd.int(1, 4));
    return void (await step(supplier, 'decline', { reason: '该型号厂家停产，现货不足，无法按期供货' }));
  }
  // Confirmed within the working day, mostly within the hour or two.
  yield (at = later(office, at, world.rnd.int(1, 4) / 2));
  o = await step(supplier, 'confirm');
  if (life.until === 'confirmed') return waiting(world, o, `已确认: ${supplier} ships it`);
  yield* deliver(world, office, o, at, life, supplier);
}

/** Ship, deliver (in time, or late), then the unit's acceptance or rejection and, later, its payment. */
async function* deliver(world: World, office: Office, order: Order, confirmedAt: Date, life: Life, supplier: string) {
  const fate = life.fate ?? 'usual';
  const due = new Date(order.expectedDeliveryBy!).getTime();
  const step = (by: string, action: string, body: object = {}) => world.call<Order>(by, 'POST', `/api/orders/${order.id}/${action}`, body);
  let at = later(office, confirmedAt, world.rnd.int(2, 20));
  // A supplier meaning to be on time ships at once when the next office day would be too late.
  if (fate !== 'late' && at.getTime() > due - 6 * HOUR) at = new Date(confirmedAt.getTime() + HOUR);
  yield at;
  await step(supplier, 'ship');
  if (life.until === 'shipped') return waiting(world, order, `已发货: ${supplier} delivers it by ${beijingTime(order.expectedDeliveryBy)}`);
  const shipped = at;
  if (fate === 'late') at = later(office, new Date(due), world.rnd.int(30, 100));
  else {
    at = later(office, shipped, world.rnd.int(3, 30));
    // …and delivers out of office hours rather than after the promised time.
    if (at.getTime() > due - HOUR) at = new Date(Math.max(shipped.getTime() + HOUR, due - 2 * HOUR));
  }
  yield at;
  await step(supplier, 'deliver');
  if (life.until === 'delivered') return waiting(world, order, `已送达: ${life.buyer} accepts it with a rating`);
  yield (at = later(office, at, world.rnd.int(3, 40)));
  if (fate === 'rejected') return void (await step(life.buyer, 'reject', { reason: '到货设备型号与订单不符，外包装破损，不予验收' }));
  const rating = fate === 'late' ? world.rnd.int(2, 3) : world.rnd.pick([5, 5, 5, 4, 4]);
  await step(life.buyer, 'accept', { rating, comment: world.rnd.pick(fate === 'late' ? grumbles : praise) });
  if (life.until === 'accepted') return waiting(world, order, `已验收: ${life.buyer} records the payment`);
  yield workdaysAfter(office, at, world.rnd.int(5, 15), world.rnd.int(10, 16));
  await step(life.buyer, 'settle', { reason: '已通过国库集中支付' });
}

const beijingTime = (iso: string | null) => (iso ? `${shanghaiDateTime(new Date(iso))} (Beijing)` : '—');

/** What the order waits for in the present, for start-up to print. */
function waiting(world: World, order: Order, what: string) {
  world.present.push(`订单 ${order.orderNo}（${order.purchaserName} ← ${order.supplierName}）${what}`);
}

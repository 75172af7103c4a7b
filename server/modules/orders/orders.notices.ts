import type { OrderStatus, orders } from '../../db/schema/index.ts';
import { shanghaiDateTime } from '../../platform/calendar.ts';
import type { NotificationInput } from '../notifications/notifications.service.ts';
import type { NoticeKind, NoticeParams } from '../../../contracts/notifications.kinds.ts';
import { yuan, type OrderAction } from './orders.rules.ts';

type Order = Pick<typeof orders.$inferSelect, 'id' | 'orderNo' | 'purchaserOrgId' | 'supplierId' | 'placedBy' | 'totalFen'>;

/** What happened to the order, as the parties are told of it. */
export type OrderEvent =
  | { kind: 'awaiting_approval'; reasons: string[] }
  | { kind: 'to_confirm'; confirmDeadline: Date }
  | { kind: 'expired' }
  | {
      kind: 'step';
      action: OrderAction;
      from: OrderStatus;
      reason?: string | undefined;
      rating?: number | undefined;
      /** Said besides, e.g. a shipment's carrier and waybill, with its facts for other languages. */
      notice?: StepNotice | undefined;
    };

/** A shipment's words in a step's notice, and the facts they are made of (seq, carrier, waybillNo, units, left). */
export interface StepNotice {
  text: string;
  params: NoticeParams;
}

const beijing = (at: Date) => `${shanghaiDateTime(at).slice(0, 16)}（北京时间）`;

/**
 * Who is told what when an order moves (站内消息, written in the transaction that moves it): the party
 * whose turn it now is, and the other party of an outcome. The buying unit's notices reach the person who
 * placed the order; approvals and the supplier's notices reach the organization.
 */
export function orderNotices(order: Order, event: OrderEvent): NotificationInput[] {
  const no = order.orderNo;
  const amount = yuan(order.totalFen);
  const facts = { orderNo: no, totalFen: order.totalFen };
  const toSupplier = (kind: NoticeKind, title: string, body: string, more: NoticeParams = {}): NotificationInput => ({
    organizationId: order.supplierId,
    kind,
    title,
    body,
    params: { ...facts, ...more },
    link: `/supplier/orders/${order.id}`,
  });
  const toBuyer = (kind: NoticeKind, title: string, body: string, more: NoticeParams = {}): NotificationInput => ({
    organizationId: order.purchaserOrgId,
    userId: order.placedBy,
    kind,
    title,
    body,
    params: { ...facts, ...more },
    link: `/purchaser/orders/${order.id}`,
  });
  switch (event.kind) {
    case 'awaiting_approval':
      return [
        {
          organizationId: order.purchaserOrgId,
          kind: 'order.approval',
          title: `订单待审批：${no}`,
          body: `订单 ${no}（${amount}）需经审批后发给供应商：${event.reasons.join('；') || '超过本单位审批限额'}。`,
          // The reasons as recorded (Chinese); the order page words them from its findings in other languages.
          params: { ...facts, reasons: event.reasons.join('；') },
          link: `/approver/orders/${order.id}`,
        },
      ];
    case 'to_confirm':
      return [
        toSupplier(
          'order.placed',
          `新订单待确认：${no}`,
          `采购人下达订单 ${no}（${amount}），请于 ${beijing(event.confirmDeadline)}前确认，逾期系统自动取消并记入信用记录。`,
          { confirmDeadline: event.confirmDeadline.toISOString() },
        ),
      ];
    case 'expired':
      return [
        toSupplier('order.expired', `订单已超时取消：${no}`, `订单 ${no} 未在确认期限内确认，系统已自动取消，并记入贵单位信用记录。`),
        toBuyer('order.expired', `订单已超时取消：${no}`, `供应商未按时确认订单 ${no}，系统已自动取消，预算 ${amount} 已释放。`, {
          variant: 'buyer',
        }),
      ];
    case 'step':
      return stepNotices(event, { no, amount, toSupplier, toBuyer });
  }
}

function stepNotices(
  event: Extract<OrderEvent, { kind: 'step' }>,
  o: {
    no: string;
    amount: string;
    toSupplier: (kind: NoticeKind, title: string, body: string, more?: NoticeParams) => NotificationInput;
    toBuyer: (kind: NoticeKind, title: string, body: string, more?: NoticeParams) => NotificationInput;
  },
): NotificationInput[] {
  const { no, amount, toSupplier, toBuyer } = o;
  const reason = event.reason ? `理由：${event.reason}` : '';
  const more = event.notice ? ` ${event.notice.text}` : '';
  const why = { reason: event.reason ?? '' };
  const shipment = event.notice?.params ?? {};
  switch (event.action) {
    case 'approve':
      return [toBuyer('order.approved', `订单已审批通过：${no}`, `订单 ${no}（${amount}）已审批通过，已发给供应商确认。`)];
    case 'return':
      return [toBuyer('order.returned', `订单被退回：${no}`, `订单 ${no}（${amount}）未获审批，已取消，预算已释放。${reason}`, why)];
    case 'confirm':
      return [toBuyer('order.confirmed', `供应商已确认订单：${no}`, `供应商已确认订单 ${no}，将按约定发货。`)];
    case 'ship':
      return [toBuyer('order.shipped', `订单已发货：${no}`, `订单 ${no} 已发货，请留意收货。${more}`, shipment)];
    case 'deliver':
      return [
        toBuyer('order.delivered', `订单已送达，请验收：${no}`, `订单 ${no} 已送达，请组织验收并在系统中确认验收结果。${more}`, shipment),
      ];
    case 'accept':
      return [
        toSupplier(
          'order.accepted',
          `订单验收合格：${no}`,
          `采购人已验收订单 ${no}${event.rating ? `，评价 ${event.rating} 星` : ''}，待结算 ${amount}。`,
          event.rating ? { variant: 'rated', rating: event.rating } : {},
        ),
      ];
    case 'reject':
      return [toSupplier('order.rejected', `订单验收不合格：${no}`, `采购人验收订单 ${no} 不合格，订单已终止。${reason}`, why)];
    case 'settle':
      return [toSupplier('order.settled', `订单已结算：${no}`, `订单 ${no} 已结算 ${amount}。`)];
    case 'cancel':
      // An order still awaiting approval never reached the supplier.
      if (event.from === 'pending_approval') return [];
      return [toSupplier('order.cancelled', `采购人已取消订单：${no}`, `采购人已取消订单 ${no}，无需再发货。${reason}`, why)];
    case 'decline':
      return [
        toBuyer('order.declined', `供应商拒绝订单：${no}`, `供应商拒绝了订单 ${no}，订单已取消，预算 ${amount} 已释放。${reason}`, why),
      ];
  }
}

import { orderJobs, type OrdersService } from '../../server/modules/orders/orders.service.ts';
import { defineProcessor } from '../../server/platform/queue/job-system.ts';

export const orderProcessors = (deps: { orders: OrdersService }) => [
  defineProcessor(orderJobs.confirmTimeout, async ({ orderId }, ctx) => {
    const cancelled = await deps.orders.expireUnconfirmed(ctx.tx!, orderId);
    if (cancelled) ctx.log.info({ orderId }, 'unconfirmed order cancelled, budget released');
  }),
];

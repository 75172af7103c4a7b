// The API's own zod schemas and order state machine (server/modules/orders): plain zod and constants,
// so the forms and the buttons cannot drift from what the server accepts; the messages shown come
// from the web catalogue.
export {
  acceptBody,
  cartAddBody,
  cartUpdateBody,
  checkoutBody,
  orderActionBody,
  orderStatusSchema,
  rejectBody,
} from '../../../../server/modules/orders/orders.schemas.ts';
export { orderTransitions } from '../../../../server/modules/orders/orders.rules.ts';
export type { OrderAction } from '../../../../server/modules/orders/orders.rules.ts';

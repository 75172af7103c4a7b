// The API's own zod schemas and order state machine (contracts/orders.schemas.ts, contracts/orders.transitions.ts): plain zod and constants,
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
} from '@contracts/orders.schemas.ts';
export { orderTransitions, type OrderAction } from '@contracts/orders.transitions.ts';

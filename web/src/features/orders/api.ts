import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { useLiveProcess } from '../../app/live.ts';
import { useSession } from '../../app/session.ts';
import { api, apiPath, type ApiQuery } from '../../app/api.ts';
import type { ProcessFilters } from '../listFilters/filters.ts';
import type {
  cartSchema,
  checkoutBody,
  checkoutResultSchema,
  offerChecksSchema,
  orderSchema,
  orderStatusSchema,
} from '@contracts/orders.schemas.ts';
import type { OrderAction } from '@contracts/orders.transitions.ts';

// Answers of the orders API, typed from its own response schemas (type-only imports from contracts/).
export type Cart = z.infer<typeof cartSchema>;
export type CartItem = Cart['items'][number];
export type Finding = Cart['findings'][number];
export type FindingLevel = Finding['level'];
export type Order = z.infer<typeof orderSchema>;
export type OrderLine = Order['lines'][number];
export type OrderStatus = z.infer<typeof orderStatusSchema>;
export type CheckoutResult = z.infer<typeof checkoutResultSchema>;
export type CheckoutInput = z.infer<typeof checkoutBody>;
export type OfferCheck = z.infer<typeof offerChecksSchema>['offers'][number];
export type { OrderAction };

/** The four sides that see orders: each has its own list and detail pages under /<role>/orders. */
export type OrderView = 'purchaser' | 'approver' | 'supplier' | 'regulator';

/** A page of orders with the list's filters (their values as the URL holds them; the server checks them). */
export type OrderListQuery = { page: number; pageSize: number } & ProcessFilters;

const cartKey = ['orders', 'cart'] as const;

/** 购物车 with the policy findings checkout would raise now (purchasers only: others get 403). */
export function useCart(enabled = true) {
  return useQuery({
    queryKey: cartKey,
    queryFn: ({ signal }) => api.get('/api/cart', { signal }),
    enabled,
    staleTime: 10_000,
  });
}

/** 立即购买: one listing and quantity as the cart would show them, with the findings checkout would raise. */
export function useBuyNow(item: { listingId: string; quantity: number } | null) {
  return useQuery({
    queryKey: [...cartKey, 'buy-now', item?.listingId, item?.quantity],
    queryFn: ({ signal }) =>
      api.get('/api/cart/buy-now', { params: { query: { listingId: item?.listingId ?? '', quantity: item?.quantity ?? 1 } }, signal }),
    enabled: !!item,
    staleTime: 10_000,
  });
}

/**
 * A product's offers as the caller's cart would judge one unit of each now (purchasers only): why an offer
 * cannot be bought, from the server's own rules, before it is added. By listing id.
 */
export function useOfferChecks(productId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: [...cartKey, 'offer-checks', productId],
    queryFn: ({ signal }) => api.get('/api/products/{id}/offer-checks', { params: { path: { id: productId ?? '' } }, signal }),
    enabled: enabled && !!productId,
    select: (data) => new Map(data.offers.map((o) => [o.listingId, o])),
    staleTime: 10_000,
  });
}

/** Every cart write answers with the whole cart: it replaces what the page shows. */
function useCartWrite<V>(send: (vars: V) => Promise<Cart>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (cart) => client.setQueryData(cartKey, cart),
  });
}

export const useAddToCart = () => useCartWrite((body: { listingId: string; quantity: number }) => api.post('/api/cart/items', { body }));

export const useSetCartQuantity = () =>
  useCartWrite(({ itemId, quantity }: { itemId: string; quantity: number }) =>
    api.patch('/api/cart/items/{id}', { params: { path: { id: itemId } }, body: { quantity } }),
  );

export const useRemoveCartItem = () =>
  useCartWrite((itemId: string) => api.delete('/api/cart/items/{id}', { params: { path: { id: itemId } } }));

/** Budget lines and order lists change with every order placed or moved. */
function useInvalidateOrders() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['orders', 'list'] }),
      client.invalidateQueries({ queryKey: ['orders', 'count'] }),
      client.invalidateQueries({ queryKey: ['organizations'] }),
      client.invalidateQueries({ queryKey: ['public', 'product'] }),
    ]);
}

/**
 * 提交订单: the cart becomes one order per supplier. The Idempotency-Key is made once per checkout
 * attempt by the page: a double click or a retry after a lost answer returns the same orders.
 */
export function useCheckout() {
  const client = useQueryClient();
  const invalidate = useInvalidateOrders();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CheckoutInput; idempotencyKey: string }) =>
      api.post('/api/orders/checkout', { params: { header: { 'idempotency-key': idempotencyKey } }, body }),
    // Not awaited: the orders made are shown at once, the emptied cart and the lists follow.
    onSuccess: () => void Promise.all([invalidate(), client.invalidateQueries({ queryKey: cartKey })]),
  });
}

export function useOrders(query: OrderListQuery) {
  return useQuery({
    queryKey: ['orders', 'list', query],
    queryFn: ({ signal }) => api.get('/api/orders', { params: { query: query as ApiQuery<'/api/orders'> }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** How many orders of one state wait on the caller's side (a role home's task count). */
export function useOrderCount(status: OrderStatus) {
  return useQuery({
    queryKey: ['orders', 'count', status],
    queryFn: ({ signal }) => api.get('/api/orders', { params: { query: { status, page: 1, pageSize: 1 } }, signal }),
  });
}

/** The roles of an order's parties: only they follow an order live (oversight reads it, and reloads it). */
const orderPartyRoles = new Set(['purchaser', 'approver', 'supplier']);

export function useOrder(orderId: string | undefined) {
  const roles = useSession().data?.user.roles ?? [];
  useLiveProcess(
    'order',
    orderId,
    roles.some((r) => orderPartyRoles.has(r)),
  );
  return useQuery({
    queryKey: ['orders', 'detail', orderId],
    queryFn: ({ signal }) => api.get('/api/orders/{id}', { params: { path: { id: orderId ?? '' } }, signal }),
    enabled: !!orderId,
  });
}

export interface OrderActionInput {
  orderId: string;
  action: OrderAction;
  reason?: string | undefined;
  rating?: number | undefined;
  comment?: string | undefined;
}

/** One step of the order's life (approve, confirm, ship, accept…); the answer is the order as it is now. */
export function useOrderAction() {
  const client = useQueryClient();
  const invalidate = useInvalidateOrders();
  return useMutation({
    mutationFn: ({ orderId, action, ...body }: OrderActionInput) =>
      api.post(`/api/orders/{id}/${action}`, { params: { path: { id: orderId } }, body: stripEmpty(body) }),
    onSuccess: async (order) => {
      client.setQueryData(['orders', 'detail', order.id], order);
      await invalidate();
    },
  });
}

function stripEmpty(body: Record<string, string | number | undefined>) {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== ''));
}

export const purchaseOrderPdfUrl = (orderId: string) => apiPath('/api/orders/{id}/purchase-order.pdf', { id: orderId });

/** 导出 Excel: the caller's orders with the list's filter (up to 5,000, newest first). */

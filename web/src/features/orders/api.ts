import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, apiRequest } from '../../app/api.ts';
import type { Paged } from '../../app/types.ts';
import type { cartSchema, checkoutBody, checkoutResultSchema, orderSchema, orderStatusSchema } from '@contracts/orders.schemas.ts';
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
export type { OrderAction };

/** The four sides that see orders: each has its own list and detail pages under /<role>/orders. */
export type OrderView = 'purchaser' | 'approver' | 'supplier' | 'regulator';

export interface OrderListQuery {
  page: number;
  pageSize: number;
  status?: OrderStatus | undefined;
}

const id = encodeURIComponent;
const cartKey = ['orders', 'cart'] as const;

/** 购物车 with the policy findings checkout would raise now (purchasers only: others get 403). */
export function useCart(enabled = true) {
  return useQuery({
    queryKey: cartKey,
    queryFn: ({ signal }) => api.get<Cart>('/api/cart', undefined, signal),
    enabled,
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

export const useAddToCart = () => useCartWrite((body: { listingId: string; quantity: number }) => api.post<Cart>('/api/cart/items', body));

export const useSetCartQuantity = () =>
  useCartWrite(({ itemId, quantity }: { itemId: string; quantity: number }) =>
    apiRequest<Cart>(`/api/cart/items/${id(itemId)}`, { method: 'PATCH', body: { quantity } }),
  );

export const useRemoveCartItem = () =>
  useCartWrite((itemId: string) => apiRequest<Cart>(`/api/cart/items/${id(itemId)}`, { method: 'DELETE' }));

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
      apiRequest<CheckoutResult>('/api/orders/checkout', { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey } }),
    // Not awaited: the orders made are shown at once, the emptied cart and the lists follow.
    onSuccess: () => void Promise.all([invalidate(), client.invalidateQueries({ queryKey: cartKey })]),
  });
}

export function useOrders(query: OrderListQuery) {
  return useQuery({
    queryKey: ['orders', 'list', query],
    queryFn: ({ signal }) => api.get<Paged<Order>>('/api/orders', { ...query }, signal),
    placeholderData: keepPreviousData,
  });
}

/** How many orders of one state wait on the caller's side (a role home's task count). */
export function useOrderCount(status: OrderStatus) {
  return useQuery({
    queryKey: ['orders', 'count', status],
    queryFn: ({ signal }) => api.get<Paged<Order>>('/api/orders', { status, page: 1, pageSize: 1 }, signal),
  });
}

export function useOrder(orderId: string | undefined) {
  return useQuery({
    queryKey: ['orders', 'detail', orderId],
    queryFn: ({ signal }) => api.get<Order>(`/api/orders/${id(orderId ?? '')}`, undefined, signal),
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
      api.post<Order>(`/api/orders/${id(orderId)}/${action}`, stripEmpty(body)),
    onSuccess: async (order) => {
      client.setQueryData(['orders', 'detail', order.id], order);
      await invalidate();
    },
  });
}

function stripEmpty(body: Record<string, string | number | undefined>) {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== ''));
}

export const purchaseOrderPdfUrl = (orderId: string) => `/api/orders/${id(orderId)}/purchase-order.pdf`;

/** 导出 Excel: the caller's orders with the list's filter (up to 5,000, newest first). */

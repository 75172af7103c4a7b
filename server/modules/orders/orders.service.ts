import { RESERVING } from './orders.rules.ts';
import type { OrdersDeps } from './orders.context.ts';
import { createOrderCart } from './orders.cart.ts';
import { createOrderCheckout } from './orders.checkout.ts';
import { createOrderFindings } from './orders.findings.ts';
import { createOrderLifecycle } from './orders.lifecycle.ts';
import { createOrderViews } from './orders.views.ts';
import { createOrderShipments } from './orders.shipments.ts';

export { orderJobs, type SurplusProvider } from './orders.context.ts';

/**
 * The e-mall's orders (电子卖场订单), made of parts: the cart (orders.cart.ts), the findings on it
 * (orders.findings.ts), the checkout (orders.checkout.ts), the order's life after (orders.lifecycle.ts)
 * and what the parties read (orders.views.ts).
 */
export function createOrdersService(deps: OrdersDeps) {
  const views = createOrderViews(deps);
  const findings = createOrderFindings(deps);
  const cartPart = createOrderCart({ ...deps, findings });
  const checkoutPart = createOrderCheckout({ ...deps, views, cart: cartPart, findings });
  const lifecycle = createOrderLifecycle({ ...deps, views, checkout: checkoutPart });
  const { cart, preview, addToCart, setCartQuantity, removeFromCart, offerChecks } = cartPart;
  const { checkout, placeFromQuotation } = checkoutPart;
  const { act, expireUnconfirmed } = lifecycle;
  const shipments = createOrderShipments({ ...deps, lifecycle });
  const { get, list, suppliers } = views;
  const { policyFindings } = findings;

  return {
    cart,
    preview,
    addToCart,
    setCartQuantity,
    removeFromCart,
    offerChecks,
    checkout,
    placeFromQuotation,
    act,
    expireUnconfirmed,
    get,
    list,
    suppliers,
    policyFindings,
    shipments,
    RESERVING,
  };
}

export type OrdersService = ReturnType<typeof createOrdersService>;

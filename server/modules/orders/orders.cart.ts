import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { builtOnce } from '../../db/built-once.ts';
import { cartItems } from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { NotFoundError, RuleViolationError } from '../../platform/errors.ts';
import { activeListing, offersOf, productOffers } from '../catalogue/listings.service.ts';
import type { CartRow, OrdersDeps } from './orders.context.ts';
import type { OrderFindings } from './orders.findings.ts';
import { replaceableAssets } from './orders.replacement.ts';

/** A user's cart lines, oldest first (locked for a checkout): built once. */
const cartItemsOf = builtOnce((db) =>
  db
    .select()
    .from(cartItems)
    .where(eq(cartItems.userId, sql.placeholder('userId')))
    .orderBy(cartItems.createdAt)
    .prepare('jicai_cart_items'),
);
const lockedCartItems = builtOnce((db) =>
  db
    .select()
    .from(cartItems)
    .where(eq(cartItems.userId, sql.placeholder('userId')))
    .orderBy(cartItems.createdAt)
    .for('update')
    .prepare('jicai_cart_items_locked'),
);

/** The buyer's cart (电子卖场购物车): items as offers now, with the findings on them. */
export function createOrderCart(
  deps: OrdersDeps & {
    findings: OrderFindings;
  },
) {
  const { db } = deps;
  const { judgeCart, offerFindings } = deps.findings;

  /** The user's cart, oldest first, each item with what it orders from (the catalogue's offer as it is now). */
  async function cartRows(tx: DbOrTx, userId: string, opts: { lock?: boolean } = {}): Promise<CartRow[]> {
    // Checkout holds the user's cart: a concurrent checkout of the same cart waits and then finds it empty.
    const items = await (opts.lock ? lockedCartItems : cartItemsOf)(tx).execute({ userId });
    const offers = await offersOf(
      tx,
      items.map((i) => i.listingId),
    );
    return items.flatMap((cart) => {
      const offer = offers.get(cart.listingId);
      return offer ? [{ cart, ...offer }] : [];
    });
  }

  async function cart(auth: AuthContext) {
    const rows = await cartRows(db, auth.userId);
    // The findings first: the moment they are judged at is the one the replaceable assets are dated by.
    const judged = rows.length ? await judgeCart(db, auth, rows, { picker: true }) : null;
    const replaceable = judged ? await replaceableAssets(db, judged.rules.unitAssets, shanghaiDate(judged.rules.at)) : () => [];
    return {
      items: rows.map((r) => ({
        id: r.cart.id,
        listingId: r.listing.id,
        productId: r.product.id,
        productName: r.product.name,
        brand: r.product.brand,
        model: r.product.model,
        categoryCode: r.product.categoryCode,
        categoryName: r.category.name,
        categoryNameEn: r.category.nameEn,
        supplierId: r.supplier.id,
        supplierName: r.supplier.name,
        unitPriceFen: r.listing.priceFen,
        quantity: r.cart.quantity,
        lineTotalFen: r.listing.priceFen * r.cart.quantity,
        available: r.listing.status === 'active' && r.listing.stock >= r.cart.quantity,
        allocationMinYears: r.category.allocationMinYears,
        replaceableAssets: replaceable(r.product.categoryCode, r.category.allocationMinYears),
      })),
      totalFen: rows.reduce((s, r) => s + r.listing.priceFen * r.cart.quantity, 0),
      findings: judged?.findings ?? [],
    };
  }

  async function addToCart(auth: AuthContext, listingId: string, quantity: number) {
    const l = await activeListing(db, listingId);
    if (!l) throw new RuleViolationError('not on sale', { fields: [{ field: 'listingId', message: '该报价不在售', in: 'body' }] });
    await db
      .insert(cartItems)
      .values({ organizationId: auth.orgId, userId: auth.userId, listingId, quantity })
      .onConflictDoUpdate({
        target: [cartItems.userId, cartItems.listingId],
        set: { quantity: sql`${cartItems.quantity} + ${quantity}`, updatedAt: sql`jicai.now()` },
      });
    return cart(auth);
  }

  async function setCartQuantity(auth: AuthContext, itemId: string, quantity: number) {
    const updated = await db
      .update(cartItems)
      .set({ quantity, updatedAt: sql`jicai.now()` })
      .where(and(eq(cartItems.id, itemId), eq(cartItems.userId, auth.userId)))
      .returning();
    if (updated.length === 0) throw new NotFoundError('cart item not found');
    return cart(auth);
  }

  async function removeFromCart(auth: AuthContext, itemId: string) {
    await db.delete(cartItems).where(and(eq(cartItems.id, itemId), eq(cartItems.userId, auth.userId)));
    return cart(auth);
  }

  /**
   * The product page's offers as this buyer's cart would judge one unit of each now (orders.findings.ts):
   * an offer with a block finding cannot be bought, and the page says why before it is added.
   */
  async function offerChecks(auth: AuthContext, productId: string) {
    const offers = await productOffers(db, productId);
    if (!offers) throw new NotFoundError('product not found');
    const found = await offerFindings(db, auth, offers);
    return {
      productId,
      offers: offers.map((o) => {
        const findings = found.get(o.listing.id) ?? [];
        return { listingId: o.listing.id, purchasable: !findings.some((f) => f.level === 'block'), findings };
      }),
    };
  }

  return { cartRows, cart, addToCart, setCartQuantity, removeFromCart, offerChecks };
}

export type OrderCart = ReturnType<typeof createOrderCart>;

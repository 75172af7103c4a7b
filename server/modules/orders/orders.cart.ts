import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { builtOnce, statementBuiltOnce } from '../../db/built-once.ts';
import { rowFromJson } from '../../db/columns.ts';
import { cartItems, checkouts } from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { AppError, NotFoundError, RuleViolationError } from '../../platform/errors.ts';
import { listingOnSaleSql, offersOf, productOffers } from '../catalogue/listings.service.ts';
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
const ph = (name: string) => sql.placeholder(name);

/** The most of one offer a cart line holds (cartAddBody's bound, also for a line added to again). */
const MAX_LINE_QUANTITY = 10_000;

/** A cart line added, or its quantity raised up to MAX_LINE_QUANTITY, only while the listing is on sale: one statement. */
const addCartItem = statementBuiltOnce<{ id: string }>(
  'jicai_cart_add',
  () => sql`
    insert into ${cartItems} as i (organization_id, user_id, listing_id, quantity)
    select ${ph('orgId')}::uuid, ${ph('userId')}::uuid, ${ph('listingId')}::uuid, ${ph('quantity')}::int
     where ${listingOnSaleSql(sql`${ph('listingId')}::uuid`)}
    on conflict (user_id, listing_id) do update set quantity = i.quantity + excluded.quantity, updated_at = jicai.now()
     where i.quantity + excluded.quantity <= ${sql.raw(String(MAX_LINE_QUANTITY))}
    returning i.id`,
);

/**
 * A checkout's first statement: claims the Idempotency-Key (a checkout row; a concurrent request with the
 * same key waits for this one's commit, then finds it taken) and, when claimed, takes the user's cart
 * lines out of the cart, oldest first. A concurrent checkout of the same cart waits on the lines and then
 * finds none; a line added meanwhile stays in the cart. Rolled back with the checkout if it fails.
 */
const claimCheckout = statementBuiltOnce<{ checkout_id: string | null; items: unknown }>(
  'jicai_checkout_claim',
  () => sql`
    with claim as (
      insert into ${checkouts} as c (organization_id, idempotency_key, request_hash, order_ids, created_by)
      values (${ph('orgId')}::uuid, ${ph('key')}::text, ${ph('hash')}::text, '{}', ${ph('userId')}::uuid)
      on conflict (organization_id, idempotency_key) do nothing
      returning c.id),
    taken as (
      delete from ${cartItems} i
       where i.user_id = ${ph('userId')}::uuid and exists (select 1 from claim)
      returning i.*)
    select (select id from claim) as checkout_id,
           coalesce((select jsonb_agg(to_jsonb(t) order by t.created_at, t.id) from taken t), '[]'::jsonb) as items`,
);

/** A buy-now checkout's first statement: claims the Idempotency-Key only; the cart stays as it is. */
const claimKey = statementBuiltOnce<{ checkout_id: string | null }>(
  'jicai_checkout_claim_key',
  () => sql`
    insert into ${checkouts} as c (organization_id, idempotency_key, request_hash, order_ids, created_by)
    values (${ph('orgId')}::uuid, ${ph('key')}::text, ${ph('hash')}::text, '{}', ${ph('userId')}::uuid)
    on conflict (organization_id, idempotency_key) do nothing
    returning c.id as checkout_id`,
);

/** What 立即购买 orders: listings and quantities named by the request, not the cart's. */
export interface DirectItem {
  listingId: string;
  quantity: number;
}

/** A refusal of 立即购买 names the request's items (`items.0.listingId`), not the cart's lines (`cart.<listing>`). */
export function directFields(items: readonly DirectItem[] | undefined, error: unknown) {
  if (!items || !(error instanceof AppError)) return error;
  for (const f of error.fields) {
    const i = f.field.startsWith('cart.') ? items.findIndex((item) => `cart.${item.listingId.toLowerCase()}` === f.field) : -1;
    if (i >= 0) f.field = `items.${i}.listingId`;
    else if (f.field === 'cart') f.field = 'items';
  }
  return error;
}

/** The buyer's cart (电子卖场购物车): items as offers now, with the findings on them. */
export function createOrderCart(
  deps: OrdersDeps & {
    findings: OrderFindings;
  },
) {
  const { db } = deps;
  const { judgeCart, offerFindings } = deps.findings;

  /** The user's cart, oldest first, each item with what it orders from (the catalogue's offer as it is now). */
  async function cartRows(tx: DbOrTx, userId: string): Promise<CartRow[]> {
    return withOffers(tx, await cartItemsOf(tx).execute({ userId }));
  }

  /**
   * A checkout's claim of its key and its cart (claimCheckout): the checkout row's id and the lines taken,
   * each with its offer as it is now; `null` when the key is already taken (the checkout that took it answers).
   */
  async function claimCart(tx: Tx, auth: AuthContext, claim: { key: string; hash: string }) {
    const [claimed] = await claimCheckout(tx, { orgId: auth.orgId, userId: auth.userId, ...claim });
    if (!claimed?.checkout_id) return null;
    const items = (typeof claimed.items === 'string' ? JSON.parse(claimed.items) : claimed.items) as Record<string, unknown>[];
    return {
      checkoutId: claimed.checkout_id,
      rows: await withOffers(
        tx,
        items.map((i) => rowFromJson(cartItems, i)),
      ),
    };
  }

  /**
   * 立即购买: the key claimed (as claimCart, `null` when taken) and the request's items as cart lines, each
   * with its offer as it is now; an item naming no listing is a 422 on its listingId.
   */
  async function claimItems(tx: Tx, auth: AuthContext, claim: { key: string; hash: string }, items: readonly DirectItem[]) {
    const [claimed] = await claimKey(tx, { orgId: auth.orgId, userId: auth.userId, ...claim });
    if (!claimed?.checkout_id) return null;
    return { checkoutId: claimed.checkout_id, rows: await directRows(tx, auth, items) };
  }

  /** The items as cart lines of this user (not stored), each with its offer as it is now. */
  async function directRows(tx: DbOrTx, auth: AuthContext, items: readonly DirectItem[]): Promise<CartRow[]> {
    const at = new Date(0); // never stored: a request's lines have no time in a cart
    const rows = await withOffers(
      tx,
      items.map((item, i) => ({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        organizationId: auth.orgId,
        userId: auth.userId,
        listingId: item.listingId.toLowerCase(),
        quantity: item.quantity,
        createdAt: at,
        updatedAt: at,
      })),
    );
    const found = new Set(rows.map((r) => r.listing.id));
    const missing = items.flatMap((item, i) => (found.has(item.listingId.toLowerCase()) ? [] : [i]));
    if (missing.length)
      throw new RuleViolationError('no such listing', {
        fields: missing.map((i) => ({ field: `items.${i}.listingId`, message: '该报价不存在', in: 'body' as const })),
      });
    return rows;
  }

  async function withOffers(tx: DbOrTx, items: (typeof cartItems.$inferSelect)[]): Promise<CartRow[]> {
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
    return cartView(auth, await cartRows(db, auth.userId));
  }

  /** 立即购买's order page: the items as the cart would show them, with the findings checkout would raise. */
  async function preview(auth: AuthContext, item: DirectItem) {
    const rows = await directRows(db, auth, [item]).catch((error: unknown) => {
      // The page asks by its query: the item is `listingId` there, not `items.0.listingId` of a body.
      if (error instanceof AppError)
        for (const f of error.fields) Object.assign(f, { field: f.field.replace(/^items\.0\./, ''), in: 'query' });
      throw error;
    });
    return cartView(auth, rows);
  }

  async function cartView(auth: AuthContext, rows: CartRow[]) {
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
    const added = await addCartItem(db, { orgId: auth.orgId, userId: auth.userId, listingId, quantity });
    if (added.length === 0) {
      // Refused: the offer is not on sale, or the line already holds so much that this would pass the bound.
      const [line] = await db
        .select({ quantity: cartItems.quantity })
        .from(cartItems)
        .where(and(eq(cartItems.userId, auth.userId), eq(cartItems.listingId, listingId)));
      if (line)
        throw new RuleViolationError('cart line over its bound', {
          fields: [{ field: 'quantity', message: `购物车中已有 ${line.quantity} 件，合计不能超过 ${MAX_LINE_QUANTITY}`, in: 'body' }],
        });
      throw new RuleViolationError('not on sale', { fields: [{ field: 'listingId', message: '该报价不在售', in: 'body' }] });
    }
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

  return { cartRows, claimCart, claimItems, cart, preview, addToCart, setCartQuantity, removeFromCart, offerChecks };
}

export type OrderCart = ReturnType<typeof createOrderCart>;

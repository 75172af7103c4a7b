import type { z } from 'zod';
import type { productPageSchema, searchResultSchema } from '../../../../contracts/catalogue.schemas.ts';
import type { cartSchema, checkoutResultSchema, orderSchema } from '../../../../contracts/orders.schemas.ts';
import { ReplayError, type World } from './kit.ts';

/**
 * The e-mall as a unit's clerk uses it (#15): search the catalogue, open a product to compare the offers,
 * put them in the cart, read the cart's warnings, and check out against one of the unit's budget lines
 * (GET …/budget-lines, as the checkout page does). Every step is a request to the storefront's API.
 */

export type Order = z.infer<typeof orderSchema>;
type Cart = z.infer<typeof cartSchema>;
type SearchResult = z.infer<typeof searchResultSchema>;
type ProductPage = z.infer<typeof productPageSchema>;

/** The unit's budget lines (demo-data.ts): office equipment, IT, furniture, property services. */
export type LineKind = 'BG' | 'XX' | 'JJ' | 'WY';

/** Something units buy in the e-mall: a 品目, how many at a time, whether it must be certified energy-saving. */
export interface Need {
  category: string;
  qty: [number, number];
  green: boolean;
  line: LineKind;
}

export const needs = {
  desktops: { category: 'A02010104', qty: [2, 6], green: true, line: 'BG' },
  laptops: { category: 'A02010105', qty: [1, 3], green: true, line: 'XX' },
  monitors: { category: 'A02010604', qty: [2, 8], green: true, line: 'BG' },
  printers: { category: 'A02010601', qty: [1, 4], green: false, line: 'BG' },
  scanners: { category: 'A02010609', qty: [1, 3], green: false, line: 'BG' },
  multifunction: { category: 'A020204', qty: [1, 2], green: false, line: 'BG' },
  projectors: { category: 'A020202', qty: [1, 2], green: false, line: 'BG' },
  shredders: { category: 'A020206', qty: [1, 4], green: false, line: 'BG' },
  copiers: { category: 'A020201', qty: [2, 2], green: false, line: 'BG' },
  airConditioners: { category: 'A02061804', qty: [1, 4], green: true, line: 'BG' },
  desks: { category: 'A050102', qty: [2, 6], green: false, line: 'JJ' },
  chairs: { category: 'A050103', qty: [4, 16], green: false, line: 'JJ' },
  cabinets: { category: 'A050105', qty: [2, 6], green: false, line: 'JJ' },
  software: { category: 'A080602', qty: [2, 8], green: false, line: 'XX' },
} satisfies Record<string, Need>;

/** What the month-by-month buying draws from (copiers are the split purchase's own). */
export const everyday: Need[] = [
  needs.desktops,
  needs.laptops,
  needs.monitors,
  needs.printers,
  needs.printers,
  needs.scanners,
  needs.multifunction,
  needs.projectors,
  needs.shredders,
  needs.airConditioners,
  needs.desks,
  needs.chairs,
  needs.chairs,
  needs.cabinets,
  needs.software,
];

export interface Offer {
  listingId: string;
  supplierId: string;
  supplierName: string;
  productName: string;
  priceFen: number;
}

/** Who receives the goods at each unit the stories buy for. */
const contacts: Record<string, { name: string; phone: string; address: string }> = {
  purchaser: { name: '张晓明', phone: '010-88491234', address: '北京市海淀区紫竹院路 98 号' },
  unit02: { name: '王丽', phone: '010-88364120', address: '北京市海淀区长春桥路 11 号' },
  unit03: { name: '李强', phone: '010-65094417', address: '北京市朝阳区朝阳门外大街 16 号' },
  unit04: { name: '赵敏', phone: '010-66083120', address: '北京市西城区西直门南大街 10 号' },
  unit05: { name: '孙悦', phone: '010-64033371', address: '北京市东城区交道口东大街 85 号' },
  unit06: { name: '周婷', phone: '010-62551908', address: '北京市海淀区万泉河路 2 号' },
  unit07: { name: '吴军', phone: '010-63812233', address: '北京市丰台区丰台镇西安街 1 号' },
  unit09: { name: '冯静', phone: '010-55595000', address: '北京市通州区承安路 1 号' },
  unit10: { name: '陈晨', phone: '010-64407000', address: '北京市东城区和平里中街 16 号' },
  unit12: { name: '高远', phone: '010-68512345', address: '北京市西城区月坛南街 1 号' },
};

export const contactOf = (buyer: string) => contacts[buyer] ?? { name: '采购经办人', phone: '010-12345678', address: '北京市单位办公区' };

/** Beijing: where every unit of the demo takes delivery. */
const delivers = (regions: readonly string[]) => regions.some((r) => r === '000000' || r === '110000' || r.startsWith('11'));

/**
 * An offer for `qty` of a need: a catalogue search in the category (certified only where the category is
 * mandatory green), then a few products' offers compared. Within the allocation standard unless
 * `overStandard` asks for a dearer one; from `supplierId` when the unit buys from a supplier it knows.
 */
export async function findOffer(
  world: World,
  buyer: string,
  need: Need,
  qty: number,
  want: { supplierId?: string; overStandard?: boolean } = {},
): Promise<Offer | null> {
  const query = new URLSearchParams({ category: need.category, region: '110000', pageSize: '60' });
  if (need.green) query.append('green', 'energy_saving');
  if (want.overStandard) query.set('sort', 'price_desc');
  const found = await world.call<SearchResult>(buyer, 'GET', `/api/search?${query.toString()}`);
  const hits = found.hits.filter((h) => !want.supplierId || h.supplierId === want.supplierId);
  // In a stable order (search ranks ties by id, and ids differ between replays): one seed, one world.
  const byName = new Map(hits.map((h) => [h.productId, `${h.brand} ${h.model} ${h.name}`]));
  const products = [...byName.keys()];
  if (!want.overStandard) products.sort((a, b) => byName.get(a)!.localeCompare(byName.get(b)!));
  for (const productId of want.overStandard ? products.slice(0, 4) : world.rnd.sample(products, 4)) {
    const page = await world.call<ProductPage>(buyer, 'GET', `/api/products/${productId}`);
    const cap = page.category.allocationCapFen;
    const offers = page.offers
      .filter((o) => o.stock >= qty && delivers(o.deliveryRegions) && (!need.green || o.green.length > 0))
      .filter((o) => !want.supplierId || o.supplierId === want.supplierId)
      .filter((o) => (cap === null ? !want.overStandard : want.overStandard ? o.priceFen > cap : o.priceFen <= cap))
      .sort((a, b) => a.priceFen - b.priceFen || a.supplierName.localeCompare(b.supplierName));
    // Most clerks take one of the three cheapest offers.
    const offer = offers.length ? world.rnd.pick(offers.slice(0, 3)) : undefined;
    if (offer)
      return {
        listingId: offer.listingId,
        supplierId: offer.supplierId,
        supplierName: offer.supplierName,
        productName: page.product.name,
        priceFen: offer.priceFen,
      };
  }
  return null;
}

interface BudgetLine {
  id: string;
  code: string;
  freeFen: number;
}

/** The unit's budget line of this kind, if it still has `amountFen` free. */
export async function budgetLine(world: World, buyer: string, kind: LineKind, amountFen: number): Promise<string | null> {
  const org = await world.orgOf(buyer);
  const lines = await world.call<{ items: BudgetLine[] }>(buyer, 'GET', `/api/organizations/${org.id}/budget-lines?pageSize=50`);
  return lines.items.find((l) => l.code.endsWith(`-${kind}-01`) && l.freeFen >= amountFen)?.id ?? null;
}

export async function emptyCart(world: World, buyer: string) {
  const cart = await world.call<Cart>(buyer, 'GET', '/api/cart');
  for (const item of cart.items) await world.call(buyer, 'DELETE', `/api/cart/items/${item.id}`);
}

/** Puts the lines in the clerk's (emptied) cart: the cart as it then reads, with what checkout would find. */
export async function fillCart(world: World, buyer: string, lines: { offer: Offer; qty: number }[]): Promise<Cart> {
  await emptyCart(world, buyer);
  let cart: Cart | undefined;
  for (const { offer, qty } of lines)
    cart = await world.call<Cart>(buyer, 'POST', '/api/cart/items', { listingId: offer.listingId, quantity: qty });
  return cart!;
}

let checkouts = 0;

/**
 * For each line of a 品目 with a minimum years in use, the unit's registered asset it replaces, as the
 * cart's picker offers them: the oldest that has reached its years, is not already replaced and covers the
 * quantity. A line with none such is sent undeclared (the cart's ask stays a note on the order).
 */
export function replacementLines(cart: Cart) {
  const used = new Set<string>();
  return cart.items.flatMap((item) => {
    if (!item.allocationMinYears) return [];
    const asset = item.replaceableAssets.find((a) => a.eligible && a.quantity >= item.quantity && !used.has(a.id));
    if (!asset) return [];
    used.add(asset.id);
    return [{ listingId: item.listingId, replacesAssetId: asset.id }];
  });
}

/** The checkout request for the cart as it stands, on a budget line: the answer as it comes (a refusal included). */
export async function sendCheckout(world: World, buyer: string, budgetLineId: string, overStandardReason?: string, cart?: Cart) {
  const contact = contactOf(buyer);
  checkouts += 1;
  const key = `replay-${(await world.clock()).getTime().toString(36)}-${checkouts}`;
  const lines = cart ? replacementLines(cart) : [];
  const body = {
    budgetLineId,
    deliveryAddress: contact.address,
    contactName: contact.name,
    contactPhone: contact.phone,
    ...(overStandardReason ? { overStandardReason } : {}),
    ...(lines.length ? { lines } : {}),
  };
  return world.send(buyer, 'POST', '/api/orders/checkout', body, { headers: { 'idempotency-key': key } });
}

/** Checkout of the cart as it stands, on a budget line of `kind` with room for it: the orders placed. */
async function checkout(world: World, buyer: string, cart: Cart, kind: LineKind, overStandardReason?: string) {
  const budgetLineId = await budgetLine(world, buyer, kind, cart.totalFen);
  if (!budgetLineId) return null;
  const res = await sendCheckout(world, buyer, budgetLineId, overStandardReason, cart);
  if (res.statusCode !== 201) throw new ReplayError(`${buyer} checkout: ${res.statusCode} ${res.body.slice(0, 600)}`);
  return res.json<z.infer<typeof checkoutResultSchema>>().orders;
}

/**
 * One order from one supplier: the cart filled, its warnings read — a clerk who sees a block, or a warning
 * the story did not mean to raise (a split purchase, an over-standard price), empties the cart and buys
 * nothing today — then checkout. Null when nothing was bought.
 */
export async function buy(
  world: World,
  buyer: string,
  lines: { offer: Offer; qty: number }[],
  opts: { line: LineKind; allow?: string[]; overStandardReason?: string },
): Promise<Order | null> {
  const cart = await fillCart(world, buyer, lines);
  const objections = cart.findings.filter((f) => f.level !== 'info' && !(opts.allow ?? []).includes(f.code));
  const orders = objections.length ? null : await checkout(world, buyer, cart, opts.line, opts.overStandardReason);
  if (!orders) await emptyCart(world, buyer);
  return orders?.[0] ?? null;
}

const supplierUsers = new WeakMap<World, Promise<Map<string, string>>>();

/** The demo supplier user (supplier, supplier02 … supplier22) who acts for a supplier organization. */
export async function supplierUser(world: World, supplierId: string): Promise<string> {
  let users = supplierUsers.get(world);
  if (!users) {
    const names = ['supplier', ...Array.from({ length: 21 }, (_, i) => `supplier${String(i + 2).padStart(2, '0')}`)];
    users = Promise.all(names.map(async (u) => [(await world.orgOf(u)).id, u] as const)).then((pairs) => new Map(pairs));
    supplierUsers.set(world, users);
  }
  const user = (await users).get(supplierId);
  if (!user) throw new Error(`no demo user for supplier ${supplierId}`);
  return user;
}

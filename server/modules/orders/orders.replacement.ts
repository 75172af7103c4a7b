import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { RuleViolationError } from '../../platform/errors.ts';
import { policyValue } from '../../platform/policy.ts';
import { assetById, type MallAsset } from '../assets/assets.queries.ts';
import type { CheckoutLine } from '../../../contracts/orders.schemas.ts';
import type { CartRow } from './orders.context.ts';
import type { Finding } from './orders.rules.ts';
import { replacingOrders } from './orders.queries.ts';

/** Where the minimum years in use come from (the 品目's allocation standard). */
export const MIN_YEARS_BASIS = '中央行政单位通用办公设备家具配置标准（财资〔2016〕27号）：最低使用年限';

/** The first day (Asia/Shanghai) an asset acquired on `acquiredOn` may be replaced: its acquisition plus `minYears` years. */
export function earliestReplacement(acquiredOn: string, minYears: number): string {
  const [y, m, d] = acquiredOn.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y + minYears, m - 1, d));
  // 29 February plus whole years lands on 1 March where that year has none: the anniversary is then 28 February.
  if (day.getUTCMonth() !== m - 1) day.setUTCDate(0);
  return day.toISOString().slice(0, 10);
}

/** The cart asks, for a line whose 品目 has a minimum years in use, which of the unit's assets it replaces. */
export function replacementAsk(row: CartRow): Finding | null {
  const minYears = row.category.allocationMinYears;
  if (!minYears) return null;
  return {
    code: 'replacement_required',
    level: 'info',
    message: `「${row.product.name}」所属品目「${row.category.name}」最低使用年限 ${minYears} 年：结算时请选择所更换的本单位资产（须已使用满 ${minYears} 年），或声明为新增配置（需审批）`,
    basis: MIN_YEARS_BASIS,
    params: { product: row.product.name, categoryCode: row.product.categoryCode, category: row.category.name, minYears, doc: 'minYears' },
    listingId: row.listing.id,
  };
}

/** The 品目 of the lines that have a minimum years in use: whose assets the cart's picker offers. */
export const replaceableCodesOf = (rows: readonly CartRow[]) => [
  ...new Set(rows.filter((r) => r.category.allocationMinYears).map((r) => r.product.categoryCode)),
];

/**
 * For the cart's picker: the unit's assets in the lines' 品目 (`found`, read with the cart's judgement for
 * replaceableCodesOf), each with the day it may be replaced from, judged on `today`.
 */
export async function replaceableAssets(db: DbOrTx, found: readonly MallAsset[], today: string) {
  if (found.length === 0) return () => [];
  const replaced = await replacingOrders(
    db,
    found.map((a) => a.id),
  );
  return (categoryCode: string, minYears: number | null) =>
    minYears
      ? found
          .filter((a) => a.categoryCode === categoryCode)
          .map((a) => {
            const eligibleFrom = earliestReplacement(a.acquiredOn, minYears);
            const replacedBy = replaced.get(a.id) ?? null;
            const { id, assetNo, name, quantity, acquiredOn } = a;
            return { id, assetNo, name, quantity, acquiredOn, eligibleFrom, replacedBy, eligible: eligibleFrom <= today && !replacedBy };
          })
      : [];
}

export type Replacement = { replacement: 'replace' | 'new'; replacesAssetId: string | null };

const refuse = (field: string, message: string) => new RuleViolationError(message, { fields: [{ field, message, in: 'body' }] });

/**
 * 最低使用年限 at checkout: each declared line (`lines[i]`) either replaces one of the unit's own assets of
 * the same 品目 that has been in use at least the 品目's minimum years by today (Asia/Shanghai, the one
 * clock), or declares 新增 (reason 'new'), which goes to approval. An asset short of its years is refused
 * naming `lines[i].replacesAssetId`, or sent to approval where the policy `allocation.earlyReplacement`
 * says 'approval'. Returns the findings to record and each line's declaration by listing.
 */
export async function checkReplacements(tx: DbOrTx, auth: AuthContext, rows: CartRow[], lines: CheckoutLine[], now?: Date) {
  if (lines.length === 0) return { findings: [] as Finding[], byListing: new Map<string, Replacement>() };
  const at = now ?? (await dbNow(tx));
  const today = shanghaiDate(at);
  const findings: Finding[] = [];
  const byListing = new Map<string, Replacement>();
  const used = new Set<string>();
  for (const [i, line] of lines.entries()) {
    const row = rows.find((r) => r.listing.id === line.listingId.toLowerCase());
    if (!row) throw refuse(`lines[${i}].listingId`, '本次下单中没有该商品');
    const minYears = row.category.allocationMinYears;
    const name = row.product.name;
    if (line.reason === 'new' && line.replacesAssetId) throw refuse(`lines[${i}].reason`, '同一商品不能既更换资产又声明新增');
    if (!minYears) continue;
    if (line.reason === 'new') {
      byListing.set(row.listing.id, { replacement: 'new', replacesAssetId: null });
      findings.push({
        code: 'replacement_new',
        level: 'approval',
        message: `「${name}」声明为新增配置（非更新），需经审批核对配置标准数量`,
        basis: MIN_YEARS_BASIS,
        params: { product: name, categoryCode: row.product.categoryCode, doc: 'minYears' },
        listingId: row.listing.id,
      });
      continue;
    }
    if (!line.replacesAssetId) continue;
    const field = `lines[${i}].replacesAssetId`;
    // Held to commit: a concurrent checkout replacing the same asset waits, then sees this order's line.
    const asset = await assetById(tx, line.replacesAssetId, { lock: true });
    if (!asset || asset.ownerOrgId !== auth.orgId || asset.status === 'sold' || asset.status === 'written_off')
      throw refuse(field, '所更换的资产不存在或不属于本单位');
    if (asset.categoryCode !== row.product.categoryCode)
      throw refuse(field, `资产 ${asset.assetNo} 不属于「${row.category.name}」品目，不能作为「${name}」的更换对象`);
    if (used.has(asset.id)) throw refuse(field, `资产 ${asset.assetNo} 已被本次结算的另一行更换`);
    const earlier = (await replacingOrders(tx, [asset.id])).get(asset.id);
    if (earlier) throw refuse(field, `资产 ${asset.assetNo} 已由订单 ${earlier} 更换，不能再次作为更换对象`);
    if (asset.quantity < row.cart.quantity)
      throw refuse(field, `资产 ${asset.assetNo} 数量 ${asset.quantity}，少于采购数量 ${row.cart.quantity}；超出部分请另行声明新增`);
    used.add(asset.id);
    byListing.set(row.listing.id, { replacement: 'replace', replacesAssetId: asset.id });
    const from = earliestReplacement(asset.acquiredOn, minYears);
    const state = `资产 ${asset.assetNo}「${asset.name}」于 ${asset.acquiredOn} 购置`;
    const facts = {
      product: name,
      categoryCode: row.product.categoryCode,
      assetNo: asset.assetNo,
      asset: asset.name,
      acquiredOn: asset.acquiredOn,
      minYears,
      eligibleFrom: from,
      doc: 'minYears',
    };
    if (from > today) {
      const message = `${state}，未满最低使用年限 ${minYears} 年（${from} 起方可更新）`;
      const early = await policyValue(tx, 'allocation.earlyReplacement', z.enum(['refuse', 'approval']), { at });
      if (early.value === 'refuse') throw refuse(field, message);
      findings.push({
        code: 'replacement_early',
        level: 'approval',
        message: `「${name}」更换的${message}，需经审批`,
        basis: `${MIN_YEARS_BASIS}；${early.basis}`,
        params: { ...facts, policy: 'earlyReplacement', rule: early.basis, setBy: early.setBy ?? '', ruleRegion: early.regionCode ?? '' },
        listingId: row.listing.id,
        assetId: asset.id,
      });
    } else
      findings.push({
        code: 'replacement',
        level: 'info',
        message: `「${name}」更换${state}，已满最低使用年限 ${minYears} 年`,
        basis: MIN_YEARS_BASIS,
        params: facts,
        listingId: row.listing.id,
        assetId: asset.id,
      });
  }
  return { findings, byListing };
}

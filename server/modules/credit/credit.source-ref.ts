import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import {
  assets,
  auctionLots,
  auctionRegistrations,
  bids,
  orders,
  quotationQuotes,
  quotations,
  tenderContracts,
  tenders,
} from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { RuleViolationError } from '../../platform/errors.ts';
import { withinJurisdiction } from '../../platform/jurisdiction.ts';

/**
 * A credit event's source reference (来源编号), when it names one of the platform's own processes — an
 * order, a tender, a contract, an online quotation, an auction lot — is held to that process: it must be a
 * process of the recorder's area (a party to it in the recorder's jurisdiction) and one the supplier took
 * part in. Otherwise a Shanghai district could record, and its own regulator confirm, a late delivery on a
 * Beijing order. A reference the platform does not know (an external decision's document number, say
 * 沪财采〔2026〕12号) is the recorder's own and is kept as written.
 */
export async function assertSourceRef(tx: DbOrTx, auth: AuthContext, supplierId: string, ref: string | undefined | null) {
  if (!ref) return;
  const found = await tx.execute<{ kind: string; parties: string[]; linked: boolean }>(sql`
    select 'order' as kind, array[o.purchaser_org_id]::text[] as parties, o.supplier_id = ${supplierId}::uuid as linked
      from ${orders} o where o.order_no = ${ref}
    union all
    select 'tender', array[t.purchaser_org_id, t.center_org_id]::text[],
           exists (select 1 from ${bids} b where b.tender_id = t.id and b.supplier_id = ${supplierId}::uuid)
           or ${supplierId}::uuid = any(coalesce(t.invited_supplier_ids, '{}'))
      from ${tenders} t where t.tender_no = ${ref}
    union all
    select 'contract', array[t.purchaser_org_id, t.center_org_id]::text[], c.supplier_id = ${supplierId}::uuid
      from ${tenderContracts} c join ${tenders} t on t.id = c.tender_id where c.contract_no = ${ref}
    union all
    select 'quotation', array[q.purchaser_org_id]::text[],
           exists (select 1 from ${quotationQuotes} qq where qq.quotation_id = q.id and qq.supplier_id = ${supplierId}::uuid)
      from ${quotations} q where q.quotation_no = ${ref}
    union all
    select 'lot', array[a.owner_org_id]::text[],
           exists (select 1 from ${auctionRegistrations} r where r.lot_id = l.id and r.bidder_org_id = ${supplierId}::uuid)
      from ${auctionLots} l join ${assets} a on a.id = l.asset_id where l.lot_no = ${ref}`);
  for (const process of found.rows) {
    const problem = !(await withinJurisdiction(tx, auth, process.parties))
      ? '来源编号是其他地区的采购项目，应由该地区登记'
      : !process.linked
        ? '来源编号所指的采购项目与该供应商无关'
        : null;
    if (problem) throw new RuleViolationError(problem, { fields: [{ field: 'sourceRef', message: problem, in: 'body' }] });
  }
}

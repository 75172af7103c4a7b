import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { textArray } from '../../db/columns.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { milestoneRows, todoRows } from '../../platform/todos.ts';

/** What the admission of a quote (quotations.requests.ts `admission`) asks of a supplier, read once for all open quotations. */
export interface QuoteStanding {
  /** Not refused quoting by its credit record. */
  eligible: boolean;
  /** Counts as an SME (size class or treatment): may quote on a quotation reserved for SMEs. */
  sme: boolean;
  /** 品目 codes its framework agreements in force cover (a code covers those below it). */
  agreementCategories: readonly string[];
  /** Framework calls it is admitted to and not suspended from (二次竞价). */
  admittedCalls: readonly string[];
}

/**
 * 网上竞价 open now that the supplier may quote on and has not (a withdrawn quote may be sent again), by
 * deadline: the admission's rules as one condition — reserved for SMEs, a 品目 that needs a framework
 * agreement, a call-off among a framework's admitted suppliers.
 */
export function quoteTodos(db: DbOrTx, auth: AuthContext, standing: QuoteStanding) {
  if (!standing.eligible) return Promise.resolve({ items: [], total: 0 });
  return todoRows(
    db,
    sql`select 'quotation_to_quote' as kind, q.title, p.name as party, 'quotation' as entity_type, q.id as entity_id,
               '/supplier/quotations/'::text || q.id::text as link, q.deadline as due, q.ceiling_fen as amount_fen,
               null::int as count, q.created_at as since
          from jicai.quotations q
          join jicai.organizations p on p.id = q.purchaser_org_id
          join jicai.categories c on c.code = q.category_code
         where q.status = 'open' and q.deadline > jicai.now()
           and not exists (select 1 from jicai.quotation_quotes x
                            where x.quotation_id = q.id and x.supplier_id = ${auth.orgId} and x.withdrawn_at is null)
           and (not q.reserved_for_sme or ${standing.sme})
           and (q.framework_call_id is null or q.framework_call_id::text = any(${textArray(standing.admittedCalls)}))
           and (not c.requires_framework
                or exists (select 1 from unnest(${textArray(standing.agreementCategories)}) a(code) where q.category_code like a.code || '%'))`,
  );
}

/** 临近截止 of a unit: its open quotations' deadlines (the closing job opens and awards at that time). */
export const quotationMilestones = (db: DbOrTx, auth: AuthContext) =>
  milestoneRows(
    db,
    sql`select 'quotation_closes' as kind, q.title, null::text as party, 'quotation' as entity_type, q.id as entity_id,
               '/purchaser/quotations/'::text || q.id::text as link, q.deadline as due, q.ceiling_fen as amount_fen,
               null::int as count, q.created_at as since
          from jicai.quotations q
         where q.purchaser_org_id = ${auth.orgId} and q.status = 'open'`,
  );

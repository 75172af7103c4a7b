import type { DbOrTx } from '../../db/client.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { RuleViolationError } from '../../platform/errors.ts';
import { withinJurisdiction } from '../../platform/jurisdiction.ts';

/** A platform process a reference names: the organizations party to it, and whether the supplier took part. */
export interface SourceProcess {
  parties: (string | null)[];
  linked: boolean;
}

/**
 * How a module that numbers processes (orders, tenders and their contracts, quotations, auction lots) finds
 * the one a reference names, if any: each module answers for its own rows (server/services.ts lists them).
 */
export type SourceRefLookup = (tx: DbOrTx, ref: string, supplierId: string) => Promise<SourceProcess[]>;

/**
 * A credit event's source reference (来源编号), when it names one of the platform's own processes, is held
 * to that process: it must be a process of the recorder's area (a party to it in the recorder's
 * jurisdiction) and one the supplier took part in. Otherwise a Shanghai district could record, and its own
 * regulator confirm, a late delivery on a Beijing order. A reference the platform does not know (an
 * external decision's document number, say 沪财采〔2026〕12号) is the recorder's own and is kept as written.
 */
export async function assertSourceRef(
  tx: DbOrTx,
  auth: AuthContext,
  input: { supplierId: string; sourceRef?: string | null | undefined },
  lookups: readonly SourceRefLookup[],
) {
  const ref = input.sourceRef;
  if (!ref) return;
  for (const lookup of lookups) {
    for (const process of await lookup(tx, ref, input.supplierId)) {
      const problem = !(await withinJurisdiction(tx, auth, process.parties))
        ? '来源编号是其他地区的采购项目，应由该地区登记'
        : !process.linked
          ? '来源编号所指的采购项目与该供应商无关'
          : null;
      if (problem) throw new RuleViolationError(problem, { fields: [{ field: 'sourceRef', message: problem, in: 'body' }] });
    }
  }
}

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
 * A source reference as the lookups read it: `compact` is the text folded (NFKC, invisible characters
 * dropped, Cyrillic and Greek look-alikes as the Latin letters they show, upper case) with everything but
 * A–Z and 0–9 taken out, so "jc 2026-1208-000110。", "ＪＣ20261208000110" and "订单JC…" all read JC20261208000110;
 * `uuids` are the ids written in it (`order:<id>`), lower case.
 */
export interface SourceReference {
  compact: string;
  uuids: string[];
}

/**
 * How a module that numbers processes (orders, tenders and their contracts, online quotations, auction lots,
 * framework calls and call-offs) finds the ones a reference names: `shape` is what its numbers look like
 * in a compact reference, `find` its rows named by number or id. Each module answers for its own rows
 * (server/services.ts lists them).
 */
export interface SourceRefLookup {
  shape: RegExp;
  find: (tx: DbOrTx, ref: SourceReference, supplierId: string) => Promise<SourceProcess[]>;
}

// Letters of other scripts that render as Latin capitals (the ones a reference could be spelled with to pass).
const lookAlikes: Record<string, string> = Object.fromEntries(
  [...'АВСЕНІЈКМОРЅТХУаеорсухіјѕ'].map((c, i) => [c, 'ABCEHIJKMOPSTXYAEOPCYXIJS'[i]!]),
);
for (const [c, l] of Object.entries({
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
}))
  lookAlikes[c] = l;
const UUID = /[0-9A-F]{8}-?[0-9A-F]{4}-?[0-9A-F]{4}-?[0-9A-F]{4}-?[0-9A-F]{12}/g;

export function sourceReference(ref: string): SourceReference {
  const folded = ref
    .normalize('NFKC')
    .replace(/[\p{Cf}\p{Mn}]/gu, '')
    .replace(/./gu, (c) => lookAlikes[c] ?? c)
    .toUpperCase();
  const uuids = [...folded.matchAll(UUID)].map((m) => {
    const hex = m[0].replaceAll('-', '').toLowerCase();
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  });
  return { compact: folded.replace(/[^A-Z0-9]/g, ''), uuids };
}

/**
 * A credit event's source reference (来源编号), when it names one of the platform's own processes, is held
 * to that process: it must be a process of the recorder's area (a party to it in the recorder's
 * jurisdiction) and one the supplier took part in. Otherwise a Shanghai district could record, and its own
 * regulator confirm, a late delivery on a Beijing order. A reference shaped like a platform number that
 * names no process is refused too (a mistyped number would pass for an outside document's); one the
 * platform does not number (an external decision's document number, say 沪财采〔2026〕12号) is the
 * recorder's own and is kept as written.
 */
export async function assertSourceRef(
  tx: DbOrTx,
  auth: AuthContext,
  input: { supplierId: string; sourceRef?: string | null | undefined },
  lookups: readonly SourceRefLookup[],
) {
  if (!input.sourceRef) return;
  const ref = sourceReference(input.sourceRef);
  const supplierId = input.supplierId.toLowerCase();
  const refuse = (message: string) => {
    throw new RuleViolationError(message, { fields: [{ field: 'sourceRef', message, in: 'body' }] });
  };
  let found = 0;
  for (const lookup of lookups) {
    for (const process of await lookup.find(tx, ref, supplierId)) {
      found++;
      if (!(await withinJurisdiction(tx, auth, process.parties))) refuse('来源编号是其他地区的采购项目，应由该地区登记');
      if (!process.linked) refuse('来源编号所指的采购项目与该供应商无关');
    }
  }
  if (found === 0 && (ref.uuids.length > 0 || lookups.some((l) => l.shape.test(ref.compact))))
    refuse('来源编号像是本平台的项目编号，但平台上没有这个项目：请核对');
}

/** Numbers of a compact reference that start with `prefix` and run on in digits (at least `min` of them): each match and its shorter readings down to `min`. */
export function numbersIn(ref: SourceReference, prefix: string, min: number): string[] {
  const out = new Set<string>();
  for (const m of ref.compact.matchAll(new RegExp(`${prefix}\\d{${min},}`, 'g')))
    for (let end = m[0].length; end >= prefix.length + min; end--) out.add(m[0].slice(0, end));
  return [...out];
}

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
 * A source reference as the lookups read it: `compact` is the text decoded (%XX, &#…;), NFKC-folded, upper
 * case, with everything but A–Z and 0–9 taken out and O and I read as the digits they pass for, so
 * "jc 2026-1208-000110。", "ＪＣ2O26…" and "订单JC…" all read JC20261208000110; `uuids` are the ids written in
 * it however separated (`order:<id>`), each 32-digit run of hex read as one, lower case.
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

/**
 * What a reference may be written with: ASCII, Chinese characters and the punctuation Chinese documents use.
 * Anything else — letters of other scripts that look Latin (Cyrillic С, Lisu ꓚ, small capitals), other
 * scripts' digits, combining marks, invisible characters — is refused rather than guessed at: a reference
 * is read by people, and one that only looks like a number must not pass for an outside document's.
 */
const WRITTEN_WITH = /^[\x20-\x7e\t\n\r\p{Script=Han}\u3000-\u303f\uff01-\uff5e\u2014\u2018\u2019\u201c\u201d\u2026\u00b7\uffe5]*$/u;

/** %XX and numeric character references, decoded (a few rounds, for a reference encoded twice). */
function decoded(ref: string): string {
  let text = ref;
  for (let round = 0; round < 3; round++) {
    const next = text
      .replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
      .replace(/&#(x[0-9a-f]+|\d+);/gi, (_, n: string) => {
        const code = n[0] === 'x' || n[0] === 'X' ? parseInt(n.slice(1), 16) : Number(n);
        return code <= 0x10ffff ? String.fromCodePoint(code) : '';
      });
    if (next === text) break;
    text = next;
  }
  return text;
}

/** The reference read for lookups, or null when it is written with characters a reference may not use. */
export function sourceReference(ref: string): SourceReference | null {
  const text = decoded(ref).normalize('NFKC');
  if (!WRITTEN_WITH.test(text)) return null;
  const compact = text
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .replaceAll('O', '0')
    .replaceAll('I', '1');
  const uuids = new Set<string>();
  for (const run of compact.match(/[0-9A-F]{32,}/g) ?? [])
    for (let at = 0; at + 32 <= run.length; at++) {
      const hex = run.slice(at, at + 32).toLowerCase();
      uuids.add(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`);
    }
  return { compact, uuids: [...uuids] };
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
  const refuse = (message: string) => {
    throw new RuleViolationError(message, { fields: [{ field: 'sourceRef', message, in: 'body' }] });
  };
  const ref = sourceReference(input.sourceRef);
  if (!ref) return refuse('来源编号只能用汉字、英文字母、数字和常用标点书写（含有形近的外文字母、其他文字的数字、组合符号或不可见字符）');
  const supplierId = input.supplierId.toLowerCase();
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

import { tenderClockKinds } from './enums/tender-clocks.ts';

/**
 * The notices' words, shared by the server (which stores each with its Chinese `title` and `body`, for
 * e-mail and API readers) and the storefront (which words each from its `kind` and `params` in the page's
 * language, the catalogues' `notices.<key>`). Every kind a producer writes is listed here: the server's
 * NotificationInput takes only these, and a unit test (test/unit/notification-kinds.test.ts) holds the
 * producers' literals and both catalogues to this list.
 */
export const noticeKinds = [
  'order.approval',
  'order.placed',
  'order.expired',
  'order.approved',
  'order.returned',
  'order.confirmed',
  'order.shipped',
  'order.delivered',
  'order.accepted',
  'order.rejected',
  'order.settled',
  'order.cancelled',
  'order.declined',
  'quotation.awarded',
  'quotation.failed',
  'quotation.won',
  'quotation.lost',
  'risk.assigned',
  'plan.approved',
  'plan.returned',
  'tender.question',
  'tender.question_answered',
  'tender.opened',
  'tender.failed',
  'tender.report_to_sign',
  'tender.committee',
  'tender.lot.failed',
  'tender.contract',
  'tender.final_offers_opened',
  'tender.requirement_change',
  'tender.round.withdrawn',
  'tender.round.eliminated',
  'tender.final_offer_call',
  'tender.bid.invalidated',
  'tender.awarded',
  'tender.challenge.replied',
  'tender.objection',
  'tender.objection_answered',
  'tender.complaint.filed',
  'tender.complaint.refused',
  'tender.complaint.accepted',
  'tender.complaint.decided',
  ...tenderClockKinds.map((k) => `tender.clock.missed.${k}` as const),
] as const;
export type NoticeKind = (typeof noticeKinds)[number];

/** Where one kind is worded several ways, the case (`params.variant`): the text key is `<key>_<variant>`. */
export const noticeVariants = {
  'order.expired': ['buyer'],
  'order.shipped': ['more'],
  'order.delivered': ['partial'],
  'order.accepted': ['rated'],
  'quotation.lost': ['failed'],
  'tender.question_answered': ['amended'],
  'tender.opened': ['rejected'],
  'tender.failed': ['rejected'],
  'tender.awarded': ['won'],
  'tender.challenge.replied': ['upheld'],
  'tender.objection_answered': ['upheld'],
  'tender.clock.missed': ['lapsed', 'reply'],
} as const satisfies Partial<Record<string, readonly string[]>>;

/**
 * A notice's facts, to word it in any language: strings and numbers only, amounts in fen (`…Fen`), times
 * as ISO strings (`…At`, `…Due`, `…Deadline`), `variant` (see noticeVariants), free text as written
 * (`reason`, `note`, `reply`), codes the storefront names (`clock`, `outcome`, `method`).
 */
export type NoticeParams = Record<string, string | number>;

/** The catalogue key of a kind without its case: dots become underscores, one key for every missed clock. */
export const noticeBaseKey = (kind: string) =>
  kind.startsWith('tender.clock.missed.') ? 'tender_clock_missed' : kind.replaceAll('.', '_');

const variantsOf = (kind: string): readonly string[] => {
  const base = kind.startsWith('tender.clock.missed.') ? 'tender.clock.missed' : kind;
  return (noticeVariants as Partial<Record<string, readonly string[]>>)[base] ?? [];
};

/** Every text key a notice can be worded by (the catalogues' `notices.<key>.title` and `.body`). */
export const noticeTextKeys: readonly string[] = [
  ...new Set(noticeKinds.flatMap((kind) => [noticeBaseKey(kind), ...variantsOf(kind).map((v) => `${noticeBaseKey(kind)}_${v}`)])),
];

/** The catalogue key a notice is worded by, or null for a kind this storefront does not know (its stored text is shown). */
export function noticeTextKey(n: { kind: string; params?: NoticeParams | null | undefined }): string | null {
  if (!n.params || !(noticeKinds as readonly string[]).includes(n.kind)) return null;
  const variant = n.params.variant;
  const base = noticeBaseKey(n.kind);
  const key = typeof variant === 'string' && variant ? `${base}_${variant}` : base;
  return noticeTextKeys.includes(key) ? key : null;
}

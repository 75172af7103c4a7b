import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { bids, expertDraws, organizations, tenderExperts, type tenders } from '../../db/schema/index.ts';
import { appendAudit } from '../../platform/audit.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { ConflictError, RuleViolationError } from '../../platform/errors.ts';
import { recusalAffiliationsOf } from '../experts/experts.affiliations.ts';
import * as expertsQ from '../experts/experts.queries.ts';

type Tender = typeof tenders.$inferSelect;
type Seat = typeof tenderExperts.$inferSelect;
type Affiliation = Awaited<ReturnType<typeof recusalAffiliationsOf>>[number];
interface Party {
  id: string;
  name: string;
  uscc: string | null;
  rep: string | null;
}
/** Whom an expert of the tender must not judge for: every bidder (opened or rejected bid) and the purchasing unit. */
export interface RecusalParties {
  bidders: Party[];
  purchaser: Party | undefined;
}
interface Profile {
  employer: string;
  employerUscc: string | null;
}

const relationLabels = { employee: '任职', director: '担任董事', supervisor: '担任监事', controlling_holder: '控股或实际控制' } as const;

/** The same registered name, exact once trimmed (an empty name matches nothing). */
const sameName = (a: string | null | undefined, b: string | null | undefined) => Boolean(a?.trim()) && a!.trim() === b?.trim();

/** An organization named by a profile or a declaration is this party: by platform id, by USCC, or by its registered name. */
const names = (p: Party, ref: { id?: string | null; uscc?: string | null; name?: string | null }) =>
  (Boolean(ref.id) && ref.id === p.id) || (Boolean(ref.uscc) && ref.uscc === p.uscc) || sameName(ref.name, p.name);

export async function recusalParties(db: DbOrTx, t: Tender): Promise<RecusalParties> {
  const party = { id: organizations.id, name: organizations.name, uscc: organizations.uscc, rep: organizations.legalRepresentative };
  const bidders = await db
    .selectDistinct(party)
    .from(bids)
    .innerJoin(organizations, eq(organizations.id, bids.supplierId))
    .where(and(eq(bids.tenderId, t.id), inArray(bids.status, ['opened', 'rejected'])));
  const [purchaser] = await db.select(party).from(organizations).where(eq(organizations.id, t.purchaserOrgId));
  return { bidders, purchaser };
}

/**
 * 回避 (政府采购法实施条例第九条, 财政部令第87号第四十八条): why an expert must stand aside from the tender today,
 * empty when nothing does. The employer on the profile and every declaration not rejected are weighed; an
 * organization is matched by platform id, USCC or registered name (a unit without a USCC is matched by name):
 * employed by a bidder now; employee, director, supervisor or controlling holder of a bidder within the last
 * three years; close relative of a bidder's legal representative; staff of the purchasing unit.
 */
export function recusalReasons(profile: Profile, affiliations: readonly Affiliation[], parties: RecusalParties, today: string) {
  const threeYearsAgo = `${Number(today.slice(0, 4)) - 3}${today.slice(4)}`;
  const { bidders, purchaser } = parties;
  const reasons: string[] = [];
  const employer = { uscc: profile.employerUscc, name: profile.employer };
  const employedBy = bidders.find((b) => names(b, employer));
  if (employedBy) reasons.push(`现任职于投标人${employedBy.name}`);
  if (purchaser && names(purchaser, employer)) reasons.push('系采购人本单位工作人员');
  for (const a of affiliations) {
    if (a.kind === 'relative_of_legal_rep') {
      const b = bidders.find((x) => sameName(x.rep, a.personName));
      if (b) reasons.push(`与投标人${b.name}的法定代表人有亲属关系`);
      continue;
    }
    const ref = { id: a.organizationId, uscc: a.organizationUscc, name: a.organizationName };
    const bidder = a.toDate === null || a.toDate >= threeYearsAgo ? bidders.find((b) => names(b, ref)) : undefined;
    if (bidder) reasons.push(`近三年在投标人${bidder.name}${relationLabels[a.kind]}`);
    else if (a.kind === 'employee' && purchaser && names(purchaser, ref) && (a.toDate === null || a.toDate >= today))
      reasons.push('系采购人本单位工作人员');
  }
  return [...new Set(reasons)];
}

/** Each of these experts' reasons to stand aside from the tender at `now`, by expert id (one with none is left out). */
export async function conflictsOf(db: DbOrTx, t: Tender, experts: readonly (Profile & { id: string })[], now: Date) {
  const out = new Map<string, string>();
  if (experts.length === 0) return out;
  const parties = await recusalParties(db, t);
  const affiliations = await recusalAffiliationsOf(
    db,
    experts.map((e) => e.id),
  );
  const today = shanghaiDate(now);
  for (const e of experts) {
    const reasons = recusalReasons(
      e,
      affiliations.filter((a) => a.expertId === e.id),
      parties,
      today,
    );
    if (reasons.length) out.set(e.id, reasons.join('；'));
  }
  return out;
}

/** The seated experts' conflicts with the tender now, checked against their current declarations and profiles. */
export async function seatConflicts(db: DbOrTx, t: Tender, expertIds: readonly string[], now: Date) {
  return conflictsOf(db, t, await expertsQ.recusalProfilesOf(db, expertIds), now);
}

/** The refusal a conflicted expert gets, naming the conflict. */
export const conflictRefusal = (conflict: string) =>
  new ConflictError(`与本项目存在利害关系，须回避：${conflict}`, { facts: { recusal: conflict } });

/**
 * The seat is given up (declined with the reason) and the next candidate in the draw's order takes it; with the
 * candidates used up the draw must be made again (422 by default, nothing changed). The caller holds the seat's row lock.
 */
export async function replaceSeat(
  tx: Tx,
  seat: Seat,
  reason: string,
  now: Date,
  exhausted: () => Error = () =>
    new RuleViolationError('no replacement', { fields: [{ field: 'experts', message: '候选专家已用尽，须重新抽取', in: 'body' }] }),
) {
  const [drawRow] = await tx.select().from(expertDraws).where(eq(expertDraws.tenderId, seat.tenderId)).for('update');
  await tx.update(tenderExperts).set({ status: 'declined', declinedReason: reason, declaredAt: now }).where(eq(tenderExperts.id, seat.id));
  const seats = await tx.select().from(tenderExperts).where(eq(tenderExperts.tenderId, seat.tenderId));
  const next = Math.max(...seats.map((s) => s.drawPosition)) + 1;
  const replacement = drawRow?.candidates[next];
  if (!replacement) throw exhausted();
  await tx.insert(tenderExperts).values({ tenderId: seat.tenderId, expertId: replacement, drawPosition: next });
}

/**
 * 回避 checked again when a seated expert acts (confirms the seat, scores): a conflict found now — a declaration
 * or an employer since the draw — recuses the seat as a decline with the reason, the next candidate taking it.
 * Returns the conflict for the caller to refuse with once this transaction has committed; null when none.
 */
export async function recuseIfConflicted(tx: Tx, actor: { userId: string; orgId: string }, seat: Seat, t: Tender, now: Date) {
  const conflict = (await seatConflicts(tx, t, [seat.expertId], now)).get(seat.expertId);
  if (!conflict) return null;
  const reason = `回避：${conflict}`;
  // No candidate left: refused all the same (nothing changed; the seat cannot be taken), the draw to be made again.
  await replaceSeat(
    tx,
    seat,
    reason,
    now,
    () => new ConflictError(`与本项目存在利害关系，须回避：${conflict}；候选专家已用尽，须重新抽取`),
  );
  await appendAudit(tx, {
    actor,
    action: 'tender.experts.decline',
    entityType: 'tender',
    entityId: t.id,
    data: { seatId: seat.id, reason, recused: true },
  });
  return conflict;
}

/**
 * Before the committee's report: a seated member who must stand aside now is recused (the next candidate takes
 * the seat and must confirm and score). Returns each recused seat with why, for the report to be refused with
 * once this transaction has committed.
 */
export async function recuseConflictedMembers(
  tx: Tx,
  actor: { userId: string; orgId: string },
  t: Tender,
  seated: readonly Seat[],
  now: Date,
) {
  const named: string[] = [];
  for (const seat of seated) {
    const conflict = await recuseIfConflicted(tx, actor, seat, t, now);
    if (conflict) named.push(`评审专家 ${seat.drawPosition + 1}：${conflict}`);
  }
  return named;
}

import { and, count, desc, eq, gte, ilike, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { inJurisdiction } from '../../platform/jurisdiction.ts';
import { statementBuiltOnce } from '../../db/built-once.ts';
import { rowFromJson, textArray, uuidIn } from '../../db/columns.ts';
import {
  creditAppeals,
  creditEvents,
  creditEvidenceFiles,
  creditScores,
  exclusions,
  organizations,
  type CreditEventStatus,
  type CreditSource,
} from '../../db/schema/index.ts';
import { COUNTING_STATUSES } from './credit.rules.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';

import { escapeLike } from '../../db/columns.ts';

export async function findSupplier(db: DbOrTx, id: string) {
  const [row] = await db
    .select()
    .from(organizations)
    .where(and(eq(organizations.id, id), eq(organizations.kind, 'supplier')));
  return row;
}

export async function findSupplierByUscc(db: DbOrTx, uscc: string) {
  const [row] = await db
    .select()
    .from(organizations)
    .where(and(eq(organizations.uscc, uscc), eq(organizations.kind, 'supplier')));
  return row;
}

export const suppliersByIds = (db: DbOrTx, ids: string[]) =>
  db
    .select()
    .from(organizations)
    .where(and(uuidIn(organizations.id, ids), eq(organizations.kind, 'supplier')));

/** Every exclusion naming one of the suppliers, by id or by USCC, latest first. */
export const exclusionsNaming = (db: DbOrTx, ids: string[], usccs: string[]) =>
  db
    .select()
    .from(exclusions)
    .where(or(uuidIn(exclusions.supplierId, ids), usccs.length ? sql`${exclusions.uscc} = any(${textArray(usccs)})` : undefined))
    .orderBy(desc(exclusions.startsOn));

/** The suppliers' major violations that count (COUNTING_STATUSES) since a moment. */
export const majorViolationsSince = (db: DbOrTx, ids: string[], since: Date) =>
  db
    .select()
    .from(creditEvents)
    .where(
      and(
        uuidIn(creditEvents.supplierId, ids),
        eq(creditEvents.severity, 'major'),
        inArray(creditEvents.status, [...COUNTING_STATUSES]),
        sql`${creditEvents.occurredAt} >= ${since}`,
      ),
    );

/**
 * Credit events of the caller's jurisdiction: recorded by an organization in it — for a fact the system records
 * (a late order, an unpaid lot), the organization of the process (recordEvent's areaOrgId). An event with no
 * recording organization at all (none is recorded so now) is everyone's.
 */
export const eventScope = (auth: AuthContext): SQL =>
  sql`(${creditEvents.recordedByOrgId} is null or ${inJurisdiction(auth, creditEvents.recordedByOrgId)})`;

/** The ids of a supplier's events in the caller's jurisdiction (eventScope). */
export const eventIdsInScope = async (db: DbOrTx, auth: AuthContext, supplierId: string) =>
  new Set(
    (
      await db
        .select({ id: creditEvents.id })
        .from(creditEvents)
        .where(and(eq(creditEvents.supplierId, supplierId), eventScope(auth)))
    ).map((r) => r.id),
  );

export const eventsOfSupplier = (db: DbOrTx, supplierId: string) =>
  db.select().from(creditEvents).where(eq(creditEvents.supplierId, supplierId)).orderBy(desc(creditEvents.occurredAt));

/** Exclusions that name the supplier, by id or by USCC (imports may predate its registration). */
export function exclusionsOfSupplier(db: DbOrTx, supplier: { id: string; uscc: string | null }) {
  const match = supplier.uscc
    ? or(eq(exclusions.supplierId, supplier.id), eq(exclusions.uscc, supplier.uscc))
    : eq(exclusions.supplierId, supplier.id);
  return db.select().from(exclusions).where(match).orderBy(desc(exclusions.startsOn));
}

export async function scoreOf(db: DbOrTx, supplierId: string) {
  const [row] = await db.select().from(creditScores).where(eq(creditScores.supplierId, supplierId));
  return row;
}

/**
 * The suppliers among these (by id or USCC) under an exclusion in force nationwide on `today` (a
 * Shanghai date): the catalogue keeps their listings out of search.
 */
export function nationwideExclusionsInForce(db: DbOrTx, input: { supplierIds: string[]; usccs: string[]; today: string }) {
  return db
    .select({ supplierId: exclusions.supplierId, uscc: exclusions.uscc })
    .from(exclusions)
    .where(
      and(
        eq(exclusions.status, 'active'),
        eq(exclusions.regionCode, ''),
        lte(exclusions.startsOn, input.today),
        or(isNull(exclusions.endsOn), gte(exclusions.endsOn, input.today)),
        or(inArray(exclusions.supplierId, input.supplierIds), input.usccs.length ? inArray(exclusions.uscc, input.usccs) : sql`false`),
      ),
    );
}

/** Each scored supplier's credit score in hundredths (a supplier without a row has none yet). */
export async function scoresOf(db: DbOrTx, supplierIds: string[]): Promise<Map<string, number>> {
  if (supplierIds.length === 0) return new Map();
  const rows = await db
    .select({ supplierId: creditScores.supplierId, scoreCenti: creditScores.scoreCenti })
    .from(creditScores)
    .where(inArray(creditScores.supplierId, supplierIds));
  return new Map(rows.map((r) => [r.supplierId, r.scoreCenti]));
}

export async function listEvents(
  db: DbOrTx,
  filter: {
    supplierId?: string | undefined;
    status?: CreditEventStatus | undefined;
    source?: CreditSource | undefined;
    q?: string | undefined;
    scope?: SQL | undefined;
  },
  page: PageQuery,
) {
  const conditions: SQL[] = filter.scope ? [filter.scope] : [];
  if (filter.supplierId) conditions.push(eq(creditEvents.supplierId, filter.supplierId));
  if (filter.status) conditions.push(eq(creditEvents.status, filter.status));
  if (filter.source) conditions.push(eq(creditEvents.source, filter.source));
  if (filter.q)
    conditions.push(
      or(ilike(organizations.name, `%${escapeLike(filter.q)}%`), ilike(creditEvents.title, `%${escapeLike(filter.q)}%`)) as SQL,
    );
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select({ event: creditEvents, supplierName: organizations.name, supplierUscc: organizations.uscc })
      .from(creditEvents)
      .innerJoin(organizations, eq(organizations.id, creditEvents.supplierId))
      .where(where)
      .orderBy(desc(creditEvents.createdAt))
      .limit(page.pageSize)
      .offset(offsetOf(page)),
    db.select({ n: count() }).from(creditEvents).innerJoin(organizations, eq(organizations.id, creditEvents.supplierId)).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function listAppeals(
  db: DbOrTx,
  filter: { supplierId?: string | undefined; status?: 'pending' | 'upheld' | 'revoked' | undefined; scope?: SQL | undefined },
  page: PageQuery,
) {
  const conditions: SQL[] = filter.scope ? [filter.scope] : [];
  if (filter.supplierId) conditions.push(eq(creditAppeals.supplierId, filter.supplierId));
  if (filter.status) conditions.push(eq(creditAppeals.status, filter.status));
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select({ appeal: creditAppeals, eventTitle: creditEvents.title, supplierName: organizations.name })
      .from(creditAppeals)
      .innerJoin(creditEvents, eq(creditEvents.id, creditAppeals.eventId))
      .innerJoin(organizations, eq(organizations.id, creditAppeals.supplierId))
      .where(where)
      .orderBy(desc(creditAppeals.createdAt))
      .limit(page.pageSize)
      .offset(offsetOf(page)),
    // The scope reads the event's recorder: the count joins the event too.
    db.select({ n: count() }).from(creditAppeals).innerJoin(creditEvents, eq(creditEvents.id, creditAppeals.eventId)).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function listExclusions(
  db: DbOrTx,
  filter: { status?: 'active' | 'lifted' | undefined; q?: string | undefined; scope?: SQL | undefined },
  page: PageQuery,
) {
  const conditions: SQL[] = filter.scope ? [filter.scope] : [];
  if (filter.status) conditions.push(eq(exclusions.status, filter.status));
  if (filter.q)
    conditions.push(or(ilike(exclusions.name, `%${escapeLike(filter.q)}%`), eq(exclusions.uscc, filter.q.toUpperCase())) as SQL);
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [total]] = await Promise.all([
    db.select().from(exclusions).where(where).orderBy(desc(exclusions.createdAt)).limit(page.pageSize).offset(offsetOf(page)),
    db.select({ n: count() }).from(exclusions).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export const evidenceOfEvents = (db: DbOrTx, eventIds: string[]) =>
  eventIds.length === 0 ? Promise.resolve([]) : db.select().from(creditEvidenceFiles).where(inArray(creditEvidenceFiles.eventId, eventIds));

export const appealsOfEvents = (db: DbOrTx, eventIds: string[]) =>
  eventIds.length === 0
    ? Promise.resolve([])
    : db.select().from(creditAppeals).where(inArray(creditAppeals.eventId, eventIds)).orderBy(desc(creditAppeals.createdAt));

/** A credit event as the API shows it (to the supplier concerned and oversight). */
export const toEventDto = (e: typeof creditEvents.$inferSelect) => ({
  id: e.id,
  supplierId: e.supplierId,
  source: e.source,
  severity: e.severity,
  points: e.points,
  title: e.title,
  description: e.description,
  sourceRef: e.sourceRef,
  status: e.status,
  occurredAt: e.occurredAt.toISOString(),
  confirmedAt: e.confirmedAt?.toISOString() ?? null,
  appealDeadline: e.appealDeadline?.toISOString() ?? null,
  decisionReason: e.decisionReason,
  recordedByOrgId: e.recordedByOrgId,
});

/** creditFactsOf's statement, built once (server/db/built-once.ts). */
const creditFactsStatement = statementBuiltOnce<{ facts: unknown }>(
  'jicai_credit_facts',
  () => sql`
    select ${creditFactsSql({
      ids: sql`${sql.placeholder('ids')}::uuid[]`,
      usccs: sql`${sql.placeholder('usccs')}::text[]`,
      regionCode: sql`${sql.placeholder('regionCode')}::text`,
      day: sql`${sql.placeholder('day')}::date`,
      at: sql`${sql.placeholder('at')}::timestamptz`,
    })} as facts`,
);

/**
 * What eligibility judges by, in ONE statement (a bid, a quote or an order asks on every request): the
 * region chain above `regionCode` (nearest first, then national), the national `credit.lookbackYears` in
 * force on `day`, every exclusion naming the suppliers by id or USCC (latest first) and their counting
 * major violations since the lookback began (the caller applies the exact bound; the statement's is a
 * day wider). A missing lookback policy comes back as null for the caller to refuse.
 */
export async function creditFactsOf(
  db: DbOrTx,
  input: { ids: readonly string[]; usccs: readonly string[]; regionCode: string | null; day: string; at: Date },
) {
  const [row] = await creditFactsStatement(db, {
    ids: [...input.ids],
    usccs: [...input.usccs],
    regionCode: input.regionCode,
    day: input.day,
    at: input.at.toISOString(),
  });
  return creditFactsFromJson(row!.facts);
}

export type CreditFacts = ReturnType<typeof creditFactsFromJson>;

/**
 * creditFactsOf's question as one jsonb value, for a statement that reads it beside its own rows (a bid's
 * context): each input is an SQL expression of that statement (ids uuid[], usccs text[], regionCode text
 * or null, day date, at timestamptz). Read the value with creditFactsFromJson.
 */
export function creditFactsSql(input: { ids: SQL; usccs: SQL; regionCode: SQL; day: SQL; at: SQL }): SQL {
  return sql`(
    with recursive up(code, parent, depth) as (
      select code, parent_code, 0 from jicai.regions where code = ${input.regionCode}
      union all select r.code, r.parent_code, up.depth + 1 from jicai.regions r join up on r.code = up.parent where up.depth < 8),
    lookback as (
      select value::text as raw from jicai.policy_values
      where key = 'credit.lookbackYears' and region_code = '' and effective_from <= ${input.day}
        and (effective_to is null or effective_to >= ${input.day})
      order by effective_from desc limit 1)
    select jsonb_build_object(
      'codes', (select coalesce(array_agg(code order by depth), '{}') from up),
      'lookback', (select raw from lookback),
      'exclusions', (select coalesce(jsonb_agg(to_jsonb(e) order by e.starts_on desc), '[]') from ${exclusions} e
        where e.supplier_id = any(${input.ids}) or e.uscc = any(${input.usccs})),
      'majors', (select coalesce(jsonb_agg(to_jsonb(c)), '[]') from ${creditEvents} c
        where c.supplier_id = any(${input.ids}) and c.severity = 'major'
          and c.status = any(${textArray(COUNTING_STATUSES)}::jicai.credit_event_status[])
          and c.occurred_at >= ${input.at} - ((select raw from lookback)::numeric * 365.25 + 1) * interval '1 day')))`;
}

/** The rows of a creditFactsSql value (JSON text or parsed), as creditFactsOf answers them. */
export function creditFactsFromJson(value: unknown) {
  const facts = (typeof value === 'string' ? JSON.parse(value) : value) as {
    codes: string[];
    lookback: string | null;
    exclusions: Record<string, unknown>[];
    majors: Record<string, unknown>[];
  };
  return {
    codes: facts.codes,
    lookbackRaw: facts.lookback,
    exclusions: facts.exclusions.map((e) => rowFromJson(exclusions, e)),
    majors: facts.majors.map((c) => rowFromJson(creditEvents, c)),
  };
}

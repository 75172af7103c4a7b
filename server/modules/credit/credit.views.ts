import { and, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { escapeLike } from '../../db/columns.ts';
import { creditEvents, creditScores, exclusions, organizations, regions } from '../../db/schema/index.ts';
import { assertOrgScope, type AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { NotFoundError } from '../../platform/errors.ts';
import * as q from './credit.queries.ts';
import { toEventDto } from './credit.queries.ts';
import { COUNTING_STATUSES, exclusionApplies, listTypeLabels, type ScoreLine } from './credit.rules.ts';

/** Who may read a supplier's whole record (evidence text, files, appeals): itself and oversight. */
const RECORD_READERS = ['regulator', 'center_staff'] as const;

const scoreView = (row: Awaited<ReturnType<typeof q.scoreOf>>) =>
  row
    ? { score: row.scoreCenti / 100, computedAt: row.computedAt.toISOString(), lines: row.explanation as ScoreLine[] }
    : {
        score: 100,
        computedAt: null,
        lines: [{ kind: 'base', eventId: null, label: '基础分 base score', points: 0, weight: 1, effectCenti: 10_000 }] as ScoreLine[],
      };

const exclusionView = (x: Awaited<ReturnType<typeof q.exclusionsOfSupplier>>[number], today: string) => ({
  id: x.id,
  listType: x.listType,
  listTypeLabel: listTypeLabels[x.listType],
  regionCode: x.regionCode,
  startsOn: x.startsOn,
  endsOn: x.endsOn,
  legalBasis: x.legalBasis,
  status: x.status,
  inForce: exclusionApplies({ ...x, regionCode: '' }, today, ['']),
  liftedReason: x.liftedReason,
});

export function createCreditViews(deps: { db: Db }) {
  const { db } = deps;

  /** The supplier's own record, or any supplier's for the regulator and center staff. */
  async function supplierRecord(auth: AuthContext, supplierId: string) {
    assertOrgScope(auth, supplierId, { oversight: RECORD_READERS });
    const supplier = await q.findSupplier(db, supplierId);
    if (!supplier) throw new NotFoundError('supplier not found');
    // The supplier sees its whole record. Oversight sees the events recorded in its area whatever their
    // state, and elsewhere only what counts (confirmed, under appeal, upheld) as the public sees it: its
    // title, kind, severity, points, dates and state, without the description, the source reference, the
    // recording organization, the decision's reasons, the evidence files and appeals, which stay with the
    // area that recorded the event.
    const own = auth.orgId === supplierId;
    const [all, inScope, score, xs, now] = await Promise.all([
      q.eventsOfSupplier(db, supplierId),
      own ? null : q.eventIdsInScope(db, auth, supplierId),
      q.scoreOf(db, supplierId),
      q.exclusionsOfSupplier(db, supplier),
      dbNow(db),
    ]);
    const events = inScope ? all.filter((e) => inScope.has(e.id) || COUNTING_STATUSES.includes(e.status)) : all;
    const ids = events.filter((e) => !inScope || inScope.has(e.id)).map((e) => e.id);
    const [files, appeals] = await Promise.all([q.evidenceOfEvents(db, ids), q.appealsOfEvents(db, ids)]);
    const today = shanghaiDate(now);
    return {
      supplier: { id: supplier.id, name: supplier.name, uscc: supplier.uscc, sizeClass: supplier.sizeClass },
      score: scoreView(score),
      events: events.map((e) => ({
        ...(inScope !== null && !inScope.has(e.id)
          ? { ...toEventDto(e), description: '', sourceRef: null, recordedByOrgId: null, decisionReason: null }
          : toEventDto(e)),
        canAppeal: e.status === 'confirmed' && auth.orgId === supplierId && (!e.appealDeadline || e.appealDeadline > now),
        recordedElsewhere: inScope !== null && !inScope.has(e.id),
        evidence: files
          .filter((f) => f.eventId === e.id)
          .map((f) => ({ id: f.id, filename: f.filename, contentType: f.contentType, sizeBytes: f.sizeBytes })),
        appeals: appeals
          .filter((a) => a.eventId === e.id)
          .map((a) => ({
            id: a.id,
            reason: a.reason,
            status: a.status,
            decisionReason: a.decisionReason,
            createdAt: a.createdAt.toISOString(),
            decidedAt: a.decidedAt?.toISOString() ?? null,
          })),
      })),
      exclusions: xs.map((x) => exclusionView(x, today)),
    };
  }

  /**
   * Public credit lookup by USCC or name: current exclusions and the public record. No evidence text,
   * no files, no appeals: those stay with the supplier and the regulator.
   */
  async function publicLookup(query: string) {
    const needle = query.trim();
    const byUscc = /^[0-9A-Z]{18}$/i.test(needle);
    const suppliers = await db
      .select({ org: organizations, regionName: regions.name })
      .from(organizations)
      .innerJoin(regions, eq(regions.code, organizations.regionCode))
      .where(
        and(
          eq(organizations.kind, 'supplier'),
          byUscc ? eq(organizations.uscc, needle.toUpperCase()) : or(ilike(organizations.name, `%${escapeLike(needle)}%`)),
        ),
      )
      .orderBy(organizations.name)
      .limit(20);
    const today = shanghaiDate(await dbNow(db));
    const ids = suppliers.map((r) => r.org.id);
    const usccs = suppliers.map((r) => r.org.uscc).filter((u): u is string => u !== null);
    const [events, scores, xs] = ids.length
      ? await Promise.all([
          db
            .select()
            .from(creditEvents)
            .where(and(inArray(creditEvents.supplierId, ids), inArray(creditEvents.status, [...COUNTING_STATUSES])))
            .orderBy(desc(creditEvents.occurredAt)),
          db.select().from(creditScores).where(inArray(creditScores.supplierId, ids)),
          db
            .select()
            .from(exclusions)
            .where(or(inArray(exclusions.supplierId, ids), usccs.length ? inArray(exclusions.uscc, usccs) : sql`false`)),
        ])
      : [[], [], []];
    const results = suppliers.map(({ org, regionName }) => ({
      id: org.id,
      name: org.name,
      uscc: org.uscc,
      sizeClass: org.sizeClass,
      regionCode: org.regionCode,
      regionName,
      score: scoreView(scores.find((sc) => sc.supplierId === org.id)).score,
      exclusions: xs
        .filter((x) => x.supplierId === org.id || (org.uscc !== null && x.uscc === org.uscc))
        .map((x) => exclusionView(x, today))
        .filter((x) => x.inForce),
      record: events
        .filter((e) => e.supplierId === org.id)
        .map((e) => ({ occurredAt: e.occurredAt.toISOString(), source: e.source, severity: e.severity, title: e.title, status: e.status })),
    }));
    return { query: needle, results };
  }

  return { supplierRecord, publicLookup };
}

export type CreditViews = ReturnType<typeof createCreditViews>;

import { and, count, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { defineJob } from '../../platform/queue/definitions.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import { notifications, users } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import { actsForOrganization, type AuthContext } from '../../platform/auth.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
import { createNotificationSettings } from './notifications.settings.ts';
import type { NotificationDto } from '../../../contracts/notifications.schemas.ts';
import type { NoticeKind, NoticeParams } from '../../../contracts/notifications.kinds.ts';

export interface NotificationInput {
  organizationId: string;
  /** One recipient; without it everyone in the organization sees it. */
  userId?: string | null | undefined;
  /** What it is about, a stable code the storefront words it by (contracts/notifications.kinds.ts). */
  kind: NoticeKind;
  /** In Chinese, as e-mailed and as shown where the storefront does not know the kind. */
  title: string;
  body: string;
  /** The facts its sentence needs, to word it in another language. */
  params?: NoticeParams | undefined;
  /** A storefront path, e.g. /supplier/tenders/…. */
  link?: string | null | undefined;
}

/**
 * 站内消息, written in the caller's transaction: if the change rolls back, nobody is told of it. Any number
 * in one statement. Recipients who are told the same thing share one copy of its words in the statement
 * (an opening tells ten thousand bidders one of two sentences): the recipients are sent as ids, each with
 * the index of its wording.
 */
export async function notify(tx: DbOrTx, input: NotificationInput | NotificationInput[]) {
  const insert = notificationsInsert(input);
  if (insert) await tx.execute(insert);
}

/** `notify`'s insert as a statement of its own, to send with other writes (server/db/one-statement.ts); null for none. */
export function notificationsInsert(input: NotificationInput | readonly NotificationInput[]): SQL | null {
  const rows = Array.isArray(input) ? (input as readonly NotificationInput[]) : [input as NotificationInput];
  if (rows.length === 0) return null;
  const wordings: { kind: string; title: string; body: string; link: string | null; params: string | null }[] = [];
  const indexOf = new Map<string, number>();
  const wordingOf = rows.map((n) => {
    const w = { kind: n.kind, title: n.title, body: n.body, link: n.link ?? null, params: n.params ? JSON.stringify(n.params) : null };
    const key = JSON.stringify([w.kind, w.title, w.body, w.link, w.params]);
    let i = indexOf.get(key);
    if (i === undefined) {
      i = wordings.push(w);
      indexOf.set(key, i);
    }
    return i;
  });
  const words = <T>(f: (w: (typeof wordings)[number]) => T) => sql.param(wordings.map(f));
  return sql`
    insert into ${notifications} (organization_id, user_id, kind, title, body, link, params, created_at)
    select r.organization_id, r.user_id, w.kind, w.title, w.body, w.link, w.params, (select jicai.now())
    from unnest(${sql.param(rows.map((n) => n.organizationId))}::uuid[], ${sql.param(rows.map((n) => n.userId ?? null))}::uuid[],
                ${sql.param(wordingOf)}::int[]) with ordinality as r(organization_id, user_id, wording, n)
    join unnest(${words((w) => w.kind)}::text[], ${words((w) => w.title)}::text[], ${words((w) => w.body)}::text[],
                ${words((w) => w.link)}::text[], ${words((w) => w.params)}::jsonb[]) with ordinality as w(kind, title, body, link, params, n)
      on w.n = r.wording
    order by r.n`;
}

export type Notify = typeof notify;

/** Personal notices to users by id, each in the organization the user belongs to (an expert's own, a member's). */
export async function notifyUsers(tx: DbOrTx, userIds: readonly string[], n: Omit<NotificationInput, 'organizationId' | 'userId'>) {
  if (userIds.length === 0) return;
  const people = await tx
    .select({ id: users.id, organizationId: users.organizationId })
    .from(users)
    .where(inArray(users.id, [...new Set(userIds)]));
  await notify(
    tx,
    people.map((p) => ({ ...n, organizationId: p.organizationId, userId: p.id })),
  );
}

/** The notifications' jobs: the mail job looks for notifications to e-mail every few seconds. */
export const notificationJobs = {
  email: defineJob({ name: 'notifications.email', queue: 'background', payload: z.object({}), durable: false, everySeconds: 3 }),
} as const;

/** What the caller may read: its organization's notices to everyone, and its own. */
/** Personal notices, and the organization's own unless the caller is an expert-only user (who acts for itself). */
const visibleTo = (auth: AuthContext) =>
  and(
    eq(notifications.organizationId, auth.orgId),
    actsForOrganization(auth)
      ? or(isNull(notifications.userId), eq(notifications.userId, auth.userId))
      : eq(notifications.userId, auth.userId),
  );

const toDto = (n: typeof notifications.$inferSelect): NotificationDto => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  body: n.body,
  link: n.link,
  params: n.params ?? null,
  personal: n.userId !== null,
  readAt: n.readAt?.toISOString() ?? null,
  createdAt: n.createdAt.toISOString(),
});

export function createNotificationsService(deps: { db: Db; emailEnabled?: boolean }) {
  const { db } = deps;
  const settings = createNotificationSettings({ db, emailEnabled: deps.emailEnabled ?? false });

  /** Newest first, paged, with the number still unread. */
  async function list(auth: AuthContext, filter: { unread?: boolean | undefined }, page: PageQuery) {
    const where = and(visibleTo(auth), filter.unread ? isNull(notifications.readAt) : undefined);
    const [rows, [total], [unread]] = await Promise.all([
      db
        .select()
        .from(notifications)
        .where(where)
        .orderBy(desc(notifications.createdAt), desc(notifications.id))
        .limit(page.pageSize)
        .offset(offsetOf(page)),
      db.select({ n: count() }).from(notifications).where(where),
      db
        .select({ n: count() })
        .from(notifications)
        .where(and(visibleTo(auth), isNull(notifications.readAt))),
    ]);
    return { items: rows.map(toDto), total: total?.n ?? 0, unread: unread?.n ?? 0, ...page };
  }

  /** Marks one read; another organization's (or another user's) notification does not exist for the caller. */
  async function markRead(auth: AuthContext, id: string) {
    return inTransaction(db, async (tx) => {
      const [row] = await tx
        .select()
        .from(notifications)
        .where(and(eq(notifications.id, id), visibleTo(auth)))
        .for('update');
      if (!row) throw new NotFoundError('notification not found');
      if (row.readAt) return toDto(row);
      const [done] = await tx
        .update(notifications)
        .set({ readAt: sql`jicai.now()` })
        .where(eq(notifications.id, id))
        .returning();
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'notification.read',
        entityType: 'notification',
        entityId: id,
        data: {},
      });
      return toDto(done!);
    });
  }

  return { notify, list, markRead, settings };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;

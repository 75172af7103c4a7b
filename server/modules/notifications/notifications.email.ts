import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notificationSettings, notifications, users } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import type { Mailer } from '../../platform/mail.ts';
import { notificationTopics, topicOfKind } from '../../../contracts/notifications.schemas.ts';
import { wordNotice } from '../../../contracts/notifications.words.ts';

type Row = typeof notifications.$inferSelect;

/** A notification older than this is not mailed any more (a mail server configured later sends no backlog). */
const FRESH_FOR = sql`interval '1 day'`;

/** Who receives it by e-mail: the addressee, or everyone acting for the organization, each as they chose. */
async function recipients(db: Db, rows: Row[]) {
  const orgIds = [...new Set(rows.map((r) => r.organizationId))];
  const people = await db
    .select({
      id: users.id,
      organizationId: users.organizationId,
      roles: users.roles,
      accountEmail: users.email,
      email: notificationSettings.email,
      topics: notificationSettings.emailTopics,
    })
    .from(users)
    .leftJoin(notificationSettings, eq(notificationSettings.userId, users.id))
    .where(and(inArray(users.organizationId, orgIds), eq(users.status, 'active')));
  return (n: Row): string[] => {
    const topic = topicOfKind(n.kind);
    return people
      .filter((p) => p.organizationId === n.organizationId)
      .filter((p) => (n.userId ? p.id === n.userId : p.roles.some((r) => r !== 'expert')))
      .filter((p) => (p.topics ?? notificationTopics).includes(topic))
      .flatMap((p) => {
        const to = p.email ?? p.accountEmail;
        return to ? [to] : [];
      });
  };
}

/** Chinese first, then the same notice in English when its kind and facts word it (contracts/notifications.words.ts). */
const bodyOf = (n: Row, publicUrl: string) => {
  const en = wordNotice(n, 'en');
  return [
    n.body,
    '',
    n.link ? `查看 / View: ${publicUrl}${n.link}` : '',
    '',
    ...(en ? [en.title, en.body, ''] : []),
    '—— 集采 Jicai 政府采购平台（本邮件由系统发送，请勿回复 · automatic e-mail, please do not reply）',
  ]
    .filter((l, i, all) => l !== '' || all[i - 1] !== '')
    .join('\n');
};

/**
 * The mail job: takes the notifications not yet looked at (locked, so two runs never mail one twice),
 * mails each to the users who chose its kind, and marks it sent or none. Without a mail server a notice
 * is marked none once it is a day old. Returns how many e-mails went out.
 */
export async function mailPendingNotifications(
  db: Db,
  mailer: Mailer | null,
  opts: { publicUrl: string; batch?: number; onError?: (err: unknown, id: string) => void },
) {
  return inTransaction(db, async (tx) => {
    await tx
      .update(notifications)
      .set({ emailState: 'none' })
      .where(and(eq(notifications.emailState, 'pending'), lt(notifications.createdAt, sql`jicai.now() - ${FRESH_FOR}`)));
    // Without a mail server nothing is taken: a notice is left pending until it ages out above (a day), so a
    // mail server configured meanwhile still sends it, and a process without one never settles the notices
    // another process could mail.
    if (!mailer) return { sent: 0, failed: 0 };
    const rows = await tx
      .select()
      .from(notifications)
      .where(eq(notifications.emailState, 'pending'))
      .orderBy(notifications.createdAt)
      .limit(opts.batch ?? 100)
      .for('update', { skipLocked: true });
    if (rows.length === 0) return { sent: 0, failed: 0 };
    const to = await recipients(db, rows);
    let sent = 0;
    let failed = 0;
    for (const n of rows) {
      // Read in the app before the job came to it: no e-mail needed.
      const addresses = n.readAt ? [] : [...new Set(to(n))];
      try {
        for (const address of addresses) await mailer.send({ to: address, subject: `【集采】${n.title}`, text: bodyOf(n, opts.publicUrl) });
      } catch (err) {
        // Left pending: the next run tries it again (within the day).
        failed += 1;
        opts.onError?.(err, n.id);
        continue;
      }
      sent += addresses.length;
      await tx
        .update(notifications)
        .set({ emailState: addresses.length ? 'sent' : 'none' })
        .where(eq(notifications.id, n.id));
    }
    return { sent, failed };
  });
}

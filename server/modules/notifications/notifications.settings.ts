import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notificationSettings, users } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { notificationTopics, type NotificationTopic } from '../../../contracts/notifications.schemas.ts';

/** 通知设置: which kinds of notification reach the caller by e-mail, and at which address. */
export function createNotificationSettings(deps: { db: Db; emailEnabled: boolean }) {
  const { db } = deps;

  async function get(auth: AuthContext) {
    const [row] = await db
      .select({ accountEmail: users.email, email: notificationSettings.email, topics: notificationSettings.emailTopics })
      .from(users)
      .leftJoin(notificationSettings, eq(notificationSettings.userId, users.id))
      .where(eq(users.id, auth.userId));
    return {
      email: row?.email ?? null,
      accountEmail: row?.accountEmail ?? null,
      emailTopics: (row?.topics ?? [...notificationTopics]) as NotificationTopic[],
      emailEnabled: deps.emailEnabled,
    };
  }

  async function update(auth: AuthContext, body: { email: string | null; emailTopics: NotificationTopic[] }) {
    const input = { ...body, email: body.email || null };
    const emailTopics = notificationTopics.filter((t) => input.emailTopics.includes(t));
    await inTransaction(db, async (tx) => {
      await tx
        .insert(notificationSettings)
        .values({ userId: auth.userId, email: input.email, emailTopics })
        .onConflictDoUpdate({ target: notificationSettings.userId, set: { email: input.email, emailTopics, updatedAt: sql`jicai.now()` } });
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'notification.settings',
        entityType: 'user',
        entityId: auth.userId,
        data: { emailTopics, email: input.email ? 'set' : 'account' },
      });
    });
    return get(auth);
  }

  return { get, update };
}

export type NotificationSettings = ReturnType<typeof createNotificationSettings>;

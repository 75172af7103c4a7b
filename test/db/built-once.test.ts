// Queries built once (server/db/built-once.ts): one built query runs on whichever database or transaction it
// is given — a transaction's read sees the transaction's own writes, the pool's does not until the commit —
// and a raw statement built once fills its placeholders per call.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtOnce, statementBuiltOnce } from '../../server/db/built-once.ts';
import { calendarDays } from '../../server/db/schema/index.ts';
import { ownDatabase } from '../helpers/own-database.ts';

const dayOf = builtOnce((db) =>
  db
    .select({ day: calendarDays.day, name: calendarDays.name })
    .from(calendarDays)
    .where(eq(calendarDays.day, sql.placeholder('day')))
    .prepare('test_calendar_day'),
);
const renameDay = statementBuiltOnce<{ day: string; name: string }>(
  'test_rename_day',
  () => sql`update ${calendarDays} set name = ${sql.placeholder('name')} where day = ${sql.placeholder('day')} returning day, name`,
);

describe('queries built once', () => {
  let own: Awaited<ReturnType<typeof ownDatabase>>;
  beforeAll(async () => {
    own = await ownDatabase('built_once');
  }, 120_000);
  afterAll(() => own?.drop());

  it('runs on the connection it is given: a transaction reads its own writes, the pool the committed ones', async () => {
    const { db } = own.database;
    expect(await dayOf(db).execute({ day: '2031-01-02' })).toEqual([]);
    await db.transaction(async (tx) => {
      await tx.insert(calendarDays).values({ day: '2031-01-02', isWorkday: true, name: '测试日' });
      expect(await dayOf(tx).execute({ day: '2031-01-02' })).toEqual([{ day: '2031-01-02', name: '测试日' }]);
      expect(await dayOf(db).execute({ day: '2031-01-02' })).toEqual([]); // not committed yet
    });
    expect(await dayOf(db).execute({ day: '2031-01-02' })).toEqual([{ day: '2031-01-02', name: '测试日' }]);
    // A rolled-back transaction's write is seen by none.
    await db
      .transaction(async (tx) => {
        await tx.insert(calendarDays).values({ day: '2031-01-03', isWorkday: false, name: '回滚日' });
        expect(await dayOf(tx).execute({ day: '2031-01-03' })).toHaveLength(1);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await dayOf(db).execute({ day: '2031-01-03' })).toEqual([]);
  });

  it('fills a raw statement built once with each call’s values', async () => {
    const { db } = own.database;
    await db.insert(calendarDays).values([
      { day: '2031-02-01', isWorkday: true, name: 'a' },
      { day: '2031-02-02', isWorkday: true, name: 'b' },
    ]);
    expect(await renameDay(db, { day: '2031-02-01', name: '甲' })).toEqual([{ day: '2031-02-01', name: '甲' }]);
    expect(await renameDay(db, { day: '2031-02-02', name: '乙' })).toEqual([{ day: '2031-02-02', name: '乙' }]);
    expect(await renameDay(db, { day: '2031-02-03', name: '丙' })).toEqual([]);
    const names = await Promise.all(['2031-02-01', '2031-02-02'].map((day) => dayOf(db).execute({ day })));
    expect(names.flat().map((r) => r.name)).toEqual(['甲', '乙']);
  });
});

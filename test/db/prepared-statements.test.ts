// Hot statements as named prepared statements (server/db/prepared-statements.ts): named on their second run,
// parsed once per connection, and still right for every value — the platform clock included, which a
// generic plan must read when it runs, never when it was planned.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase, migrateDatabase, type Database } from '../../server/db/client.ts';
import { PLAN_EACH_TIME, preparedStatements } from '../../server/db/prepared-statements.ts';
import { dbNow, setClock } from '../../server/platform/clock.ts';
import { ownDatabase } from '../helpers/own-database.ts';

describe('which statements are named', () => {
  it('names a text on its second run, one name per text, never a marked one, up to the bound', () => {
    const names = preparedStatements({ maxNames: 2 });
    expect(names.nameOf('select $1::int')).toBeUndefined();
    const first = names.nameOf('select $1::int');
    expect(first).toMatch(/^j\d+$/);
    expect(names.nameOf('select $1::int')).toBe(first);
    expect(names.nameOf(`${PLAN_EACH_TIME} select $1::text`)).toBeUndefined();
    expect(names.nameOf(`${PLAN_EACH_TIME} select $1::text`)).toBeUndefined();
    names.nameOf('select $1::bigint');
    const second = names.nameOf('select $1::bigint');
    expect(second).toMatch(/^j\d+$/);
    expect(second).not.toBe(first);
    names.nameOf('select $1::numeric');
    expect(names.nameOf('select $1::numeric')).toBeUndefined(); // the bound is reached
    expect(names.nameOf('select $1::int')).toBe(first); // named ones stay named
  });
});

describe.skipIf(inject('databaseBackend') !== 'postgres')('on a PostgreSQL server', () => {
  let own: Awaited<ReturnType<typeof ownDatabase>>;
  let database: Database;
  beforeAll(async () => {
    own = await ownDatabase('prepared');
    // One connection, so every statement below runs on the session whose prepared statements are read.
    database = connectDatabase(own.url, 1, { namedStatements: true });
    await migrateDatabase(database);
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await own?.drop();
  });

  const prepared = async () => {
    const r = await database.pool.query<{ name: string; statement: string; generic_plans: string }>(
      'select name, statement, generic_plans from pg_prepared_statements order by name',
    );
    return r.rows;
  };

  it('parses a hot statement once per connection and answers each value with its own rows', async () => {
    const { db } = database;
    for (let i = 1; i <= 8; i++) {
      const r = await db.execute<{ n: number }>(sql`select ${i}::int * 10 as n`);
      expect(Number(r.rows[0]!.n)).toBe(i * 10);
    }
    const rows = (await prepared()).filter((p) => p.statement.includes('* 10 as n'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.name).toMatch(/^j\d+$/);
  });

  it('leaves statements without parameters and marked ones unnamed', async () => {
    const { db } = database;
    for (let i = 0; i < 3; i++) {
      await db.execute(sql`select 42 as unparameterized`);
      await db.execute(sql`${sql.raw(PLAN_EACH_TIME)} select ${i}::int as marked`);
    }
    const texts = (await prepared()).map((p) => p.statement);
    expect(texts.some((t) => t.includes('unparameterized') || t.includes('as marked'))).toBe(false);
  });

  it('plans a marked statement for its own values and serves named ones their generic plan, on one connection in turn', async () => {
    const { db } = database;
    const modeOf = async (statement: ReturnType<typeof sql>) => (await db.execute<{ mode: string }>(statement)).rows[0]!.mode;
    const marked = (i: number) =>
      sql`${sql.raw(PLAN_EACH_TIME)} select current_setting('plan_cache_mode') as mode, ${i}::int as planned_for_values`;
    const hot = (i: number) => sql`select current_setting('plan_cache_mode') as mode, ${i}::int as served_generic`;
    for (let i = 0; i < 3; i++) {
      expect(await modeOf(marked(i))).toBe('force_custom_plan');
      // The first run is unnamed (either mode serves it); from the second on it is named: a generic plan.
      const mode = await modeOf(hot(i));
      if (i > 0) expect(mode).toBe('force_generic_plan');
    }
    // A rollback may undo the switch; the next statement that needs a mode gets it all the same.
    await expect(
      db.transaction(async (tx) => {
        expect((await tx.execute<{ mode: string }>(marked(9))).rows[0]!.mode).toBe('force_custom_plan');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await modeOf(hot(10))).toBe('force_generic_plan');
    expect(await modeOf(marked(11))).toBe('force_custom_plan');
    // A skewed column: the marked statement picks the index for the rare value (a generic plan would scan).
    await db.execute(sql`create table jicai.plan_probe (a int, pad text)`);
    await db.execute(sql`insert into jicai.plan_probe select case when g = 1 then 2 else 1 end, 'x' from generate_series(1, 20000) g`);
    await db.execute(sql`create index on jicai.plan_probe (a)`);
    await db.execute(sql`analyze jicai.plan_probe`);
    const rare = sql`${sql.raw(PLAN_EACH_TIME)} select count(*)::int as n from jicai.plan_probe where a = ${2}::int`;
    for (let i = 0; i < 3; i++) expect(Number((await db.execute<{ n: number }>(rare)).rows[0]!.n)).toBe(1);
  });

  it('runs statements asked for at once on one transaction one after the other, each with its own answer', async () => {
    const warnings: string[] = [];
    const listen = (w: Error) => warnings.push(w.message);
    process.on('warning', listen);
    try {
      const answers = await database.db.transaction((tx) =>
        Promise.all(Array.from({ length: 12 }, (_, i) => tx.execute<{ n: number }>(sql`select ${i}::int + 1000 as n, pg_sleep(0.001)`))),
      );
      expect(answers.map((r) => Number(r.rows[0]!.n))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1000));
      // A failing one fails alone; the transaction's next statement still runs after it.
      await expect(
        database.db.transaction(async (tx) => {
          const [bad, good] = await Promise.allSettled([tx.execute(sql`select 1 / ${0}::int`), tx.execute(sql`select ${1}::int as n`)]);
          expect(bad.status).toBe('rejected');
          expect(good.status).toBe('rejected'); // the transaction is aborted by the first
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      const after = await database.db.execute<{ n: number }>(sql`select ${7}::int as n`);
      expect(Number(after.rows[0]!.n)).toBe(7);
    } finally {
      process.off('warning', listen);
    }
    expect(warnings.filter((w) => w.includes('already executing'))).toEqual([]);
  });

  it('names a statement afresh after a migration changed the shape of what it reads', async () => {
    const { db } = database;
    await db.execute(sql`create table jicai.prepared_probe (id int primary key, a text)`);
    await db.execute(sql`insert into jicai.prepared_probe values (1, 'x')`);
    const read = () => db.execute<Record<string, unknown>>(sql`select * from jicai.prepared_probe where id = ${1}::int`);
    for (let i = 0; i < 3; i++) expect((await read()).rows[0]).toEqual({ id: 1, a: 'x' });
    await db.execute(sql`alter table jicai.prepared_probe add column b text default 'y'`);
    // PostgreSQL refuses the first run after the change ("cached plan must not change result type", as a
    // rolling deploy's migration adding a column under a `select *` would meet) and re-plans: the next answers.
    const after = await read().catch(() => read());
    expect(after.rows[0]).toEqual({ id: 1, a: 'x', b: 'y' });
    expect((await read()).rows[0]).toEqual({ id: 1, a: 'x', b: 'y' });
  });

  it('serves a read of a list of ids from its generic plan from the first named run, planning it no more', async () => {
    // plan_cache_mode auto re-planned this shape on every run: a generic `= any($1)` is costed for ten
    // elements, the custom plan for the one given, so the generic plan never looked cheap enough.
    const { db } = database;
    const read = (id: number) =>
      db.execute<{ n: number }>(sql`select count(*)::int as n from jicai.regions where code = any(${`{${id}}`}::text[])`);
    for (let i = 0; i < 8; i++) await read(i);
    const statement = (
      await database.pool.query<{ generic_plans: string; custom_plans: string }>(
        `select generic_plans, custom_plans from pg_prepared_statements where statement like '%from jicai.regions where code = any%'`,
      )
    ).rows[0];
    expect(Number(statement?.custom_plans)).toBe(0);
    expect(Number(statement?.generic_plans)).toBeGreaterThanOrEqual(7); // the first run is sent unnamed
  });

  it('reads the platform clock when a generic plan runs, not when it was planned', async () => {
    const { db } = database;
    const read = async (since: Date) => {
      const r = await db.execute<{ t: string; passed: boolean }>(
        sql`select jicai.now() as t, jicai.now() > ${since.toISOString()}::timestamptz as passed`,
      );
      return { at: new Date(r.rows[0]!.t), passed: r.rows[0]!.passed };
    };
    const now = await dbNow(db);
    const later = new Date(now.getTime() + 365 * 86_400_000);
    for (let i = 0; i < 8; i++) expect((await read(later)).passed).toBe(false);
    const statement = (await prepared()).find((p) => p.statement.includes('as passed'));
    expect(Number(statement?.generic_plans ?? 0)).toBeGreaterThan(0); // served from its generic plan by now
    await setClock(db, new Date(later.getTime() + 60_000));
    const after = await read(later);
    expect(after.passed).toBe(true);
    expect(after.at.getTime()).toBeGreaterThan(later.getTime());
  });
});

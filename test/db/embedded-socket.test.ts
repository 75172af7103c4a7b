import type { Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { builtOnce } from '../../server/db/built-once.ts';
import { connectDatabase, migrateDatabase } from '../../server/db/client.ts';
import { organizations } from '../../server/db/schema/index.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/platform/embedded-postgres.ts';

/**
 * All socket connections to the embedded PGlite share one session, so one connection's extended-query
 * exchange (Parse, Bind, Execute, Sync) must never be interleaved with another's. A client whose
 * messages arrive in separate TCP segments (a large query, a slow network) is the case that breaks.
 */
let embedded: EmbeddedPostgres;
beforeAll(async () => {
  embedded = await startEmbeddedPostgres(undefined);
});
afterAll(() => embedded.stop());

/** A client that writes each protocol chunk in small pieces, a tick apart. */
async function trickleClient(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const stream = (client as unknown as { connection: { stream: Socket } }).connection.stream;
  stream.setNoDelay(true);
  const write = stream.write.bind(stream);
  let chain = Promise.resolve();
  (stream as { write: unknown }).write = (chunk: Buffer | string) => {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    chain = chain.then(async () => {
      for (let i = 0; i < buffer.length; i += 7) {
        write(buffer.subarray(i, i + 7));
        await new Promise((r) => setImmediate(r));
      }
    });
    return true;
  };
  // Ending the trickled stream cleanly is not the point here: drop it, and its client's error with it.
  client.on('error', () => undefined);
  return { client, destroy: () => stream.destroy() };
}

describe('embedded PostgreSQL socket', () => {
  it('keeps each connection’s extended-query exchange together under concurrency', async () => {
    const pool = new pg.Pool({ connectionString: embedded.url, max: 8 });
    await pool.query('create table race (id serial primary key, a int, b text, c int)');
    const { client: slow, destroy } = await trickleClient(embedded.url);
    const errors: string[] = [];
    // The slow client's exchanges one after another (a pg client runs one query at a time), each trickling in
    // while the pool's eight connections keep sending theirs around it until the slow ones are done.
    let slowDone = false;
    const slowQueries = (async () => {
      for (let i = 0; i < 40; i++)
        await slow.query('insert into race (a, b, c) values ($1, $2, $3)', [i, `slow-${i}`, i]).catch((e: Error) => errors.push(e.message));
      slowDone = true;
    })();
    let fast = 0;
    const fastQueries = Array.from({ length: 8 }, async () => {
      while (!slowDone || fast < 400) {
        const i = fast++;
        await pool.query('select count(*) from race where id > $1', [i]).catch((e: Error) => errors.push(e.message));
      }
    });
    await Promise.all([slowQueries, ...fastQueries]);
    expect(fast).toBeGreaterThanOrEqual(400);
    expect(errors).toEqual([]);
    expect((await pool.query('select count(*)::int as n from race')).rows[0].n).toBe(40);
    destroy();
    await pool.end();
  }, 60_000);

  it('runs a query built once (with its name) over many pool clients of the one shared session', async () => {
    // On PostgreSQL the name is the statement's; here every connection is the same session, where two
    // clients preparing one name would collide ("prepared statement already exists"): it goes unnamed.
    const database = connectDatabase(embedded.url, 6);
    await migrateDatabase(database);
    const byName = builtOnce((db) =>
      db
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(sql`${organizations.name} = ${sql.placeholder('name')}`)
        .prepare('test_org_by_name'),
    );
    // Built once: each call is a view of the one prepared query on the caller's connection.
    expect(Object.getPrototypeOf(byName(database.db))).toBe(Object.getPrototypeOf(byName(database.db)));
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => byName(database.db).execute({ name: `no such organization ${i}` })),
    );
    expect(answers.every((rows) => rows.length === 0)).toBe(true);
    await database.close();
  }, 60_000);

  it('keeps a statement the connections send again and again as one named statement of the session, parsed once', async () => {
    const pool = new pg.Pool({ connectionString: embedded.url, max: 6 });
    await pool.query('create table kept (id int primary key, label text)');
    await pool.query("insert into kept select g, 'label ' || g from generate_series(1, 50) g");
    const text = 'select label from kept where id = $1';
    const named = async () =>
      (await pool.query<{ statement: string }>("select statement from pg_prepared_statements where name like 'jicai\\_s%'")).rows.map(
        (r) => r.statement,
      );
    // Many connections at once, each answered with its own row: the session's one statement bound for each.
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => pool.query(text, [(i % 50) + 1])));
    expect(answers.map((a) => a.rows[0].label)).toEqual(Array.from({ length: 60 }, (_, i) => `label ${(i % 50) + 1}`));
    expect((await named()).filter((s) => s === text)).toHaveLength(1);
    // An error in a kept statement's run is the run's alone; the next run of it works.
    await expect(pool.query('select 1 / $1::int as x', [0])).rejects.toThrow(/division by zero/);
    await expect(pool.query('select 1 / $1::int as x', [0])).rejects.toThrow(/division by zero/);
    expect((await pool.query('select 1 / $1::int as x', [1])).rows[0].x).toBe(1);
    // A statement that does not parse is never kept, and says so each time.
    for (let i = 0; i < 3; i++) await expect(pool.query('selec label from kept where id = $1', [1])).rejects.toThrow(/syntax/);
    // One planned for its own values every time stays unnamed.
    const each = `/* jicai:plan-each-time */ select count(*)::int as n from kept where id < $1`;
    for (let i = 0; i < 3; i++) expect((await pool.query(each, [11])).rows[0].n).toBe(10);
    expect((await named()).some((s) => s.includes('plan-each-time'))).toBe(false);
    // In a transaction and after its rollback, the kept statement serves every connection alike.
    const client = await pool.connect();
    await client.query('begin');
    expect((await client.query(text, [7])).rows[0].label).toBe('label 7');
    await client.query('rollback');
    client.release();
    expect((await pool.query(text, [8])).rows[0].label).toBe('label 8');
    await pool.end();
  }, 60_000);
});

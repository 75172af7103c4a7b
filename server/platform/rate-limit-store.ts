import { lt, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import type { Db } from '../db/client.ts';
import { rateLimits } from '../db/schema/index.ts';

/**
 * Counters shared by every app instance, for rate limits: Redis when REDIS_URL is set, PostgreSQL
 * otherwise. Each hit is one atomic operation (a Lua script, or one upsert) that counts and answers the
 * new count, so concurrent requests cannot all read the same old count and pass.
 */
export interface RateLimitStore {
  readonly kind: 'redis' | 'postgres';
  /**
   * Counts one hit on `key` and answers the count including it and the seconds until the counter ends.
   * The window starts at the first hit; `slide` restarts it at every hit (a counter of open streams,
   * which must outlive a quiet window).
   */
  hit(key: string, windowSeconds: number, opts?: { slide?: boolean }): Promise<{ count: number; resetSeconds: number }>;
  /** Takes one hit back (an attempt that does not count after all, a stream that ended); never below 0. */
  release(key: string): Promise<void>;
  /** Forgets the key (the account's failures after a successful login). */
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

const HIT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 or ARGV[2] == '1' then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`;

const RELEASE = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then return redis.call('DECR', KEYS[1]) end
return 0`;

interface Scripts {
  jicaiRateHit(key: string, windowMs: string, slide: string): Promise<unknown>;
  jicaiRateRelease(key: string): Promise<unknown>;
}

/** Redis: INCR and its expiry in one script. `prefix` keeps deployments (and test runs) apart. */
export function redisRateLimitStore(url: string, prefix = 'jicai'): RateLimitStore {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false }) as Redis & Scripts;
  redis.on('error', () => undefined);
  // Sent by hash (EVALSHA), the script's text only when the server does not know it yet.
  redis.defineCommand('jicaiRateHit', { numberOfKeys: 1, lua: HIT });
  redis.defineCommand('jicaiRateRelease', { numberOfKeys: 1, lua: RELEASE });
  const k = (key: string) => `${prefix}:rl:${key}`;
  return {
    kind: 'redis',
    async hit(key, windowSeconds, opts = {}) {
      const [count, ttlMs] = (await redis.jicaiRateHit(k(key), String(windowSeconds * 1000), opts.slide ? '1' : '0')) as [number, number];
      return { count: Number(count), resetSeconds: Math.max(1, Math.ceil(Number(ttlMs) / 1000)) };
    },
    async release(key) {
      await redis.jicaiRateRelease(k(key));
    },
    async reset(key) {
      await redis.del(k(key));
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** PostgreSQL: one `INSERT … ON CONFLICT DO UPDATE … RETURNING`; the row lock orders concurrent hits. */
export function postgresRateLimitStore(db: Db): RateLimitStore {
  return {
    kind: 'postgres',
    async hit(key, windowSeconds, opts = {}) {
      const until = sql`clock_timestamp() + make_interval(secs => ${windowSeconds})`;
      const result = await db.execute<{ count: number; reset: number }>(sql`
        insert into ${rateLimits} as r (key, count, expires_at) values (${key}, 1, ${until})
        on conflict (key) do update set
          count = case when r.expires_at <= clock_timestamp() then 1 else r.count + 1 end,
          expires_at = case when r.expires_at <= clock_timestamp() or ${opts.slide === true} then excluded.expires_at else r.expires_at end
        returning count, extract(epoch from expires_at - clock_timestamp())::float8 as reset`);
      const row = result.rows[0]!;
      return { count: Number(row.count), resetSeconds: Math.max(1, Math.ceil(Number(row.reset))) };
    },
    async release(key) {
      await db.execute(sql`update ${rateLimits} set count = count - 1 where key = ${key} and count > 0 and expires_at > clock_timestamp()`);
    },
    async reset(key) {
      await db.execute(sql`delete from ${rateLimits} where key = ${key}`);
    },
    async close() {},
  };
}

/** Maintenance: counters whose window ended (PostgreSQL only keeps them; Redis expires its own). */
export async function purgeExpiredRateLimits(db: Db): Promise<number> {
  const removed = await db
    .delete(rateLimits)
    .where(lt(rateLimits.expiresAt, sql`now()`))
    .returning({ key: rateLimits.key });
  return removed.length;
}

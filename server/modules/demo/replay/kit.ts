import { createHash } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { organizations, users } from '../../../db/schema/index.ts';
import { advanceClock, dbNow } from '../../../platform/clock.ts';
import type { JobSystem, Processor } from '../../../platform/queue/job-system.ts';
import { DEMO_PASSWORD } from '../demo-data.ts';

/**
 * What the demo replay (#15) plays the year through: the storefront's own HTTP API (app.inject: every
 * request passes the route's access rule, its zod schema and its service, as a browser's does), the
 * platform clock moved forward between acts, and the durable deadlines the clock passes run through the
 * workers' own runner. Nothing here writes a row; reads are only for finding ids to act on.
 */

export const DAY = 86_400_000;
export const HOUR = 3_600_000;

/** A small deterministic generator: the same seed gives the same world. */
export function seeded(seed: number) {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
    /** `n` distinct items in random order. */
    sample: <T>(xs: readonly T[], n: number) => {
      const pool = [...xs];
      const out: T[] = [];
      while (out.length < n && pool.length) out.push(pool.splice(Math.floor(next() * pool.length), 1)[0]!);
      return out;
    },
  };
}
export type Random = ReturnType<typeof seeded>;

/** Where a user's requests come from: its own office's address and device, unless a story says otherwise. */
export interface From {
  ip?: string;
  device?: string;
  /** Further request headers a route asks for (the checkout's Idempotency-Key). */
  headers?: Record<string, string>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export class ReplayError extends Error {}

interface Session {
  cookie: string;
  csrf: string;
  userId: string;
  orgId: string;
  ip: string;
  device: string;
}

/**
 * A story acts, then yields the platform time of its next act; the player resumes it when the clock gets
 * there. It ends when it returns, or when its next act falls after the world's "now" (what is left is
 * already a deadline the workers will run in real time).
 */
export type Story = AsyncGenerator<Date, void, void>;

export interface WorldDeps {
  app: FastifyInstance;
  db: Db;
  jobs: JobSystem;
  processors: Processor[];
  seed: number;
  /** Real time when the replay began: the world's present. */
  now: Date;
}

export class World {
  readonly rnd: Random;
  readonly now: Date;
  readonly db: Db;
  private readonly sessions = new Map<string, Session>();
  requests = 0;
  deadlinesRun = 0;
  /** Milliseconds spent in requests and in moving the clock (deadlines included): where a slow replay goes. */
  readonly spent = { requests: 0, clock: 0 };
  /** Milliseconds per route (ids folded), for start-up to name where the replay's time went. */
  readonly byRoute = new Map<string, number>();
  /** What a person can do in the present world, printed at start ("the tender opening in ten minutes"…). */
  readonly present: string[] = [];

  constructor(private readonly deps: WorldDeps) {
    this.rnd = seeded(deps.seed);
    this.now = deps.now;
    this.db = deps.db;
  }

  /** The platform clock's time. */
  clock(): Promise<Date> {
    return dbNow(this.db);
  }

  /** Moves the platform clock forward to `at` (if it is not there yet) and runs every deadline it passed. */
  async moveTo(at: Date): Promise<void> {
    const started = performance.now();
    const now = await this.clock();
    if (at.getTime() > now.getTime())
      await advanceClock(this.db, at).catch(async (error: unknown) => {
        // The clock runs between two reads: it may have passed `at` on its own since the first (a CI run
        // met it 2 ms past), and then there is nothing to move.
        if ((await this.clock()).getTime() < at.getTime()) throw error;
      });
    this.deadlinesRun += await this.deps.jobs.runDue(this.deps.processors);
    this.spent.clock += performance.now() - started;
  }

  private async session(username: string): Promise<Session> {
    const known = this.sessions.get(username);
    if (known) return known;
    const ip = officeAddress(username);
    const res = await this.deps.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: DEMO_PASSWORD },
      remoteAddress: ip,
    });
    if (res.statusCode !== 200) throw new ReplayError(`login ${username}: ${res.statusCode} ${res.body}`);
    const body = res.json<{ csrfToken: string; user: { id: string }; organization: { id: string } }>();
    const cookie = res.cookies.find((c) => c.name === 'jicai_sid');
    const session = {
      cookie: `jicai_sid=${cookie!.value}`,
      csrf: body.csrfToken,
      userId: body.user.id,
      orgId: body.organization.id,
      ip,
      device: `dev-${username}`,
    };
    this.sessions.set(username, session);
    return session;
  }

  /** One request as `username`; any answer (a story that expects a refusal reads it). */
  async send(username: string | null, method: Method, url: string, payload?: unknown, from: From = {}): Promise<LightMyRequestResponse> {
    const s = username ? await this.session(username) : null;
    this.requests += 1;
    const started = performance.now();
    const res = await this.deps.app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      remoteAddress: from.ip ?? s?.ip ?? '192.0.2.1',
      headers: {
        ...(s ? { cookie: s.cookie, 'x-device-id': from.device ?? s.device } : {}),
        ...(s && method !== 'GET' ? { 'x-csrf-token': s.csrf } : {}),
        ...from.headers,
      },
    });
    this.spent.requests += performance.now() - started;
    const route = `${method} ${url.split('?')[0]!.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id')}`;
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + performance.now() - started);
    return res;
  }

  /** One request that must succeed (2xx): a refusal means the story broke a rule the product keeps, so the replay stops. */
  async call<T = Record<string, unknown>>(
    username: string | null,
    method: Method,
    url: string,
    payload?: unknown,
    from?: From,
  ): Promise<T> {
    const res = await this.send(username, method, url, payload, from);
    if (res.statusCode >= 300)
      throw new ReplayError(`${username ?? 'anonymous'} ${method} ${url}: ${res.statusCode} ${res.body.slice(0, 600)}`);
    return (res.body ? res.json() : {}) as T;
  }

  /** The organization a demo user acts for. */
  async orgOf(username: string): Promise<{ id: string; name: string }> {
    const [row] = await this.db
      .select({ id: organizations.id, name: organizations.name })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.organizationId))
      .where(eq(users.username, username));
    if (!row) throw new ReplayError(`no demo user ${username}`);
    return row;
  }
}

/** A stable private address per user: an office's own network (distinct users, distinct addresses). */
function officeAddress(username: string): string {
  const h = createHash('sha256').update(username).digest();
  return `10.${h[0]!}.${h[1]!}.${(h[2]! % 250) + 2}`;
}

/**
 * Plays stories in the order of their acts' times: the clock moves to the earliest waiting act, the
 * deadlines it passed run, the act runs. Acts due after `world.now` are left: the present ends there.
 */
export async function play(world: World, stories: Story[]): Promise<{ acts: number }> {
  let seq = 0;
  let acts = 0;
  const waiting: { at: Date; story: Story; seq: number }[] = [];
  const resume = async (story: Story) => {
    const step = await story.next();
    if (!step.done) waiting.push({ at: step.value, story, seq: seq++ });
  };
  for (const story of stories) await resume(story);
  for (;;) {
    waiting.sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq);
    const next = waiting[0];
    if (!next || next.at.getTime() > world.now.getTime()) break;
    waiting.shift();
    await world.moveTo(next.at);
    acts += 1;
    await resume(next.story);
  }
  for (const w of waiting) await w.story.return(undefined);
  await world.moveTo(world.now);
  return { acts };
}

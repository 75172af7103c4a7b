import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { TooManyRequestsError } from './errors.ts';
import { problemSchema } from './http.ts';
import type { RateLimitStore } from './rate-limit-store.ts';

/**
 * The buckets a route can declare. Each counts per signed-in user, or per client address when anonymous
 * (`request.ip`, which follows TRUST_PROXY); the limits come from the environment.
 * `streams` counts open responses (server-sent events) rather than requests per minute.
 */
export const rateBuckets = ['search', 'export', 'openData', 'public', 'streams'] as const;
export type RateBucket = (typeof rateBuckets)[number];

export interface RateLimitRule {
  bucket: RateBucket;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    rateLimit?: RateLimitRule;
  }
}

const WINDOW_SECONDS = 60;
const INTERNAL_HEADER = 'x-jicai-internal';
/** Known only inside this process: the requests the app makes of itself (an export reading its list). */
const internalToken = randomBytes(32).toString('base64url');

/** Headers for a request the app makes of itself through inject: counted once, by its outer route. */
export const internalRequestHeaders = () => ({ [INTERNAL_HEADER]: internalToken });
const isInternal = (request: FastifyRequest) => {
  const header = request.headers[INTERNAL_HEADER];
  return (
    typeof header === 'string' && header.length === internalToken.length && timingSafeEqual(Buffer.from(header), Buffer.from(internalToken))
  );
};
/** An open-streams counter outlives a crashed instance by at most this long (every new stream renews it). */
const STREAMS_TTL_SECONDS = 3600;

export function bucketLimits(config: Config): Record<RateBucket, number> {
  return {
    search: config.RATE_LIMIT_SEARCH_PER_MINUTE,
    export: config.RATE_LIMIT_EXPORT_PER_MINUTE,
    openData: config.RATE_LIMIT_OPEN_DATA_PER_MINUTE,
    public: config.RATE_LIMIT_PUBLIC_PER_MINUTE,
    streams: config.RATE_LIMIT_STREAMS_PER_ADDRESS,
  };
}

/** Who a limit counts: the signed-in user, else the client address. */
export const callerKey = (request: FastifyRequest) => (request.auth ? `u:${request.auth.userId}` : `a:${request.ip}`);

/**
 * One hook reads the limit declared on the matched route (`config.rateLimit`), like access is read, so
 * no spelling of a path escapes it. It runs after the session is resolved (registered after auth) and
 * answers 429 problem+json with Retry-After once the caller is over the limit.
 */
export function registerRateLimits(app: FastifyInstance, deps: { config: Config; limits: RateLimitStore }) {
  const limits = bucketLimits(deps.config);

  app.addHook('onRoute', (route) => {
    const rule = route.config?.rateLimit;
    if (!rule) return;
    if (!rateBuckets.includes(rule.bucket))
      throw new Error(`route ${String(route.method)} ${route.url} declares an unknown rate-limit bucket ${String(rule.bucket)}`);
    // The published contract says the route can answer 429.
    if (route.schema)
      route.schema = { ...route.schema, response: { ...((route.schema.response as object | undefined) ?? {}), 429: problemSchema } };
  });

  app.addHook('onRequest', async (request, reply) => {
    const rule = (request.routeOptions.config as { rateLimit?: RateLimitRule } | undefined)?.rateLimit;
    if (!rule || isInternal(request)) return;
    const key = `${rule.bucket}:${callerKey(request)}`;
    const limit = limits[rule.bucket];
    if (rule.bucket === 'streams') {
      const { count } = await deps.limits.hit(key, STREAMS_TTL_SECONDS, { slide: true });
      if (count > limit) {
        await deps.limits.release(key);
        throw new TooManyRequestsError(`同时打开的实时连接过多，请关闭其他页面后再试 (at most ${limit} live streams at once)`, 30);
      }
      // The slot is the stream's while its connection is open, however it ends.
      let released = false;
      reply.raw.once('close', () => {
        if (released) return;
        released = true;
        deps.limits.release(key).catch((err: unknown) => request.log.warn({ err }, 'releasing a stream slot failed'));
      });
      return;
    }
    const { count, resetSeconds } = await deps.limits.hit(key, WINDOW_SECONDS);
    if (count > limit) throw new TooManyRequestsError(`请求过于频繁，请稍后再试 (at most ${limit} requests a minute)`, resetSeconds);
  });
}

import { gzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { listings, roles, type Role } from '../../server/db/schema/index.ts';
import { client, createTestContext, type TestContext } from '../helpers/context.ts';
import { actor, type Actor } from '../helpers/factories.ts';

/**
 * No input makes a 500. Every operation in the published contract (/docs/json) gets at least
 * MIN_PER_OPERATION malformed requests — NUL, lone surrogates, megabyte strings, money past any range,
 * impossible dates, wrong types, ids of nothing — in its body, its query and its path, from a caller the
 * operation admits (so the input gets past the access check to validation and the handler). Every answer
 * must be below 500, problem+json when it is an error, and a 400/409/414/422 must name its field.
 */
type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
};
type Parameter = { in: 'path' | 'query' | 'header' | 'cookie'; name: string; required?: boolean; schema?: Schema };
type Operation = { method: string; path: string; access: string; parameters: Parameter[]; body: Schema | null; json: boolean };

const MIN_PER_OPERATION = 50;
let ctx: TestContext;
const actors = {} as Record<Role, Actor>;
let operations: Operation[] = [];
let components: Record<string, Schema> = {};

beforeAll(async () => {
  ctx = await createTestContext();
  for (const role of roles) actors[role] = await actor(ctx.app, ctx.database.db, role);
  const doc = (await ctx.app.inject({ method: 'GET', url: '/docs/json' })).json<{
    paths: Record<
      string,
      Record<string, { 'x-access'?: string; parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>
    >;
    components?: { schemas?: Record<string, Schema> };
  }>();
  components = doc.components?.schemas ?? {};
  operations = Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/'))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        access: op['x-access'] ?? 'public',
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
        json: !op.requestBody?.content || 'application/json' in op.requestBody.content,
      })),
    );
}, 120_000);
afterAll(() => ctx.close());

const resolve = (schema: Schema | undefined): Schema => {
  if (!schema) return {};
  if (schema.$ref) return resolve(components[schema.$ref.split('/').at(-1)!]);
  return schema;
};

/** A value the schema accepts where it is easy to tell, so the mutations reach past the first check. */
function sample(input: Schema | undefined, depth = 0): unknown {
  const schema = resolve(input);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return sample(variants.find((v) => resolve(v).type !== 'null') ?? variants[0], depth);
  if (schema.allOf?.length) return Object.assign({}, ...schema.allOf.map((s) => sample(s, depth)));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'date-time') return new Date(Date.now() + 30 * 86_400_000).toISOString();
      if (schema.format === 'date') return '2026-12-28';
      if (schema.format === 'email') return 'fuzz@example.cn';
      return '测试'.padEnd(Math.min(Math.max(schema.minLength ?? 4, 4), schema.maxLength ?? 40), '试');
    case 'integer':
    case 'number':
      return Math.min(
        Math.max(schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1), 1),
        schema.maximum ?? Number.MAX_SAFE_INTEGER,
      );
    case 'boolean':
      return true;
    case 'array':
      return depth > 4 ? [] : Array.from({ length: Math.max(schema.minItems ?? 1, 1) }, () => sample(schema.items, depth + 1));
    case 'object':
    default: {
      if (!schema.properties || depth > 4) return {};
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sample(schema.properties[key], depth + 1);
      return out;
    }
  }
}

const MEGABYTE = 'x'.repeat(1_000_000);
/** What a careless or hostile client sends in a field. */
/** 5,000 arrays deep, sent as JSON text for a whole body: a walker that recurses per level runs out of stack (it once answered 500). */
const DEEP = `${'['.repeat(5000)}${']'.repeat(5000)}`;
/** Deeper than any form (the edge refuses past 32 levels), shallow enough for this file's own walkers. */
const NESTED: unknown = JSON.parse(`${'['.repeat(40)}1${']'.repeat(40)}`);
const malformed: unknown[] = [
  NESTED,
  '0000-01-01',
  'a\u0000b',
  'abc\ud800',
  '\udc00abc',
  MEGABYTE,
  Number.MAX_SAFE_INTEGER * 1024,
  1e308,
  -1,
  2 ** 63,
  0.5,
  '9'.repeat(40),
  '2026-13-01',
  '2026-02-30T25:61:00Z',
  '0000-00-00',
  {},
  [],
  null,
  true,
  'not-a-uuid',
  randomUUID(),
  '',
  "' or 1=1 --",
  { $gt: '' },
];

/** Every path inside a sample where a value could be replaced: the root, each property, each array's first item. */
function leaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const out = [path];
  if (Array.isArray(value)) value.slice(0, 1).forEach((v, i) => out.push(...leaves(v, [...path, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...leaves(v, [...path, k]));
  return out;
}

function replaced(value: unknown, path: (string | number)[], next: unknown): unknown {
  if (path.length === 0) return next;
  const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as Record<string, unknown>) }) as Record<
    string | number,
    unknown
  >;
  copy[path[0]!] = replaced(copy[path[0]!], path.slice(1), next);
  return copy;
}

const asQueryValue = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

/** Percent-encodes like encodeURIComponent, but sends a lone surrogate as the bytes a careless client would. */
const encode = (value: string) =>
  value
    .split(/([\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff])/)
    .map((part) => (/^[\ud800-\udfff]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');

type Request = { url: string; body?: unknown; what: string };

/** At least MIN_PER_OPERATION malformed requests for one operation. */
function requestsFor(op: Operation): Request[] {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const baseParams = Object.fromEntries(pathParams.map((p) => [p.name, String(sample(p.schema) ?? randomUUID())]));
  const baseQuery = Object.fromEntries(queryParams.filter((p) => p.required).map((p) => [p.name, asQueryValue(sample(p.schema))]));
  const url = (params: Record<string, string>, query: Record<string, string>) => {
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encode(params[name] ?? randomUUID()));
    const search = Object.entries(query)
      .map(([k, v]) => `${encode(k)}=${encode(v)}`)
      .join('&');
    return search ? `${path}?${search}` : path;
  };
  const withBody = op.method !== 'GET' && op.method !== 'DELETE';
  const baseBody = withBody ? (op.body ? sample(op.body) : {}) : undefined;
  const out: Request[] = [];
  for (const p of pathParams) {
    for (const bad of [
      'a\u0000b',
      'abc\ud800',
      MEGABYTE.slice(0, 5000),
      '-1',
      '9'.repeat(40),
      'not-a-uuid',
      randomUUID(),
      "' or 1=1 --",
      '..',
    ]) {
      out.push({ url: url({ ...baseParams, [p.name]: bad }, baseQuery), body: baseBody, what: `path ${p.name}` });
    }
  }
  for (const p of queryParams) {
    for (const bad of malformed)
      out.push({
        url: url(baseParams, { ...baseQuery, [p.name]: asQueryValue(bad).slice(0, 20_000) }),
        body: baseBody,
        what: `query ${p.name}`,
      });
  }
  if (withBody) {
    for (const leaf of leaves(baseBody)) {
      for (const bad of malformed)
        out.push({ url: url(baseParams, baseQuery), body: replaced(baseBody, leaf, bad), what: `body ${leaf.join('.') || '(root)'}` });
    }
  }
  if (withBody) out.push({ url: url(baseParams, baseQuery), body: DEEP, what: 'body nested 5,000 deep' });
  // Operations with little to vary still get their share: unknown query parameters of every kind.
  for (let i = 0; out.length < MIN_PER_OPERATION; i++) {
    const bad = malformed[i % malformed.length];
    out.push({
      url: url(baseParams, { ...baseQuery, [`x${i}`]: asQueryValue(bad).slice(0, 20_000) }),
      body: baseBody,
      what: `query x${i}`,
    });
  }
  return out;
}

function callerFor(op: Operation): ReturnType<typeof client> {
  // Logging out would end the shared session of the role that fuzzes the rest.
  if (op.path === '/api/auth/logout') return client(ctx.app, null);
  if (op.access === 'public') return client(ctx.app, null);
  if (op.access === 'any signed-in user') return actors.purchaser.http;
  const role = op.access.replace(/^roles: /, '').split(', ')[0] as Role;
  return actors[role].http;
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

describe('fuzzing every operation in /docs/json', () => {
  it(`sends at least ${MIN_PER_OPERATION} malformed inputs to every operation and gets no 500`, async () => {
    expect(operations.length).toBeGreaterThan(150);
    const failures: string[] = [];
    const unnamed: string[] = [];
    let sent = 0;
    for (const op of operations) {
      const requests = requestsFor(op);
      expect(requests.length, `${op.method} ${op.path}`).toBeGreaterThanOrEqual(MIN_PER_OPERATION);
      const caller = callerFor(op);
      await inBatches(requests, 8, async (req) => {
        // JSON text as it is (too deep for the injector to serialize), everything else serialized by it.
        const json = typeof req.body === 'string' && req.body === DEEP ? { 'content-type': 'application/json' } : undefined;
        const res = await caller.send(op.method as 'GET', req.url, req.body, json);
        sent++;
        const label = `${op.method} ${op.path} [${req.what}] → ${res.statusCode}`;
        if (res.statusCode >= 500) failures.push(`${label}: ${res.body.slice(0, 200)}`);
        else if (res.statusCode >= 400) {
          if (!String(res.headers['content-type']).includes('application/problem+json'))
            failures.push(`${label}: ${res.headers['content-type']}`);
          else if ([400, 409, 414, 422].includes(res.statusCode) && !res.json<{ errors?: unknown[] }>().errors?.length) unnamed.push(label);
        }
      });
    }
    expect(failures).toEqual([]);
    expect(unnamed).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(operations.length * MIN_PER_OPERATION);
  }, 600_000);

  it('answers the incidents the probe found with a 4xx naming the field', async () => {
    const anon = client(ctx.app, null);
    const nul = await anon.post('/api/auth/login', { username: '\u0000', password: 'x' });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().errors[0]).toMatchObject({ field: 'username', in: 'body' });
    const surrogate = await actors.admin.http.patch(`/api/admin/organizations/${actors.supplier.orgId}`, { name: 'abc\ud800' });
    expect(surrogate.statusCode).toBe(400);
    expect(surrogate.json().errors[0]).toMatchObject({ field: 'name', in: 'body' });
    // 10,000 levels of nesting, anonymously: refused at the edge without walking it on the call stack.
    const deep = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(deep.statusCode, deep.body).toBe(400);
    expect(deep.headers['content-type']).toContain('application/problem+json');
    // A day PostgreSQL cannot hold (year 0) is refused on its own field, not by the database as "(body)".
    const yearZero = await actors.expert.http.post('/api/experts/me/affiliations', {
      kind: 'employee',
      organizationName: '某某研究院',
      fromDate: '0000-01-01',
    });
    expect(yearZero.statusCode, yearZero.body).toBe(400);
    expect(yearZero.json().errors[0]).toMatchObject({ field: 'fromDate', in: 'body' });
    const longParam = await actors.admin.http.get(`/api/admin/users/${'a'.repeat(5000)}`);
    expect(longParam.statusCode).toBeLessThan(500);
    expect(longParam.headers['content-type']).toContain('application/problem+json');
    // Its problem says what it is and does not echo the 5,000 characters back.
    if (longParam.statusCode === 414) expect(longParam.json().title).toBe('URI Too Long');
    expect(longParam.json().instance.length).toBeLessThan(600);
    // Invisible bidirectional controls would make a published name read otherwise than stored.
    const bidi = await actors.admin.http.patch(`/api/admin/organizations/${actors.supplier.orgId}`, { name: '供应商\u202e司公限有' });
    expect(bidi.statusCode, bidi.body).toBe(400);
    expect(bidi.json().errors[0]).toMatchObject({ field: 'name', in: 'body' });
    // A record the path names that does not exist (or is not the caller's) is a 404 naming that parameter.
    const missing = await actors.purchaser.http.get(`/api/orders/${randomUUID()}`);
    expect(missing.statusCode, missing.body).toBe(404);
    expect(missing.json().errors[0]).toMatchObject({ field: 'id', in: 'params' });
    // With two, the one the service says it could not find ("photo not found": photoId).
    const photo = await actors.purchaser.http.get(`/api/assets/${randomUUID()}/photos/${randomUUID()}`);
    expect(photo.statusCode, photo.body).toBe(404);
    expect(photo.json().errors?.[0]).toMatchObject({ field: 'photoId', in: 'params' });
    // A schema's own default message is Chinese too, like every other the API writes.
    const tooBig = await actors.purchaser.http.get('/api/orders?pageSize=100000');
    expect(tooBig.statusCode, tooBig.body).toBe(400);
    expect(tooBig.json().errors[0].message).toMatch(/[\u4e00-\u9fff]/);
    // A compressed body is refused as such (415, naming the header), not called malformed JSON.
    const gzipped = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: gzipSync(JSON.stringify({ username: 'x', password: 'y' })),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    expect(gzipped.statusCode, gzipped.body).toBe(415);
    expect(gzipped.headers['content-type']).toContain('application/problem+json');
    expect(gzipped.json().errors[0]).toMatchObject({ field: 'content-encoding', in: 'headers' });
    // Another product's brand and model: a duplicate, named by its fields.
    const desktop = {
      categoryCode: 'A02010104',
      name: '测试台式计算机',
      specs: { cpu: '龙芯 3A6000', memoryGb: 16, storageGb: 512, os: '麒麟 V10' },
    };
    const token = randomUUID().slice(0, 8);
    const first = await actors.center_staff.http.post('/api/products', { ...desktop, brand: '龙芯', model: `F${token}` });
    const second = await actors.center_staff.http.post('/api/products', { ...desktop, brand: '龙芯', model: `G${token}` });
    expect([first.statusCode, second.statusCode], second.body).toEqual([201, 201]);
    const duplicate = await actors.center_staff.http.send('PUT', `/api/products/${second.json().id}`, {
      ...desktop,
      brand: '龙芯',
      model: `F${token}`,
    });
    expect(duplicate.statusCode, duplicate.body).toBe(409);
    expect(duplicate.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['model']));
    // A budget line that does not exist is named before anything is written.
    const [listing] = await ctx.database.db.select({ id: listings.id }).from(listings).where(eq(listings.status, 'active')).limit(1);
    expect((await actors.purchaser.http.post('/api/cart/items', { listingId: listing!.id, quantity: 1 })).statusCode).toBeLessThan(300);
    const checkout = await actors.purchaser.http.post(
      '/api/orders/checkout',
      { budgetLineId: randomUUID(), deliveryAddress: '北京市海淀区中关村南大街 5 号', contactName: '张三', contactPhone: '13800138000' },
      { 'idempotency-key': randomUUID() },
    );
    expect(checkout.statusCode, checkout.body).toBe(422);
    expect(checkout.json().errors.map((e: { field: string }) => e.field)).toContain('budgetLineId');
    // A live lot's event stream never ends: the export refuses it instead of waiting forever.
    // (The route is refused before its handler runs, so any lot id shows it.)
    const stream = await anon.get(`/api/export?path=${encodeURIComponent(`/api/public/auctions/${randomUUID()}/events`)}`);
    expect(stream.statusCode).toBe(400);
    expect(stream.json().errors[0]).toMatchObject({ field: 'path', in: 'query' });
  });
});

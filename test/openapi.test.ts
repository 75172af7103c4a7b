import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/context.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

type Doc = {
  servers?: { url: string }[];
  tags?: { name: string }[];
  paths: Record<string, Record<string, { operationId?: string; tags?: string[]; security?: unknown[] }>>;
};

describe('the published contract', () => {
  it('names every operation uniquely, declares its tags and servers, and states its security', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/docs/json' })).json<Doc>();
    expect(doc.servers?.length).toBeGreaterThan(0);
    const declared = new Set(doc.tags?.map((t) => t.name));
    const ids = new Set<string>();
    for (const [path, methods] of Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/'))) {
      for (const [method, op] of Object.entries(methods)) {
        expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z]+[A-Za-z0-9]*$/);
        expect(ids.has(op.operationId!), `${op.operationId} is used twice`).toBe(false);
        ids.add(op.operationId!);
        for (const tag of op.tags ?? []) expect(declared.has(tag), `tag ${tag} of ${method} ${path}`).toBe(true);
        expect(Array.isArray(op.security), `${method} ${path}`).toBe(true);
      }
    }
    expect(ids.size).toBeGreaterThan(150);
  });
});

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestContext, type TestContext } from '../helpers/context.ts';

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

/** What `redocly lint --format json` prints: one entry per finding. */
const lintReport = z.object({
  totals: z.object({ errors: z.number(), warnings: z.number(), ignored: z.number() }),
  problems: z.array(
    z
      .object({
        ruleId: z.string(),
        severity: z.enum(['error', 'warn']),
        message: z.string(),
        location: z.array(z.object({ pointer: z.string().optional() }).loose()).default([]),
      })
      .loose(),
  ),
});

const run = promisify(execFile);
const redoclyCli = fileURLToPath(new URL('../../node_modules/@redocly/cli/bin/cli.js', import.meta.url));

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

  it("passes Redocly's recommended lint with no errors", async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const dir = await mkdtemp(join(tmpdir(), 'jicai-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      await writeFile(file, response.body);
      if (process.env.JICAI_OPENAPI_DUMP) await writeFile(process.env.JICAI_OPENAPI_DUMP, response.body);
      // `redocly lint` exits 1 when it finds errors; the JSON report on stdout says which.
      const { stdout } = await run(process.execPath, [redoclyCli, 'lint', '--extends', 'recommended', '--format', 'json', file], {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
        maxBuffer: 64 * 1024 * 1024,
      }).catch((error: { stdout?: string; stderr?: string }) => {
        if (!error.stdout) throw new Error(`redocly lint failed: ${error.stderr ?? String(error)}`);
        return { stdout: error.stdout };
      });
      const report = lintReport.parse(JSON.parse(stdout));
      const errors = report.problems
        .filter((p) => p.severity === 'error')
        .map((p) => `${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`);
      expect(errors).toEqual([]);
      expect(report.totals.errors).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { apiTypesFile, apiTypesSource, openApiDocument } from '../../scripts/api-types.ts';

// The web's API types are generated from the routes and committed (the web builds without a server). A route,
// schema or method changed without `npm run api:types` would leave the web type-checking against an API that
// no longer exists: this fails instead. No database: the document is made by an app that never queries.
describe('the web API types (web/src/app/api-schema.d.ts)', () => {
  it('are what `npm run api:types` generates from the routes now', async () => {
    const [committed, fresh] = await Promise.all([readFile(apiTypesFile, 'utf8'), openApiDocument().then(apiTypesSource)]);
    // toBe on ~27,000 lines prints an unreadable diff: name the first line that differs instead.
    const a = committed.split('\n');
    const b = fresh.split('\n');
    const first = b.findIndex((line, i) => line !== a[i]);
    const where = first < 0 ? a.length : first;
    expect(
      committed === fresh,
      `web/src/app/api-schema.d.ts is out of date with the routes (first difference at line ${where + 1}: ` +
        `committed ${JSON.stringify(a[where])}, generated ${JSON.stringify(b[where])}); run \`npm run api:types\``,
    ).toBe(true);
  }, 120_000);
});

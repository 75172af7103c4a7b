import { defineConfig } from 'vitest/config';

/**
 * Three tiers, one `vitest run` (npm test runs them all):
 * - unit: pure functions (rules, maths, parsers, the import graph), no database and no global setup, so it
 *   runs in seconds on every save (`npm run test:unit`);
 * - db: the real app on a real database and queue (PostgreSQL or PGlite, Redis or BullMQ on PostgreSQL);
 * - e2e: Chromium driving the built storefront.
 * The db and e2e tiers each get their own database from the global setup (the same migrations, reference
 * and demo data), and only e2e builds the storefront. The browser tier runs after the others (groupOrder):
 * Chromium and its app share two cores badly with the database tier, and a journey step then times out.
 */
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    // A timeline of the run in test/artifacts/timeline.json: when each file ran, per tier. Vitest's own order
    // (larger files first on a clean clone) is kept: a longest-first order by measured time was tried and
    // ran open-data.test.ts last, where its pages over every release of the shared database took 222 s, not 4.
    reporters: ['default', './test/helpers/timeline-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], sequence: { groupOrder: 0 } } },
      {
        extends: true,
        test: {
          name: 'db',
          include: ['test/db/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          sequence: { groupOrder: 0 },
          // The files of a worker share one module graph (every file builds its own app, database
          // connections and job system, and closes them): the server's modules are loaded once per worker,
          // not once per file (about 2.4 s each on the CI machine: 301 → 43 s over a run).
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          // A click that lands while an antd popover or modal is still animating does nothing, and on a
          // loaded two-core CI machine that happens now and then: CI retries a browser test once (as
          // Playwright's own runner does by default in CI); locally a flaky step shows at once.
          retry: process.env.CI ? 1 : 0,
          // A state polled for (a count, a status) may take seconds to show on a loaded machine: wait for it
          // up to 15 s rather than vitest's default second.
          expect: { poll: { timeout: 15_000 } },
          globalSetup: ['test/helpers/global-setup.ts', 'test/helpers/storefront-setup.ts'],
          isolate: false,
        },
      },
    ],
  },
});

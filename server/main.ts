import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { demoLogins, DEMO_PASSWORD } from './modules/demo/demo-data.ts';
import { startRuntime } from './runtime.ts';
import { SandboxModeError, sandboxStartLines } from './platform/sandbox.ts';
import { replayDemoWorld } from './modules/demo/replay/replay.ts';
import { jobSpecs, processors } from '../workers/registry.ts';
import { warmUnsealWorkers } from './platform/seal-workers.ts';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`\n✖ ${error.message}\n  Fix the variable(s) named above and start again.\n`);
      process.exit(1);
    }
    throw error;
  }

  const runtime = await startRuntime(config, { specs: jobSpecs(), seed: true });
  const work = processors({ config, db: runtime.database.db, jobs: runtime.jobs, search: runtime.search });
  const app = await buildApp({ ...runtime, config });
  let replayed: Awaited<ReturnType<typeof replayDemoWorld>> | null = null;
  if (runtime.demoLoaded && !config.SANDBOX_ACCELERATOR) {
    // The demo's year, played through the API under the platform clock before anyone can connect (a
    // sandbox gets the demo's people and catalogue only: runtime.ts says why).
    console.log('  Playing the demo year through the services…');
    replayed = await replayDemoWorld({ app, db: runtime.database.db, jobs: runtime.jobs, processors: work });
  }
  if (config.RUN_WORKERS) {
    warmUnsealWorkers(); // an opening at its deadline does not wait for decryption threads to boot
    await runtime.jobs.startWorkers(work);
    await runtime.jobs.startReconciler(config.RECONCILE_INTERVAL_SECONDS * 1000);
  }
  await app.listen({ host: config.HOST, port: config.PORT });

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = config.PUBLIC_URL ?? `http://localhost:${port}`;
  const lines = [
    '',
    '  集采 Jicai — government procurement e-marketplace',
    `  Storefront  ${url}/`,
    `  API docs    ${url}/docs`,
    `  Health      ${url}/api/health`,
    `  Database    ${runtime.databaseBackend === 'pglite' ? `embedded PGlite in ${config.DATA_DIR}/pgdata` : 'PostgreSQL (DATABASE_URL)'}`,
    `  Queue       BullMQ on ${runtime.jobs.backendKind === 'redis' ? 'Redis (REDIS_URL)' : 'PostgreSQL'}${config.RUN_WORKERS ? ', workers in this process' : ''}`,
    `  Search      ${runtime.search.backend === 'meilisearch' ? 'Meilisearch (MEILI_HOST)' : 'PostgreSQL full-text'}`,
  ];
  const sandbox = sandboxStartLines(config.SANDBOX_ACCELERATOR ?? null, config.NODE_ENV);
  if (sandbox.length) lines.splice(1, 0, ...sandbox, '');
  if (config.DEMO_DATA) {
    lines.push('', `  Demo logins (password ${DEMO_PASSWORD}):`);
    for (const login of demoLogins) lines.push(`    ${login.username.padEnd(10)} ${login.label}`);
  }
  if (replayed) {
    lines.push(
      '',
      `  Demo year replayed in ${(replayed.ms / 1000).toFixed(1)} s: ${replayed.requests} requests, ${replayed.deadlinesRun} deadlines run.`,
      `  Most of it went to: ${replayed.slowest.join(', ')}.`,
      '  Now:',
      ...replayed.present.map((line) => `    ${line}`),
    );
  }
  console.log(`${lines.join('\n')}\n`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests and jobs in flight');
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    try {
      await app.close();
      await runtime.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  // A database in the other mode (sandbox.ts) is the operator's to fix: the message says how, no stack needed.
  console.error(error instanceof SandboxModeError ? `\n✖ ${error.message}\n` : error);
  process.exit(1);
});

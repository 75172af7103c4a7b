import { ConfigError, loadConfig } from '../server/config.ts';
import { startRuntime } from '../server/runtime.ts';
import { SandboxModeError, sandboxStartLines } from '../server/platform/sandbox.ts';
import { jobSpecs, processors } from './registry.ts';
import { warmUnsealWorkers } from '../server/platform/seal-workers.ts';

/** `npm run worker`: the BullMQ workers and the reconciler as their own process. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`✖ ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  if (!config.DATABASE_URL) {
    console.error(
      '✖ DATABASE_URL: a separate worker process needs a PostgreSQL server. The embedded default runs its workers inside `npm start`.',
    );
    process.exit(1);
  }
  const runtime = await startRuntime(config, { specs: jobSpecs(), seed: false });
  warmUnsealWorkers(); // an opening at its deadline does not wait for decryption threads to boot
  await runtime.jobs.startWorkers(processors({ config, db: runtime.database.db, jobs: runtime.jobs, search: runtime.search }));
  await runtime.jobs.startReconciler(config.RECONCILE_INTERVAL_SECONDS * 1000);
  runtime.log.info({ queue: runtime.jobs.backendKind }, 'workers started');
  const sandbox = sandboxStartLines(config.SANDBOX_ACCELERATOR ?? null, config.NODE_ENV);
  if (sandbox.length) console.warn(sandbox.join('\n'));

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    runtime.log.info({}, 'worker shutting down: letting running jobs finish');
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  // A database in the other mode (sandbox.ts) is the operator's to fix: the message says how, no stack needed.
  console.error(error instanceof SandboxModeError ? `\n✖ ${error.message}\n` : error);
  process.exit(1);
});

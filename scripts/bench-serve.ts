/**
 * The server side of an HTTP benchmark: `tsx scripts/bench-serve.ts <database url> [processes]` serves the
 * app on a loopback port of the benchmark's database (REDIS_URL as the parent has it) and prints
 * `READY <base>`. Started by bench-kit's benchApp, so the load generator runs in another process.
 *
 * With more than one process (BENCH_SERVERS, default 1) the app runs as that many API processes sharing
 * the port (node:cluster, connections handed out round-robin): the production topology's replicas, one per
 * core, without a balancer in between. Each process has its own pool of connections.
 */
import cluster from 'node:cluster';
import { connectDatabase } from '../server/db/client.ts';
import { benchAppInProcess } from './bench-kit.ts';

const url = process.argv[2];
const processes = Math.max(1, Number(process.argv[3] ?? 1));
if (!url) throw new Error('usage: bench-serve.ts <database url> [processes]');

if (processes > 1 && cluster.isPrimary) {
  cluster.setupPrimary({ execArgv: process.execArgv, args: [url, '1'] });
  const ready: string[] = [];
  for (let i = 0; i < processes; i++)
    cluster.fork().on('message', (m: string) => {
      ready.push(m);
      if (ready.length === processes) console.log(`READY ${m}`);
    });
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    cluster.on('exit', () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
  });
} else {
  const inCluster = !cluster.isPrimary;
  // Each process its own pool: 40 alone, 20 each in a cluster.
  const database = connectDatabase(url, inCluster ? 20 : 40, { namedStatements: process.env.BENCH_NAMED !== '0' });
  const app = await benchAppInProcess({ url, backend: 'postgres', database, db: database.db, stop: () => database.close() });
  if (inCluster) process.send!(app.base);
  else console.log(`READY ${app.base}`);
  process.on('SIGTERM', () => void app.close().then(() => database.close().then(() => process.exit(0))));
}

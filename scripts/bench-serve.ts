/**
 * The server side of an HTTP benchmark: `tsx scripts/bench-serve.ts <database url>` serves the app on a
 * loopback port of the benchmark's database (REDIS_URL as the parent has it) and prints `READY <base>`.
 * Started by bench-kit's benchApp, so the load generator runs in another process.
 */
import { connectDatabase } from '../server/db/client.ts';
import { benchAppInProcess } from './bench-kit.ts';

const url = process.argv[2];
if (!url) throw new Error('usage: bench-serve.ts <database url>');
const database = connectDatabase(url, 40);
const app = await benchAppInProcess({ url, backend: 'postgres', database, db: database.db, stop: () => database.close() });
console.log(`READY ${app.base}`);
process.on('SIGTERM', () => void app.close().then(() => database.close().then(() => process.exit(0))));

import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { connectDatabase, migrateDatabase } from '../server/db/client.ts';
import { hashPassword } from '../server/modules/auth/auth.service.ts';
import { DEMO_PASSWORD } from '../server/modules/demo/demo-data.ts';
import { adminPasswordSchema, adminUsernameSchema, bootstrapPlatform } from '../server/modules/organizations/organizations.bootstrap.ts';
import { applyReferenceData } from '../server/modules/reference/reference-data.ts';
import { startEmbeddedPostgres } from '../server/platform/embedded-postgres.ts';

/**
 * `npm run admin:create -- --username ops.admin` with ADMIN_PASSWORD in the environment (or `--password`,
 * which other users of the machine can see in the process list): the platform operator's organization and
 * its first admin, on a database that has no admin yet. Everything else that admin makes through the
 * product. Refuses a weak password; does nothing where an admin exists. On the embedded default, stop
 * `npm start` first: PGlite's data folder has one owner at a time.
 */
const { values } = parseArgs({ options: { username: { type: 'string' }, password: { type: 'string' } } });
const username = adminUsernameSchema.safeParse(values.username ?? process.env.ADMIN_USERNAME ?? '');
const password = values.password ?? process.env.ADMIN_PASSWORD ?? '';
const problems = [
  ...(username.success ? [] : [`username: ${username.error.issues[0]?.message}`]),
  ...(adminPasswordSchema.safeParse(password).error?.issues.map((i) => `password: ${i.message}`) ?? []),
  ...(password === DEMO_PASSWORD ? ['password: 演示密码是公开的，不能用于管理员账号 (the demo password is published)'] : []),
  ...(username.success && password.toLowerCase().includes(username.data.toLowerCase()) ? ['password: 密码不能包含用户名'] : []),
  ...(/^(.)\1+$|^(?:0123456789|1234567890|password\d+)/i.test(password) ? ['password: 密码过于简单'] : []),
];
if (problems.length > 0 || !username.success) {
  console.error(`Not created:\n  ${problems.join('\n  ')}\nUsage: ADMIN_PASSWORD=... npm run admin:create -- --username <name>`);
  process.exit(1);
}

const config = loadConfig();
const embedded = config.DATABASE_URL ? null : await startEmbeddedPostgres(path.join(config.DATA_DIR, 'pgdata'));
const database = connectDatabase(config.DATABASE_URL ?? embedded!.url, 2);
let exitCode = 0;
try {
  await migrateDatabase(database);
  await applyReferenceData(database.db);
  const made = await bootstrapPlatform(database.db, { username: username.data, passwordHash: await hashPassword(password) });
  if (made) console.log(`Admin ${username.data} created in 集采平台运营中心 (user ${made.userId}). Log in and register the organizations.`);
  else console.log('An admin exists already: nothing done. Admins create further accounts in the admin pages.');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await database.close();
  await embedded?.stop();
}
process.exit(exitCode);

import { createPrivateKey, createPublicKey } from 'node:crypto';
import { z } from 'zod';

const bool = (description: string, fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .describe(description);

const optionalUrl = (description: string) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(z.url().optional())
    .optional()
    .describe(description);

function isEd25519PrivateKey(base64: string): boolean {
  try {
    return createPrivateKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'pkcs8' }).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

function isEd25519PublicKey(base64: string): boolean {
  try {
    return createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' }).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

/** A comma-separated list of keys (blank: none), each checked by `entry`. */
const keyList = (entry: z.ZodType<string, string>) =>
  z
    .string()
    .trim()
    .transform((v) =>
      v
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .pipe(z.array(entry))
    .optional();

/** The whole environment the product reads, in one place. Every variable says what it is for. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development').describe('Runtime mode.'),
  HOST: z.string().min(1).default('127.0.0.1').describe('Address the HTTP server binds to (0.0.0.0 in containers).'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port.'),
  PUBLIC_URL: optionalUrl('URL people use to reach the storefront; printed at start. Defaults to http://localhost:PORT.'),
  DATABASE_URL: optionalUrl('PostgreSQL connection string. Unset: an embedded PGlite database in DATA_DIR.'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10).describe('Connections in the API pool.'),
  REDIS_URL: optionalUrl('Redis for BullMQ. Unset: BullMQ runs on its PostgreSQL backend in the app database.'),
  MEILI_HOST: optionalUrl('Meilisearch URL for catalogue search. Unset: PostgreSQL full-text search.'),
  MEILI_API_KEY: z.string().optional().describe('Meilisearch API key.'),
  SMTP_URL: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(
      z
        .url()
        .refine((v) => /^smtps?:\/\//.test(v), '须为 smtp:// 或 smtps:// 地址，如 smtp://user:pass@mail.example.gov.cn:587')
        .optional(),
    )
    .optional()
    .describe(
      'Mail server for e-mail notifications (smtp:// or smtps://, with user:password if it needs them). Unset: in-app notifications only.',
    ),
  SMTP_FROM: z
    .string()
    .trim()
    .min(3)
    .default('集采 Jicai <noreply@jicai.local>')
    .describe('Sender of e-mail notifications, e.g. "集采 <noreply@example.gov.cn>".'),
  DATA_DIR: z.string().min(1).default('.data').describe('Folder for the embedded database and uploaded files.'),
  SEAL_KEY: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(
      z
        .base64()
        .refine((v) => Buffer.from(v, 'base64').length === 32, '须为 32 字节密钥的 base64 (openssl rand -base64 32)')
        .optional(),
    )
    .optional()
    .describe('Master key (base64, 32 bytes) that wraps the keys of sealed quotes and bids. Unset: a key file created in DATA_DIR.'),
  SEAL_KEYS_RETIRED: keyList(
    z.base64().refine((v) => Buffer.from(v, 'base64').length === 32, '每个须为 32 字节密钥的 base64，以逗号分隔'),
  ).describe(
    'Seal keys replaced by a rotation (base64, comma-separated): they no longer wrap new keys but still unwrap the keys of quotes and tenders sealed before. See docs/operations.md.',
  ),
  AUDIT_SIGNING_KEY: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(
      z
        .base64()
        .refine(
          isEd25519PrivateKey,
          '须为 Ed25519 私钥的 PKCS#8 DER 的 base64 (openssl genpkey -algorithm ed25519 -outform DER | base64 -w0)',
        )
        .optional(),
    )
    .optional()
    .describe(
      'Ed25519 private key (base64 PKCS#8 DER) that signs the audit checkpoints; keep it outside the database. Unset: a key file created in DATA_DIR.',
    ),
  AUDIT_SIGNING_KEYS_RETIRED: keyList(
    z
      .base64()
      .refine(
        isEd25519PublicKey,
        '每个须为 Ed25519 公钥的 SPKI DER 的 base64（即轮换前 GET /api/public/audit/key 的 publicKey），以逗号分隔',
      ),
  ).describe(
    'Public keys (base64 SPKI DER, comma-separated) of audit signing keys replaced by a rotation: checkpoints they signed stay verifiable, and GET /api/public/audit/key lists them.',
  ),
  DEPOSIT_CALLBACK_SECRET: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(z.string().min(32, '须至少 32 个字符 (openssl rand -hex 32)').optional())
    .optional()
    .describe(
      "Shared secret (at least 32 characters) of the bank's auction-deposit payment callback, which signs each call with HMAC-SHA256. Unset: the callback is off and center staff record receipts.",
    ),
  RUN_WORKERS: bool('Run the BullMQ workers inside the API process (npm start). Set false when `npm run worker` runs them.', true),
  DEMO_DATA: bool('Load the demo data into an empty database at start.', true),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30).describe('A session unused this long ends.'),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(168)
    .default(12)
    .describe('A session ends this long after login, used or not.'),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15).describe('Window over which failed logins are counted.'),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(5)
    .describe('Failed logins per account from one client address per window before refusing that address.'),
  LOGIN_MAX_FAILURES_PER_ACCOUNT_TOTAL: z.coerce
    .number()
    .int()
    .min(1)
    .max(100000)
    .default(100)
    .describe('Failed logins per account from all addresses per window before refusing every address.'),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce
    .number()
    .int()
    .min(1)
    .max(10000)
    .default(30)
    .describe('Failed logins per client address per window before refusing.'),
  SEARCH_CACHE_TTL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(15_000)
    .describe('How long a catalogue search answer is served from the in-process cache (ms); 0 turns the cache off (cold benchmarks).'),
  SEARCH_CACHE_MB: z.coerce
    .number()
    .int()
    .min(1)
    .max(4096)
    .default(128)
    .describe("The search answer cache's size per API process (MB, least recently used dropped first)."),
  RATE_LIMIT_SEARCH_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(120)
    .describe('Catalogue searches (GET /api/search) per minute per signed-in user, or per client address when anonymous.'),
  RATE_LIMIT_EXPORT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(30)
    .describe('List exports (GET /api/export) per minute per user or address.'),
  RATE_LIMIT_OPEN_DATA_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(120)
    .describe('Open data requests (/api/ocds/*) per minute per user or address.'),
  RATE_LIMIT_PUBLIC_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(600)
    .describe('Requests to the public lists and pages (/api/public/*) per minute per user or address.'),
  RATE_LIMIT_STREAMS_PER_ADDRESS: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(20)
    .describe('Live event streams (server-sent events) open at once per user or address.'),
  COOKIE_SECURE: bool('Mark the session cookie Secure (set true behind HTTPS).', false),
  TRUST_PROXY: bool('Trust X-Forwarded-* headers from a reverse proxy.', false),
  METRICS_TOKEN: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(z.string().min(16, '至少 16 个字符').optional())
    .optional()
    .describe('Bearer token for GET /metrics (Prometheus). Unset: /metrics answers only requests from this machine.'),
  RECONCILE_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(60)
    .describe('How often the reconciler re-enqueues due work.'),
  JOB_STALL_SECONDS: z.coerce
    .number()
    .int()
    .min(2)
    .max(600)
    .default(30)
    .describe("How long a running job's lock lives without renewal: a job whose worker died is run again within about twice this."),
  WORKER_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(4)
    .describe('Jobs the deadlines queue and the background queue each run at once.'),
  RISK_WORKER_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(16)
    .default(1)
    .describe('Risk rule scans run at once (their own queue, apart from deadlines).'),
  RISK_RULE_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(120)
    .describe("Time budget of one risk rule's run (statement_timeout); a run cut off is recorded as timed_out."),
  RISK_RULE_MAX_ALERTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(10000)
    .default(200)
    .describe('Most alerts one risk rule raises per run (the most serious first); more is recorded as truncated.'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]*$/, '只能含小写字母、数字和连字符')
    .max(40)
    .default('')
    .describe('Prefix of the BullMQ queue names, so deployments (or test runs) sharing one Redis or database stay apart.'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level.'),
  SANDBOX_ACCELERATOR: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(
      z
        .string()
        .regex(/^[0-9]+$/, '须为整数（程序时限加快的倍数，如 1440：1 日按 1 分钟计）')
        .transform(Number)
        .pipe(z.number().int().min(2, '须不小于 2（不设则为正式环境）').max(86_400, '须不大于 86400（1 日按 1 秒计）'))
        .optional(),
    )
    .optional()
    .describe(
      'Sandbox (演练) mode for training: every procedure period runs this many times faster (1440: a day passes in a minute). Unset: a normal instance. A database remembers the mode it was first started in.',
    ),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`Invalid environment: ${issues.map((i) => `${i.variable}: ${i.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * In production (NODE_ENV=production) the defaults are the safe ones — no demo data, Secure cookies —
 * and the shared services and secrets are required: PostgreSQL and Redis (the embedded database is one
 * process on one disk), and SEAL_KEY and AUDIT_SIGNING_KEY from a secret store (a key file created on
 * one replica's disk is not another's). Weak values are refused by name.
 */
const productionDefaults = { DEMO_DATA: 'false', COOKIE_SECURE: 'true' } as const;
const WEAK_PASSWORDS = new Set(['postgres', 'password', 'jicai', 'changeme', 'change-me', 'secret', 'admin', '123456']);

function productionProblems(config: Config): { variable: string; message: string }[] {
  const problems: { variable: string; message: string }[] = [];
  const required = ['DATABASE_URL', 'REDIS_URL', 'SEAL_KEY', 'AUDIT_SIGNING_KEY'] as const;
  for (const variable of required) {
    if (!config[variable]) problems.push({ variable, message: 'required in production (NODE_ENV=production)' });
  }
  if (config.DATABASE_URL) {
    const url = new URL(config.DATABASE_URL);
    const password = decodeURIComponent(url.password);
    if (password.length < 12 || WEAK_PASSWORDS.has(password.toLowerCase()) || password === decodeURIComponent(url.username))
      problems.push({
        variable: 'DATABASE_URL',
        message: 'the database password is missing or weak (at least 12 characters, not a common word)',
      });
  }
  if (config.SEAL_KEY && new Set(Buffer.from(config.SEAL_KEY, 'base64')).size < 8)
    problems.push({ variable: 'SEAL_KEY', message: 'is not random (openssl rand -base64 32)' });
  if (config.MEILI_HOST && (!config.MEILI_API_KEY || config.MEILI_API_KEY.length < 16 || /change-?me/i.test(config.MEILI_API_KEY)))
    problems.push({
      variable: 'MEILI_API_KEY',
      message: 'required with MEILI_HOST in production: at least 16 characters, not the example value',
    });
  return problems;
}

/** Parses the environment; a wrong value throws a ConfigError that names the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
  const result = configSchema.safeParse(production ? { ...productionDefaults, ...given } : env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '?'), message: issue.message })));
  }
  const problems = production ? productionProblems(result.data) : [];
  if (problems.length) throw new ConfigError(problems);
  return result.data;
}

/** The table printed in the README: variable, default, description. */
export function describeConfig(): { variable: string; description: string }[] {
  return Object.entries(configSchema.shape).map(([variable, schema]) => ({
    variable,
    description: schema.description ?? '',
  }));
}

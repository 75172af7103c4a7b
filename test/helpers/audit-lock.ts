import pg from 'pg';
import { inject } from 'vitest';

const KEY = 7105844577519068012n;

/**
 * Test files share one database and run in parallel. A test that commits a forged audit entry for a while
 * (to run the verifier as its own process) holds this lock exclusively; a test that expects the whole
 * chain to verify holds it shared, so neither sees the other's half-way state.
 */
export async function withAuditLock<T>(mode: 'exclusive' | 'shared', fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  try {
    await client.query(mode === 'exclusive' ? 'select pg_advisory_lock($1)' : 'select pg_advisory_lock_shared($1)', [KEY.toString()]);
    return await fn();
  } finally {
    await client.query(mode === 'exclusive' ? 'select pg_advisory_unlock($1)' : 'select pg_advisory_unlock_shared($1)', [KEY.toString()]).catch(() => undefined);
    await client.end();
  }
}

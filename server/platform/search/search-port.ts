import { sql } from 'drizzle-orm';
import { Meilisearch } from 'meilisearch';
import type { Db } from '../../db/client.ts';

export interface SearchHealth {
  status: 'ok' | 'down';
  backend: 'postgres' | 'meilisearch';
  error?: string;
}

/**
 * Catalogue search behind one port: PostgreSQL full-text search by default, Meilisearch when
 * MEILI_HOST is set. The catalogue module adds indexing and querying to this port.
 */
export interface SearchPort {
  readonly backend: 'postgres' | 'meilisearch';
  health(): Promise<SearchHealth>;
  close(): Promise<void>;
}

export function postgresSearch(db: Db): SearchPort {
  return {
    backend: 'postgres',
    async health() {
      try {
        await db.execute(sql`select 1`);
        return { status: 'ok', backend: 'postgres' };
      } catch (error) {
        return { status: 'down', backend: 'postgres', error: error instanceof Error ? error.message : String(error) };
      }
    },
    async close() {},
  };
}

export function meiliSearch(host: string, apiKey: string | undefined): SearchPort {
  const client = new Meilisearch({ host, ...(apiKey ? { apiKey } : {}) });
  return {
    backend: 'meilisearch',
    async health() {
      try {
        await client.health();
        return { status: 'ok', backend: 'meilisearch' };
      } catch (error) {
        return { status: 'down', backend: 'meilisearch', error: error instanceof Error ? error.message : String(error) };
      }
    },
    async close() {},
  };
}

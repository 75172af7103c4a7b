import { customType, integer, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, jicai } from '../columns.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * Uploaded files (evidence, photos, product pictures), content-addressed by SHA-256 per area. Kept in
 * the database every API replica shares, so a file uploaded through one replica is served by any
 * other; the platform's storage port (server/platform/storage.ts) is the only reader and writer.
 */
export const storedFiles = jicai.table(
  'stored_files',
  {
    area: text('area').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.area, t.sha256] })],
);

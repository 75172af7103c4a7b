import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { storedFiles } from '../db/schema/index.ts';
import { RuleViolationError } from './errors.ts';
import { checkDocument, sanitizeImage, type ImageType } from './file-checks.ts';

/** Uploaded files, content-addressed by SHA-256 per area. */
export interface FileStore {
  /** Stores the content; with `tx`, in that transaction, so the file commits (or not) with the row that names it. */
  put(area: string, content: Buffer, tx?: DbOrTx): Promise<{ sha256: string; sizeBytes: number }>;
  /** With `tx`, read in that transaction (the embedded database has one session, which the transaction holds). */
  read(area: string, sha256: string, tx?: DbOrTx): Promise<Buffer>;
}

const checkRef = (area: string, sha256: string) => {
  if (!/^[a-z-]+$/.test(area) || !/^[0-9a-f]{64}$/.test(sha256)) throw new Error('bad file reference');
};

/**
 * Files in PostgreSQL (table stored_files), which every API replica shares: one upload is readable
 * through any replica behind the balancer, and a backup of the database holds the files with the rows
 * that name them. Files written by earlier versions under DATA_DIR/uploads/<area>/<sha256> are still
 * read from there when the table does not hold them.
 */
export function postgresFileStore(db: DbOrTx, opts: { legacyDir?: string } = {}): FileStore {
  const legacyRoot = opts.legacyDir ? path.resolve(opts.legacyDir, 'uploads') : null;
  return {
    async put(area, content, tx) {
      const sha256 = createHash('sha256').update(content).digest('hex');
      checkRef(area, sha256);
      // Inside the caller's transaction when it has one: a second connection would wait on the embedded
      // database's single session, which that transaction holds, for ever.
      await (tx ?? db).insert(storedFiles).values({ area, sha256, content, sizeBytes: content.length }).onConflictDoNothing();
      return { sha256, sizeBytes: content.length };
    },
    async read(area, sha256, tx) {
      checkRef(area, sha256);
      const [row] = await (tx ?? db)
        .select({ content: storedFiles.content })
        .from(storedFiles)
        .where(and(eq(storedFiles.area, area), eq(storedFiles.sha256, sha256)));
      if (row) return row.content;
      if (legacyRoot) return fs.readFile(path.join(legacyRoot, area, sha256));
      throw Object.assign(new Error('file not found'), { code: 'ENOENT' });
    },
  };
}

/**
 * An uploaded document (evidence): a PDF checked to its end, or a PNG/JPEG parsed and rewritten. The
 * declared type is not trusted; refusals name `field`. Store and serve the content this returns.
 */
export function acceptDocument(content: Buffer, field: string): { contentType: string; content: Buffer } {
  return checkDocument(content, field);
}

/** An uploaded picture: PNG or JPEG parsed to its end and rewritten, within the size limit; refusals name `file`. */
export function acceptImage(content: Buffer, maxBytes: number): { contentType: ImageType; content: Buffer } {
  if (content.length > maxBytes)
    throw new RuleViolationError('image too large', {
      fields: [{ field: 'file', message: `图片不能超过 ${Math.round(maxBytes / 1024 / 1024)} MB`, in: 'body' }],
    });
  return sanitizeImage(content, 'file');
}

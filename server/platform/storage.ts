import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { RuleViolationError } from './errors.ts';
import { checkDocument, sanitizeImage, type ImageType } from './file-checks.ts';

/** Uploaded files, content-addressed by SHA-256 under DATA_DIR/uploads/<area>/. */
export interface FileStore {
  put(area: string, content: Buffer): Promise<{ sha256: string; sizeBytes: number }>;
  read(area: string, sha256: string): Promise<Buffer>;
}

export function localFileStore(dataDir: string): FileStore {
  const root = path.resolve(dataDir, 'uploads');
  const fileOf = (area: string, sha256: string) => {
    if (!/^[a-z-]+$/.test(area) || !/^[0-9a-f]{64}$/.test(sha256)) throw new Error('bad file reference');
    return path.join(root, area, sha256);
  };
  return {
    async put(area, content) {
      const sha256 = createHash('sha256').update(content).digest('hex');
      const file = fileOf(area, sha256);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, content, { flag: 'w' });
      return { sha256, sizeBytes: content.length };
    },
    read: (area, sha256) => fs.readFile(fileOf(area, sha256)),
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

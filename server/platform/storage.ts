import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { RuleViolationError } from './errors.ts';

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

const signatures: { type: string; test: (b: Buffer) => boolean }[] = [
  { type: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { type: 'image/png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
];

/** The declared type is not trusted: the first bytes decide, and only document and image types pass. */
export function sniffDocumentType(content: Buffer, field: string): string {
  const match = signatures.find((s) => s.test(content));
  if (!match) {
    throw new RuleViolationError('unsupported file type', { fields: [{ field, message: '仅支持 PDF、PNG、JPEG 文件', in: 'body' }] });
  }
  return match.type;
}

/** An uploaded picture: PNG or JPEG by its first bytes, within the size limit; refusals name `file`. */
export function sniffImageType(content: Buffer, maxBytes: number): 'image/png' | 'image/jpeg' {
  const match = signatures.find((s) => s.type !== 'application/pdf' && s.test(content));
  if (!match) throw new RuleViolationError('not an image', { fields: [{ field: 'file', message: '仅支持 PNG、JPEG 图片', in: 'body' }] });
  if (content.length > maxBytes) throw new RuleViolationError('image too large', { fields: [{ field: 'file', message: `图片不能超过 ${Math.round(maxBytes / 1024 / 1024)} MB`, in: 'body' }] });
  return match.type as 'image/png' | 'image/jpeg';
}

import '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { BadRequestError } from './errors.ts';

/** The one uploaded file (field `file`) of a multipart request, read into memory within the size limit. */
export async function uploadedFile(request: FastifyRequest, maxBytes = 10 * 1024 * 1024) {
  const part = await request.file({ limits: { fileSize: maxBytes, files: 1 } }).catch(() => undefined);
  if (!part) throw new BadRequestError('a file is required', { fields: [{ field: 'file', message: '请选择要上传的文件', in: 'body' }] });
  const content = await part.toBuffer().catch(() => {
    throw new BadRequestError('file too large', {
      fields: [{ field: 'file', message: `文件不能超过 ${Math.round(maxBytes / 1024 / 1024)} MB`, in: 'body' }],
    });
  });
  return { filename: part.filename || 'upload', content };
}

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, problemTitles, type FieldProblem } from './errors.ts';

export const PROBLEM_TYPE_BASE = 'https://jicai.gov.cn/problems/';

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string(), in: z.string().optional() })).optional(),
});
export type Problem = z.infer<typeof problemSchema>;

/** Response schemas for the error statuses a route can answer, for the OpenAPI document. */
export function problemResponses<S extends number>(...statuses: S[]): Record<S, typeof problemSchema> {
  return Object.fromEntries(statuses.map((s) => [s, problemSchema])) as Record<S, typeof problemSchema>;
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  type: string,
  detail: string,
  errors?: FieldProblem[],
) {
  const body: Problem = {
    type: type === 'about:blank' ? type : `${PROBLEM_TYPE_BASE}${type}`,
    title: problemTitles[status] ?? 'Error',
    status,
    detail,
    instance: request.url,
    requestId: String(request.id),
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
  return reply.code(status).type('application/problem+json; charset=utf-8').send(body);
}

const contextToIn = (context: string | undefined): FieldProblem['in'] =>
  context === 'querystring' ? 'query' : context === 'params' ? 'params' : context === 'headers' ? 'headers' : 'body';

/** The one error handler: every failure leaves as problem+json; a stack trace never does. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields: FieldProblem[] = error.validation.map((issue) => {
        const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
        const missingKey = (issue.params as { issue?: { path?: unknown[] } } | undefined)?.issue?.path;
        return {
          field: path || (Array.isArray(missingKey) ? missingKey.join('.') : '') || '(root)',
          message: issue.message ?? 'invalid value',
          in: contextToIn(error.validationContext),
        };
      });
      return sendProblem(request, reply, 400, 'validation', `Invalid ${error.validationContext ?? 'request'}: ${fields.map((f) => f.field).join(', ')}`, fields);
    }
    if (error instanceof AppError) {
      for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
      if (error.status >= 500) request.log.error({ err: error }, error.message);
      // A short internal English message with Chinese field messages: the reader gets the field messages.
      const detail = error.fields?.length && /^[\x20-\x7e]*$/.test(error.message) ? error.fields.map((f) => f.message).join('；') : error.message;
      return sendProblem(request, reply, error.status, error.type, detail, error.fields);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its schema');
      return sendProblem(request, reply, 500, 'about:blank', 'The server could not produce a valid answer.');
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: malformed JSON, wrong content type, body too large, ...
      const fields: FieldProblem[] = error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? [{ field: '(body)', message: error.message, in: 'body' }] : [];
      return sendProblem(request, reply, status, status === 400 ? 'validation' : 'about:blank', error.message, fields);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, 500, 'about:blank', 'An unexpected error occurred; it has been logged with the request id.');
  });
}

/**
 * Headers for a file someone uploaded: the browser must take it for what it is and never run it, even
 * when opened on its own (a sandboxed, script-less document; no type sniffing).
 */
export function uploadedFileHeaders(reply: FastifyReply, disposition: 'inline' | 'attachment', filename: string) {
  const ascii = filename.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100) || 'file';
  return reply
    .header('content-disposition', `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('x-content-type-options', 'nosniff');
}

/**
 * A stored image, content-addressed, 304 when the browser already has it. `public` images (a product's)
 * are cached for a year by anyone; others (an asset's, whose access can change) only by the browser, and
 * revalidated each time so the access check runs.
 */
export function sendStoredImage(
  request: FastifyRequest,
  reply: FastifyReply,
  image: { contentType: string; sha256: string; content: Buffer },
  opts: { cache: 'public' | 'private'; name: string },
) {
  const extension = image.contentType === 'image/png' ? 'png' : 'jpg';
  uploadedFileHeaders(reply, 'inline', `${opts.name}.${extension}`);
  reply.header('cache-control', opts.cache === 'public' ? 'public, max-age=31536000, immutable' : 'private, no-cache').header('etag', `"${image.sha256}"`);
  if (request.headers['if-none-match'] === `"${image.sha256}"`) return reply.code(304).send(null);
  return reply.type(image.contentType).send(image.content);
}

import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, BadRequestError, problemTitles, UnsupportedMediaTypeError, type FieldProblem, type ProblemFacts } from './errors.ts';

// Simplified Chinese first: zod's own messages (where a schema sets none) in Chinese, like every other
// message the API writes ("数值过大：期望 number <=5", not "Too big: expected number to be <=5").
z.config(z.locales.zhCN());

export const PROBLEM_TYPE_BASE = 'https://jicai.gov.cn/problems/';

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string(), in: z.string().optional() })).optional(),
  /** What the refusal was judged against (an extension member): e.g. a refused bid's lot price and next minimum. */
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
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
  facts?: ProblemFacts,
) {
  const body: Problem = {
    type: type === 'about:blank' ? type : `${PROBLEM_TYPE_BASE}${type}`,
    title: problemTitles[status] ?? 'Error',
    status,
    detail,
    // The path as asked, cut short: a refused over-long URL is not echoed back whole.
    instance: request.url.length > 512 ? `${request.url.slice(0, 512)}…` : request.url,
    requestId: String(request.id),
    ...(errors && errors.length > 0 ? { errors } : {}),
    ...(facts ? { facts } : {}),
  };
  return reply.code(status).type('application/problem+json; charset=utf-8').send(body);
}

const contextToIn = (context: string | undefined): FieldProblem['in'] =>
  context === 'querystring' ? 'query' : context === 'params' ? 'params' : context === 'headers' ? 'headers' : 'body';

/**
 * A NUL, or half of a surrogate pair: text PostgreSQL refuses (text, jsonb) and no user types. And the
 * bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): invisible, they
 * make published text (a credit record, a notice, a supplier's name) read otherwise than it is stored.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this refuses
const UNSTORABLE = /\u0000|[\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Deeper than any form or document the product takes: a request nested further is refused, not walked. */
export const MAX_INPUT_DEPTH = 32;

/**
 * The first problem in a value, with its dotted path: a string that cannot be stored, or nesting deeper
 * than MAX_INPUT_DEPTH. Walked with a stack of its own, so no input can exhaust the call stack.
 */
export function inputProblem(value: unknown): { path: string; kind: 'unstorable' | 'too_deep' } | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      if (UNSTORABLE.test(item.value)) return { path: item.path || '(root)', kind: 'unstorable' };
      continue;
    }
    if (item.value === null || typeof item.value !== 'object' || Buffer.isBuffer(item.value)) continue;
    if (item.depth >= MAX_INPUT_DEPTH) return { path: item.path || '(root)', kind: 'too_deep' };
    const entries = Object.entries(item.value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, inner] = entries[i]!;
      const path = item.path ? `${item.path}.${key}` : key;
      if (UNSTORABLE.test(key)) return { path, kind: 'unstorable' };
      stack.push({ value: inner, path, depth: item.depth + 1 });
    }
  }
  return null;
}

/** The first string in a value that cannot be stored, with its dotted path. */
export function unstorableText(value: unknown): string | null {
  const problem = inputProblem(value);
  return problem?.kind === 'unstorable' ? problem.path : null;
}

/** PostgreSQL's error, wherever the driver or the ORM wrapped it. */
function databaseError(error: unknown): { code: string; detail?: string; column?: string; constraint?: string } | null {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code))
      return e as { code: string; detail?: string; column?: string; constraint?: string };
  }
  return null;
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * A database refusal that input caused, as the 4xx it is: a duplicate is a 409 naming its fields, a
 * missing referenced row a 422 naming the field, a value out of the column's range a 400. The services
 * check what they can first; this is the net under them, so no input reaches a 500.
 */
export function databaseProblem(error: unknown): { status: number; type: string; detail: string; fields: FieldProblem[] } | null {
  const pg = databaseError(error);
  if (!pg) return null;
  const keyFields = (pg.detail?.match(/^Key \(([^)]*)\)=/)?.[1] ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)
    .map(camel);
  switch (pg.code) {
    case '23505': {
      const fields = keyFields.length ? keyFields : ['(body)'];
      return {
        status: 409,
        type: 'conflict',
        detail: `已存在相同的记录：${fields.join('、')}`,
        fields: fields.map((field) => ({ field, message: '与已有记录重复', in: 'body' as const })),
      };
    }
    case '23503': {
      const fields = keyFields.length ? keyFields : ['(body)'];
      return {
        status: 422,
        type: 'rule-violation',
        detail: `引用的记录不存在：${fields.join('、')}`,
        fields: fields.map((field) => ({ field, message: '引用的记录不存在', in: 'body' as const })),
      };
    }
    case '23502':
    case '23514': {
      const field = pg.column ? camel(pg.column) : '(body)';
      return {
        status: 422,
        type: 'rule-violation',
        detail: `取值不符合要求：${field}`,
        fields: [{ field, message: '取值不符合要求', in: 'body' }],
      };
    }
    case '22001':
    case '22003':
    case '22007':
    case '22008':
    case '22021':
    case '22P02':
    case '22P05':
    case '2201B':
    case '54000': {
      const field = pg.column ? camel(pg.column) : '(body)';
      return {
        status: 400,
        type: 'validation',
        detail: `取值超出允许的范围或格式：${field}`,
        fields: [{ field, message: '取值超出允许的范围或格式', in: 'body' }],
      };
    }
    default:
      return null;
  }
}

/** The path parameter a route's 409/422 is about when the service named no field: the resource itself. */
function resourceField(request: FastifyRequest): FieldProblem {
  const params = Object.keys((request.params as Record<string, unknown> | undefined) ?? {});
  const last = params.at(-1);
  return last
    ? { field: last, message: '该记录当前的状态不允许此操作', in: 'params' }
    : { field: '(body)', message: '请求与当前状态冲突', in: 'body' };
}

/**
 * The record a 404 of a matched route could not find, as a path parameter: the one the message names —
 * "lot not found" on `/api/tenders/{id}/lots/{lotId}` is `lotId`, "tender not found" is `id` (the word before
 * it is `tenders`, "credit event" ends with the word before `events/{id}`) — or else the only one.
 */
function missingRecordField(request: FastifyRequest, message: string): FieldProblem[] {
  const params = Object.keys((request.params as Record<string, unknown> | undefined) ?? {}).filter((p) => p !== '*');
  const named = (field: string): FieldProblem[] => [{ field, message: '记录不存在或无权查看', in: 'params' }];
  const noun = /^([a-z][a-z ]*?) not found/i.exec(message)?.[1]?.replaceAll(' ', '').toLowerCase();
  const only = params.length === 1 ? named(params[0]!) : [];
  if (!noun) return only;
  const segments = (request.routeOptions.url ?? '').split('/');
  for (const [i, segment] of segments.entries()) {
    if (!segment.startsWith(':')) continue;
    const param = segment.slice(1);
    const before = (segments[i - 1] ?? '').replaceAll('-', '').toLowerCase().replace(/ies$/, 'y').replace(/s$/, '');
    if (params.includes(param) && (param.toLowerCase() === `${noun}id` || (before !== '' && noun.endsWith(before)))) return named(param);
  }
  return only;
}

/**
 * Text that cannot be stored is refused at the edge, naming the field, for every route at once: the
 * body, the query and the path, before any schema or handler sees them.
 */
export function registerInputGuard(app: FastifyInstance) {
  // A compressed body is not taken (the JSON parser would call it malformed): 415, naming the header.
  app.addHook('onRequest', async (request) => {
    const encoding = request.headers['content-encoding']?.trim().toLowerCase();
    if (encoding && encoding !== 'identity')
      throw new UnsupportedMediaTypeError(`Content-Encoding ${encoding} is not accepted`, {
        fields: [{ field: 'content-encoding', message: '请求体不接受压缩编码，请以未压缩的 JSON 发送', in: 'headers' }],
      });
  });
  app.addHook('preValidation', async (request) => {
    // An unmatched request (the 404 handler) reaches no handler and stores nothing: it stays a 404.
    if (!(request.routeOptions.config as { access?: unknown } | undefined)?.access) return;
    for (const [where, value] of [
      ['params', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      const problem = inputProblem(value);
      if (problem?.kind === 'unstorable')
        throw new BadRequestError(`field ${problem.path} holds a NUL, a bidirectional control or an unpaired surrogate`, {
          fields: [{ field: problem.path, message: '含有无法保存的字符（NUL、双向文本控制符或不成对的代理项）', in: where }],
        });
      if (problem?.kind === 'too_deep')
        throw new BadRequestError(`field ${problem.path} is nested deeper than ${MAX_INPUT_DEPTH} levels`, {
          fields: [{ field: problem.path, message: `嵌套层级超过 ${MAX_INPUT_DEPTH} 层`, in: where }],
        });
    }
  });
}

/** Errors the framework raises before a route is matched (a bad or too long path), as problem+json. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = typeof error.statusCode === 'number' ? error.statusCode : 400;
  const message = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? '路径参数过长' : '路径无法解析';
  return sendProblem(request, reply, status, status === 400 ? 'validation' : 'about:blank', message, [
    { field: 'path', message, in: 'params' },
  ]);
}

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
      return sendProblem(
        request,
        reply,
        400,
        'validation',
        // The reader's detail: the fields' own messages (Chinese), as for the service's refusals below.
        [...new Set(fields.map((f) => f.message))].join('；'),
        fields,
      );
    }
    if (error instanceof AppError) {
      for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
      if (error.status >= 500) request.log.error({ err: error }, error.message);
      // A short internal English message with Chinese field messages: the reader gets the field messages.
      const fields =
        error.fields.length === 0 && (error.status === 409 || error.status === 422)
          ? [{ ...resourceField(request), message: error.message }]
          : error.fields.length === 0 && error.status === 404
            ? missingRecordField(request, error.message)
            : error.fields;
      const detail =
        error.fields?.length && /^[\x20-\x7e]*$/.test(error.message)
          ? [...new Set(error.fields.map((f) => f.message))].join('；')
          : error.message;
      return sendProblem(request, reply, error.status, error.type, detail, fields, error.facts);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its schema');
      return sendProblem(request, reply, 500, 'about:blank', 'The server could not produce a valid answer.');
    }
    const fromDatabase = databaseProblem(error);
    if (fromDatabase) {
      request.log.warn({ err: error }, 'input refused by the database');
      return sendProblem(request, reply, fromDatabase.status, fromDatabase.type, fromDatabase.detail, fromDatabase.fields);
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: malformed JSON, wrong content type, body too large, ...
      const fields: FieldProblem[] = [{ field: '(body)', message: error.message, in: 'body' }];
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
 * A 200 whose body this route's serializer already produced (`reply.serialize`, checked against the route's
 * response schema then): sent as it is, as JSON, without serializing it again.
 */
export function sendSerialized(reply: FastifyReply, body: string) {
  return reply.type('application/json; charset=utf-8').send(body);
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
  const extension = ({ 'image/png': 'png', 'image/webp': 'webp' } as Record<string, string>)[image.contentType] ?? 'jpg';
  uploadedFileHeaders(reply, 'inline', `${opts.name}.${extension}`);
  reply
    .header('cache-control', opts.cache === 'public' ? 'public, max-age=31536000, immutable' : 'private, no-cache')
    .header('etag', `"${image.sha256}"`);
  if (request.headers['if-none-match'] === `"${image.sha256}"`) return reply.code(304).send(null);
  return reply.type(image.contentType).send(image.content);
}

/**
 * A request Node cannot even parse (a request line not starting with `/`, headers too large) is answered
 * on the socket before Fastify sees it: as problem+json too, naming what could not be read.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket) {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const title = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
  const field = status === 431 ? 'headers' : 'request';
  const body = JSON.stringify({
    type: 'about:blank',
    title,
    status,
    detail: '请求无法解析 (the request could not be read)',
    errors: [{ field, message: '请求行或请求头格式不正确', in: 'headers' }],
  });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

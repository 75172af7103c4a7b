import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../../platform/http.ts';
import { pageOf, pageQuery } from '../../../contracts/paging.ts';
import { auditEntrySchema, auditListQuery } from '../../../contracts/audit.schemas.ts';
import type { AuditService } from './audit.service.ts';

const verificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBroken: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
  checkpoints: z.object({
    valid: z.number().int(),
    anchoredThrough: z
      .number()
      .int()
      .describe(
        'A rewrite of any entry up to this seq is found and the first changed entry named; later entries are checked for consistency only.',
      ),
    fileFound: z.boolean(),
    problems: z.array(
      z.object({ source: z.enum(['file', 'table']), ref: z.string(), seq: z.number().int().nullable(), reason: z.string() }),
    ),
  }),
});

const checkpointSchema = z.object({
  id: z.number().int(),
  seq: z.number().int().describe('The chain head this checkpoint signs: entry seq …'),
  hash: z.string().describe('… and its hash'),
  signedAt: z.string(),
  prevSeq: z.number().int().describe('The signed span covers entries prevSeq+1 … seq'),
  reason: z.string(),
  keyId: z.string(),
  signature: z.string().describe('Ed25519 over signedPayload, base64'),
  signedPayload: z.string().describe('The exact UTF-8 text signed (includes the SHA-256 of the span of entry hashes)'),
});

const keySchema = z.object({
  algorithm: z.literal('Ed25519'),
  keyId: z.string(),
  publicKey: z.string().describe('SPKI DER, base64'),
  publicKeyPem: z.string(),
  retired: z
    .array(z.object({ keyId: z.string(), publicKey: z.string().describe('SPKI DER, base64'), publicKeyPem: z.string() }))
    .describe('Keys replaced by a rotation; a checkpoint names its key by keyId'),
});

export const auditRoutes =
  (deps: { audit: AuditService }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/admin/audit',
      {
        config: { access: { roles: ['admin'] } },
        schema: {
          tags: ['admin'],
          summary:
            'Audit chain entries, newest first, each with the names a reader words it by; filtered by person, organization, action, thing and day',
          description:
            'A submission to a process still sealed (a bid, a quote) shows neither who made it nor to which process, and matches no filter on person, organization or process, until the opening. Export it with GET /api/export?path=/api/admin/audit?….',
          querystring: auditListQuery,
          response: { 200: pageOf(auditEntrySchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => deps.audit.listEntries(request.query),
    );

    app.get(
      '/api/public/audit/checkpoints',
      {
        config: { access: { public: true } },
        schema: {
          tags: ['public'],
          summary: 'Signed checkpoints of the audit chain, oldest first',
          querystring: pageQuery,
          response: { 200: pageOf(checkpointSchema), ...problemResponses(400) },
        },
      },
      async (request) => deps.audit.listCheckpoints(request.query),
    );

    app.get(
      '/api/public/audit/key',
      {
        config: { access: { public: true } },
        schema: {
          tags: ['public'],
          summary: 'The public keys that verify the audit checkpoints: the current one and those replaced by a rotation',
          response: { 200: keySchema },
        },
      },
      async () => deps.audit.publicKey(),
    );

    app.post(
      '/api/admin/audit/verify',
      {
        config: { access: { roles: ['admin'] } },
        schema: {
          tags: ['admin'],
          summary: 'Recompute the audit chain, check every signed checkpoint, and name the first changed entry',
          response: { 200: verificationSchema, ...problemResponses(401, 403) },
        },
      },
      async () => deps.audit.verify(),
    );
  };

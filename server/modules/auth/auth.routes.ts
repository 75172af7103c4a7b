import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { clearSessionCookie, requireAuth, SESSION_COOKIE, setSessionCookie } from '../../platform/auth.ts';
import { problemResponses } from '../../platform/http.ts';
import { loginBody, sessionResponse } from '../../../contracts/auth.schemas.ts';
import { toSessionResponse, type AuthService } from './auth.service.ts';

export const authRoutes =
  (deps: { auth: AuthService; config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/auth/login',
      {
        config: { access: { public: true } },
        schema: {
          tags: ['auth'],
          summary: 'Log in with username and password; sets the session cookie',
          body: loginBody,
          response: { 200: sessionResponse, ...problemResponses(400, 401, 429) },
        },
      },
      async (request, reply) => {
        const { token, session } = await deps.auth.login(request.body, {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          previousToken: request.cookies[SESSION_COOKIE],
        });
        setSessionCookie(reply, deps.config, token);
        return session;
      },
    );

    app.post(
      '/api/auth/logout',
      {
        config: { access: { authenticated: true } },
        schema: { tags: ['auth'], summary: 'End the current session', response: { 204: z.null(), ...problemResponses(401, 403) } },
      },
      async (request, reply) => {
        await deps.auth.logout(requireAuth(request));
        clearSessionCookie(reply, deps.config);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/auth/me',
      {
        config: { access: { authenticated: true } },
        schema: { tags: ['auth'], summary: 'The current session', response: { 200: sessionResponse, ...problemResponses(401) } },
      },
      async (request) => toSessionResponse(requireAuth(request)),
    );

    // The storefront asks this on every page: logged out is an answer (200, null), not a 401 that the
    // browser would log as a failed request on every public page.
    app.get(
      '/api/auth/session',
      {
        config: { access: { public: true } },
        schema: {
          tags: ['auth'],
          summary: 'The current session, or null when nobody is logged in',
          response: { 200: z.object({ session: sessionResponse.nullable() }) },
        },
      },
      async (request) => ({ session: request.auth ? toSessionResponse(request.auth) : null }),
    );
  };

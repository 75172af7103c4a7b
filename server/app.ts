import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import multipart from '@fastify/multipart';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { createAuthService } from './modules/auth/auth.service.ts';
import { categoriesRoutes } from './modules/categories/categories.routes.ts';
import { catalogueRoutes } from './modules/catalogue/catalogue.routes.ts';
import { creditRoutes } from './modules/credit/credit.routes.ts';
import { ordersRoutes } from './modules/orders/orders.routes.ts';
import { orderTrackingRoutes } from './modules/orders/orders.tracking.routes.ts';
import { liveRoutes } from './modules/live/live.routes.ts';
import { quotationsRoutes } from './modules/quotations/quotations.routes.ts';
import { frameworkCallRoutes, frameworkParticipantRoutes, frameworkReadRoutes } from './modules/frameworks/frameworks.routes.ts';
import { assetsRoutes } from './modules/assets/assets.routes.ts';
import { auctionsRoutes } from './modules/auctions/auctions.routes.ts';
import { tendersRoutes } from './modules/tenders/tenders.routes.ts';
import { procedureRoutes } from './modules/tenders/tenders.rounds.routes.ts';
import { tenderFileRoutes } from './modules/tenders/tenders.files.routes.ts';
import { ocdsRoutes } from './modules/ocds/ocds.routes.ts';
import { dashboardsRoutes } from './modules/dashboards/dashboards.routes.ts';
import { riskRoutes } from './modules/risk/risk.routes.ts';
import { workbenchRoutes } from './modules/workbench/workbench.routes.ts';
import { savedFiltersRoutes } from './modules/saved-filters/saved-filters.routes.ts';
import { policyValuesRoutes } from './modules/reference/policy-values.routes.ts';
import { exportsRoutes, registerExportGuard } from './modules/exports/exports.routes.ts';
import { createOcdsService } from './modules/ocds/ocds.service.ts';
import { expertsRoutes } from './modules/experts/experts.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { organizationsRoutes } from './modules/organizations/organizations.routes.ts';
import { plansRoutes } from './modules/plans/plans.routes.ts';
import { notificationsRoutes } from './modules/notifications/notifications.routes.ts';
import { createServices } from './services.ts';
import { registerAuth } from './platform/auth.ts';
import { clientErrorHandler, frameworkErrors, registerErrorHandling, registerInputGuard, sendProblem } from './platform/http.ts';
import type { JobSystem } from './platform/queue/job-system.ts';
import type { SearchPort } from './platform/search/search-port.ts';
import { registerRateLimits } from './platform/rate-limit.ts';
import type { RateLimitStore } from './platform/rate-limit-store.ts';
import { projectRoot } from './paths.ts';
import { registerMetrics } from './platform/metrics.ts';
import { NotFoundError } from './platform/errors.ts';

export interface AppDeps {
  config: Config;
  database: Database;
  /** 'pglite' for the embedded default, 'postgres' for a server; shown by /api/health. */
  databaseBackend: 'pglite' | 'postgres';
  jobs: JobSystem;
  search: SearchPort;
  /** Rate-limit counters shared by every instance: Redis when REDIS_URL is set, PostgreSQL otherwise. */
  limits: RateLimitStore;
  /** Folder of the built storefront; served at / when it exists. */
  webDist?: string;
}

export const defaultWebDist = path.join(projectRoot, 'web/dist');

/** The path as the router reads it; a path with bad escapes is left as sent. */
function decodedPath(url: string): string {
  const raw = url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the whole HTTP app without listening: main.ts listens, tests inject. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const app = Fastify({
    logger:
      config.LOG_LEVEL === 'silent'
        ? false
        : { level: config.LOG_LEVEL, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers.authorization'] },
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 2 * 1024 * 1024,
    requestIdHeader: false,
    // A path the router cannot read (bad escapes, a parameter over its length) is problem+json too.
    frameworkErrors,
    clientErrorHandler,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerErrorHandling(app);
  registerInputGuard(app);
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: config.COOKIE_SECURE,
  });

  /** What each tag of the published document covers (Redocly's tag-description rule). */
  const tagDescriptions: Record<string, string> = {
    admin: 'Platform administration: organizations, users and the audit chain.',
    assets: '公物仓: surplus state assets, their photos, the reallocation window and requests (调剂).',
    auctions: 'Auctions of warehouse assets nobody took up: lots, registration with a deposit, bids, payment.',
    auth: 'Login, logout and the current session (cookie `jicai_sid`, CSRF token for writes).',
    catalogue: '电子卖场: the 品目 tree, standard products, framework agreements and product search.',
    credit: '信用: supplier credit events, appeals, exclusion lists, eligibility and the credit score.',
    dashboards: 'Policy dashboards and their figures, with CSV or XLSX exports.',
    experts: 'The evaluation expert pool: experts, specialties, ratings, suspension and removal.',
    exports: 'Any list the caller may read, as CSV or XLSX.',
    listings: "Suppliers' catalogue listings, their review by the center, price governance and imports.",
    notifications: "The caller's and their organization's notifications.",
    'open data': 'OCDS 1.1.5 release and record packages, bulk downloads and the paged release feed.',
    plans: '采购意向公开 (procurement intentions) and annual procurement plans with their approval by the finance department.',
    orders: '下单: the cart, checkout with policy findings, approvals and the order lifecycle.',
    organizations: 'Organization records, purchasing units and their budget lines.',
    public: 'Announcements, results, receipt checks, the credit lookup and audit checkpoints: no session needed.',
    quotations: '网上竞价: requirements, sealed quotes with receipts, opening and award.',
    frameworks: '框架协议采购 (财政部令第110号): calls for admission, sealed responses, admission, open-entry joins, rotation call-offs.',
    risk: 'Risk rules, their scans and the alerts they raise, with notes and assignment.',
    'saved-filters': "常用筛选: each user's own named filters of the orders, quotations and tenders lists.",
    system: 'Health of the database, queue and search engine.',
    tenders: 'Electronic tenders: documents, clarifications, sealed bids, opening, committee evaluation, award, challenges and contracts.',
    workbench: "Role homes: the caller's to-dos by deadline, from every process it takes part in.",
  };
  // Every operation gets a stable operationId from its method and path, and every tag it uses is declared:
  // other systems generate clients from this document.
  const tags = new Set<string>();
  app.addHook('onRoute', (route) => {
    if (!route.schema || !route.url.startsWith('/api/')) return;
    const method = String(Array.isArray(route.method) ? route.method[0] : route.method).toLowerCase();
    const words = route.url
      .replace(/^\/api\//, '')
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean);
    const schema = route.schema as { operationId?: string; tags?: string[] };
    schema.operationId ??= method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
    for (const tag of schema.tags ?? []) tags.add(tag);
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Jicai 集采 API',
        version: '0.1.0',
        description: 'Government procurement e-marketplace. Errors are application/problem+json.',
      },
      servers: [{ url: config.PUBLIC_URL ?? `http://localhost:${config.PORT}` }],
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'jicai_sid' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: (document) =>
      'openapiObject' in document
        ? {
            ...document.openapiObject,
            tags: [...tags].sort().map((name) => (tagDescriptions[name] ? { name, description: tagDescriptions[name] } : { name })),
          }
        : document.swaggerObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  registerAuth(app, { db: database.db, config });
  registerExportGuard(app);
  registerRateLimits(app, { config, limits: deps.limits });

  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 10 } });

  const services = createServices({ config, db: database.db, jobs: deps.jobs, search: deps.search });
  app.addHook('onClose', async () => services.lotWatch.close());
  app.addHook('onClose', async () => services.processWatch.close());
  await app.register(healthRoutes({ db: database.db, jobs: deps.jobs, search: deps.search, databaseBackend: deps.databaseBackend }));
  registerMetrics(app, { pool: database.pool, jobs: deps.jobs, token: deps.config.METRICS_TOKEN });
  await app.register(authRoutes({ auth: createAuthService({ db: database.db, config, limits: deps.limits }), config }));
  await app.register(organizationsRoutes({ organizations: services.organizations }));
  await app.register(auditRoutes({ audit: services.audit }));
  await app.register(categoriesRoutes({ categories: services.categories }));
  await app.register(creditRoutes({ db: database.db, credit: services.credit, views: services.creditViews }));
  await app.register(
    expertsRoutes({ experts: services.experts, accounts: services.expertAccounts, affiliations: services.expertAffiliations }),
  );
  await app.register(ordersRoutes({ orders: services.orders }));
  await app.register(orderTrackingRoutes({ orders: services.orders }));
  await app.register(
    liveRoutes({
      db: database.db,
      watch: services.processWatch,
      mayWatch: {
        order: (auth, id) => (auth ? services.orders.shipments.partyOrder(auth, id) : Promise.reject(new NotFoundError('not found'))),
        quotation: (auth, id) =>
          auth?.roles.some((r) => r === 'purchaser' || r === 'approver' || r === 'regulator')
            ? services.quotations.get(auth, id).catch(() => services.quotations.getPublic(id))
            : services.quotations.getPublic(id),
        tender: (auth, id) => services.tenders.get(auth, id),
        auction_lot: (_auth, id) => services.auctions.getPublic(id),
      },
    }),
  );
  await app.register(quotationsRoutes({ quotations: services.quotations }));
  await app.register(frameworkReadRoutes({ frameworks: services.frameworks }));
  await app.register(frameworkCallRoutes({ frameworks: services.frameworks }));
  await app.register(frameworkParticipantRoutes({ frameworks: services.frameworks }));
  await app.register(assetsRoutes({ assets: services.assets }));
  await app.register(
    auctionsRoutes({ auctions: services.auctions, watch: services.lotWatch, depositCallbackSecret: config.DEPOSIT_CALLBACK_SECRET }),
  );
  await app.register(
    ocdsRoutes({ ocds: createOcdsService({ db: database.db, baseUrl: config.PUBLIC_URL ?? `http://localhost:${config.PORT}` }) }),
  );
  await app.register(dashboardsRoutes({ dashboards: services.dashboards }));
  await app.register(workbenchRoutes({ workbench: services.workbench }));
  await app.register(savedFiltersRoutes({ savedFilters: services.savedFilters }));
  await app.register(riskRoutes({ risk: services.risk }));
  await app.register(policyValuesRoutes({ policyValues: services.policyValues }));
  await app.register(exportsRoutes());
  await app.register(
    tendersRoutes({
      tenders: services.tenders,
      experts: services.expertDraw,
      evaluation: services.tenderEvaluation,
      complaints: services.tenderComplaints,
    }),
  );
  await app.register(procedureRoutes({ procedures: services.tenderProcedures }));
  await app.register(tenderFileRoutes({ db: database.db, files: services.tenderFiles }));
  await app.register(notificationsRoutes({ notifications: services.notifications }));
  await app.register(plansRoutes({ plans: services.plans }));
  await app.register(
    catalogueRoutes({
      db: database.db,
      catalogue: services.catalogue,
      listings: services.listings,
      bulk: services.listingsBulk,
      search: services.search,
    }),
  );

  const webDist = deps.webDist ?? defaultWebDist;
  const hasWeb = fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      setHeaders: (res, filePath) => {
        // Hashed assets never change; index.html must always be revalidated.
        res.header('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const pathname = decodedPath(request.url).toLowerCase();
    const isPage = request.method === 'GET' && !pathname.startsWith('/api/') && !pathname.startsWith('/docs');
    if (isPage && hasWeb && (request.headers.accept ?? '').includes('text/html')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(request, reply, 404, 'not-found', `No route for ${request.method} ${request.url.split('?')[0]}`);
  });

  return app;
}

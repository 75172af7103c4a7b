import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { notifications, roles, type Role } from '../../server/db/schema/index.ts';
import { notify } from '../../server/modules/notifications/notifications.service.ts';
import { registerAuth } from '../../server/platform/auth.ts';
import { client, createTestContext, type TestContext } from '../helpers/context.ts';
import { actor, createBudgetLine, createOrg, type Actor } from '../helpers/factories.ts';

let ctx: TestContext;
const actors = {} as Record<Role, Actor>;
let otherUnitId: string;
let otherSupplierId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  for (const role of roles) actors[role] = await actor(ctx.app, ctx.database.db, role);
  const otherUnit = await createOrg(ctx.database.db, 'purchasing_unit');
  otherUnitId = otherUnit.id;
  await createBudgetLine(ctx.database.db, otherUnit.id, 10_000_000);
  await createBudgetLine(ctx.database.db, actors.purchaser.orgId, 20_000_000);
  otherSupplierId = (await createOrg(ctx.database.db, 'supplier')).id;
});
afterAll(() => ctx.close());

type Probe = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: () => string;
  openapi: string;
  allowed: Role[] | 'public' | 'any';
  body?: unknown;
};

/** Every /api route this issue adds, with who may call it. The last test checks nothing is missing. */
const probes: Probe[] = [
  { method: 'GET', url: () => '/api/health', openapi: '/api/health', allowed: 'public' },
  { method: 'GET', url: () => '/api/health/live', openapi: '/api/health/live', allowed: 'public' },
  { method: 'GET', url: () => '/api/health/ready', openapi: '/api/health/ready', allowed: 'public' },
  { method: 'GET', url: () => '/api/categories', openapi: '/api/categories', allowed: 'public' },
  { method: 'GET', url: () => '/api/public/stats', openapi: '/api/public/stats', allowed: 'public' },
  { method: 'POST', url: () => '/api/auth/login', openapi: '/api/auth/login', allowed: 'public', body: { username: 'x', password: 'y' } },
  { method: 'GET', url: () => '/api/auth/me', openapi: '/api/auth/me', allowed: 'any' },
  { method: 'GET', url: () => '/api/auth/session', openapi: '/api/auth/session', allowed: 'public' },
  { method: 'POST', url: () => '/api/auth/logout', openapi: '/api/auth/logout', allowed: 'any' },
  { method: 'GET', url: () => `/api/organizations/${actors.admin.orgId}`, openapi: '/api/organizations/{id}', allowed: 'any' },
  {
    method: 'GET',
    url: () => `/api/organizations/${actors.purchaser.orgId}/budget-lines`,
    openapi: '/api/organizations/{id}/budget-lines',
    allowed: ['purchaser', 'approver', 'regulator', 'admin'],
  },
  {
    method: 'GET',
    url: () => `/api/organizations/${actors.purchaser.orgId}/budget-lines/${ZERO}/movements`,
    openapi: '/api/organizations/{id}/budget-lines/{lineId}/movements',
    allowed: ['purchaser', 'approver', 'regulator', 'admin'],
  },
  {
    method: 'POST',
    url: () => `/api/organizations/${otherUnitId}/budget-lines`,
    openapi: '/api/organizations/{id}/budget-lines',
    allowed: ['regulator', 'admin'],
    body: {},
  },
  { method: 'GET', url: () => '/api/admin/organizations', openapi: '/api/admin/organizations', allowed: ['admin'] },
  { method: 'POST', url: () => '/api/admin/organizations', openapi: '/api/admin/organizations', allowed: ['admin'], body: {} },
  { method: 'GET', url: () => '/api/admin/users', openapi: '/api/admin/users', allowed: ['admin'] },
  { method: 'POST', url: () => '/api/admin/users', openapi: '/api/admin/users', allowed: ['admin'], body: {} },
  { method: 'PATCH', url: () => `/api/admin/users/${actors.admin.userId}`, openapi: '/api/admin/users/{id}', allowed: ['admin'], body: {} },
  { method: 'GET', url: () => '/api/admin/audit', openapi: '/api/admin/audit', allowed: ['admin'] },
  { method: 'POST', url: () => '/api/admin/audit/verify', openapi: '/api/admin/audit/verify', allowed: ['admin'] },
  { method: 'GET', url: () => '/api/public/audit/checkpoints', openapi: '/api/public/audit/checkpoints', allowed: 'public' },
  { method: 'GET', url: () => '/api/public/audit/key', openapi: '/api/public/audit/key', allowed: 'public' },
  { method: 'GET', url: () => '/api/public/instance', openapi: '/api/public/instance', allowed: 'public' },
  { method: 'GET', url: () => '/api/public/credit?q=华信', openapi: '/api/public/credit', allowed: 'public' },
  { method: 'POST', url: () => '/api/credit/events', openapi: '/api/credit/events', allowed: ['regulator', 'center_staff'], body: {} },
  { method: 'GET', url: () => '/api/credit/events', openapi: '/api/credit/events', allowed: ['regulator', 'center_staff'] },
  {
    method: 'POST',
    url: () => `/api/credit/events/${ZERO}/confirm`,
    openapi: '/api/credit/events/{id}/confirm',
    allowed: ['regulator'],
    body: {},
  },
  {
    method: 'POST',
    url: () => `/api/credit/events/${ZERO}/revoke`,
    openapi: '/api/credit/events/{id}/revoke',
    allowed: ['regulator'],
    body: {},
  },
  {
    method: 'POST',
    url: () => `/api/credit/events/${ZERO}/evidence`,
    openapi: '/api/credit/events/{id}/evidence',
    allowed: ['regulator', 'center_staff'],
  },
  { method: 'GET', url: () => `/api/credit/evidence/${ZERO}`, openapi: '/api/credit/evidence/{id}', allowed: 'any' },
  {
    method: 'POST',
    url: () => `/api/credit/events/${ZERO}/appeals`,
    openapi: '/api/credit/events/{id}/appeals',
    allowed: ['supplier'],
    body: {},
  },
  { method: 'GET', url: () => '/api/credit/appeals', openapi: '/api/credit/appeals', allowed: ['regulator', 'supplier'] },
  {
    method: 'POST',
    url: () => `/api/credit/appeals/${ZERO}/decision`,
    openapi: '/api/credit/appeals/{id}/decision',
    allowed: ['regulator'],
    body: {},
  },
  { method: 'GET', url: () => '/api/credit/exclusions', openapi: '/api/credit/exclusions', allowed: ['regulator', 'center_staff'] },
  { method: 'POST', url: () => '/api/credit/exclusions', openapi: '/api/credit/exclusions', allowed: ['regulator'], body: {} },
  {
    method: 'POST',
    url: () => `/api/credit/exclusions/${ZERO}/lift`,
    openapi: '/api/credit/exclusions/{id}/lift',
    allowed: ['regulator'],
    body: {},
  },
  { method: 'POST', url: () => '/api/credit/imports', openapi: '/api/credit/imports', allowed: ['regulator'] },
  {
    method: 'GET',
    url: () => `/api/credit/suppliers/${actors.supplier.orgId}/record`,
    openapi: '/api/credit/suppliers/{id}/record',
    allowed: ['supplier', 'regulator', 'center_staff'],
  },
  {
    method: 'GET',
    url: () => `/api/credit/eligibility?supplierId=${actors.supplier.orgId}&action=bid`,
    openapi: '/api/credit/eligibility',
    allowed: ['supplier', 'regulator', 'center_staff', 'purchaser', 'approver'],
  },
  { method: 'GET', url: () => '/api/experts', openapi: '/api/experts', allowed: ['center_staff', 'regulator'] },
  { method: 'GET', url: () => '/api/policy-values', openapi: '/api/policy-values', allowed: ['regulator', 'center_staff'] },
  { method: 'POST', url: () => '/api/policy-values', openapi: '/api/policy-values', allowed: ['regulator'], body: {} },
  { method: 'GET', url: () => '/api/experts/me', openapi: '/api/experts/me', allowed: ['expert'] },
  { method: 'GET', url: () => `/api/experts/${ZERO}`, openapi: '/api/experts/{id}', allowed: ['center_staff', 'regulator'] },
  { method: 'POST', url: () => '/api/experts', openapi: '/api/experts', allowed: ['center_staff'], body: {} },
  {
    method: 'POST',
    url: () => `/api/experts/${ZERO}/status`,
    openapi: '/api/experts/{id}/status',
    allowed: ['center_staff', 'regulator'],
    body: {},
  },
  { method: 'POST', url: () => `/api/experts/${ZERO}/ratings`, openapi: '/api/experts/{id}/ratings', allowed: ['center_staff'], body: {} },
  {
    method: 'GET',
    url: () => `/api/experts/${ZERO}/account`,
    openapi: '/api/experts/{id}/account',
    allowed: ['center_staff', 'regulator'],
  },
  { method: 'POST', url: () => `/api/experts/${ZERO}/account`, openapi: '/api/experts/{id}/account', allowed: ['center_staff'], body: {} },
  { method: 'DELETE', url: () => `/api/experts/${ZERO}/account`, openapi: '/api/experts/{id}/account', allowed: ['center_staff'] },
  { method: 'GET', url: () => '/api/experts/me/affiliations', openapi: '/api/experts/me/affiliations', allowed: ['expert'] },
  { method: 'POST', url: () => '/api/experts/me/affiliations', openapi: '/api/experts/me/affiliations', allowed: ['expert'], body: {} },
  {
    method: 'DELETE',
    url: () => `/api/experts/me/affiliations/${ZERO}`,
    openapi: '/api/experts/me/affiliations/{affiliationId}',
    allowed: ['expert'],
  },
  {
    method: 'GET',
    url: () => `/api/experts/${ZERO}/affiliations`,
    openapi: '/api/experts/{id}/affiliations',
    allowed: ['center_staff', 'regulator'],
  },
  {
    method: 'POST',
    url: () => `/api/experts/${ZERO}/affiliations/${ZERO}/review`,
    openapi: '/api/experts/{id}/affiliations/{affiliationId}/review',
    allowed: ['center_staff'],
    body: {},
  },
  { method: 'GET', url: () => '/api/search?q=电脑', openapi: '/api/search', allowed: 'public' },
  { method: 'GET', url: () => `/api/products/${ZERO}`, openapi: '/api/products/{id}', allowed: 'public' },
  { method: 'GET', url: () => `/api/products/${ZERO}/images/${ZERO}`, openapi: '/api/products/{id}/images/{imageId}', allowed: 'public' },
  { method: 'GET', url: () => '/api/products', openapi: '/api/products', allowed: ['center_staff', 'supplier', 'regulator'] },
  { method: 'GET', url: () => `/api/products/${ZERO}/offer-checks`, openapi: '/api/products/{id}/offer-checks', allowed: ['purchaser'] },
  { method: 'POST', url: () => '/api/products', openapi: '/api/products', allowed: ['center_staff'], body: {} },
  { method: 'PUT', url: () => `/api/products/${ZERO}`, openapi: '/api/products/{id}', allowed: ['center_staff'], body: {} },
  { method: 'POST', url: () => `/api/products/${ZERO}/images`, openapi: '/api/products/{id}/images', allowed: ['center_staff'] },
  { method: 'GET', url: () => '/api/agreements', openapi: '/api/agreements', allowed: ['center_staff', 'supplier', 'regulator'] },
  { method: 'POST', url: () => '/api/agreements', openapi: '/api/agreements', allowed: ['center_staff'], body: {} },
  {
    method: 'POST',
    url: () => `/api/agreements/${ZERO}/amend`,
    openapi: '/api/agreements/{id}/amend',
    allowed: ['center_staff'],
    body: {},
  },
  { method: 'POST', url: () => `/api/agreements/${ZERO}/end`, openapi: '/api/agreements/{id}/end', allowed: ['center_staff'], body: {} },
  { method: 'GET', url: () => '/api/listings', openapi: '/api/listings', allowed: ['supplier', 'center_staff', 'regulator'] },
  { method: 'POST', url: () => '/api/listings', openapi: '/api/listings', allowed: ['supplier'], body: {} },
  { method: 'POST', url: () => '/api/listings/import', openapi: '/api/listings/import', allowed: ['supplier'] },
  { method: 'POST', url: () => '/api/listings/batch', openapi: '/api/listings/batch', allowed: ['supplier'], body: {} },
  ...(['submit', 'approve', 'reject', 'suspend', 'reactivate', 'delist'] as const).map((action) => ({
    method: 'POST' as const,
    url: () => `/api/listings/batch/${action}`,
    openapi: `/api/listings/batch/${action}`,
    allowed: (action === 'submit' ? ['supplier'] : action === 'delist' ? ['supplier', 'center_staff'] : ['center_staff']) as Role[],
    body: {},
  })),
  { method: 'GET', url: () => `/api/listings/${ZERO}`, openapi: '/api/listings/{id}', allowed: ['supplier', 'center_staff', 'regulator'] },
  { method: 'PATCH', url: () => `/api/listings/${ZERO}`, openapi: '/api/listings/{id}', allowed: ['supplier'], body: {} },
  {
    method: 'GET',
    url: () => `/api/listings/${ZERO}/price-history`,
    openapi: '/api/listings/{id}/price-history',
    allowed: ['supplier', 'center_staff', 'regulator'],
  },
  ...(['submit', 'approve', 'reject', 'suspend', 'reactivate', 'delist'] as const).map((action) => ({
    method: 'POST' as const,
    url: () => `/api/listings/${ZERO}/${action}`,
    openapi: `/api/listings/{id}/${action}`,
    allowed: (action === 'submit' ? ['supplier'] : action === 'delist' ? ['supplier', 'center_staff'] : ['center_staff']) as Role[],
    body: {},
  })),
  { method: 'GET', url: () => '/api/cart', openapi: '/api/cart', allowed: ['purchaser'] },
  {
    method: 'GET',
    url: () => `/api/cart/buy-now?listingId=${randomUUID()}&quantity=1`,
    openapi: '/api/cart/buy-now',
    allowed: ['purchaser'],
  },
  { method: 'POST', url: () => '/api/cart/items', openapi: '/api/cart/items', allowed: ['purchaser'], body: {} },
  { method: 'PATCH', url: () => `/api/cart/items/${ZERO}`, openapi: '/api/cart/items/{id}', allowed: ['purchaser'], body: {} },
  { method: 'DELETE', url: () => `/api/cart/items/${ZERO}`, openapi: '/api/cart/items/{id}', allowed: ['purchaser'] },
  { method: 'GET', url: () => '/api/public/frameworks', openapi: '/api/public/frameworks', allowed: 'public' },
  { method: 'GET', url: () => `/api/public/frameworks/${ZERO}`, openapi: '/api/public/frameworks/{id}', allowed: 'public' },
  { method: 'POST', url: () => '/api/frameworks', openapi: '/api/frameworks', allowed: ['center_staff'], body: {} },
  { method: 'GET', url: () => '/api/frameworks', openapi: '/api/frameworks', allowed: ['center_staff', 'regulator'] },
  { method: 'GET', url: () => `/api/frameworks/${ZERO}`, openapi: '/api/frameworks/{id}', allowed: ['center_staff', 'regulator'] },
  {
    method: 'POST',
    url: () => `/api/frameworks/${ZERO}/evaluate`,
    openapi: '/api/frameworks/{id}/evaluate',
    allowed: ['center_staff'],
    body: {},
  },
  {
    method: 'POST',
    url: () => `/api/frameworks/${ZERO}/joins/${ZERO}/decision`,
    openapi: '/api/frameworks/{id}/joins/{responseId}/decision',
    allowed: ['center_staff'],
    body: {},
  },
  {
    method: 'PUT',
    url: () => `/api/frameworks/${ZERO}/members/${ZERO}/suspension`,
    openapi: '/api/frameworks/{id}/members/{supplierId}/suspension',
    allowed: ['center_staff'],
    body: {},
  },
  {
    method: 'GET',
    url: () => `/api/frameworks/${ZERO}/figures`,
    openapi: '/api/frameworks/{id}/figures',
    allowed: ['center_staff', 'regulator'],
  },
  { method: 'GET', url: () => '/api/supplier/frameworks', openapi: '/api/supplier/frameworks', allowed: ['supplier'] },
  {
    method: 'PUT',
    url: () => `/api/frameworks/${ZERO}/response`,
    openapi: '/api/frameworks/{id}/response',
    allowed: ['supplier'],
    body: {},
  },
  { method: 'POST', url: () => `/api/frameworks/${ZERO}/join`, openapi: '/api/frameworks/{id}/join', allowed: ['supplier'], body: {} },
  {
    method: 'POST',
    url: () => `/api/frameworks/${ZERO}/rotation-orders`,
    openapi: '/api/frameworks/{id}/rotation-orders',
    allowed: ['purchaser'],
    body: {},
  },
  {
    method: 'GET',
    url: () => `/api/frameworks/${ZERO}/rotation-orders`,
    openapi: '/api/frameworks/{id}/rotation-orders',
    allowed: ['purchaser', 'supplier', 'center_staff', 'regulator'],
  },
  {
    method: 'POST',
    url: () => `/api/rotation-orders/${ZERO}/complete`,
    openapi: '/api/rotation-orders/{id}/complete',
    allowed: ['supplier'],
  },
  { method: 'GET', url: () => '/api/public/quotations', openapi: '/api/public/quotations', allowed: 'public' },
  { method: 'GET', url: () => `/api/public/quotations/${ZERO}`, openapi: '/api/public/quotations/{id}', allowed: 'public' },
  {
    method: 'POST',
    url: () => `/api/public/quotations/${ZERO}/receipts/verify`,
    openapi: '/api/public/quotations/{id}/receipts/verify',
    allowed: 'public',
    body: {},
  },
  { method: 'POST', url: () => '/api/quotations', openapi: '/api/quotations', allowed: ['purchaser'], body: {} },
  { method: 'GET', url: () => '/api/quotations', openapi: '/api/quotations', allowed: ['purchaser', 'approver', 'regulator'] },
  { method: 'GET', url: () => '/api/supplier/quotations', openapi: '/api/supplier/quotations', allowed: ['supplier'] },
  { method: 'GET', url: () => `/api/quotations/${ZERO}`, openapi: '/api/quotations/{id}', allowed: ['purchaser', 'approver', 'regulator'] },
  { method: 'POST', url: () => `/api/quotations/${ZERO}/cancel`, openapi: '/api/quotations/{id}/cancel', allowed: ['purchaser'], body: {} },
  { method: 'PUT', url: () => `/api/quotations/${ZERO}/quote`, openapi: '/api/quotations/{id}/quote', allowed: ['supplier'], body: {} },
  { method: 'GET', url: () => `/api/quotations/${ZERO}/quote`, openapi: '/api/quotations/{id}/quote', allowed: ['supplier'] },
  { method: 'DELETE', url: () => `/api/quotations/${ZERO}/quote`, openapi: '/api/quotations/{id}/quote', allowed: ['supplier'] },
  { method: 'POST', url: () => '/api/assets', openapi: '/api/assets', allowed: ['purchaser'], body: {} },
  { method: 'GET', url: () => '/api/assets', openapi: '/api/assets', allowed: ['purchaser', 'approver', 'center_staff', 'regulator'] },
  {
    method: 'GET',
    url: () => '/api/warehouse',
    openapi: '/api/warehouse',
    allowed: ['purchaser', 'approver', 'center_staff', 'regulator'],
  },
  {
    method: 'GET',
    url: () => `/api/assets/${ZERO}`,
    openapi: '/api/assets/{id}',
    allowed: ['purchaser', 'approver', 'center_staff', 'regulator'],
  },
  { method: 'POST', url: () => `/api/assets/${ZERO}/photos`, openapi: '/api/assets/{id}/photos', allowed: ['purchaser'] },
  { method: 'GET', url: () => `/api/assets/${ZERO}/photos/${ZERO}`, openapi: '/api/assets/{id}/photos/{photoId}', allowed: 'public' },
  { method: 'POST', url: () => `/api/assets/${ZERO}/offer`, openapi: '/api/assets/{id}/offer', allowed: ['purchaser'] },
  { method: 'POST', url: () => `/api/assets/${ZERO}/write-off`, openapi: '/api/assets/{id}/write-off', allowed: ['purchaser'], body: {} },
  { method: 'POST', url: () => `/api/assets/${ZERO}/requests`, openapi: '/api/assets/{id}/requests', allowed: ['purchaser'], body: {} },
  {
    method: 'GET',
    url: () => '/api/reallocation-requests',
    openapi: '/api/reallocation-requests',
    allowed: ['purchaser', 'approver', 'center_staff', 'regulator'],
  },
  {
    method: 'POST',
    url: () => `/api/reallocation-requests/${ZERO}/grant`,
    openapi: '/api/reallocation-requests/{id}/grant',
    allowed: ['center_staff'],
    body: {},
  },
  {
    method: 'POST',
    url: () => `/api/reallocation-requests/${ZERO}/decline`,
    openapi: '/api/reallocation-requests/{id}/decline',
    allowed: ['center_staff'],
    body: {},
  },
  { method: 'GET', url: () => '/api/public/auctions', openapi: '/api/public/auctions', allowed: 'public' },
  { method: 'GET', url: () => `/api/public/auctions/${ZERO}`, openapi: '/api/public/auctions/{id}', allowed: 'public' },
  { method: 'GET', url: () => `/api/public/auctions/${ZERO}/events`, openapi: '/api/public/auctions/{id}/events', allowed: 'public' },
  { method: 'GET', url: () => '/api/auctions/manage', openapi: '/api/auctions/manage', allowed: ['center_staff', 'regulator'] },
  { method: 'POST', url: () => '/api/auctions', openapi: '/api/auctions', allowed: ['center_staff'], body: {} },
  { method: 'POST', url: () => `/api/auctions/${ZERO}/relist`, openapi: '/api/auctions/{id}/relist', allowed: ['center_staff'], body: {} },
  {
    method: 'POST',
    url: () => `/api/auctions/${ZERO}/payment`,
    openapi: '/api/auctions/{id}/payment',
    allowed: ['center_staff'],
    body: {},
  },
  { method: 'POST', url: () => `/api/auctions/${ZERO}/register`, openapi: '/api/auctions/{id}/register', allowed: ['supplier'], body: {} },
  { method: 'POST', url: () => `/api/auctions/${ZERO}/bids`, openapi: '/api/auctions/{id}/bids', allowed: ['supplier'], body: {} },
  {
    method: 'GET',
    url: () => `/api/auctions/${ZERO}/registrations`,
    openapi: '/api/auctions/{id}/registrations',
    allowed: ['center_staff', 'regulator'],
  },
  {
    method: 'POST',
    url: () => `/api/auctions/registrations/${ZERO}/deposit`,
    openapi: '/api/auctions/registrations/{id}/deposit',
    allowed: ['center_staff'],
    body: {},
  },
  { method: 'POST', url: () => '/api/auctions/deposit-callback', openapi: '/api/auctions/deposit-callback', allowed: 'public', body: {} },
  { method: 'GET', url: () => '/api/auctions/mine', openapi: '/api/auctions/mine', allowed: ['supplier'] },
  { method: 'GET', url: () => '/api/public/tenders', openapi: '/api/public/tenders', allowed: 'public' },
  { method: 'GET', url: () => `/api/public/tenders/${ZERO}`, openapi: '/api/public/tenders/{id}', allowed: 'public' },
  {
    method: 'POST',
    url: () => `/api/public/tenders/${ZERO}/receipts/verify`,
    openapi: '/api/public/tenders/{id}/receipts/verify',
    allowed: 'public',
    body: {},
  },
  {
    method: 'GET',
    url: () => '/api/tenders',
    openapi: '/api/tenders',
    allowed: ['center_staff', 'purchaser', 'approver', 'regulator', 'supplier', 'expert'],
  },
  {
    method: 'GET',
    url: () => `/api/tenders/${ZERO}`,
    openapi: '/api/tenders/{id}',
    allowed: ['center_staff', 'purchaser', 'approver', 'regulator', 'supplier', 'expert'],
  },
  { method: 'POST', url: () => '/api/tenders', openapi: '/api/tenders', allowed: ['center_staff'], body: {} },
  { method: 'POST', url: () => `/api/tenders/${ZERO}/publish`, openapi: '/api/tenders/{id}/publish', allowed: ['center_staff'] },
  {
    method: 'POST',
    url: () => `/api/tenders/${ZERO}/clarifications`,
    openapi: '/api/tenders/{id}/clarifications',
    allowed: ['center_staff'],
    body: {},
  },
  { method: 'POST', url: () => `/api/tenders/${ZERO}/cancel`, openapi: '/api/tenders/{id}/cancel', allowed: ['center_staff'], body: {} },
  { method: 'POST', url: () => `/api/tenders/${ZERO}/questions`, openapi: '/api/tenders/{id}/questions', allowed: ['supplier'], body: {} },
  { method: 'PUT', url: () => `/api/tenders/${ZERO}/bids`, openapi: '/api/tenders/{id}/bids', allowed: ['supplier'], body: {} },
  { method: 'GET', url: () => `/api/tenders/${ZERO}/bids/mine`, openapi: '/api/tenders/{id}/bids/mine', allowed: ['supplier'] },
  {
    method: 'POST',
    url: () => `/api/tenders/${ZERO}/sme-statement`,
    openapi: '/api/tenders/{id}/sme-statement',
    allowed: ['supplier'],
    body: {},
  },
  { method: 'DELETE', url: () => `/api/tenders/${ZERO}/bids/${ZERO}`, openapi: '/api/tenders/{id}/bids/{lotId}', allowed: ['supplier'] },
  // #22 procedures: rounds, final offers, single-source notice and objections.
  { method: 'GET', url: () => `/api/public/tenders/${ZERO}/procedure`, openapi: '/api/public/tenders/{id}/procedure', allowed: 'public' },
  {
    method: 'GET',
    url: () => `/api/tenders/${ZERO}/procedure`,
    openapi: '/api/tenders/{id}/procedure',
    allowed: ['center_staff', 'purchaser', 'approver', 'regulator', 'supplier', 'expert'],
  },
  ...(
    ['rounds/records', 'rounds/changes', 'rounds/next', 'rounds/leave', 'final-offers/deadline', 'single-source/negotiation'] as const
  ).map((path) => ({
    method: 'POST' as const,
    url: () => `/api/tenders/${ZERO}/${path}`,
    openapi: `/api/tenders/{id}/${path}`,
    allowed: ['center_staff'] as Role[],
    body: {},
  })),
  {
    method: 'PUT',
    url: () => `/api/tenders/${ZERO}/single-source/notice`,
    openapi: '/api/tenders/{id}/single-source/notice',
    allowed: ['center_staff'],
    body: {},
  },
  {
    method: 'POST',
    url: () => `/api/tenders/${ZERO}/rounds/withdraw`,
    openapi: '/api/tenders/{id}/rounds/withdraw',
    allowed: ['supplier'],
    body: {},
  },
  {
    method: 'PUT',
    url: () => `/api/tenders/${ZERO}/final-offers`,
    openapi: '/api/tenders/{id}/final-offers',
    allowed: ['supplier'],
    body: {},
  },
  {
    method: 'POST',
    url: () => `/api/tenders/${ZERO}/objections`,
    openapi: '/api/tenders/{id}/objections',
    allowed: ['center_staff', 'purchaser', 'approver', 'regulator', 'supplier', 'expert'],
    body: {},
  },
  {
    method: 'POST',
    url: () => `/api/tenders/${ZERO}/objections/${ZERO}/answer`,
    openapi: '/api/tenders/{id}/objections/{objectionId}/answer',
    allowed: ['center_staff', 'purchaser'],
    body: {},
  },
  { method: 'POST', url: () => `/api/tenders/${ZERO}/experts/draw`, openapi: '/api/tenders/{id}/experts/draw', allowed: ['center_staff'] },
  {
    method: 'GET',
    url: () => `/api/tenders/${ZERO}/experts`,
    openapi: '/api/tenders/{id}/experts',
    allowed: ['center_staff', 'regulator'],
  },
  { method: 'GET', url: () => '/api/experts/me/assignments', openapi: '/api/experts/me/assignments', allowed: ['expert'] },
  { method: 'POST', url: () => `/api/tender-experts/${ZERO}/confirm`, openapi: '/api/tender-experts/{id}/confirm', allowed: ['expert'] },
  {
    method: 'POST',
    url: () => `/api/tender-experts/${ZERO}/decline`,
    openapi: '/api/tender-experts/{id}/decline',
    allowed: ['expert'],
    body: {},
  },
  {
    method: 'PUT',
    url: () => `/api/tender-experts/${ZERO}/scores`,
    openapi: '/api/tender-experts/{id}/scores',
    allowed: ['expert'],
    body: {},
  },
  {
    method: 'GET',
    url: () => `/api/tenders/${ZERO}/reviews`,
    openapi: '/api/tenders/{id}/reviews',
    allowed: ['center_staff', 'purchaser', 'regulator'],
  },
  {
    method: 'PUT',
    url: () => `/api/tenders/${ZERO}/qualification`,
    openapi: '/api/tenders/{id}/qualification',
    allowed: ['center_staff', 'purchaser'],
    body: {},
  },
  {
    method: 'PUT',
    url: () => `/api/tender-experts/${ZERO}/compliance`,
    openapi: '/api/tender-experts/{id}/compliance',
    allowed: ['expert'],
    body: {},
  },
  {
    method: 'POST',
    url: () => `/api/tender-experts/${ZERO}/sign`,
    openapi: '/api/tender-experts/{id}/sign',
    allowed: ['expert'],
    body: {},
  },
  {
    method: 'GET',
    url: () => `/api/tenders/${ZERO}/lots/${ZERO}/result-letter.pdf`,
    openapi: '/api/tenders/{id}/lots/{lotId}/result-letter.pdf',
    allowed: ['supplier', 'center_staff', 'purchaser'],
  },
  { method: 'POST', url: () => `/api/tenders/${ZERO}/evaluate`, openapi: '/api/tenders/{id}/evaluate', allowed: ['center_staff'] },
  {
    method: 'GET',
    url: () => `/api/tenders/${ZERO}/evaluation-report`,
    openapi: '/api/tenders/{id}/evaluation-report',
    allowed: ['center_staff', 'purchaser', 'approver', 'regulator', 'supplier', 'expert'],
  },
  {
    method: 'GET',
    url: () => `/api/public/tenders/${ZERO}/evaluation-report`,
    openapi: '/api/public/tenders/{id}/evaluation-report',
    allowed: 'public',
  },
  {
    method: 'POST',
    url: () => `/api/tenders/${ZERO}/lots/${ZERO}/award`,
    openapi: '/api/tenders/{id}/lots/{lotId}/award',
    allowed: ['purchaser'],
  },
  {
    method: 'GET',
    url: () => `/api/tenders/${ZERO}/challenges`,
    openapi: '/api/tenders/{id}/challenges',
    allowed: ['center_staff', 'purchaser', 'approver', 'regulator', 'supplier'],
  },
  {
    method: 'POST',
    url: () => `/api/tenders/${ZERO}/challenges`,
    openapi: '/api/tenders/{id}/challenges',
    allowed: ['supplier'],
    body: {},
  },
  {
    method: 'POST',
    url: () => `/api/challenges/${ZERO}/reply`,
    openapi: '/api/challenges/{id}/reply',
    allowed: ['center_staff'],
    body: {},
  },
  {
    method: 'GET',
    url: () => `/api/tenders/${ZERO}/complaints`,
    openapi: '/api/tenders/{id}/complaints',
    allowed: ['center_staff', 'purchaser', 'approver', 'regulator', 'supplier'],
  },
  {
    method: 'POST',
    url: () => `/api/tenders/${ZERO}/complaints`,
    openapi: '/api/tenders/{id}/complaints',
    allowed: ['supplier'],
    body: {},
  },
  {
    method: 'GET',
    url: () => `/api/complaints/${ZERO}`,
    openapi: '/api/complaints/{id}',
    allowed: ['center_staff', 'purchaser', 'approver', 'regulator', 'supplier'],
  },
  {
    method: 'POST',
    url: () => `/api/complaints/${ZERO}/acceptance`,
    openapi: '/api/complaints/{id}/acceptance',
    allowed: ['regulator'],
    body: {},
  },
  {
    method: 'POST',
    url: () => `/api/complaints/${ZERO}/decision`,
    openapi: '/api/complaints/{id}/decision',
    allowed: ['regulator'],
    body: {},
  },
  {
    method: 'POST',
    url: () => `/api/tenders/${ZERO}/lots/${ZERO}/contract`,
    openapi: '/api/tenders/{id}/lots/{lotId}/contract',
    allowed: ['purchaser', 'center_staff'],
    body: {},
  },
  {
    method: 'POST',
    url: () => `/api/tenders/${ZERO}/lots/${ZERO}/contract/document`,
    openapi: '/api/tenders/{id}/lots/{lotId}/contract/document',
    allowed: ['purchaser', 'center_staff'],
  },
  {
    method: 'POST',
    url: () => `/api/tenders/${ZERO}/lots/${ZERO}/contract/publish`,
    openapi: '/api/tenders/{id}/lots/{lotId}/contract/publish',
    allowed: ['purchaser', 'center_staff'],
  },
  {
    method: 'GET',
    url: () => `/api/tenders/${ZERO}/lots/${ZERO}/contract/document`,
    openapi: '/api/tenders/{id}/lots/{lotId}/contract/document',
    allowed: 'public',
  },
  { method: 'GET', url: () => `/api/ocds/tenders/${ZERO}/releases`, openapi: '/api/ocds/tenders/{id}/releases', allowed: 'public' },
  { method: 'GET', url: () => `/api/ocds/tenders/${ZERO}/record`, openapi: '/api/ocds/tenders/{id}/record', allowed: 'public' },
  { method: 'GET', url: () => `/api/ocds/orders/${ZERO}/releases`, openapi: '/api/ocds/orders/{id}/releases', allowed: 'public' },
  { method: 'GET', url: () => `/api/ocds/orders/${ZERO}/record`, openapi: '/api/ocds/orders/{id}/record', allowed: 'public' },
  { method: 'GET', url: () => `/api/ocds/frameworks/${ZERO}/releases`, openapi: '/api/ocds/frameworks/{id}/releases', allowed: 'public' },
  { method: 'GET', url: () => `/api/ocds/frameworks/${ZERO}/record`, openapi: '/api/ocds/frameworks/{id}/record', allowed: 'public' },
  { method: 'GET', url: () => `/api/ocds/rotations/${ZERO}/releases`, openapi: '/api/ocds/rotations/{id}/releases', allowed: 'public' },
  { method: 'GET', url: () => `/api/ocds/rotations/${ZERO}/record`, openapi: '/api/ocds/rotations/{id}/record', allowed: 'public' },
  { method: 'GET', url: () => `/api/ocds/quotations/${ZERO}/releases`, openapi: '/api/ocds/quotations/{id}/releases', allowed: 'public' },
  { method: 'GET', url: () => `/api/ocds/quotations/${ZERO}/record`, openapi: '/api/ocds/quotations/{id}/record', allowed: 'public' },
  { method: 'GET', url: () => `/api/ocds/auctions/${ZERO}/releases`, openapi: '/api/ocds/auctions/{id}/releases', allowed: 'public' },
  { method: 'GET', url: () => `/api/ocds/auctions/${ZERO}/record`, openapi: '/api/ocds/auctions/{id}/record', allowed: 'public' },
  { method: 'GET', url: () => '/api/ocds/processes?pageSize=1', openapi: '/api/ocds/processes', allowed: 'public' },
  { method: 'GET', url: () => '/api/ocds/bulk/releases.json', openapi: '/api/ocds/bulk/releases.json', allowed: 'public' },
  { method: 'GET', url: () => '/api/ocds/bulk/records.json', openapi: '/api/ocds/bulk/records.json', allowed: 'public' },
  { method: 'GET', url: () => '/api/ocds/records?limit=1', openapi: '/api/ocds/records', allowed: 'public' },
  { method: 'GET', url: () => '/api/ocds/bulk/index.json', openapi: '/api/ocds/bulk/index.json', allowed: 'public' },
  { method: 'GET', url: () => '/api/ocds/bulk/releases/2001-01', openapi: '/api/ocds/bulk/releases/{period}', allowed: 'public' },
  {
    method: 'GET',
    url: () => `/api/export?path=${encodeURIComponent('/api/ocds/processes?kind=auction')}`,
    openapi: '/api/export',
    allowed: 'public',
  },
  { method: 'GET', url: () => '/api/ocds/releases?limit=1', openapi: '/api/ocds/releases', allowed: 'public' },
  { method: 'GET', url: () => `/api/tender-experts/${ZERO}/sheet`, openapi: '/api/tender-experts/{id}/sheet', allowed: ['expert'] },
  {
    method: 'GET',
    url: () => '/api/purchasing-units?q=教育',
    openapi: '/api/purchasing-units',
    allowed: ['center_staff', 'regulator', 'admin'],
  },
  { method: 'GET', url: () => '/api/public/intentions', openapi: '/api/public/intentions', allowed: 'public' },
  { method: 'GET', url: () => `/api/public/intentions/${ZERO}`, openapi: '/api/public/intentions/{id}', allowed: 'public' },
  { method: 'POST', url: () => '/api/intentions', openapi: '/api/intentions', allowed: ['purchaser'], body: {} },
  { method: 'GET', url: () => '/api/intentions', openapi: '/api/intentions', allowed: ['purchaser', 'approver'] },
  { method: 'POST', url: () => `/api/intentions/${ZERO}/withdraw`, openapi: '/api/intentions/{id}/withdraw', allowed: ['purchaser'] },
  { method: 'POST', url: () => '/api/plans', openapi: '/api/plans', allowed: ['purchaser'], body: {} },
  { method: 'GET', url: () => '/api/plans', openapi: '/api/plans', allowed: ['purchaser', 'approver', 'regulator'] },
  { method: 'GET', url: () => `/api/plans/${ZERO}`, openapi: '/api/plans/{id}', allowed: ['purchaser', 'approver', 'regulator'] },
  { method: 'POST', url: () => `/api/plans/${ZERO}/submit`, openapi: '/api/plans/{id}/submit', allowed: ['purchaser'] },
  { method: 'POST', url: () => `/api/plans/${ZERO}/approve`, openapi: '/api/plans/{id}/approve', allowed: ['regulator'], body: {} },
  { method: 'POST', url: () => `/api/plans/${ZERO}/return`, openapi: '/api/plans/{id}/return', allowed: ['regulator'], body: {} },
  {
    method: 'GET',
    url: () => `/api/dashboards/plan-execution?organizationId=${actors.purchaser.orgId}`,
    openapi: '/api/dashboards/plan-execution',
    allowed: ['regulator', 'center_staff', 'purchaser', 'approver'],
  },
  {
    method: 'GET',
    url: () => '/api/dashboards/summary',
    openapi: '/api/dashboards/summary',
    allowed: ['regulator', 'center_staff', 'purchaser', 'approver'],
  },
  {
    method: 'GET',
    url: () => '/api/dashboards/export?section=channels',
    openapi: '/api/dashboards/export',
    allowed: ['regulator', 'center_staff', 'purchaser', 'approver'],
  },
  { method: 'GET', url: () => '/api/workbench/todos', openapi: '/api/workbench/todos', allowed: 'any' },
  { method: 'GET', url: () => '/api/risk/alerts', openapi: '/api/risk/alerts', allowed: ['regulator'] },
  { method: 'GET', url: () => `/api/risk/alerts/${ZERO}`, openapi: '/api/risk/alerts/{id}', allowed: ['regulator'] },
  {
    method: 'POST',
    url: () => `/api/risk/alerts/${ZERO}/assign`,
    openapi: '/api/risk/alerts/{id}/assign',
    allowed: ['regulator'],
    body: {},
  },
  {
    method: 'POST',
    url: () => `/api/risk/alerts/${ZERO}/comments`,
    openapi: '/api/risk/alerts/{id}/comments',
    allowed: ['regulator'],
    body: {},
  },
  { method: 'POST', url: () => `/api/risk/alerts/${ZERO}/close`, openapi: '/api/risk/alerts/{id}/close', allowed: ['regulator'], body: {} },
  {
    method: 'POST',
    url: () => `/api/risk/alerts/${ZERO}/reopen`,
    openapi: '/api/risk/alerts/{id}/reopen',
    allowed: ['regulator'],
    body: {},
  },
  { method: 'GET', url: () => '/api/risk/rules', openapi: '/api/risk/rules', allowed: ['regulator'] },
  { method: 'POST', url: () => '/api/risk/scan', openapi: '/api/risk/scan', allowed: ['regulator'], body: { rule: 'late_supplier' } },
  { method: 'GET', url: () => '/api/risk/assignees', openapi: '/api/risk/assignees', allowed: ['regulator'] },
  {
    method: 'GET',
    url: () => `/api/tenders/${ZERO}/lots/${ZERO}/evaluation-report.pdf`,
    openapi: '/api/tenders/{id}/lots/{lotId}/evaluation-report.pdf',
    allowed: ['center_staff', 'purchaser', 'approver', 'regulator', 'supplier', 'expert'],
  },
  { method: 'GET', url: () => '/api/notifications', openapi: '/api/notifications', allowed: 'any' },
  { method: 'POST', url: () => `/api/notifications/${ZERO}/read`, openapi: '/api/notifications/{id}/read', allowed: 'any' },
  {
    method: 'PATCH',
    url: () => `/api/admin/organizations/${ZERO}`,
    openapi: '/api/admin/organizations/{id}',
    allowed: ['admin'],
    body: {},
  },
  { method: 'POST', url: () => '/api/orders/checkout', openapi: '/api/orders/checkout', allowed: ['purchaser'], body: {} },
  // Order tracking: the order's parties (the supplier ships); anyone else gets 404 from the order itself.
  {
    method: 'GET',
    url: () => `/api/orders/${ZERO}/shipments`,
    openapi: '/api/orders/{id}/shipments',
    allowed: ['purchaser', 'approver', 'supplier'],
  },
  { method: 'POST', url: () => `/api/orders/${ZERO}/shipments`, openapi: '/api/orders/{id}/shipments', allowed: ['supplier'], body: {} },
  {
    method: 'POST',
    url: () => `/api/orders/${ZERO}/shipments/${ZERO}/deliver`,
    openapi: '/api/orders/{id}/shipments/{shipmentId}/deliver',
    allowed: ['supplier'],
    body: {},
  },
  {
    method: 'GET',
    url: () => `/api/orders/${ZERO}/shipments/${ZERO}/delivery-note.pdf`,
    openapi: '/api/orders/{id}/shipments/{shipmentId}/delivery-note.pdf',
    allowed: ['purchaser', 'approver', 'supplier'],
  },
  {
    method: 'GET',
    url: () => `/api/orders/${ZERO}/timeline`,
    openapi: '/api/orders/{id}/timeline',
    allowed: ['purchaser', 'approver', 'supplier'],
  },
  { method: 'GET', url: () => `/api/timeline/tender/${ZERO}`, openapi: '/api/timeline/{type}/{id}', allowed: 'public' },
  { method: 'GET', url: () => `/api/live/tender/${ZERO}`, openapi: '/api/live/{type}/{id}', allowed: 'public' },
  { method: 'GET', url: () => '/api/notifications/settings', openapi: '/api/notifications/settings', allowed: 'any' },
  { method: 'PUT', url: () => '/api/notifications/settings', openapi: '/api/notifications/settings', allowed: 'any', body: {} },
  // Tender documents (public once published), bid files and the SME statement (signed in; the service decides who).
  { method: 'GET', url: () => `/api/tenders/${ZERO}/document-files`, openapi: '/api/tenders/{id}/document-files', allowed: 'public' },
  {
    method: 'POST',
    url: () => `/api/tenders/${ZERO}/document-files`,
    openapi: '/api/tenders/{id}/document-files',
    allowed: ['center_staff'],
  },
  {
    method: 'GET',
    url: () => `/api/tenders/${ZERO}/document-files/1`,
    openapi: '/api/tenders/{id}/document-files/{version}',
    allowed: 'any',
  },
  {
    method: 'POST',
    url: () => `/api/tenders/${ZERO}/bids/${ZERO}/files`,
    openapi: '/api/tenders/{id}/bids/{lotId}/files',
    allowed: ['supplier'],
  },
  { method: 'GET', url: () => `/api/tenders/${ZERO}/bid-files`, openapi: '/api/tenders/{id}/bid-files', allowed: 'any' },
  { method: 'GET', url: () => `/api/tenders/${ZERO}/bid-files/${ZERO}`, openapi: '/api/tenders/{id}/bid-files/{fileId}', allowed: 'any' },
  {
    method: 'GET',
    url: () => `/api/tenders/${ZERO}/bids/${ZERO}/sme-statement.pdf`,
    openapi: '/api/tenders/{id}/bids/{bidId}/sme-statement.pdf',
    allowed: 'any',
  },
  {
    method: 'GET',
    url: () => `/api/products/${ZERO}/images/${ZERO}/thumb`,
    openapi: '/api/products/{id}/images/{imageId}/thumb',
    allowed: 'public',
  },
  { method: 'GET', url: () => '/api/orders', openapi: '/api/orders', allowed: ['purchaser', 'approver', 'supplier', 'regulator'] },
  { method: 'GET', url: () => '/api/orders/suppliers', openapi: '/api/orders/suppliers', allowed: ['purchaser', 'approver', 'regulator'] },
  // 常用筛选: every signed-in user's own (another user's is not found: test/db/list-filters.test.ts).
  { method: 'GET', url: () => '/api/saved-filters?list=orders', openapi: '/api/saved-filters', allowed: 'any' },
  { method: 'POST', url: () => '/api/saved-filters', openapi: '/api/saved-filters', allowed: 'any', body: {} },
  { method: 'DELETE', url: () => `/api/saved-filters/${ZERO}`, openapi: '/api/saved-filters/{id}', allowed: 'any' },
  {
    method: 'GET',
    url: () => `/api/orders/${ZERO}`,
    openapi: '/api/orders/{id}',
    allowed: ['purchaser', 'approver', 'supplier', 'regulator'],
  },
  {
    method: 'GET',
    url: () => '/api/orders/export.xlsx',
    openapi: '/api/orders/export.xlsx',
    allowed: ['purchaser', 'approver', 'supplier', 'regulator'],
  },
  {
    method: 'GET',
    url: () => `/api/orders/${ZERO}/purchase-order.pdf`,
    openapi: '/api/orders/{id}/purchase-order.pdf',
    allowed: ['purchaser', 'approver', 'supplier', 'regulator'],
  },
  ...(
    [
      ['approve', 'approver'],
      ['return', 'approver'],
      ['confirm', 'supplier'],
      ['decline', 'supplier'],
      ['ship', 'supplier'],
      ['deliver', 'supplier'],
      ['accept', 'purchaser'],
      ['reject', 'purchaser'],
      ['settle', 'purchaser'],
      ['cancel', 'purchaser'],
    ] as const
  ).map(([action, role]) => ({
    method: 'POST' as const,
    url: () => `/api/orders/${ZERO}/${action}`,
    openapi: `/api/orders/{id}/${action}`,
    allowed: [role] as Role[],
    body: {},
  })),
];
const ZERO = '00000000-0000-4000-8000-000000000000';

describe('access control on every route', () => {
  for (const probe of probes) {
    if (probe.allowed === 'public') continue;
    it(`${probe.method} ${probe.openapi}: anonymous gets 401`, async () => {
      const res = await client(ctx.app, null).send(probe.method, probe.url(), probe.body);
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });
    if (probe.allowed === 'any') continue;
    const allowed = probe.allowed;
    for (const role of roles.filter((r) => !allowed.includes(r))) {
      it(`${probe.method} ${probe.openapi}: ${role} gets 403`, async () => {
        const res = await actors[role].http.send(probe.method, probe.url(), probe.body);
        expect(res.statusCode).toBe(403);
      });
    }
  }

  it('covers every /api route the app serves', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/docs/json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
    const served = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    const probed = new Set(probes.map((p) => `${p.method} ${p.openapi}`));
    expect(served.filter((route) => route.includes('/api/') && !probed.has(route))).toEqual([]);
  });

  it('refuses to start when a route declares no access rule', async () => {
    const app = Fastify();
    await app.register(cookie);
    registerAuth(app, { db: ctx.database.db, config: ctx.config });
    expect(() => app.get('/api/oops', async () => 'x')).toThrow(/declares no access rule/);
    await app.close();
  });
});

describe('row scoping', () => {
  it("keeps an organization's notifications, and a user's own, from everyone else", async () => {
    const org = actors.supplier.orgId;
    const colleague = await actor(ctx.app, ctx.database.db, 'supplier', org);
    const [toAll, toMe] = await ctx.database.db
      .transaction(async (tx) => {
        await notify(tx, [
          { organizationId: org, kind: 'tender.question', title: '致全单位', body: '单位通知', link: '/supplier/tenders' },
          { organizationId: org, userId: actors.supplier.userId, kind: 'tender.question', title: '致本人', body: '个人通知' },
        ]);
        return tx.select().from(notifications).where(eq(notifications.organizationId, org)).orderBy(notifications.title);
      })
      .then((rows) => [rows.find((r) => r.title === '致全单位')!, rows.find((r) => r.title === '致本人')!] as const);
    const mine = (await actors.supplier.http.get('/api/notifications')).json();
    expect(mine.items.map((n: { id: string }) => n.id)).toEqual(expect.arrayContaining([toAll.id, toMe.id]));
    expect(mine.unread).toBeGreaterThanOrEqual(2);
    // A colleague sees the organization's notice, not the personal one; another organization sees neither.
    const theirs = (await colleague.http.get('/api/notifications')).json().items.map((n: { id: string }) => n.id);
    expect(theirs).toContain(toAll.id);
    expect(theirs).not.toContain(toMe.id);
    expect((await colleague.http.post(`/api/notifications/${toMe.id}/read`)).statusCode).toBe(404);
    const outsider = await actor(ctx.app, ctx.database.db, 'supplier');
    expect((await outsider.http.get('/api/notifications')).json()).toMatchObject({ items: [], total: 0, unread: 0 });
    for (const id of [toAll.id, toMe.id]) {
      const res = await outsider.http.post(`/api/notifications/${id}/read`);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const [still] = await ctx.database.db.select().from(notifications).where(eq(notifications.id, toAll.id));
    expect(still!.readAt).toBeNull();
    const read = await actors.supplier.http.post(`/api/notifications/${toMe.id}/read`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ id: toMe.id, personal: true, readAt: expect.any(String) });
    expect((await actors.supplier.http.get('/api/notifications')).json().unread).toBe(mine.unread - 1);
  });

  it("hides another organization's record from a supplier", async () => {
    const res = await actors.supplier.http.get(`/api/organizations/${otherSupplierId}`);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const own = await actors.supplier.http.get(`/api/organizations/${actors.supplier.orgId}`);
    expect(own.statusCode).toBe(200);
    expect(own.json().uscc).toMatch(/^91110108/);
  });

  it("hides another unit's budget lines from a purchaser and an approver", async () => {
    for (const role of ['purchaser', 'approver'] as const) {
      const res = await actors[role].http.get(`/api/organizations/${otherUnitId}/budget-lines`);
      expect(res.statusCode).toBe(404);
    }
    const own = await actors.purchaser.http.get(`/api/organizations/${actors.purchaser.orgId}/budget-lines`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(own.json().items[0]).toMatchObject({ amountFen: 20_000_000, reservedFen: 0, spentFen: 0, freeFen: 20_000_000 });
  });

  it('lets oversight roles read any unit', async () => {
    for (const role of ['regulator', 'admin'] as const) {
      const res = await actors[role].http.get(`/api/organizations/${otherUnitId}/budget-lines`);
      expect(res.statusCode).toBe(200);
      expect(res.json().total).toBe(1);
    }
  });

  it("keeps a supplier out of another supplier's credit record and eligibility", async () => {
    expect((await actors.supplier.http.get(`/api/credit/suppliers/${otherSupplierId}/record`)).statusCode).toBe(404);
    expect((await actors.supplier.http.get(`/api/credit/eligibility?supplierId=${otherSupplierId}&action=bid`)).statusCode).toBe(404);
    expect((await actors.supplier.http.get(`/api/credit/eligibility?supplierId=${actors.supplier.orgId}&action=bid`)).statusCode).toBe(200);
  });

  it('answers a malformed id with 400 naming the param, not 500', async () => {
    const res = await actors.purchaser.http.get('/api/organizations/not-a-uuid/budget-lines?page=0');
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string; in: string }) => `${e.in}:${e.field}`);
    expect(fields).toContain('params:id');
  });
});

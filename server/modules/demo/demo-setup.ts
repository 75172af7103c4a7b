import { and, arrayContains, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organizations, users, type Role } from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { postgresSearch } from '../../platform/search/postgres-search.ts';
import type { SearchPort } from '../../platform/search/search-port.ts';
import { postgresFileStore } from '../../platform/storage.ts';
import { hashPublishedPassword } from '../auth/auth.service.ts';
import { createCatalogueService } from '../catalogue/catalogue.service.ts';
import { createListingsBulk } from '../catalogue/listings.bulk.ts';
import { createListingsService } from '../catalogue/listings.service.ts';
import { assertEligible } from '../credit/credit.eligibility.ts';
import { createExpertAccounts } from '../experts/experts.accounts.ts';
import { createExpertsService } from '../experts/experts.service.ts';
import { createOrganizationsService } from '../organizations/organizations.service.ts';

export const DEMO_PASSWORD = 'Demo@12345';

/**
 * The services the demo's setup goes through, as the product wires them, with three ports of its own: every
 * demo account shares the published password, hashed once with cheap parameters (it guards nothing, and
 * 80 argon2 hashes at full cost would slow the first start); an expert's first password is that one; and the
 * search index is built once from the listings after the load (startRuntime and the test setups reindex right
 * after loadDemoData), not document by document as each listing changes.
 */
export function demoServices(db: Db) {
  const published = hashPublishedPassword(DEMO_PASSWORD);
  const hashPassword = (password: string) => (password === DEMO_PASSWORD ? published : hashPublishedPassword(password));
  const indexedAfterLoad: SearchPort = { ...postgresSearch(db, { cacheTtlMs: 0 }), sync: async () => {} };
  const listings = createListingsService({ db, search: indexedAfterLoad, credit: { assertEligible } });
  return {
    published,
    organizations: createOrganizationsService({ db, hashPassword }),
    experts: createExpertsService({ db }),
    expertAccounts: createExpertAccounts({ db, hashPassword, newPassword: () => DEMO_PASSWORD }),
    listings,
    listingsBulk: createListingsBulk({ db, listings, credit: { assertEligible } }),
    catalogue: createCatalogueService({ db, files: postgresFileStore(db), listings }),
  };
}
export type DemoServices = ReturnType<typeof demoServices>;

/** A user acting in the setup, as the session of their login would present them to a service. */
export async function actingAs(db: Db, username: string): Promise<AuthContext> {
  const [row] = await db
    .select({ user: users, org: organizations })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(eq(users.username, username));
  if (!row) throw new Error(`demo setup: no user ${username}`);
  return contextOf(row);
}

/** The first user of an organization (a demo supplier has one). */
export async function actingInOrganization(db: Db, organizationId: string): Promise<AuthContext> {
  const [row] = await db
    .select({ user: users, org: organizations })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(eq(users.organizationId, organizationId))
    .orderBy(asc(users.createdAt))
    .limit(1);
  if (!row) throw new Error(`demo setup: nobody in organization ${organizationId}`);
  return contextOf(row);
}

/** Any active admin: the demo's own when it bootstrapped the platform, else the installation's. */
export async function anyAdmin(db: Db): Promise<AuthContext | null> {
  const [row] = await db
    .select({ user: users, org: organizations })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(and(arrayContains(users.roles, ['admin']), eq(users.status, 'active')))
    .limit(1);
  return row ? contextOf(row) : null;
}

const contextOf = ({ user, org }: { user: typeof users.$inferSelect; org: typeof organizations.$inferSelect }): AuthContext => ({
  userId: user.id,
  username: user.username,
  displayName: user.displayName,
  roles: user.roles as Role[],
  locale: 'zh-CN',
  orgId: org.id,
  orgName: org.name,
  orgKind: org.kind,
  regionCode: org.regionCode,
  sessionIdHash: '',
  csrfToken: '',
});

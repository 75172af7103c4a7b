import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../server/db/schema/index.ts';

/**
 * Modules own their tables (#14): a file under server/modules/<m>/ may name, in its imports from
 * server/db/schema, only the tables module <m> owns (enums and types are free). Another module's rows
 * are reached through that module's service or query functions. Pure: reads the sources, no database.
 */

/** Every table exported by server/db/schema/*.ts → the module(s) that own it ('platform': server/platform only). */
const owners: Record<string, readonly string[]> = {
  // identity.ts
  organizations: ['organizations'],
  users: ['organizations', 'auth'],
  regions: ['reference'],
  sessions: ['auth'],
  loginAttempts: ['auth'],
  rateLimits: ['platform'],
  // files.ts (the storage port in server/platform/storage.ts)
  storedFiles: ['platform'],
  // budget.ts, and budget_movements in orders.ts
  budgetLines: ['budget'],
  budgetMovements: ['budget'],
  // catalogue.ts (the 品目 tree: seeded by reference, served by categories)
  categories: ['reference', 'categories'],
  // experts.ts, and the experts' records in credit.ts
  experts: ['experts'],
  expertRatings: ['experts'],
  expertStatusChanges: ['experts'],
  // policy.ts
  policyValues: ['reference'],
  calendarDays: ['reference'],
  // audit.ts (appended by server/platform/audit.ts)
  auditEntries: ['audit'],
  auditHead: ['audit'],
  auditPending: ['audit'],
  auditCheckpoints: ['audit'],
  // jobs.ts
  scheduledJobs: ['platform'],
  clockSettings: ['platform'],
  // credit.ts
  creditEvents: ['credit'],
  creditEvidenceFiles: ['credit'],
  creditAppeals: ['credit'],
  exclusions: ['credit'],
  creditImports: ['credit'],
  creditScores: ['credit'],
  // listings.ts, search.ts
  products: ['catalogue'],
  productImages: ['catalogue'],
  frameworkAgreements: ['catalogue'],
  agreementAmendments: ['catalogue'],
  listings: ['catalogue'],
  listingStockTakes: ['catalogue'],
  listingCertificates: ['catalogue'],
  listingPriceHistory: ['catalogue'],
  searchListings: ['platform'],
  searchProducts: ['platform'],
  // orders.ts
  cartItems: ['orders'],
  checkouts: ['orders'],
  orders: ['orders'],
  orderLines: ['orders'],
  orderShipments: ['orders'],
  // quotations.ts
  quotations: ['quotations'],
  quotationQuotes: ['quotations'],
  // frameworks.ts
  frameworkCalls: ['frameworks'],
  frameworkResponses: ['frameworks'],
  frameworkRotationOrders: ['frameworks'],
  // assets.ts
  assets: ['assets'],
  assetPhotos: ['assets'],
  assetEvents: ['assets'],
  reallocationRequests: ['assets'],
  // auctions.ts
  auctionLots: ['auctions'],
  auctionRegistrations: ['auctions'],
  auctionBids: ['auctions'],
  // tenders.ts
  procurementMethods: ['reference'],
  tenders: ['tenders'],
  tenderLots: ['tenders'],
  tenderClarifications: ['tenders'],
  bids: ['tenders'],
  tenderDocumentFiles: ['tenders'],
  bidFiles: ['tenders'],
  expertAffiliations: ['experts'],
  tenderExperts: ['tenders'],
  expertDraws: ['tenders'],
  tenderScores: ['tenders'],
  lotEvaluations: ['tenders'],
  tenderChallenges: ['tenders'],
  tenderContracts: ['tenders'],
  tenderClocks: ['tenders'],
  tenderComplaints: ['tenders'],
  tenderAwardAnnulments: ['tenders'],
  tenderProcedures: ['tenders'],
  tenderRoundParticipants: ['tenders'],
  tenderRoundRecords: ['tenders'],
  tenderRequirementChanges: ['tenders'],
  tenderFinalOffers: ['tenders'],
  tenderObjections: ['tenders'],
  // tender-reviews.ts
  bidReviews: ['tenders'],
  reportSignatures: ['tenders'],
  // risk.ts
  riskAlerts: ['risk'],
  riskAlertNotes: ['risk'],
  riskRuleRuns: ['risk'],
  notifications: ['notifications'],
  notificationSettings: ['notifications'],
  // ocds.ts: the release store (appended by recordReleases, which services call)
  ocdsReleases: ['ocds'],
  ocdsReleaseHead: ['ocds'],
  ocdsRecords: ['ocds'],
  ocdsPending: ['ocds'],
  // plans.ts
  procurementIntentions: ['plans'],
  intentionUses: ['plans'],
  procurementPlans: ['plans'],
  // saved-filters.ts
  savedFilters: ['saved-filters'],
};

/**
 * Reference tables every module may read (names and scoping are joined everywhere); only their owners
 * write them, which the second test checks.
 */
const readableByAll = new Set(['organizations', 'users', 'regions', 'categories', 'procurementMethods', 'policyValues', 'calendarDays']);

/**
 * Modules exempt from the rule. None: the demo's setup (demo-data.ts, demo-catalogue.ts) goes through the
 * services as their users (#15) and its history is played through the API (demo/replay); neither writes a row.
 */
const exemptModules = new Set<string>([]);

/**
 * Cross-module reads still to move behind the owner's functions, as "module/file: table" with why.
 * This list must only shrink: a new entry needs the owner's function instead.
 */
const allowed: Record<string, string> = {
  'dashboards/dashboards.queries.ts: orders (sql)': 'dashboards aggregate across processes, one SQL statement per figure',
  'dashboards/dashboards.queries.ts: orderLines (sql)': 'dashboards aggregate across processes, one SQL statement per figure',
  'dashboards/dashboards.queries.ts: quotations (sql)': 'dashboards aggregate across processes, one SQL statement per figure',
  'dashboards/dashboards.queries.ts: tenders (sql)': 'dashboards aggregate across processes, one SQL statement per figure',
  'dashboards/dashboards.queries.ts: tenderLots (sql)': 'dashboards aggregate across processes, one SQL statement per figure',
  'dashboards/dashboards.queries.ts: bids (sql)': 'dashboards aggregate across processes, one SQL statement per figure',
  'dashboards/dashboards.queries.ts: lotEvaluations (sql)': 'dashboards aggregate across processes, one SQL statement per figure',
  'dashboards/dashboards.queries.ts: auctionLots (sql)': 'dashboards aggregate across processes, one SQL statement per figure',
  'dashboards/dashboards.queries.ts: assets (sql)': 'dashboards aggregate across processes, one SQL statement per figure',
  'ocds/ocds.service.ts: tenders (sql)': 'the processes feed is one UNION over every kind of process, paged and cursored in SQL',
  'ocds/ocds.service.ts: tenderContracts (sql)':
    'the processes feed is one UNION over every kind of process: a tender lists as contracted once its contracts are published',
  'ocds/ocds.service.ts: orders (sql)': 'the processes feed is one UNION over every kind of process, paged and cursored in SQL',
  'ocds/ocds.service.ts: orderLines (sql)': 'the processes feed is one UNION over every kind of process, paged and cursored in SQL',
  'ocds/ocds.service.ts: quotations (sql)': 'the processes feed is one UNION over every kind of process, paged and cursored in SQL',
  'ocds/ocds.service.ts: auctionLots (sql)': 'the processes feed is one UNION over every kind of process, paged and cursored in SQL',
  'ocds/ocds.service.ts: frameworkCalls (sql)': 'the processes feed is one UNION over every kind of process, paged and cursored in SQL',
  'ocds/ocds.service.ts: frameworkRotationOrders (sql)':
    'the processes feed is one UNION over every kind of process, paged and cursored in SQL',
  'risk/risk.queries.ts: tenders (sql)': 'a risk rule aggregates across processes in one SQL statement within its time and row budget',
  'risk/risk.queries.ts: tenderLots (sql)': 'a risk rule aggregates across processes in one SQL statement within its time and row budget',
  'risk/risk.queries.ts: bids (sql)': 'a risk rule aggregates across processes in one SQL statement within its time and row budget',
  'risk/risk.queries.ts: quotations (sql)': 'a risk rule aggregates across processes in one SQL statement within its time and row budget',
  'risk/risk.queries.ts: quotationQuotes (sql)':
    'a risk rule aggregates across processes in one SQL statement within its time and row budget',
  'risk/risk.market.ts: orders (sql)': 'a risk rule aggregates across processes in one SQL statement within its time and row budget',
  'risk/risk.market.ts: orderLines (sql)': 'a risk rule aggregates across processes in one SQL statement within its time and row budget',
  'risk/risk.market.ts: listings (sql)': 'a risk rule aggregates across processes in one SQL statement within its time and row budget',
  'risk/risk.market.ts: products (sql)': 'a risk rule aggregates across processes in one SQL statement within its time and row budget',
  'risk/risk.market.ts: frameworkAgreements (sql)':
    'a risk rule aggregates across processes in one SQL statement within its time and row budget',
  'risk/risk.competition.ts: tenders (sql)': 'a risk rule aggregates across processes in one SQL statement within its time and row budget',
  'risk/risk.competition.ts: tenderLots (sql)':
    'a risk rule aggregates across processes in one SQL statement within its time and row budget',
  'risk/risk.competition.ts: bids (sql)': 'a risk rule aggregates across processes in one SQL statement within its time and row budget',
  'risk/risk.competition.ts: lotEvaluations (sql)':
    'a risk rule aggregates across processes in one SQL statement within its time and row budget',
  'risk/risk.competition.ts: quotations (sql)':
    'a risk rule aggregates across processes in one SQL statement within its time and row budget',
  'risk/risk.competition.ts: quotationQuotes (sql)':
    'a risk rule aggregates across processes in one SQL statement within its time and row budget',
  'risk/risk.competition.ts: orders (sql)': 'a risk rule aggregates across processes in one SQL statement within its time and row budget',
  'risk/risk.competition.ts: experts (sql)': 'a risk rule aggregates across processes in one SQL statement within its time and row budget',
};

const modulesDir = join(import.meta.dirname, '../../server/modules');
const tables = Object.entries(schema as Record<string, unknown>).flatMap(([name, value]) =>
  is(value, PgTable) ? [[name, value] as const] : [],
);
const tableNames = tables.map(([name]) => name);
/** SQL name (as written in raw SQL, `jicai.<name>`) → export name. */
const bySqlName = new Map(tables.map(([name, table]) => [getTableName(table), name]));

function moduleFiles() {
  return readdirSync(modulesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !exemptModules.has(d.name))
    .flatMap((d) =>
      readdirSync(join(modulesDir, d.name), { recursive: true, encoding: 'utf8' })
        .filter((f) => /\.tsx?$/.test(f))
        .map((f) => ({ module: d.name, file: `${d.name}/${f}`, source: readFileSync(join(modulesDir, d.name, f), 'utf8') })),
    );
}

/** The value names a file imports from server/db/schema (type-only imports are free). */
function schemaImports(source: string): string[] {
  const names: string[] = [];
  for (const m of source.matchAll(/import\s+(type\s+)?(\*\s+as\s+\w+|\{([^}]*)\})\s+from\s+'(?:\.\.\/)+db\/schema\/[^']+'/g)) {
    if (m[1]) continue;
    if (!m[3]) {
      names.push('*');
      continue;
    }
    for (const part of m[3].split(',')) {
      const name = part.trim();
      if (name && !name.startsWith('type ')) names.push(name.split(/\s+as\s+/)[0]!);
    }
  }
  return names;
}

const owns = (module: string, table: string) => owners[table]?.includes(module) ?? false;

describe('modules own their tables', () => {
  it('names an owner for every table in server/db/schema', () => {
    expect(tableNames.length).toBeGreaterThan(50);
    expect(tableNames.filter((t) => !(t in owners))).toEqual([]);
    expect(Object.keys(owners).filter((t) => !tableNames.includes(t))).toEqual([]);
  });

  it("a module imports only its own tables, reference tables, enums and types — another module's rows come through its functions", () => {
    const files = moduleFiles();
    expect(files.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const { module, file, source } of files) {
      for (const name of schemaImports(source)) {
        if (name === '*') found.push(`${file}: * (a namespace import of the schema cannot be checked)`);
        else if (tableNames.includes(name) && !owns(module, name) && !readableByAll.has(name)) found.push(`${file}: ${name}`);
      }
      // Raw SQL names tables too (`jicai.orders`): the same rule holds there.
      for (const sqlName of new Set([...source.matchAll(/\bjicai\.([a-z_]+)/g)].map((m) => m[1]!))) {
        const name = bySqlName.get(sqlName);
        if (name && !owns(module, name) && !readableByAll.has(name)) found.push(`${file}: ${name} (sql)`);
      }
    }
    expect(found.filter((f) => !(f in allowed))).toEqual([]);
    // An exception whose import is gone must leave the list, so the list only shrinks.
    expect(Object.keys(allowed).filter((a) => !found.includes(a))).toEqual([]);
  });

  it('only the owner writes a table, reference tables included', () => {
    const found: string[] = [];
    for (const { module, file, source } of moduleFiles()) {
      for (const m of source.matchAll(/\.(insert|update|delete)\(\s*(\w+)\s*\)/g)) {
        const table = m[2]!;
        if (tableNames.includes(table) && !owns(module, table)) found.push(`${file}: ${m[1]}(${table})`);
      }
      for (const m of source.matchAll(/\b(update|insert\s+into|delete\s+from)\s+jicai\.([a-z_]+)/gi)) {
        const table = bySqlName.get(m[2]!);
        if (table && !owns(module, table)) found.push(`${file}: ${m[1]!.toLowerCase()} jicai.${m[2]}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('sees an import of a foreign table, and lets enums and types through', () => {
    const source = `import { and } from 'drizzle-orm';\nimport {\n  assets,\n  orders as o,\n  type OrderStatus,\n  lotStatus,\n} from '../../db/schema/index.ts';\nimport type { Tx } from '../../db/client.ts';`;
    const names = schemaImports(source);
    expect(names).toEqual(['assets', 'orders', 'lotStatus']);
    expect(names.filter((n) => tableNames.includes(n) && !owns('auctions', n))).toEqual(['assets', 'orders']);
    expect(schemaImports(`import type { Role } from '../../db/schema/identity.ts';`)).toEqual([]);
  });
});

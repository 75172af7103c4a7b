import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import { createAuditService } from './modules/audit/audit.service.ts';
import { createAuditAnchor } from './platform/audit-anchor.ts';
import type { EntityRef } from './modules/audit/audit.service.ts';
import { entityLabels, type LabelSql } from './platform/entity-labels.ts';
import type { AuditEntityType } from '../contracts/audit.schemas.ts';
import { assetLabels } from './modules/assets/assets.labels.ts';
import { auctionLotLabels } from './modules/auctions/auctions.labels.ts';
import { budgetLineLabels } from './modules/budget/budget.labels.ts';
import { agreementLabels, listingLabels, productLabels } from './modules/catalogue/catalogue.labels.ts';
import { creditAppealLabels, creditEventLabels, creditImportLabels, exclusionLabels } from './modules/credit/credit.labels.ts';
import { expertLabels } from './modules/experts/experts.labels.ts';
import { frameworkCallLabels } from './modules/frameworks/frameworks.labels.ts';
import { notificationLabels } from './modules/notifications/notifications.labels.ts';
import { orderLabels } from './modules/orders/orders.labels.ts';
import { organizationLabels, userLabels } from './modules/organizations/organizations.labels.ts';
import { intentionLabels, planLabels } from './modules/plans/plans.labels.ts';
import { quotationLabels } from './modules/quotations/quotations.labels.ts';
import { policyValueLabels } from './modules/reference/policy-values.labels.ts';
import { savedFilterLabels } from './modules/saved-filters/saved-filters.labels.ts';
import { riskAlertLabels } from './modules/risk/risk.labels.ts';
import { tenderLabels } from './modules/tenders/tenders.labels.ts';
import { unopenedQuotations } from './modules/quotations/quotations.service.ts';
import { unopenedFrameworkCalls } from './modules/frameworks/frameworks.queries.ts';
import { unopenedTenders } from './modules/tenders/tenders.access.ts';
import { createCategoriesService } from './modules/categories/categories.service.ts';
import { createCreditService, type ExclusionEffect } from './modules/credit/credit.service.ts';
import { orderSourceRef } from './modules/orders/orders.queries.ts';
import { tenderSourceRef } from './modules/tenders/tenders.queries.ts';
import { quotationSourceRef } from './modules/quotations/quotations.queries.ts';
import { lotSourceRef } from './modules/auctions/auctions.queries.ts';
import { frameworkSourceRef } from './modules/frameworks/frameworks.queries.ts';
import { createCreditViews } from './modules/credit/credit.views.ts';
import { createExpertAccounts } from './modules/experts/experts.accounts.ts';
import { createExpertAffiliations } from './modules/experts/experts.affiliations.ts';
import { createExpertsService } from './modules/experts/experts.service.ts';
import { createOrganizationsService } from './modules/organizations/organizations.service.ts';
import type { JobSystem } from './platform/queue/job-system.ts';
import type { SearchPort } from './platform/search/search-port.ts';
import { createCatalogueService } from './modules/catalogue/catalogue.service.ts';
import { createListingsBulk } from './modules/catalogue/listings.bulk.ts';
import { createListingsService } from './modules/catalogue/listings.service.ts';
import { createOrdersService } from './modules/orders/orders.service.ts';
import { postgresFileStore } from './platform/storage.ts';
import { createSealer } from './platform/seal.ts';
import { assertSandboxMode } from './platform/sandbox.ts';
import { createQuotationsService } from './modules/quotations/quotations.service.ts';
import { createFrameworksService } from './modules/frameworks/frameworks.service.ts';
import { createAssetsService, surplusProvider } from './modules/assets/assets.service.ts';
import { createAuctionsService } from './modules/auctions/auctions.service.ts';
import { createLotWatch } from './modules/auctions/auctions.live.ts';
import { createProcessWatch } from './platform/live.ts';
import { createTendersService } from './modules/tenders/tenders.service.ts';
import { createTenderFiles } from './modules/tenders/tenders.files.ts';
import { createExpertDraw } from './modules/tenders/tenders.experts.ts';
import { createTenderEvaluation } from './modules/tenders/tenders.evaluation.ts';
import { createClockExpiry } from './modules/tenders/tenders.clocks.ts';
import { createTenderComplaints } from './modules/tenders/tenders.complaints.ts';
import { createTenderProcedures } from './modules/tenders/tenders.procedures.ts';
import { createWorkbenchService } from './modules/workbench/workbench.service.ts';
import { createDashboardsService } from './modules/dashboards/dashboards.service.ts';
import { createPolicyValuesService } from './modules/reference/policy-values.service.ts';
import { createRiskService } from './modules/risk/risk.service.ts';
import { createPlansService } from './modules/plans/plans.service.ts';
import { createNotificationsService } from './modules/notifications/notifications.service.ts';
import { createSavedFiltersService } from './modules/saved-filters/saved-filters.service.ts';

/**
 * The services, wired once, shared by the HTTP app and the workers. Services are plain functions over
 * their dependencies; nothing here holds state of its own.
 */
export function createServices(deps: { config: Config; db: Db; jobs: JobSystem; search: SearchPort }) {
  const { config, db, jobs, search } = deps;
  // The procedure periods and OCDS ids follow the process's mode (platform/sandbox.ts), held by startRuntime.
  assertSandboxMode(config.SANDBOX_ACCELERATOR ?? null);
  const files = postgresFileStore(db, { legacyDir: config.DATA_DIR });
  // Modules that own what an exclusion suspends (listings, open bids) add their effect here.
  const exclusionEffects: ExclusionEffect[] = [];
  // Modules that number processes answer for a credit event's source reference (credit.source-ref.ts).
  const sourceRefs = [orderSourceRef, tenderSourceRef, quotationSourceRef, lotSourceRef, frameworkSourceRef];
  const credit = createCreditService({ db, jobs, files, exclusionEffects, sourceRefs });
  const listings = createListingsService({ db, search, credit });
  // 信用: an exclusion that starts takes the supplier's listings off the shelf.
  exclusionEffects.push(async (tx, afterCommit, exclusion, supplierId) => {
    if (supplierId && exclusion.regionCode === '') {
      await listings.suspendAllOf(
        tx,
        afterCommit,
        supplierId,
        `列入「${exclusion.legalBasis}」名单，自 ${exclusion.startsOn} 起暂停`,
        null,
      );
    }
  });
  const assets = createAssetsService({ db, files });
  // Surplus first: the checkout shows matching warehouse items before a purchase.
  const notifications = createNotificationsService({ db, emailEnabled: Boolean(config.SMTP_URL) });
  const orders = createOrdersService({ db, jobs, credit, listings, surplus: surplusProvider, notify: notifications.notify });
  const lotWatch = createLotWatch(db);
  const processWatch = createProcessWatch(db);
  const sealer = createSealer({ sealKey: config.SEAL_KEY, retiredKeys: config.SEAL_KEYS_RETIRED, dataDir: config.DATA_DIR });
  return {
    search,
    sealer,
    listings,
    listingsBulk: createListingsBulk({ db, listings, credit }),
    catalogue: createCatalogueService({ db, files, listings }),
    orders,
    quotations: createQuotationsService({ db, jobs, credit, orders, sealer, notify: notifications.notify }),
    frameworks: createFrameworksService({ db, jobs, credit, sealer }),
    assets,
    lotWatch,
    processWatch,
    auctions: createAuctionsService({ db, jobs, credit, watch: lotWatch }),
    tenders: createTendersService({ db, jobs, credit, sealer, files, notify: notifications.notify }),
    tenderFiles: createTenderFiles({ db, jobs, credit, sealer, files, notify: notifications.notify }),
    expertDraw: createExpertDraw({ db, jobs, notify: notifications.notify }),
    tenderEvaluation: createTenderEvaluation({ db, jobs, credit, notify: notifications.notify, files }),
    tenderClocks: createClockExpiry({ db, jobs, notify: notifications.notify }),
    tenderComplaints: createTenderComplaints({ db, jobs, notify: notifications.notify }),
    tenderProcedures: createTenderProcedures({ db, jobs, credit, sealer, notify: notifications.notify }),
    notifications,
    plans: createPlansService({ db, notify: notifications.notify }),
    files,
    organizations: createOrganizationsService({ db }),
    audit: createAuditService({
      db,
      anchor: createAuditAnchor({
        signingKey: config.AUDIT_SIGNING_KEY,
        retiredPublicKeys: config.AUDIT_SIGNING_KEYS_RETIRED,
        dataDir: config.DATA_DIR,
      }),
      sealed: sealedProcesses(db),
      labels: auditLabels(db),
    }),
    categories: createCategoriesService({ db }),
    credit,
    creditViews: createCreditViews({ db }),
    experts: createExpertsService({ db }),
    expertAccounts: createExpertAccounts({ db }),
    expertAffiliations: createExpertAffiliations({ db }),
    dashboards: createDashboardsService({ db }),
    workbench: createWorkbenchService({ db, credit }),
    savedFilters: createSavedFiltersService({ db }),
    policyValues: createPolicyValuesService({ db }),
    risk: createRiskService({
      db,
      jobs,
      budget: { timeoutMs: config.RISK_RULE_TIMEOUT_SECONDS * 1000, maxAlerts: config.RISK_RULE_MAX_ALERTS },
    }),
  };
}

export type Services = ReturnType<typeof createServices>;

/**
 * What the audit log names each kind of thing by, each part written by the module that owns the thing's
 * table; a page's labels are read in one statement over the parts it needs.
 */
function auditLabels(db: Db) {
  return entityLabels(db, {
    user: userLabels,
    organization: organizationLabels,
    budget_line: budgetLineLabels,
    notification: notificationLabels,
    policy_value: policyValueLabels,
    order: orderLabels,
    product: productLabels,
    listing: listingLabels,
    framework_agreement: agreementLabels,
    quotation: quotationLabels,
    tender: tenderLabels,
    auction_lot: auctionLotLabels,
    asset: assetLabels,
    credit_event: creditEventLabels,
    credit_appeal: creditAppealLabels,
    exclusion: exclusionLabels,
    credit_import: creditImportLabels,
    expert: expertLabels,
    framework_call: frameworkCallLabels,
    intention: intentionLabels,
    plan: planLabels,
    risk_alert: riskAlertLabels,
    saved_filter: savedFilterLabels,
  } satisfies Record<AuditEntityType, LabelSql>);
}

/** Which processes' submissions are still sealed, each asked of the module that owns the process. */
function sealedProcesses(db: Db) {
  return async (refs: EntityRef[]) => {
    const ids = (type: string) => [...new Set(refs.filter((r) => r.entityType === type).map((r) => r.entityId))];
    const [tenders, quotations, calls] = await Promise.all([
      unopenedTenders(db, ids('tender')),
      unopenedQuotations(db, ids('quotation')),
      unopenedFrameworkCalls(db, ids('framework_call')),
    ]);
    return new Set([
      ...[...tenders].map((id) => `tender:${id}`),
      ...[...quotations].map((id) => `quotation:${id}`),
      ...[...calls].map((id) => `framework_call:${id}`),
    ]);
  };
}

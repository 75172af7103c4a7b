import { Spin } from 'antd';
import { createBrowserRouter, Outlet, type RouteObject } from 'react-router';
import LoginPage from '../features/auth/LoginPage.tsx';
import HomePage from '../features/public/HomePage.tsx';
import { setUnauthorizedHandler } from './api.ts';
import { RouteErrorPage } from './components/ErrorBoundary.tsx';
import { NotFoundPage } from './components/states.tsx';
import { SandboxBanner } from './components/SandboxBanner.tsx';
import { RequireRole, RequireSession } from './layouts/guards.tsx';
import { PublicLayout } from './layouts/PublicLayout.tsx';
import { WorkbenchLayout } from './layouts/WorkbenchLayout.tsx';
import { queryClient } from './queryClient.ts';
import { sessionKey } from './session.ts';
import type { Role } from './types.ts';

function PageSpinner() {
  return (
    <div style={{ display: 'grid', placeItems: 'center', minHeight: '60vh' }}>
      <Spin size="large" />
    </div>
  );
}

/** A workbench page only the given roles may open; its code loads when first visited. */
function rolePage(path: string, allowed: readonly Role[], load: () => Promise<React.ComponentType>): RouteObject {
  return {
    element: <RequireRole roles={allowed} />,
    children: [{ path, lazy: async () => ({ Component: await load() }) }],
  };
}

const routes: RouteObject[] = [
  {
    // Every page, public or workbench, under the 演练环境 strip when the instance is a sandbox.
    element: (
      <>
        <SandboxBanner />
        <Outlet />
      </>
    ),
    errorElement: <RouteErrorPage />,
    HydrateFallback: PageSpinner,
    children: [
      {
        element: <PublicLayout />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'login', element: <LoginPage /> },
          { path: 'credit', lazy: async () => ({ Component: (await import('../features/credit/PublicCreditPage.tsx')).default }) },
          { path: 'search', lazy: async () => ({ Component: (await import('../features/catalogue/SearchPage.tsx')).default }) },
          { path: 'products/:id', lazy: async () => ({ Component: (await import('../features/catalogue/ProductPage.tsx')).default }) },
          {
            path: 'quotations',
            lazy: async () => ({ Component: (await import('../features/quotations/QuotationsPages.tsx')).PublicQuotationsPage }),
          },
          {
            path: 'quotations/:id',
            lazy: async () => ({ Component: (await import('../features/quotations/QuotationPage.tsx')).PublicQuotationPage }),
          },
          { path: 'tenders', lazy: async () => ({ Component: (await import('../features/tenders/TendersPages.tsx')).PublicTendersPage }) },
          {
            path: 'frameworks',
            lazy: async () => ({ Component: (await import('../features/frameworks/FrameworksPages.tsx')).PublicFrameworksPage }),
          },
          {
            path: 'frameworks/:id',
            lazy: async () => ({ Component: (await import('../features/frameworks/FrameworkPage.tsx')).PublicFrameworkPage }),
          },
          {
            path: 'intentions',
            lazy: async () => ({ Component: (await import('../features/plans/IntentionsPages.tsx')).PublicIntentionsPage }),
          },
          { path: 'tenders/:id', lazy: async () => ({ Component: (await import('../features/tenders/TenderPage.tsx')).PublicTenderPage }) },
          {
            path: 'tenders/:id/report',
            lazy: async () => ({ Component: (await import('../features/evaluation/ReportPage.tsx')).default }),
          },
          { path: 'auctions', lazy: async () => ({ Component: (await import('../features/auctions/AuctionHallPage.tsx')).default }) },
          { path: 'auctions/:id', lazy: async () => ({ Component: (await import('../features/auctions/LotPage.tsx')).default }) },
          { path: 'open-data', lazy: async () => ({ Component: (await import('../features/openData/OpenDataPage.tsx')).default }) },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
      {
        element: (
          <RequireSession>
            <WorkbenchLayout />
          </RequireSession>
        ),
        children: [
          rolePage('purchaser', ['purchaser'], async () => (await import('../features/workbench/PurchasingHome.tsx')).PurchaserHome),
          rolePage('approver', ['approver'], async () => (await import('../features/workbench/PurchasingHome.tsx')).ApproverHome),
          rolePage('supplier', ['supplier'], async () => (await import('../features/workbench/RoleHome.tsx')).SupplierHome),
          rolePage('center', ['center_staff'], async () => (await import('../features/workbench/RoleHome.tsx')).CenterHome),
          rolePage('regulator', ['regulator'], async () => (await import('../features/workbench/RoleHome.tsx')).RegulatorHome),
          rolePage('expert', ['expert'], async () => (await import('../features/workbench/RoleHome.tsx')).ExpertHome),
          {
            path: 'notifications',
            lazy: async () => ({ Component: (await import('../features/notifications/NotificationsPage.tsx')).default }),
          },
          {
            path: 'notifications/settings',
            lazy: async () => ({ Component: (await import('../features/notifications/NotificationSettingsPage.tsx')).default }),
          },
          rolePage('supplier/credit', ['supplier'], async () => (await import('../features/credit/SupplierCreditPage.tsx')).default),
          rolePage(
            'supplier/listings',
            ['supplier'],
            async () => (await import('../features/catalogue/ListingsPages.tsx')).SupplierListingsPage,
          ),
          rolePage('supplier/listings/import', ['supplier'], async () => (await import('../features/catalogue/ImportPage.tsx')).default),
          rolePage(
            'supplier/agreements',
            ['supplier'],
            async () => (await import('../features/catalogue/AgreementsPage.tsx')).SupplierAgreementsPage,
          ),
          rolePage(
            'center/listings/review',
            ['center_staff'],
            async () => (await import('../features/catalogue/ListingsPages.tsx')).ReviewQueuePage,
          ),
          rolePage(
            'center/listings',
            ['center_staff'],
            async () => (await import('../features/catalogue/ListingsPages.tsx')).CenterListingsPage,
          ),
          rolePage(
            'center/agreements',
            ['center_staff'],
            async () => (await import('../features/catalogue/AgreementsPage.tsx')).CenterAgreementsPage,
          ),
          rolePage('center/products', ['center_staff'], async () => (await import('../features/catalogue/ProductsPage.tsx')).default),
          rolePage(
            'regulator/credit/events',
            ['regulator'],
            async () => (await import('../features/credit/EventsPage.tsx')).RegulatorEventsPage,
          ),
          rolePage('regulator/credit/appeals', ['regulator'], async () => (await import('../features/credit/AppealsPage.tsx')).default),
          rolePage(
            'regulator/credit/exclusions',
            ['regulator'],
            async () => (await import('../features/credit/ExclusionsPage.tsx')).default,
          ),
          rolePage('regulator/credit/imports', ['regulator'], async () => (await import('../features/credit/ImportsPage.tsx')).default),
          rolePage(
            'regulator/credit/suppliers/:id',
            ['regulator'],
            async () => (await import('../features/credit/SupplierRecordPage.tsx')).default,
          ),
          rolePage(
            'regulator/experts',
            ['regulator'],
            async () => (await import('../features/experts/ExpertPoolPage.tsx')).RegulatorExpertPoolPage,
          ),
          rolePage(
            'center/experts',
            ['center_staff'],
            async () => (await import('../features/experts/ExpertPoolPage.tsx')).CenterExpertPoolPage,
          ),
          rolePage(
            'center/credit/events',
            ['center_staff'],
            async () => (await import('../features/credit/EventsPage.tsx')).CenterEventsPage,
          ),
          rolePage(
            'center/credit/suppliers/:id',
            ['center_staff'],
            async () => (await import('../features/credit/SupplierRecordPage.tsx')).default,
          ),
          rolePage('purchaser/cart', ['purchaser'], async () => (await import('../features/orders/CartPage.tsx')).default),
          rolePage('purchaser/checkout', ['purchaser'], async () => (await import('../features/orders/CheckoutPage.tsx')).default),
          rolePage('purchaser/orders', ['purchaser'], async () => (await import('../features/orders/OrdersPage.tsx')).PurchaserOrdersPage),
          rolePage(
            'purchaser/orders/:id',
            ['purchaser'],
            async () => (await import('../features/orders/OrderPage.tsx')).PurchaserOrderPage,
          ),
          rolePage('approver/orders', ['approver'], async () => (await import('../features/orders/OrdersPage.tsx')).ApproverOrdersPage),
          rolePage('approver/orders/:id', ['approver'], async () => (await import('../features/orders/OrderPage.tsx')).ApproverOrderPage),
          rolePage('supplier/orders', ['supplier'], async () => (await import('../features/orders/OrdersPage.tsx')).SupplierOrdersPage),
          rolePage('supplier/orders/:id', ['supplier'], async () => (await import('../features/orders/OrderPage.tsx')).SupplierOrderPage),
          rolePage('regulator/orders', ['regulator'], async () => (await import('../features/orders/OrdersPage.tsx')).RegulatorOrdersPage),
          rolePage(
            'regulator/orders/:id',
            ['regulator'],
            async () => (await import('../features/orders/OrderPage.tsx')).RegulatorOrderPage,
          ),
          rolePage('purchaser/budget', ['purchaser'], async () => (await import('../features/budget/BudgetPages.tsx')).PurchaserBudgetPage),
          rolePage(
            'purchaser/budget/:lineId',
            ['purchaser'],
            async () => (await import('../features/budget/BudgetPages.tsx')).PurchaserBudgetLinePage,
          ),
          rolePage('approver/budget', ['approver'], async () => (await import('../features/budget/BudgetPages.tsx')).ApproverBudgetPage),
          rolePage(
            'approver/budget/:lineId',
            ['approver'],
            async () => (await import('../features/budget/BudgetPages.tsx')).ApproverBudgetLinePage,
          ),
          rolePage(
            'center/frameworks',
            ['center_staff'],
            async () => (await import('../features/frameworks/FrameworksPages.tsx')).CenterFrameworksPage,
          ),
          rolePage(
            'center/frameworks/:id',
            ['center_staff'],
            async () => (await import('../features/frameworks/FrameworkPage.tsx')).CenterFrameworkPage,
          ),
          rolePage(
            'supplier/frameworks',
            ['supplier'],
            async () => (await import('../features/frameworks/FrameworksPages.tsx')).SupplierFrameworksPage,
          ),
          rolePage(
            'supplier/frameworks/:id',
            ['supplier'],
            async () => (await import('../features/frameworks/FrameworkPage.tsx')).SupplierFrameworkPage,
          ),
          rolePage(
            'purchaser/frameworks',
            ['purchaser'],
            async () => (await import('../features/frameworks/FrameworksPages.tsx')).PurchaserFrameworksPage,
          ),
          rolePage(
            'purchaser/frameworks/:id',
            ['purchaser'],
            async () => (await import('../features/frameworks/FrameworkPage.tsx')).PurchaserFrameworkPage,
          ),
          rolePage(
            'regulator/frameworks',
            ['regulator'],
            async () => (await import('../features/frameworks/FrameworksPages.tsx')).RegulatorFrameworksPage,
          ),
          rolePage(
            'regulator/frameworks/:id',
            ['regulator'],
            async () => (await import('../features/frameworks/FrameworkPage.tsx')).RegulatorFrameworkPage,
          ),
          rolePage(
            'purchaser/quotations',
            ['purchaser'],
            async () => (await import('../features/quotations/QuotationsPages.tsx')).PurchaserQuotationsPage,
          ),
          rolePage(
            'purchaser/quotations/new',
            ['purchaser'],
            async () => (await import('../features/quotations/QuotationForm.tsx')).default,
          ),
          rolePage(
            'purchaser/quotations/:id',
            ['purchaser'],
            async () => (await import('../features/quotations/QuotationPage.tsx')).PurchaserQuotationPage,
          ),
          rolePage(
            'approver/quotations',
            ['approver'],
            async () => (await import('../features/quotations/QuotationsPages.tsx')).ApproverQuotationsPage,
          ),
          rolePage(
            'approver/quotations/:id',
            ['approver'],
            async () => (await import('../features/quotations/QuotationPage.tsx')).ApproverQuotationPage,
          ),
          rolePage(
            'purchaser/intentions',
            ['purchaser'],
            async () => (await import('../features/plans/IntentionsPages.tsx')).PurchaserIntentionsPage,
          ),
          rolePage('purchaser/plans', ['purchaser', 'approver'], async () => (await import('../features/plans/PlansPage.tsx')).default),
          rolePage('regulator/plans', ['regulator'], async () => (await import('../features/plans/PlansPage.tsx')).default),
          rolePage(
            'regulator/quotations',
            ['regulator'],
            async () => (await import('../features/quotations/QuotationsPages.tsx')).RegulatorQuotationsPage,
          ),
          rolePage(
            'regulator/quotations/:id',
            ['regulator'],
            async () => (await import('../features/quotations/QuotationPage.tsx')).RegulatorQuotationPage,
          ),
          rolePage(
            'supplier/quotations',
            ['supplier'],
            async () => (await import('../features/quotations/QuotationsPages.tsx')).SupplierQuotationsPage,
          ),
          rolePage('supplier/quotations/:id', ['supplier'], async () => (await import('../features/quotations/QuotePage.tsx')).default),
          rolePage(
            'center/tenders',
            ['center_staff'],
            async () => (await import('../features/tenders/TendersPages.tsx')).CenterTendersPage,
          ),
          rolePage('center/tenders/new', ['center_staff'], async () => (await import('../features/tenders/TenderForm.tsx')).default),
          rolePage('center/tenders/:id', ['center_staff'], async () => (await import('../features/tenders/CenterTenderPage.tsx')).default),
          rolePage(
            'supplier/tenders',
            ['supplier'],
            async () => (await import('../features/tenders/TendersPages.tsx')).SupplierTendersPage,
          ),
          rolePage('supplier/tenders/:id', ['supplier'], async () => (await import('../features/tenders/SupplierTenderPage.tsx')).default),
          rolePage(
            'purchaser/tenders',
            ['purchaser'],
            async () => (await import('../features/tenders/TendersPages.tsx')).PurchaserTendersPage,
          ),
          rolePage(
            'purchaser/tenders/:id',
            ['purchaser'],
            async () => (await import('../features/tenders/TenderPage.tsx')).PurchaserTenderPage,
          ),
          rolePage(
            'approver/tenders',
            ['approver'],
            async () => (await import('../features/tenders/TendersPages.tsx')).ApproverTendersPage,
          ),
          rolePage(
            'approver/tenders/:id',
            ['approver'],
            async () => (await import('../features/tenders/TenderPage.tsx')).ApproverTenderPage,
          ),
          rolePage(
            'regulator/tenders',
            ['regulator'],
            async () => (await import('../features/tenders/TendersPages.tsx')).RegulatorTendersPage,
          ),
          rolePage(
            'regulator/tenders/:id',
            ['regulator'],
            async () => (await import('../features/tenders/TenderPage.tsx')).RegulatorTenderPage,
          ),
          rolePage(
            'center/evaluation',
            ['center_staff'],
            async () => (await import('../features/evaluation/EvaluationListPage.tsx')).CenterEvaluationListPage,
          ),
          rolePage(
            'center/tenders/:id/evaluation',
            ['center_staff'],
            async () => (await import('../features/evaluation/CenterEvaluationPage.tsx')).default,
          ),
          rolePage(
            'purchaser/awards',
            ['purchaser'],
            async () => (await import('../features/evaluation/EvaluationListPage.tsx')).PurchaserAwardListPage,
          ),
          rolePage(
            'purchaser/tenders/:id/award',
            ['purchaser'],
            async () => (await import('../features/evaluation/AwardPage.tsx')).default,
          ),
          rolePage(
            'supplier/challenges',
            ['supplier'],
            async () => (await import('../features/evaluation/EvaluationListPage.tsx')).SupplierChallengeListPage,
          ),
          rolePage(
            'supplier/tenders/:id/challenges',
            ['supplier'],
            async () => (await import('../features/evaluation/ChallengesPage.tsx')).default,
          ),
          rolePage('expert/assignments', ['expert'], async () => (await import('../features/evaluation/AssignmentsPage.tsx')).default),
          rolePage('expert/affiliations', ['expert'], async () => (await import('../features/experts/MyAffiliationsPage.tsx')).default),
          rolePage(
            'expert/assignments/:seatId',
            ['expert'],
            async () => (await import('../features/evaluation/ScoreSheetPage.tsx')).default,
          ),
          rolePage('purchaser/assets', ['purchaser'], async () => (await import('../features/assets/AssetsPage.tsx')).PurchaserAssetsPage),
          rolePage('approver/assets', ['approver'], async () => (await import('../features/assets/AssetsPage.tsx')).ApproverAssetsPage),
          rolePage('purchaser/warehouse', ['purchaser'], async () => (await import('../features/assets/WarehousePage.tsx')).default),
          rolePage(
            'center/reallocation',
            ['center_staff'],
            async () => (await import('../features/assets/ReallocationReviewPage.tsx')).default,
          ),
          rolePage('center/auctions', ['center_staff'], async () => (await import('../features/auctions/ManageLotsPage.tsx')).default),
          rolePage('supplier/auctions', ['supplier'], async () => (await import('../features/auctions/MyAuctionsPage.tsx')).default),
          rolePage(
            'dashboards',
            ['regulator', 'center_staff', 'purchaser', 'approver'],
            async () => (await import('../features/dashboards/DashboardPage.tsx')).default,
          ),
          rolePage(
            'policy-values',
            ['regulator', 'center_staff'],
            async () => (await import('../features/policy/PolicyValuesPage.tsx')).default,
          ),
          rolePage('risk/alerts', ['regulator'], async () => (await import('../features/risk/AlertsPage.tsx')).default),
          rolePage('admin', ['admin'], async () => (await import('../features/admin/OrganizationsPage.tsx')).default),
          rolePage('admin/users', ['admin'], async () => (await import('../features/admin/UsersPage.tsx')).default),
          rolePage('admin/audit', ['admin'], async () => (await import('../features/admin/AuditPage.tsx')).default),
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);

// An expired session on any call: forget it and go to the login page, coming back here afterwards.
setUnauthorizedHandler(() => {
  queryClient.setQueryData(sessionKey, null);
  const { pathname, search } = router.state.location;
  if (pathname !== '/login') void router.navigate(`/login?next=${encodeURIComponent(pathname + search)}`);
});

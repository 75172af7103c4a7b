import {
  ApartmentOutlined,
  AlertOutlined,
  AuditOutlined,
  AppstoreAddOutlined,
  BankOutlined,
  CheckSquareOutlined,
  CloudUploadOutlined,
  ContainerOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  FieldTimeOutlined,
  InboxOutlined,
  SwapOutlined,
  FileDoneOutlined,
  ImportOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  FormOutlined,
  FundViewOutlined,
  HomeOutlined,
  IdcardOutlined,
  MessageOutlined,
  NotificationOutlined,
  ProfileOutlined,
  SearchOutlined,
  WalletOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  SolutionOutlined,
  StopOutlined,
  TagsOutlined,
  TeamOutlined,
  TrophyOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { ParseKeys } from 'i18next';
import type { Role } from '../types.ts';
import { OpenAlertsBadge } from '../../features/risk/OpenAlertsBadge.tsx';
import { longestEntry } from './menu-match.ts';

export interface MenuEntry {
  path: string;
  label: ParseKeys;
  icon: ReactNode;
  /** Pages under other paths that belong to this entry (a supplier's record opened from the events list). */
  also?: string[];
  /** A count beside the label (open risk alerts). */
  badge?: ReactNode;
}

/** A titled group of entries in the side menu (信用监管, 专家库). */
export interface MenuGroup {
  group: ParseKeys;
  entries: MenuEntry[];
}

export type MenuNode = MenuEntry | MenuGroup;

export const isMenuGroup = (node: MenuNode): node is MenuGroup => 'group' in node;

// Only pages that exist are listed; each feature adds its entries here as it lands.
export const roleMenus: Record<Role, MenuNode[]> = {
  purchaser: [
    { path: '/purchaser', label: 'menu.purchaser', icon: <HomeOutlined /> },
    { path: '/purchaser/tenders', label: 'tender.menu.projects', icon: <NotificationOutlined /> },
    { path: '/purchaser/awards', label: 'evaluation.menu.purchaser', icon: <TrophyOutlined />, also: ['/purchaser/tenders/:id/award'] },
    { path: '/dashboards', label: 'dashboard.menu', icon: <DashboardOutlined /> },
    {
      group: 'menu.emallGroup',
      entries: [
        { path: '/search', label: 'menu.search', icon: <SearchOutlined />, also: ['/purchaser/checkout?listing'] },
        { path: '/purchaser/cart', label: 'menu.cart', icon: <ShoppingCartOutlined />, also: ['/purchaser/checkout'] },
        { path: '/purchaser/orders', label: 'menu.myOrders', icon: <ProfileOutlined /> },
        { path: '/purchaser/quotations', label: 'quotation.menu.purchaser', icon: <FundViewOutlined /> },
        { path: '/purchaser/frameworks', label: 'framework.menu.purchaser', icon: <ContainerOutlined /> },
        { path: '/purchaser/budget', label: 'menu.budgetLines', icon: <WalletOutlined /> },
        { path: '/purchaser/intentions', label: 'plans.menu.intentions', icon: <NotificationOutlined /> },
        { path: '/purchaser/plans', label: 'plans.menu.plans', icon: <ProfileOutlined /> },
      ],
    },
    {
      group: 'assets.menu.group',
      entries: [
        { path: '/purchaser/assets', label: 'assets.menu.assets', icon: <DatabaseOutlined /> },
        { path: '/purchaser/warehouse', label: 'assets.menu.warehouse', icon: <InboxOutlined /> },
      ],
    },
  ],
  approver: [
    { path: '/approver', label: 'menu.approver', icon: <AuditOutlined /> },
    { path: '/approver/tenders', label: 'tender.menu.projects', icon: <NotificationOutlined /> },
    { path: '/dashboards', label: 'dashboard.menu', icon: <DashboardOutlined /> },
    {
      group: 'menu.emallGroup',
      entries: [
        { path: '/approver/orders', label: 'menu.approvalOrders', icon: <CheckSquareOutlined /> },
        { path: '/approver/quotations', label: 'quotation.menu.purchaser', icon: <FundViewOutlined /> },
        { path: '/approver/budget', label: 'menu.budgetLines', icon: <WalletOutlined /> },
      ],
    },
    {
      group: 'assets.menu.group',
      entries: [{ path: '/approver/assets', label: 'assets.menu.assets', icon: <DatabaseOutlined /> }],
    },
  ],
  supplier: [
    { path: '/supplier', label: 'menu.supplier', icon: <ShopOutlined /> },
    { path: '/supplier/orders', label: 'menu.supplierOrders', icon: <ProfileOutlined /> },
    { path: '/supplier/quotations', label: 'quotation.menu.supplier', icon: <FundViewOutlined /> },
    { path: '/supplier/frameworks', label: 'framework.menu.supplier', icon: <ContainerOutlined /> },
    { path: '/supplier/tenders', label: 'tender.menu.supplier', icon: <NotificationOutlined /> },
    {
      path: '/supplier/challenges',
      label: 'evaluation.menu.supplier',
      icon: <MessageOutlined />,
      also: ['/supplier/tenders/:id/challenges'],
    },
    { path: '/supplier/auctions', label: 'auction.menu.mine', icon: <FieldTimeOutlined /> },
    { path: '/supplier/credit', label: 'menu.supplierCredit', icon: <SafetyCertificateOutlined /> },
    {
      group: 'menu.listingsGroup',
      entries: [
        { path: '/supplier/listings', label: 'menu.myListings', icon: <TagsOutlined /> },
        { path: '/supplier/listings/import', label: 'menu.listingImport', icon: <ImportOutlined /> },
        { path: '/supplier/agreements', label: 'menu.myAgreements', icon: <FileDoneOutlined /> },
      ],
    },
  ],
  center_staff: [
    { path: '/center', label: 'menu.center', icon: <ApartmentOutlined /> },
    { path: '/center/tenders', label: 'tender.menu.projects', icon: <NotificationOutlined /> },
    { path: '/center/evaluation', label: 'evaluation.menu.center', icon: <TrophyOutlined />, also: ['/center/tenders/:id/evaluation'] },
    { path: '/dashboards', label: 'dashboard.menu', icon: <DashboardOutlined /> },
    {
      group: 'menu.emallGroup',
      entries: [
        { path: '/center/listings/review', label: 'menu.listingReview', icon: <CheckSquareOutlined /> },
        { path: '/center/listings', label: 'menu.allListings', icon: <UnorderedListOutlined /> },
        { path: '/center/agreements', label: 'menu.agreements', icon: <ContainerOutlined /> },
        { path: '/center/frameworks', label: 'framework.menu.center', icon: <ContainerOutlined /> },
        { path: '/center/products', label: 'menu.products', icon: <AppstoreAddOutlined /> },
      ],
    },
    {
      group: 'assets.menu.group',
      entries: [
        { path: '/center/reallocation', label: 'assets.menu.review', icon: <SwapOutlined /> },
        { path: '/center/auctions', label: 'auction.menu.manage', icon: <FieldTimeOutlined /> },
      ],
    },
    {
      group: 'menu.expertsGroup',
      entries: [{ path: '/center/experts', label: 'menu.expertPool', icon: <TeamOutlined /> }],
    },
    {
      group: 'menu.creditGroup',
      entries: [
        { path: '/center/credit/events', label: 'menu.creditEvents', icon: <FileSearchOutlined />, also: ['/center/credit/suppliers'] },
      ],
    },
  ],
  expert: [
    { path: '/expert', label: 'menu.expert', icon: <SolutionOutlined /> },
    { path: '/expert/assignments', label: 'evaluation.menu.expert', icon: <FormOutlined /> },
    { path: '/expert/affiliations', label: 'experts.affiliation.menu', icon: <SafetyCertificateOutlined /> },
  ],
  regulator: [
    { path: '/regulator', label: 'menu.regulator', icon: <SafetyCertificateOutlined /> },
    { path: '/regulator/orders', label: 'menu.orderOversight', icon: <ProfileOutlined /> },
    { path: '/regulator/quotations', label: 'quotation.menu.regulator', icon: <FundViewOutlined /> },
    { path: '/regulator/frameworks', label: 'framework.menu.regulator', icon: <ContainerOutlined /> },
    { path: '/regulator/tenders', label: 'tender.menu.regulator', icon: <NotificationOutlined /> },
    { path: '/regulator/plans', label: 'plans.menu.plans', icon: <ProfileOutlined /> },
    { path: '/dashboards', label: 'dashboard.menu', icon: <DashboardOutlined /> },
    { path: '/risk/alerts', label: 'risk.menu', icon: <AlertOutlined />, badge: <OpenAlertsBadge /> },
    { path: '/policy-values', label: 'policyValues.menu', icon: <ProfileOutlined /> },
    {
      group: 'menu.creditGroup',
      entries: [
        {
          path: '/regulator/credit/events',
          label: 'menu.creditEvents',
          icon: <FileSearchOutlined />,
          also: ['/regulator/credit/suppliers'],
        },
        { path: '/regulator/credit/appeals', label: 'menu.creditAppeals', icon: <MessageOutlined /> },
        { path: '/regulator/credit/exclusions', label: 'menu.creditExclusions', icon: <StopOutlined /> },
        { path: '/regulator/credit/imports', label: 'menu.creditImports', icon: <CloudUploadOutlined /> },
      ],
    },
    {
      group: 'menu.expertsGroup',
      entries: [{ path: '/regulator/experts', label: 'menu.expertPool', icon: <IdcardOutlined /> }],
    },
  ],
  admin: [
    { path: '/admin', label: 'menu.adminOrganizations', icon: <BankOutlined /> },
    { path: '/admin/users', label: 'menu.adminUsers', icon: <UserOutlined /> },
    { path: '/admin/audit', label: 'menu.adminAudit', icon: <FileProtectOutlined /> },
  ],
};

/** The menu of a user with these roles; an entry or group two roles share appears once. */
export function menuFor(userRoles: readonly Role[]): MenuNode[] {
  const seen = new Set<string>();
  const fresh = (entry: MenuEntry) => (seen.has(entry.path) ? false : (seen.add(entry.path), true));
  const nodes: MenuNode[] = [];
  for (const node of userRoles.flatMap((role) => roleMenus[role] ?? [])) {
    if (!isMenuGroup(node)) {
      if (fresh(node)) nodes.push(node);
      continue;
    }
    const entries = node.entries.filter(fresh);
    if (entries.length === 0) continue;
    const same = nodes.find((n): n is MenuGroup => isMenuGroup(n) && n.group === node.group);
    if (same) same.entries.push(...entries);
    else nodes.push({ group: node.group, entries });
  }
  return nodes;
}

/** Every entry, groups flattened. */
export const menuEntries = (nodes: readonly MenuNode[]): MenuEntry[] => nodes.flatMap((n) => (isMenuGroup(n) ? n.entries : [n]));

/** The entry to highlight: the longest menu path that prefixes the current one. */
export const selectedEntry = (nodes: readonly MenuNode[], pathname: string, search = ''): string | undefined =>
  longestEntry(menuEntries(nodes), pathname, search);

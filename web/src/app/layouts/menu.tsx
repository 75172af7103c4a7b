import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  FileProtectOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  SolutionOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { ParseKeys } from 'i18next';
import type { Role } from '../types.ts';

export interface MenuEntry {
  path: string;
  label: ParseKeys;
  icon: ReactNode;
}

// Only pages that exist are listed; each feature adds its entries here as it lands.
export const roleMenus: Record<Role, MenuEntry[]> = {
  purchaser: [{ path: '/purchaser', label: 'menu.purchaser', icon: <ShoppingCartOutlined /> }],
  approver: [{ path: '/approver', label: 'menu.approver', icon: <AuditOutlined /> }],
  supplier: [{ path: '/supplier', label: 'menu.supplier', icon: <ShopOutlined /> }],
  center_staff: [{ path: '/center', label: 'menu.center', icon: <ApartmentOutlined /> }],
  expert: [{ path: '/expert', label: 'menu.expert', icon: <SolutionOutlined /> }],
  regulator: [{ path: '/regulator', label: 'menu.regulator', icon: <SafetyCertificateOutlined /> }],
  admin: [
    { path: '/admin', label: 'menu.adminOrganizations', icon: <BankOutlined /> },
    { path: '/admin/users', label: 'menu.adminUsers', icon: <UserOutlined /> },
    { path: '/admin/audit', label: 'menu.adminAudit', icon: <FileProtectOutlined /> },
  ],
};

export function menuFor(userRoles: readonly Role[]): MenuEntry[] {
  const seen = new Set<string>();
  return userRoles
    .flatMap((role) => roleMenus[role] ?? [])
    .filter((entry) => (seen.has(entry.path) ? false : (seen.add(entry.path), true)));
}

/** The entry to highlight: the longest menu path that prefixes the current one. */
export function selectedEntry(entries: MenuEntry[], pathname: string): string | undefined {
  return entries
    .filter((e) => pathname === e.path || pathname.startsWith(`${e.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;
}

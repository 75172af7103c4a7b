// Shapes of the API's answers that several features share (see the API contract in contracts/).

import type { OrgKind, Role } from '@contracts/enums/identity.ts';

export { orgKinds as organizationKinds, roles } from '@contracts/enums/identity.ts';
export type { Role };
export type OrganizationKind = OrgKind;

export interface Session {
  user: {
    id: string;
    username: string;
    displayName: string;
    roles: Role[];
    locale: 'zh-CN' | 'en';
  };
  organization: { id: string; name: string; kind: OrganizationKind };
  csrfToken: string;
}

export type AdminLevel = 'central' | 'provincial' | 'municipal' | 'county';
export type SizeClass = 'large' | 'medium' | 'small' | 'micro';

export interface Organization {
  id: string;
  kind: OrganizationKind;
  name: string;
  uscc: string | null;
  regionCode: string | null;
  regionName: string | null;
  adminLevel: AdminLevel | null;
  unitType: string | null;
  sizeClass: SizeClass | null;
  industry: string | null;
  legalRepresentative: string | null;
  /** USCC of the organization that directly controls or manages this supplier. */
  controlledByUscc: string | null;
  address: string | null;
  approvalThresholdFen: number | null;
  createdAt: string;
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

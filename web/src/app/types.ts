// Shapes of the API's answers that several features share (see the API contract in contracts/).

import type { OrgKind, Role } from '@contracts/enums/identity.ts';
import type { ApiAnswer } from './api.ts';

export { orgKinds as organizationKinds, roles } from '@contracts/enums/identity.ts';
export type { Role };
export type OrganizationKind = OrgKind;

/** The caller's session (GET /api/auth/me, POST /api/auth/login), as the routes publish it. */
export type Session = ApiAnswer<'/api/auth/me', 'get'>;

/** An organization record (GET /api/organizations/{id}), as the route publishes it. */
export type Organization = ApiAnswer<'/api/organizations/{id}', 'get'>;
/** 企业规模 (大型、中型、小型、微型), which the SME price deduction follows. */
export type SizeClass = NonNullable<Organization['sizeClass']>;

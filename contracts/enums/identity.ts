/** Organization kinds and user roles as plain arrays, free of drizzle: the identity tables, the API's schemas and the storefront take them from here. */
export const orgKinds = ['purchasing_unit', 'supplier', 'procurement_center', 'regulator', 'platform'] as const;
export type OrgKind = (typeof orgKinds)[number];
export const roles = ['purchaser', 'approver', 'supplier', 'center_staff', 'expert', 'regulator', 'admin'] as const;
export type Role = (typeof roles)[number];

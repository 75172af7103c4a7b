/**
 * A notice's link for this reader. A purchasing unit's notice about an order goes to everyone in the unit and
 * names one role's page (the approver's, for an order awaiting approval): a reader without that role opens
 * the same order on the page of the unit's role it has (a clerk: 我的订单), not a page it may not open.
 */
export function noticeLinkFor(link: string, roles: readonly string[]): string {
  const m = /^\/(purchaser|approver)(\/orders\/[^/]+)$/.exec(link);
  if (!m || roles.includes(m[1]!)) return link;
  const other = m[1] === 'approver' ? 'purchaser' : 'approver';
  return roles.includes(other) ? `/${other}${m[2]}` : link;
}

import { useTranslation } from 'react-i18next';
import { auditActionKey, tidyWording } from '@contracts/audit.schemas.ts';
import { formatMoney } from '../../app/format.ts';
import { buildUrl } from '../../app/api.ts';
import type { Role } from '../../app/types.ts';
import type { AuditEntry } from './api.ts';

/**
 * An audit entry in words, in the reader's language: "张晓明（某某单位）提交订单 JC…，金额 ¥13,006.00" /
 * "张晓明 (…) placed order JC… for ¥13,006.00", from the structured fields the API gives (the action's
 * wording is admin.audit.verbs; an action without one reads generically).
 */
export function useAuditWords() {
  const { t } = useTranslation();
  const verbs = t('admin.audit.verbs', { returnObjects: true }) as Record<string, string>;
  const types = t('admin.audit.entityTypes', { returnObjects: true }) as Record<string, string>;

  /** The thing's number or name (and title), or the start of its id when it has none. */
  const entity = (e: AuditEntry): string =>
    e.sealed
      ? t('admin.audit.sealedEntity')
      : e.entityLabel
        ? e.entityTitle
          ? t('admin.audit.entityWithTitle', { label: e.entityLabel, title: e.entityTitle })
          : e.entityLabel
        : e.entityId.length > 12
          ? `${e.entityId.slice(0, 8)}…`
          : e.entityId;

  const typeName = (type: string) => types[type] ?? type;

  /** What the actor did, with `thing` standing for the thing (a marker the page swaps for a link). */
  const what = (e: AuditEntry, thing = entity(e)): string => {
    const template = Object.hasOwn(verbs, auditActionKey(e.action)) ? verbs[auditActionKey(e.action)] : undefined;
    return template
      ? template.replaceAll('{{entity}}', thing)
      : t('admin.audit.unknownAction', { action: e.action, type: typeName(e.entityType), entity: thing });
  };

  const sentence = (e: AuditEntry, thing = entity(e)): string => {
    const actor = e.sealed ? t('admin.audit.sealedActor') : (e.actorName ?? t('admin.audit.system'));
    // A supplier's people are often named with their company already ("刘博远（北京中科博远…）"): say it once.
    const org = !e.sealed && e.organizationName && !actor.includes(e.organizationName) ? e.organizationName : null;
    return tidyWording(
      t('admin.audit.sentence', {
        actor,
        org: org ? t('admin.audit.orgPart', { name: org }) : '',
        what: what(e, thing),
        amount: e.amountFen !== null ? t('admin.audit.amountPart', { amount: formatMoney(e.amountFen) }) : '',
      }),
    );
  };

  /** An action as a filter option names it: its wording with "…" for the thing. */
  const actionName = (action: string) => {
    const template = verbs[auditActionKey(action)];
    return template ? template.replaceAll('{{entity}}', '…') : action;
  };

  return { entity, typeName, sentence, actionName };
}

type Place = { roles?: readonly Role[]; to: (e: AuditEntry) => string | null };
const page = (path: string, roles?: readonly Role[]): Place => ({
  ...(roles ? { roles } : {}),
  to: (e) => path.replace(':id', e.entityId),
});

/**
 * Where the storefront shows each kind of thing (web/src/app/router.tsx), in the order a reader's roles
 * are tried: public pages first, then the pages of a role the reader holds. A thing with no page the
 * reader may open (an order, for an administrator) has no link; its history in the log always has one.
 */
const places: Partial<Record<string, readonly Place[]>> = {
  tender: [page('/tenders/:id')],
  quotation: [page('/quotations/:id')],
  auction_lot: [page('/auctions/:id')],
  framework_call: [page('/frameworks/:id')],
  product: [page('/products/:id')],
  listing: [{ to: (e) => (e.entityRefId ? `/products/${e.entityRefId}` : null) }],
  intention: [page('/intentions')],
  order: [
    page('/regulator/orders/:id', ['regulator']),
    page('/purchaser/orders/:id', ['purchaser']),
    page('/approver/orders/:id', ['approver']),
    page('/supplier/orders/:id', ['supplier']),
  ],
  user: [{ roles: ['admin'], to: (e) => buildUrl('/admin/users', { q: e.entityLabel }) }],
  organization: [{ roles: ['admin'], to: (e) => buildUrl('/admin', { q: e.entityLabel }) }],
  budget_line: [page('/purchaser/budget/:id', ['purchaser']), page('/approver/budget/:id', ['approver'])],
  policy_value: [page('/policy-values', ['regulator', 'center_staff'])],
  framework_agreement: [page('/center/agreements', ['center_staff']), page('/supplier/agreements', ['supplier'])],
  asset: [page('/purchaser/assets', ['purchaser']), page('/approver/assets', ['approver'])],
  expert: [page('/regulator/experts', ['regulator']), page('/center/experts', ['center_staff'])],
  credit_event: [page('/regulator/credit/events', ['regulator']), page('/center/credit/events', ['center_staff'])],
  credit_appeal: [page('/regulator/credit/appeals', ['regulator'])],
  exclusion: [page('/regulator/credit/exclusions', ['regulator'])],
  credit_import: [page('/regulator/credit/imports', ['regulator'])],
  plan: [page('/regulator/plans', ['regulator']), page('/purchaser/plans', ['purchaser', 'approver'])],
  risk_alert: [page('/risk/alerts', ['regulator'])],
};

/** The page of the thing an entry is about that this reader may open, or null. */
export function entityPath(e: AuditEntry, roles: readonly Role[]): string | null {
  if (e.sealed) return null;
  for (const place of places[e.entityType] ?? []) {
    if (place.roles && !place.roles.some((r) => roles.includes(r))) continue;
    const to = place.to(e);
    if (to) return to;
  }
  return null;
}

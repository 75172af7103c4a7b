import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActionKey, auditActionLabels, auditActions, auditEntityTypes } from '../../contracts/audit.schemas.ts';
import { listingTransitions } from '../../contracts/listings.transitions.ts';
import { orderTransitions } from '../../contracts/orders.transitions.ts';
import { amountOf, summaryZh } from '../../server/modules/audit/audit.words.ts';
import en from '../../web/src/app/i18n/en.ts';
import zhCN from '../../web/src/app/i18n/zh-CN.ts';

/**
 * The audit log words every action the code writes (#21): each action the server appends is listed in
 * contracts/audit.schemas.ts, and both storefront catalogues word it. Pure: reads the sources.
 */
const serverDir = join(import.meta.dirname, '../../server');
const sources = readdirSync(serverDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, source: readFileSync(join(serverDir, f), 'utf8') }))
  // Only files that append to the chain (a route table's `action: 'approve'` is no audit action).
  .filter(
    ({ file, source }) =>
      file !== join('platform', 'audit.ts') && /\b(appendAudit|appendAuditEntries|auditInsertWhen|auditInsertSelect)\b/.test(source),
  );

/** The actions written literally (`action: 'order.place'`, either branch of `a ? 'x.y' : 'x.z'`), and the templates (`order.${action}`). */
function writtenActions() {
  const literal = new Set<string>();
  const templates = new Set<string>();
  for (const { source } of sources) {
    for (const line of source.matchAll(/\baction:\s*([^\n]*)/g)) {
      for (const m of line[1]!.matchAll(/'([a-z_-]+(?:\.[a-z_-]+)+)'/g)) literal.add(m[1]!);
      for (const m of line[1]!.matchAll(/`([a-z_.-]+)\$\{/g)) templates.add(m[1]!);
    }
  }
  return { literal, templates };
}

/** What each template's variable can be, from the types the code takes it from. */
const expansions: Record<string, readonly string[]> = {
  'order.': Object.keys(orderTransitions),
  'listing.': Object.keys(listingTransitions),
  'plan.': ['submitted', 'approved', 'returned'],
  'tender.review.': ['qualification', 'compliance'],
  'tender.round.': ['withdrawn', 'eliminated'],
  'tender.experts.': ['confirm', 'decline'],
  'risk.alert.': ['comment', 'assign', 'close', 'reopen'],
  'asset.request.': ['grant', 'decline'],
  'credit.event.': ['confirm', 'revoke'],
  'credit.appeal.': ['upheld', 'revoked'],
  'auction.close.': ['sold', 'failed'],
  'auction.deposit.': ['release', 'apply', 'forfeit'],
  'expert.affiliation.': ['accept', 'reject'],
};

describe('audit actions in words', () => {
  const known = new Set<string>(auditActions);

  it('lists every action the server appends, literal or from a template', () => {
    const { literal, templates } = writtenActions();
    expect(literal.size).toBeGreaterThan(100);
    expect([...literal].filter((a) => !known.has(a))).toEqual([]);
    // A new template needs its expansions stated here (and its actions listed).
    expect([...templates].filter((t) => !(t in expansions))).toEqual([]);
    const expanded = [...templates].flatMap((t) => expansions[t]!.map((v) => `${t}${v}`));
    expect(expanded.filter((a) => !known.has(a))).toEqual([]);
    // Nothing listed that the code no longer writes.
    const written = new Set([...literal, ...expanded]);
    expect(auditActions.filter((a) => !written.has(a))).toEqual([]);
  });

  it('words each action in both catalogues, the Chinese the same as the CSV export uses', () => {
    const zh = zhCN.admin.audit.verbs as Record<string, string>;
    const english = en.admin.audit.verbs as Record<string, string>;
    const keys = auditActions.map(auditActionKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(Object.keys(zh).sort()).toEqual([...keys].sort());
    expect(Object.keys(english).sort()).toEqual([...keys].sort());
    for (const action of auditActions) {
      expect(zh[auditActionKey(action)], action).toBe(auditActionLabels[action]);
      // The thing is named in both languages or in neither.
      expect(english[auditActionKey(action)]!.includes('{{entity}}'), action).toBe(auditActionLabels[action].includes('{{entity}}'));
    }
    expect(Object.keys(zhCN.admin.audit.entityTypes).sort()).toEqual([...auditEntityTypes].sort());
  });

  it('says who did what to which thing, for how much, in Chinese for the CSV', () => {
    const entry = {
      action: 'order.place',
      actorName: '张晓明',
      organizationName: '北京市海淀区教育委员会',
      entityType: 'order',
      entityId: 'c508e2f1-0000-4000-8000-000000000000',
      entityLabel: 'JC20260502000001',
      entityTitle: null,
      amountFen: amountOf({ orderNo: 'JC20260502000001', totalFen: 1_300_600, status: 'placed' }),
      sealed: false,
    };
    expect(summaryZh(entry)).toBe('张晓明（北京市海淀区教育委员会）提交订单 JC20260502000001，金额 ¥13,006.00');
    expect(summaryZh({ ...entry, action: 'order.expire', actorName: null, organizationName: null, amountFen: null })).toBe(
      '系统因超时未确认取消订单 JC20260502000001',
    );
    expect(summaryZh({ ...entry, action: 'some.future', entityLabel: null, amountFen: null })).toBe(
      '张晓明（北京市海淀区教育委员会）执行「some.future」（order c508e2f1…）',
    );
    expect(summaryZh({ ...entry, action: 'tender.bid', sealed: true, amountFen: null })).toBe('某供应商向采购项目（开标前不公开）提交投标');
    // A supplier's person named with the company already: the company is said once.
    expect(
      summaryZh({
        ...entry,
        action: 'order.confirm',
        actorName: '刘博远（北京中科博远信息技术有限公司）',
        organizationName: '北京中科博远信息技术有限公司',
        amountFen: null,
      }),
    ).toBe('刘博远（北京中科博远信息技术有限公司）确认订单 JC20260502000001');
    expect(amountOf({ amountFen: '12' })).toBeNull();
  });
});

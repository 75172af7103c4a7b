import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tenderClockKinds } from '../../contracts/enums/tender-clocks.ts';
import { noticeKinds, noticeTextKey, noticeTextKeys, noticeVariants, type NoticeParams } from '../../contracts/notifications.kinds.ts';
import { wordNotice } from '../../contracts/notifications.words.ts';
import en from '../../web/src/app/i18n/en.ts';
import zhCN from '../../web/src/app/i18n/zh-CN.ts';

/**
 * Every notice reads in the page's language: each kind a producer writes (`kind: 'order.placed'`, either
 * branch of `a ? 'x.y' : 'x.z'`, `tender.round.${…}`, the order notices' `toSupplier('order.…'`) is listed
 * in contracts/notifications.kinds.ts, and both storefront catalogues word its title and body. Pure: reads
 * the sources.
 */
const serverDir = join(import.meta.dirname, '../../server');
const producers = readdirSync(serverDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.includes('notifications'))
  .map((f) => readFileSync(join(serverDir, f), 'utf8'))
  .filter((source) => /\b(notify|notifyUsers|notifyExperts|NotificationInput)\b/.test(source));

const topics = '(?:order|quotation|tender|risk|plan)';

function writtenKinds() {
  const literal = new Set<string>();
  const templates = new Set<string>();
  for (const source of producers) {
    for (const line of source.matchAll(/\bkind:\s*([^\n]*)/g)) {
      for (const m of line[1]!.matchAll(new RegExp(`'(${topics}(?:\\.[a-z_]+)+)'`, 'g'))) literal.add(m[1]!);
      for (const m of line[1]!.matchAll(new RegExp('`(' + topics + '[a-z_.]*\\.)\\$\\{', 'g'))) templates.add(m[1]!);
    }
    for (const m of source.matchAll(/\b(?:toSupplier|toBuyer)\(\s*'([a-z_.]+)'/g)) literal.add(m[1]!);
  }
  return { literal, templates };
}

/** What each template's variable can be, from the types the code takes it from. */
const expansions: Record<string, readonly string[]> = {
  'tender.round.': ['withdrawn', 'eliminated'],
  'tender.clock.missed.': tenderClockKinds,
};

const placeholders = (text: string) => [...new Set([...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!))].sort();

/** The facts producers pass, and the words the storefront makes of them (noticeWords.ts). */
const known = new Set([
  ...['orderNo', 'reasons', 'confirmDeadline', 'rating', 'quotationNo', 'title', 'compliant', 'quotes', 'minQuotes', 'supplier'],
  ...['alertTitle', 'by', 'fiscalYear', 'tenderNo', 'openedAt', 'note', 'lotNo', 'valid', 'minimum', 'signedOn', 'round', 'text'],
  ...['reason', 'deadline', 'amendedAt', 'version', 'awardedAt', 'challengeUntil', 'repliedAt', 'reply', 'filedAt', 'acceptDue'],
  ...['acceptedAt', 'handleDue', 'decidedAt', 'due', 'responsible'],
  // derived: money from …Fen, sentences and names from codes
  ...['total', 'amount', 'evaluation', 'reasonText', 'noteText', 'standing', 'shipment', 'stageName', 'outcomeText', 'clockName'],
  ...['basis', 'methodName'],
]);

describe('notices in both languages', () => {
  it('lists every kind a producer writes, literal or from a template, and nothing it does not write', () => {
    const { literal, templates } = writtenKinds();
    expect(literal.size).toBeGreaterThan(30);
    const listed = new Set<string>(noticeKinds);
    expect([...literal].filter((k) => !listed.has(k))).toEqual([]);
    expect([...templates].filter((t) => !(t in expansions))).toEqual([]);
    const expanded = [...templates].flatMap((t) => expansions[t]!.map((v) => `${t}${v}`));
    expect(expanded.filter((k) => !listed.has(k))).toEqual([]);
    const written = new Set([...literal, ...expanded]);
    expect(noticeKinds.filter((k) => !written.has(k))).toEqual([]);
  });

  it('lists each case a producer writes', () => {
    // (A policy finding's case cites its document on the same line: that is no notice's.)
    const lines = producers.flatMap((s) => s.split('\n')).filter((l) => !/\bdoc:/.test(l));
    const written = new Set(lines.flatMap((l) => [...l.matchAll(/\bvariant:\s*'([a-z_]+)'/g)].map((m) => m[1]!)));
    const listed = new Set<string>(Object.values(noticeVariants).flat());
    expect([...written].sort()).toEqual([...listed].sort());
  });

  it('words every kind and case in zh-CN and en, the English from the same facts', () => {
    const zh = zhCN.notices as unknown as Record<string, { title: string; body: string }>;
    const english = en.notices as unknown as Record<string, { title: string; body: string }>;
    expect(
      Object.keys(zh)
        .filter((k) => k !== 'parts')
        .sort(),
    ).toEqual([...noticeTextKeys].sort());
    for (const key of noticeTextKeys)
      for (const part of ['title', 'body'] as const) {
        expect(zh[key]?.[part], `zh-CN notices.${key}.${part}`).toBeTruthy();
        expect(english[key]?.[part], `en notices.${key}.${part}`).toBeTruthy();
        // English may leave out what is recorded only in Chinese (the lots' result, the approval reasons).
        const zhFacts = placeholders(zh[key]![part]);
        expect(
          placeholders(english[key]![part]).filter((p) => !zhFacts.includes(p)),
          `en notices.${key}.${part}`,
        ).toEqual([]);
        expect(
          zhFacts.filter((p) => !known.has(p)),
          `zh-CN notices.${key}.${part}`,
        ).toEqual([]);
      }
  });

  it('words every kind and case from its facts, in both languages, without a gap', () => {
    const at = '2026-12-01T06:05:00.000Z';
    const facts: NoticeParams = {
      ...{ orderNo: 'JC20261201000001', totalFen: 1_300_600, reasons: '超过本单位审批限额', confirmDeadline: at, rating: 5 },
      ...{
        quotationNo: 'WJ1',
        title: '台式计算机',
        compliant: 3,
        quotes: 4,
        minQuotes: 3,
        supplier: '某公司',
        amountFen: 100,
        evaluationFen: 90,
      },
      ...{ alertTitle: '疑似拆分采购', by: '张三', fiscalYear: 2026, tenderNo: 'ZB1', openedAt: at, note: '第 1 包：有效投标 3 家' },
      ...{ lotNo: 1, valid: 2, minimum: 3, stage: 'compliance', signedOn: '2026-12-01', round: 2, method: 'open', text: '变更' },
      ...{ reason: '理由', deadline: at, amendedAt: at, version: 2, awardedAt: at, challengeUntil: at, repliedAt: at, reply: '答复' },
      ...{ filedAt: at, acceptDue: at, acceptedAt: at, handleDue: at, decidedAt: at, outcome: 'dismissed', clock: 'challenge_reply' },
      ...{ due: at, responsible: '采购中心', seq: 1, carrier: '顺丰速运', waybillNo: 'SF1', units: 2, left: 0, issues: '缺少证书' },
    };
    for (const kind of noticeKinds) {
      const base = kind.startsWith('tender.clock.missed.') ? 'tender.clock.missed' : kind;
      for (const variant of ['', ...((noticeVariants as Partial<Record<string, readonly string[]>>)[base] ?? [])])
        for (const lang of ['zh-CN', 'en'] as const) {
          const worded = wordNotice({ kind, params: { ...facts, variant } }, lang);
          expect(worded, `${lang} ${kind} ${variant}`).not.toBeNull();
          expect(`${worded!.title} ${worded!.body}`, `${lang} ${kind} ${variant}`).not.toMatch(/\{\{|undefined|NaN/);
        }
    }
    expect(wordNotice({ kind: 'order.placed', params: facts }, 'en')).toEqual({
      title: 'New order to confirm: JC20261201000001',
      body: 'The purchaser placed order JC20261201000001 (¥13,006.00). Please confirm it by 2026-12-01 14:05 (Beijing time); after that the system cancels it and records it in your credit record.',
    });
    expect(wordNotice({ kind: 'order.placed', params: facts }, 'zh-CN')?.body).toBe(
      '采购人下达订单 JC20261201000001（¥13,006.00），请于 2026-12-01 14:05（北京时间）前确认，逾期系统自动取消并记入信用记录。',
    );
    // An optional clause keeps its spaces; an empty one leaves none behind.
    expect(wordNotice({ kind: 'quotation.lost', params: facts }, 'en')?.body).toContain('not awarded to you (your quote did not meet');
    expect(wordNotice({ kind: 'order.returned', params: { ...facts, reason: '' } }, 'en')?.body).toMatch(/budget released\.$/);
    // A fact its sentence needs is missing: no words (the stored Chinese is shown).
    expect(wordNotice({ kind: 'order.placed', params: { orderNo: 'JC1' } }, 'en')).toBeNull();
  });

  it('finds the key of a kind and its case, and none for a kind or case it does not know', () => {
    expect(noticeTextKey({ kind: 'order.placed', params: { orderNo: 'JC1' } })).toBe('order_placed');
    expect(noticeTextKey({ kind: 'order.expired', params: { variant: 'buyer' } })).toBe('order_expired_buyer');
    expect(noticeTextKey({ kind: 'tender.clock.missed.challenge_reply', params: { variant: 'reply' } })).toBe('tender_clock_missed_reply');
    expect(noticeTextKey({ kind: 'order.placed', params: null })).toBeNull();
    expect(noticeTextKey({ kind: 'order.placed', params: { variant: 'someday' } })).toBeNull();
    expect(noticeTextKey({ kind: 'some.future', params: {} })).toBeNull();
  });
});

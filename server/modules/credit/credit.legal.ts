import { defineRules } from '../../platform/rules-register.ts';

const eligibility = 'server/modules/credit/credit.eligibility.ts';

/** The rules on supplier credit and exclusions (see docs/rules.md). */
export const creditLegalRules = defineRules('credit', [
  {
    id: 'credit.exclusion',
    title: '列入不良行为记录名单的供应商在禁止期内不得参加政府采购活动；地区限制的只在其地区内',
    source: '政府采购法 第七十七条；政府采购法实施条例 第十九条',
    enforcedBy: { file: eligibility, fn: 'checkEligibilityOfMany' },
    effective: { from: '2003-01-01' },
  },
  {
    id: 'credit.ban-length',
    title: '禁止参加政府采购活动的期限为一至三年',
    source: '政府采购法 第七十七条',
    enforcedBy: { file: 'contracts/credit.exclusions.ts', fn: 'banLengthProblem' },
    effective: { from: '2003-01-01' },
  },
  {
    id: 'credit.major-violation',
    title: '参加政府采购活动前三年内在经营活动中有重大违法记录的不得参加',
    source: '政府采购法 第二十二条；政府采购法实施条例 第十九条',
    enforcedBy: { file: eligibility, fn: 'checkEligibilityOfMany' },
    effective: { from: '2003-01-01' },
  },
  {
    id: 'credit.appeal-window',
    title: '信用记录确认后 15 日内可以申诉，逾期不予受理',
    source: '平台信用评价办法（平台规则，可配置）',
    enforcedBy: { file: 'server/modules/credit/credit.service.ts', fn: 'fileAppeal' },
    effective: { from: '2020-01-01' },
  },
]);

import { defineRules } from '../../platform/rules-register.ts';

const rules = 'server/modules/organizations/organizations.rules.ts';

/** The rules on registering organizations (see docs/rules.md). */
export const organizationsLegalRules = defineRules('organizations', [
  {
    id: 'organizations.uscc-check',
    title: '统一社会信用代码 18 位，第 18 位校验码正确',
    source: 'GB 32100-2015 法人和其他组织统一社会信用代码编码规则',
    enforcedBy: { file: rules, fn: 'usccProblem' },
    effective: { from: '2015-10-01' },
  },
  {
    id: 'organizations.uscc-region',
    title: '统一社会信用代码第 3–8 位为已知省级行政区划代码开头的 6 位数字',
    source: 'GB 32100-2015；GB/T 2260 中华人民共和国行政区划代码',
    enforcedBy: { file: rules, fn: 'usccRegionProblem' },
    effective: { from: '2015-10-01' },
  },
]);

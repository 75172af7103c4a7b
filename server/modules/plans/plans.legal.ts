import { defineRules } from '../../platform/rules-register.ts';

/** The rules the plans module enforces: intentions before procurement starts, the year's SME reservation, the method by amount. */
export const plansLegalRules = defineRules('plans', [
  {
    id: 'plans.intention-before-tender',
    title: '招标公告发布前至少 30 日公开采购意向（紧急、涉密等须说明理由）',
    source: '财库〔2020〕10号《关于开展政府采购意向公开工作的通知》',
    enforcedBy: { file: 'server/modules/plans/plans.intentions.ts', fn: 'checkIntentionAtStart' },
    effective: { from: '2021-01-01' },
  },
  {
    id: 'plans.intention-before-quotation',
    title: '网上竞价开始前至少 30 日公开采购意向（紧急、涉密等须说明理由）',
    source: '财库〔2020〕10号《关于开展政府采购意向公开工作的通知》',
    enforcedBy: { file: 'server/modules/plans/plans.intentions.ts', fn: 'recordIntentionUse' },
    effective: { from: '2021-01-01' },
  },
  {
    id: 'plans.year-sme-reserved-share',
    title: '年度采购计划中适宜由中小企业提供的预算预留不低于 30%，其中小微企业不低于 60%（说明理由的除外）',
    source: '财库〔2020〕46号《政府采购促进中小企业发展管理办法》第八条',
    enforcedBy: { file: 'server/modules/plans/plans.annual.ts', fn: 'checkYearReservation' },
    effective: { from: '2021-01-01' },
  },
  {
    id: 'plans.line-required-method',
    title: '计划行按金额确定采购方式：直购限额内电子卖场直购，超过直购限额网上竞价，超过分散采购限额公开招标',
    source: '中央预算单位政府集中采购目录及标准；电子卖场交易规则',
    enforcedBy: { file: 'server/modules/orders/orders.method.ts', fn: 'requiredMethod' },
    effective: { from: '2020-01-01' },
  },
]);

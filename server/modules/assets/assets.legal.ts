import { defineRules } from '../../platform/rules-register.ts';

/** The rules of the public property warehouse (公物仓) (see docs/rules.md). */
export const assetsLegalRules = defineRules('assets', [
  {
    id: 'assets.reallocation-first',
    title: '闲置资产先在公物仓公示调剂，公示期满无人调剂且无待处理申请方可拍卖',
    source: '中央行政事业单位国有资产处置管理办法（财资〔2021〕127号）',
    enforcedBy: { file: 'server/modules/assets/assets.auction.ts', fn: 'lockForAuction' },
    effective: { from: '2021-01-01' },
    verify: '调剂优先的条款号与公示期 15 日',
  },
]);

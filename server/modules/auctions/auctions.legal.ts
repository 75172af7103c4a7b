import { defineRules } from '../../platform/rules-register.ts';

const rules = 'server/modules/auctions/auctions.rules.ts';

/** The rules of the public property warehouse's live auctions (see docs/rules.md). */
export const auctionsLegalRules = defineRules('auctions', [
  {
    id: 'auctions.increment',
    title: '出价不低于当前价加加价幅度（首次不低于起拍价）',
    source: '拍卖法 第三十六条；公物仓竞价规则（平台规则）',
    enforcedBy: { file: rules, fn: 'nextMinimum' },
    effective: { from: '2020-01-01' },
  },
  {
    id: 'auctions.anti-sniping',
    title: '结束前 5 分钟内出价的，结束时间顺延 5 分钟',
    source: '公物仓竞价规则（平台规则，可按标的配置）',
    enforcedBy: { file: rules, fn: 'endAfterBid' },
    effective: { from: '2020-01-01' },
  },
  {
    id: 'auctions.relist-discount',
    title: '流拍后再次挂牌的起拍价降幅不超过 20%',
    source: '中央行政事业单位国有资产处置管理办法（财资〔2021〕127号）',
    enforcedBy: { file: rules, fn: 'relistFloor' },
    effective: { from: '2021-01-01' },
    verify: '降幅上限 20%、最多挂牌 3 轮与条款号',
  },
  {
    id: 'auctions.defaulter-barred',
    title: '竞得后未付款的竞买人保证金不予退还，且不得再参加同一资产的竞价',
    source: '拍卖法 第三十九条；公物仓竞价规则',
    enforcedBy: { file: 'server/modules/auctions/auctions.bidding.ts', fn: 'register' },
    effective: { from: '2020-01-01' },
  },
]);

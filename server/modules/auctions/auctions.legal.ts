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
  {
    id: 'auctions.deposit-before-bid',
    title: '竞买人的保证金到账（经登记）后方可出价；仅凭竞买人自报的缴款凭证号不计为已缴',
    source: '拍卖法 第三十四条；公物仓竞价规则：竞买保证金',
    enforcedBy: { file: 'server/modules/auctions/auctions.bidding.ts', fn: 'assertDepositPaid' },
    effective: { from: '2020-01-01' },
    verify: '保证金缴纳的条款出处（拍卖规则或地方公物仓办法）',
  },
  {
    id: 'auctions.deposit-receipt',
    title: '保证金到账由中心工作人员按银行回单登记，到账金额须等于该标的保证金，到账时间不晚于登记时间',
    source: '公物仓竞价规则：竞买保证金（平台规则）',
    enforcedBy: { file: 'server/modules/auctions/auctions.deposits.ts', fn: 'createAuctionDeposits' },
    effective: { from: '2020-01-01' },
  },
  {
    id: 'auctions.deposit-callback-signed',
    title: '银行到账回调须以配置的密钥作 HMAC-SHA256 签名，签名无效的回调不予受理',
    source: '公物仓竞价规则：竞买保证金（平台规则）',
    enforcedBy: { file: 'server/modules/auctions/auctions.deposits.ts', fn: 'verifyDepositCallback' },
    effective: { from: '2020-01-01' },
  },
  {
    id: 'auctions.deposit-settlement',
    title: '竞价结束后未竞得人的保证金退还；竞得人付款时保证金抵作价款；竞得人逾期未付款的保证金不予退还',
    source: '拍卖法 第三十九条；公物仓竞价规则：竞买保证金',
    enforcedBy: { file: 'server/modules/auctions/auctions.deposits.ts', fn: 'moveDeposits' },
    effective: { from: '2020-01-01' },
  },
]);

import { defineRules } from '../../platform/rules-register.ts';

const rules = 'server/modules/orders/orders.rules.ts';

/** The rules e-mall ordering (电子卖场直购) enforces (see docs/rules.md). */
export const ordersLegalRules = defineRules('orders', [
  {
    id: 'orders.ordering-bands',
    title: '单笔订单超过直购限额须网上竞价，超过分散采购限额须招标',
    source: '中央预算单位政府集中采购目录及标准；电子卖场交易规则',
    enforcedBy: { file: rules, fn: 'bandFinding' },
    effective: { from: '2020-01-01' },
    verify: '直购限额 ¥50,000 各地规定不同',
  },
  {
    id: 'orders.allocation-standard',
    title: '单价超过资产配置标准的须说明理由并经审批',
    source: '中央行政单位通用办公设备家具配置标准（财资〔2016〕27号）',
    enforcedBy: { file: rules, fn: 'lineFindings' },
    effective: { from: '2016-07-01' },
  },
  {
    id: 'orders.delivery-region',
    title: '供应商不向采购单位所在地区配送的商品不能下单',
    source: '电子卖场交易规则',
    enforcedBy: { file: rules, fn: 'deliversTo' },
    effective: { from: '2020-01-01' },
  },
  {
    id: 'orders.mandatory-green',
    title: '强制采购品目只能采购具有有效节能产品认证的商品',
    source: '财库〔2019〕9号；节能产品政府采购品目清单',
    enforcedBy: { file: rules, fn: 'lineFindings' },
    effective: { from: '2019-04-01' },
  },
  {
    id: 'orders.new-energy-share',
    title: '公务用车购置新能源汽车比例提示',
    source: '“十四五”公共机构节约能源资源工作规划',
    enforcedBy: { file: rules, fn: 'lineFindings' },
    effective: { from: '2021-06-01' },
  },
  {
    id: 'orders.split-purchase',
    title: '同一品目一次下单分向多家供应商合计超过直购限额的拒绝下单；监测窗口内累计超过直购限额的提示并送审批',
    source: '政府采购法实施条例 第二十八条',
    enforcedBy: { file: rules, fn: 'splitPurchaseFinding' },
    effective: { from: '2015-03-01' },
  },
  {
    id: 'orders.duty-separation',
    title: '下单人不得审批自己下的订单（不相容岗位相互分离）',
    source: '行政事业单位内部控制规范（试行）（财会〔2012〕21号）第十二条',
    enforcedBy: { file: 'server/modules/orders/orders.lifecycle.ts', fn: 'act' },
    effective: { from: '2014-01-01' },
  },
  {
    id: 'orders.confirm-deadline',
    title: '供应商须在 1 个工作日内确认订单，逾期自动取消并释放预算',
    source: '电子卖场交易规则（平台规则，可配置）',
    enforcedBy: { file: 'server/modules/orders/orders.checkout.ts', fn: 'scheduleConfirmTimeout' },
    effective: { from: '2020-01-01' },
  },
  {
    id: 'orders.min-years-replacement',
    title: '更新购置的资产须已达到最低使用年限（购置日加年限不晚于当日）；未达到的拒绝结算（或按政策转审批）',
    source: '中央行政单位通用办公设备家具配置标准（财资〔2016〕27号）：最低使用年限',
    enforcedBy: { file: 'server/modules/orders/orders.replacement.ts', fn: 'checkReplacements' },
    effective: { from: '2016-07-01' },
    verify: '各品目最低使用年限以配置标准原表为准',
  },
  {
    id: 'orders.replacement-own-asset',
    title: '所更换的资产须为本单位登记在册、同一品目、数量不少于采购数量且未被其他订单更换的资产',
    source: '中央行政单位通用办公设备家具配置标准（财资〔2016〕27号）；行政事业性国有资产管理条例 第十七条',
    enforcedBy: { file: 'server/modules/orders/orders.replacement.ts', fn: 'checkReplacements' },
    effective: { from: '2021-04-01' },
    verify: '条例条款号',
  },
  {
    id: 'orders.replacement-new-approval',
    title: '有最低使用年限品目声明为新增配置的，订单送审批核对配置标准数量',
    source: '中央行政单位通用办公设备家具配置标准（财资〔2016〕27号）：配置数量上限',
    enforcedBy: { file: 'server/modules/orders/orders.replacement.ts', fn: 'checkReplacements' },
    effective: { from: '2016-07-01' },
  },
]);

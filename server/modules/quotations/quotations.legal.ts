import { defineRules } from '../../platform/rules-register.ts';

/** The rules an online quotation (网上竞价) enforces (see docs/rules.md). */
export const quotationsLegalRules = defineRules('quotations', [
  {
    id: 'quotations.min-deadline',
    title: '网上竞价报价期不少于 3 日',
    source: '电子卖场网上竞价规则（平台规则，可配置）',
    enforcedBy: { file: 'server/modules/quotations/quotations.requests.ts', fn: 'create' },
    effective: { from: '2020-01-01' },
    verify: '报价期下限为平台取值，各地规定不同',
  },
  {
    id: 'quotations.min-quotes',
    title: '有效报价不足 3 家的竞价失败，释放预算',
    source: '电子卖场网上竞价规则（平台规则，可配置）',
    enforcedBy: { file: 'server/modules/quotations/quotations.closing.ts', fn: 'close' },
    effective: { from: '2020-01-01' },
  },
  {
    id: 'quotations.sme-deduction',
    title: '对声明且事实支持的小微企业（含监狱企业、残疾人福利性单位）报价扣除后比较，低价者成交',
    source: '财库〔2020〕46号 第九条；财库〔2014〕68号；财库〔2017〕141号',
    enforcedBy: { file: 'server/modules/quotations/quotations.rules.ts', fn: 'evaluateQuote' },
    effective: { from: '2021-01-01' },
  },
  {
    id: 'quotations.sme-declaration',
    title: '登记事实不支持的小微企业声明在报价时拒绝',
    source: '财库〔2020〕46号 第十一条、第二十条',
    enforcedBy: { file: 'server/modules/quotations/quotations.quoting.ts', fn: 'submitQuote' },
    effective: { from: '2021-01-01' },
  },
  {
    id: 'quotations.sme-statement',
    title: '中小企业声明函按登记事实生成，随报价密封，竞价结束时开启并随结果公开',
    source: '财库〔2020〕46号 第十一条、第十三条及附件；财库〔2017〕141号 附件',
    enforcedBy: { file: 'server/modules/quotations/quotations.statement.ts', fn: 'quoteStatement' },
    effective: { from: '2021-01-01' },
  },
  {
    id: 'quotations.admission',
    title: '协议供货品目只接受有框架协议的供应商，预留项目只接受中小企业；超过最高限价或逾期的报价拒绝',
    source: '财政部令第110号；财库〔2020〕46号 第八条',
    enforcedBy: { file: 'server/modules/quotations/quotations.requests.ts', fn: 'admission' },
    effective: { from: '2022-03-01' },
  },
]);

import { defineRules } from '../../platform/rules-register.ts';

/** The rules of the e-mall catalogue under framework agreements (see docs/rules.md). */
export const catalogueLegalRules = defineRules('catalogue', [
  {
    id: 'catalogue.agreement-required',
    title: '协议供货品目只能由持有覆盖该品目和品牌的有效框架协议的供应商挂牌',
    source: '政府采购框架协议采购方式管理暂行办法（财政部令第110号）',
    enforcedBy: { file: 'server/modules/catalogue/listings.queries.ts', fn: 'admittingAgreement' },
    effective: { from: '2022-03-01' },
  },
  {
    id: 'catalogue.agreement-ceiling',
    title: '挂牌价不得高于框架协议的最高限价（及参考价减最低折扣）',
    source: '财政部令第110号 第二十二条',
    enforcedBy: { file: 'server/modules/catalogue/catalogue.rules.ts', fn: 'agreementCeiling' },
    effective: { from: '2022-03-01' },
    verify: '条款号',
  },
  {
    id: 'catalogue.excluded-off-shelf',
    title: '被禁止参加政府采购活动的供应商不得挂牌，禁止生效时其在架商品下架',
    source: '政府采购法 第七十七条',
    enforcedBy: { file: 'server/modules/catalogue/listings.service.ts', fn: 'suspendAllOf' },
    effective: { from: '2003-01-01' },
  },
]);

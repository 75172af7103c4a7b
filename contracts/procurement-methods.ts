import type { EvaluationMethod } from './enums/tender.ts';
import type { StageKind } from './tender-stages.ts';

export type { EvaluationMethod };

/** A 采购方式 and its rules: the server seeds its table from these rows and checks against the table; the storefront words its forms with them. */
export interface ProcurementMethod {
  code: string;
  name: string;
  nameEn: string;
  minBidders: number;
  minNoticeDays: number;
  documentsMinWorkdays: number;
  clarificationMinDays: number;
  invitationOnly: boolean;
  evaluationMethods: EvaluationMethod[];
  basis: string;
  /** The procedure's stages in order (contracts/tender-stages.ts): what the method's tender goes through. */
  stages: readonly StageKind[];
  /** 谈判小组 / 磋商小组 / 评标委员会: at least this many, an odd number (null: the committee rules of tenders apply). */
  groupMin?: number;
  /** Where fewer suppliers than minBidders may go on to final offers (the two-supplier cases), and how few. */
  fewerSuppliers?: { min: number; cases: readonly { code: string; name: string }[]; basis: string };
  /** 单一来源公示: projects at or above this budget publish the reasons and the supplier for objectionWorkdays working days. */
  objectionWorkdays?: number;
  noticeThresholdFen?: number;
  /** Each legal value with its source; `verify` marks values to be confirmed against the text. */
  sources?: readonly { value: string; basis: string; verify?: boolean }[];
}

/**
 * 采购方式 as configuration (政府采购法第二十六条; 财政部令第87号, 第74号). *verify* values are kept by admins.
 */
export const procurementMethodRows: readonly ProcurementMethod[] = [
  {
    code: 'open',
    name: '公开招标',
    nameEn: 'Open tender',
    minBidders: 3,
    minNoticeDays: 20,
    documentsMinWorkdays: 5,
    clarificationMinDays: 15,
    invitationOnly: false,
    evaluationMethods: ['lowest_price', 'comprehensive'],
    basis: '政府采购法第二十六条；财政部令第87号',
    stages: ['notice', 'bids', 'opening', 'evaluation', 'award'],
    sources: [{ value: '投标人不少于 3 家；公告至截止不少于 20 日', basis: '政府采购法第三十五条；财政部令第87号第十条' }],
  },
  {
    code: 'invited',
    name: '邀请招标',
    nameEn: 'Invited tender',
    minBidders: 3,
    minNoticeDays: 20,
    documentsMinWorkdays: 5,
    clarificationMinDays: 15,
    invitationOnly: true,
    evaluationMethods: ['lowest_price', 'comprehensive'],
    basis: '政府采购法第二十九条；财政部令第87号',
    stages: ['notice', 'bids', 'opening', 'evaluation', 'award'],
    sources: [{ value: '邀请不少于 3 家', basis: '政府采购法第二十九条、第三十四条' }],
  },
  {
    code: 'negotiation',
    name: '竞争性谈判',
    nameEn: 'Competitive negotiation',
    minBidders: 3,
    minNoticeDays: 3,
    documentsMinWorkdays: 3,
    clarificationMinDays: 3,
    invitationOnly: false,
    evaluationMethods: ['lowest_price'],
    basis: '政府采购法第三十八条；财政部令第74号',
    stages: ['notice', 'responses', 'rounds', 'final_offers', 'evaluation', 'award'],
    groupMin: 3,
    fewerSuppliers: {
      min: 2,
      cases: [{ code: 'public_tender_failed', name: '公开招标失败后转为竞争性谈判，提交最后报价的供应商只有 2 家' }],
      basis: '财政部令第74号 第二十七条第二款；财库〔2015〕124号 *verify*',
    },
    sources: [
      { value: '邀请不少于 3 家；谈判文件发出至响应截止不少于 3 个工作日', basis: '财政部令第74号 第十条' },
      { value: '谈判小组 3 人以上单数（达到公开招标数额标准的 5 人以上）', basis: '财政部令第74号 第七条' },
      { value: '实质性变动书面通知所有参加谈判的供应商', basis: '政府采购法第三十八条第（三）项；财政部令第74号 第三十二条' },
      {
        value: '最后报价：谈判结束后所有继续参加的供应商在规定时间内提交',
        basis: '政府采购法第三十八条第（四）项；财政部令第74号 第三十三条',
      },
      { value: '两家供应商情形', basis: '财政部令第74号 第二十七条第二款', verify: true },
    ],
  },
  {
    code: 'consultation',
    name: '竞争性磋商',
    nameEn: 'Competitive consultation',
    minBidders: 3,
    minNoticeDays: 10,
    documentsMinWorkdays: 5,
    clarificationMinDays: 5,
    invitationOnly: false,
    evaluationMethods: ['comprehensive'],
    basis: '财库〔2014〕214号',
    stages: ['notice', 'responses', 'rounds', 'final_offers', 'evaluation', 'award'],
    groupMin: 3,
    fewerSuppliers: {
      min: 2,
      cases: [
        { code: 'research', name: '市场竞争不充分的科研项目' },
        { code: 'tech_transfer', name: '需要扶持的科技成果转化项目' },
      ],
      basis: '财库〔2015〕124号',
    },
    sources: [
      { value: '磋商文件发出至响应截止不少于 10 日', basis: '财库〔2014〕214号 第十条' },
      { value: '磋商小组 3 人以上单数', basis: '财库〔2014〕214号 第十四条' },
      { value: '价格分权重：货物 30%–60%，服务 10%–30%', basis: '财库〔2014〕214号 第二十四条', verify: true },
      { value: '科研、科技成果转化项目可为 2 家', basis: '财库〔2015〕124号' },
    ],
  },
  {
    code: 'rfq',
    name: '询价',
    nameEn: 'Request for quotation',
    minBidders: 3,
    minNoticeDays: 3,
    documentsMinWorkdays: 3,
    clarificationMinDays: 3,
    invitationOnly: false,
    evaluationMethods: ['lowest_price'],
    basis: '政府采购法第四十条；财政部令第74号',
    stages: ['notice', 'bids', 'opening', 'evaluation', 'award'],
    sources: [{ value: '一次报价，不得更改', basis: '政府采购法第四十条；财政部令第74号 第四十六条' }],
  },
  {
    code: 'single_source',
    name: '单一来源',
    nameEn: 'Single source',
    minBidders: 1,
    minNoticeDays: 5,
    documentsMinWorkdays: 5,
    clarificationMinDays: 0,
    invitationOnly: true,
    evaluationMethods: ['lowest_price'],
    basis: '政府采购法第三十一条、第三十九条',
    stages: ['notice_objections', 'negotiation_record', 'award'],
    objectionWorkdays: 5,
    noticeThresholdFen: 200_000_000,
    sources: [
      { value: '公示期不少于 5 个工作日', basis: '财政部令第74号 第三十八条；政府采购法实施条例第三十八条' },
      { value: '达到公开招标数额标准（货物、服务 200 万元）', basis: '国办发〔2019〕55号', verify: true },
      { value: '协商情况记录及成交价格', basis: '财政部令第74号 第四十二条' },
    ],
  },
];

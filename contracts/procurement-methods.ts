import type { EvaluationMethod } from './enums/tender.ts';

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
  },
];

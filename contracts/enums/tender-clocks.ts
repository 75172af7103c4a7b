/** 法定时限 of an electronic tender (drizzle-free: the storefront names them). */
export const tenderClockKinds = [
  'documents',
  'award_confirmation',
  'award_notice',
  'contract_signing',
  'contract_publication',
  'challenge_reply',
  'complaint_filing',
  'complaint_acceptance',
  'complaint_handling',
  'objection_window',
] as const;
export type TenderClockKind = (typeof tenderClockKinds)[number];
/** running: counting; met: answered in time; missed: ran out; paused: the procedure is suspended; stopped: no longer owed. */
export const tenderClockStatuses = ['running', 'met', 'missed', 'paused', 'stopped'] as const;
export type TenderClockStatus = (typeof tenderClockStatuses)[number];

/** 投诉: filed → accepted (the procedure suspended) or refused; accepted → decided (upheld or dismissed). */
export const complaintStatuses = ['filed', 'accepted', 'refused', 'decided'] as const;
/** The decision: dismissed (the procedure resumes), re-evaluation ordered (the award annulled), the tender cancelled. */
export const complaintOutcomes = ['dismissed', 'reevaluate', 'cancel'] as const;
export type ComplaintOutcome = (typeof complaintOutcomes)[number];

export const tenderClockNames: Record<TenderClockKind, { zh: string; en: string; basis: string }> = {
  documents: { zh: '招标文件提供期限', en: 'Tender documents available', basis: '财政部令第87号 第十八条' },
  award_confirmation: { zh: '采购人确定中标人', en: 'Purchaser confirms the award', basis: '财政部令第87号 第六十八条' },
  award_notice: { zh: '中标结果公告', en: 'Award notice published', basis: '财政部令第87号 第六十九条' },
  contract_signing: { zh: '签订采购合同', en: 'Contract signed', basis: '政府采购法 第四十六条' },
  contract_publication: { zh: '采购合同公告', en: 'Contract published', basis: '政府采购法实施条例 第五十条' },
  challenge_reply: { zh: '质疑答复', en: 'Challenge reply', basis: '政府采购法 第五十三条' },
  complaint_filing: { zh: '投诉期限', en: 'Complaint window', basis: '政府采购法 第五十五条' },
  complaint_acceptance: { zh: '投诉受理审查', en: 'Complaint acceptance', basis: '财政部令第94号 第二十一条' },
  complaint_handling: { zh: '投诉处理决定', en: 'Complaint decision', basis: '政府采购法 第五十六条' },
  objection_window: { zh: '单一来源公示期', en: 'Single-source objection window', basis: '财政部令第74号 第三十八条' },
};

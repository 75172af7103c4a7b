import { tenderClockKinds, tenderClockNames, type TenderClockKind } from './enums/tender-clocks.ts';
import { formatMoney } from './money.ts';
import { noticeTextKey, type NoticeParams } from './notifications.kinds.ts';
import { procurementMethodRows } from './procurement-methods.ts';

/**
 * The notices' words in both languages: the storefront's catalogues take them as their `notices`
 * (web/src/app/i18n/zh-CN.ts and en.ts), and the mail job words an e-mail's English from the same text.
 * `{{name}}` is a fact of the notice's params, or one made of them (wordNotice).
 */
export const noticeWordsZh = {
  parts: {
    reason: '理由：{{reason}}',
    note: '说明：{{note}}',
    shipped: '第 {{seq}} 批：{{carrier}} 运单号 {{waybillNo}}，{{units}} 件，尚有 {{left}} 件待发。',
    shippedAll: '第 {{seq}} 批：{{carrier}} 运单号 {{waybillNo}}，{{units}} 件，已全部发出。',
    arrived: '第 {{seq}} 批（运单号 {{waybillNo}}）已送达。',
    noncompliant: '（报价不符合要求：{{issues}}）',
    stages: { qualification: '资格性审查', compliance: '符合性审查' },
    outcomes: {
      dismissed: '投诉事项不成立，驳回投诉，采购活动继续',
      reevaluate: '投诉事项成立，中标结果无效，责令重新评审',
      cancel: '投诉事项成立，采购活动终止',
    },
  },
  order_approval: { title: '订单待审批：{{orderNo}}', body: '订单 {{orderNo}}（{{total}}）需经审批后发给供应商：{{reasons}}。' },
  order_placed: {
    title: '新订单待确认：{{orderNo}}',
    body: '采购人下达订单 {{orderNo}}（{{total}}），请于 {{confirmDeadline}}（北京时间）前确认，逾期系统自动取消并记入信用记录。',
  },
  order_expired: {
    title: '订单已超时取消：{{orderNo}}',
    body: '订单 {{orderNo}} 未在确认期限内确认，系统已自动取消，并记入贵单位信用记录。',
  },
  order_expired_buyer: {
    title: '订单已超时取消：{{orderNo}}',
    body: '供应商未按时确认订单 {{orderNo}}，系统已自动取消，预算 {{total}} 已释放。',
  },
  order_approved: { title: '订单已审批通过：{{orderNo}}', body: '订单 {{orderNo}}（{{total}}）已审批通过，已发给供应商确认。' },
  order_returned: { title: '订单被退回：{{orderNo}}', body: '订单 {{orderNo}}（{{total}}）未获审批，已取消，预算已释放。{{reasonText}}' },
  order_confirmed: { title: '供应商已确认订单：{{orderNo}}', body: '供应商已确认订单 {{orderNo}}，将按约定发货。' },
  order_shipped: { title: '订单已发货：{{orderNo}}', body: '订单 {{orderNo}} 已发货，请留意收货。{{shipment}}' },
  order_shipped_more: { title: '订单又发出一批：{{orderNo}}', body: '订单 {{orderNo}} {{shipment}}' },
  order_delivered: {
    title: '订单已送达，请验收：{{orderNo}}',
    body: '订单 {{orderNo}} 已送达，请组织验收并在系统中确认验收结果。{{shipment}}',
  },
  order_delivered_partial: { title: '订单部分送达：{{orderNo}}', body: '订单 {{orderNo}} {{shipment}}其余货物仍在配送。' },
  order_accepted: { title: '订单验收合格：{{orderNo}}', body: '采购人已验收订单 {{orderNo}}，待结算 {{total}}。' },
  order_accepted_rated: {
    title: '订单验收合格：{{orderNo}}',
    body: '采购人已验收订单 {{orderNo}}，评价 {{rating}} 星，待结算 {{total}}。',
  },
  order_rejected: { title: '订单验收不合格：{{orderNo}}', body: '采购人验收订单 {{orderNo}} 不合格，订单已终止。{{reasonText}}' },
  order_settled: { title: '订单已结算：{{orderNo}}', body: '订单 {{orderNo}} 已结算 {{total}}。' },
  order_cancelled: { title: '采购人已取消订单：{{orderNo}}', body: '采购人已取消订单 {{orderNo}}，无需再发货。{{reasonText}}' },
  order_declined: {
    title: '供应商拒绝订单：{{orderNo}}',
    body: '供应商拒绝了订单 {{orderNo}}，订单已取消，预算 {{total}} 已释放。{{reasonText}}',
  },
  quotation_awarded: {
    title: '竞价成交：{{quotationNo}}',
    body: '网上竞价 {{quotationNo}}「{{title}}」已截止：有效报价 {{compliant}} 家，成交供应商 {{supplier}}，成交金额 {{amount}}（评审价 {{evaluation}}）。',
  },
  quotation_failed: {
    title: '竞价失败：{{quotationNo}}',
    body: '网上竞价 {{quotationNo}}「{{title}}」已截止：收到报价 {{quotes}} 家，有效报价 {{compliant}} 家，少于 {{minQuotes}} 家，竞价失败。',
  },
  quotation_won: {
    title: '竞价成交：{{quotationNo}}',
    body: '网上竞价 {{quotationNo}}「{{title}}」由贵单位成交，成交金额 {{amount}}，订单已生成，请按时确认。',
  },
  quotation_lost: {
    title: '竞价未成交：{{quotationNo}}',
    body: '网上竞价 {{quotationNo}}「{{title}}」已截止，贵单位未成交{{standing}}。有效报价 {{compliant}} 家，成交供应商 {{supplier}}，成交金额 {{amount}}（评审价 {{evaluation}}）。',
  },
  quotation_lost_failed: {
    title: '竞价失败：{{quotationNo}}',
    body: '网上竞价 {{quotationNo}}「{{title}}」已截止，贵单位未成交{{standing}}。收到报价 {{quotes}} 家，有效报价 {{compliant}} 家，少于 {{minQuotes}} 家，竞价失败。',
  },
  risk_assigned: { title: '风险提醒交您处理：{{alertTitle}}', body: '{{by}} 将此提醒交您处理。' },
  plan_approved: { title: '{{fiscalYear}} 年度采购计划已批复', body: '财政部门已批复本单位年度采购计划。{{noteText}}' },
  plan_returned: { title: '{{fiscalYear}} 年度采购计划已退回', body: '财政部门退回了本单位年度采购计划。{{noteText}}' },
  tender_question: { title: '投标人提问待答复：{{tenderNo}}', body: '「{{title}}」收到一个投标人问题，请在投标截止前澄清答复。' },
  tender_question_answered: { title: '你单位的问题已答复：{{tenderNo}}', body: '「{{title}}」采购中心已答复你单位的问题。' },
  tender_question_answered_amended: {
    title: '你单位的问题已答复：{{tenderNo}}',
    body: '「{{title}}」采购中心已答复你单位的问题，并修改了招标文件。',
  },
  tender_opened: { title: '已开标：{{tenderNo}}', body: '「{{title}}」已于 {{openedAt}}（北京时间）开标。{{note}}。' },
  tender_opened_rejected: {
    title: '已开标：{{tenderNo}}',
    body: '「{{title}}」已于 {{openedAt}}（北京时间）开标。{{note}}。你单位有投标未通过开标审查，原因见开标一览表。',
  },
  tender_failed: { title: '项目流标：{{tenderNo}}', body: '「{{title}}」已于 {{openedAt}}（北京时间）开标。{{note}}。' },
  tender_failed_rejected: {
    title: '项目流标：{{tenderNo}}',
    body: '「{{title}}」已于 {{openedAt}}（北京时间）开标。{{note}}。你单位有投标未通过开标审查，原因见开标一览表。',
  },
  tender_report_to_sign: {
    title: '评标报告待签署：{{tenderNo}}',
    body: '「{{title}}」的评标报告已出具，请审阅并签署（持不同意见的须书面说明理由）。',
  },
  tender_committee: { title: '评标邀请：{{tenderNo}}', body: '你已被抽取为「{{title}}」的评标专家，请及时签署回避声明或说明理由谢绝。' },
  tender_lot_failed: {
    title: '废标：{{tenderNo}} 第 {{lotNo}} 包',
    body: '「{{title}}」第 {{lotNo}} 包：{{stageName}}后有效投标 {{valid}} 家，少于 {{minimum}} 家，废标。',
  },
  tender_contract: {
    title: '合同已登记：{{tenderNo}} 第 {{lotNo}} 包',
    body: '「{{title}}」第 {{lotNo}} 包合同（{{amount}}，签订日期 {{signedOn}}）已登记，合同须在签订之日起 2 个工作日内公告。',
  },
  tender_final_offers_opened: {
    title: '最后报价已开启：{{tenderNo}}',
    body: '「{{title}}」的最后报价已于 {{openedAt}}（北京时间）开启。{{note}}。',
  },
  tender_requirement_change: {
    title: '谈判需求变更：{{tenderNo}}',
    body: '「{{title}}」第 {{round}} 轮谈判后，{{methodName}}小组书面通知变更如下：{{text}}',
  },
  tender_round_withdrawn: { title: '已退出谈判：{{tenderNo}}', body: '「{{title}}」第 {{round}} 轮后：{{reason}}' },
  tender_round_eliminated: { title: '谈判中被淘汰：{{tenderNo}}', body: '「{{title}}」第 {{round}} 轮后：{{reason}}' },
  tender_final_offer_call: {
    title: '请提交最后报价：{{tenderNo}}',
    body: '「{{title}}」谈判结束，请于 {{deadline}}（北京时间）前提交密封的最后报价。',
  },
  tender_bid_invalidated: {
    title: '投标已失效：{{tenderNo}} 第 {{lotNo}} 包',
    body: '「{{title}}」招标文件已于 {{amendedAt}}（北京时间）修改（第 {{version}} 版），你单位原投标文件失效，请按新文件在截止前重新递交。',
  },
  tender_awarded: {
    title: '中标公告：{{tenderNo}}',
    body: '「{{title}}」中标结果已于 {{awardedAt}}（北京时间）公告。对结果有异议的，可在 {{challengeUntil}}（北京时间）前提出质疑。',
  },
  tender_awarded_won: {
    title: '中标公告：{{tenderNo}}',
    body: '「{{title}}」中标结果已于 {{awardedAt}}（北京时间）公告，你单位为中标人。对结果有异议的，可在 {{challengeUntil}}（北京时间）前提出质疑。',
  },
  tender_challenge_replied: {
    title: '质疑已答复：{{tenderNo}}',
    body: '你单位对「{{title}}」提出的质疑已于 {{repliedAt}}（北京时间）答复：质疑不成立。{{reply}}',
  },
  tender_challenge_replied_upheld: {
    title: '质疑已答复：{{tenderNo}}',
    body: '你单位对「{{title}}」提出的质疑已于 {{repliedAt}}（北京时间）答复：质疑成立。{{reply}}',
  },
  tender_objection: { title: '单一来源公示收到异议：{{tenderNo}}', body: '「{{title}}」收到 {{by}} 的异议，请及时答复。' },
  tender_objection_answered: { title: '单一来源公示异议已答复：{{tenderNo}}', body: '「{{title}}」：{{reply}}（异议不成立）' },
  tender_objection_answered_upheld: {
    title: '单一来源公示异议已答复：{{tenderNo}}',
    body: '「{{title}}」：{{reply}}（异议成立，改为{{methodName}}）',
  },
  tender_complaint_filed: {
    title: '收到投诉：{{tenderNo}}',
    body: '「{{title}}」的质疑人已于 {{filedAt}}（北京时间）向财政部门提起投诉，财政部门应于 {{acceptDue}}（北京时间）前决定是否受理。',
  },
  tender_complaint_refused: { title: '投诉不予受理：{{tenderNo}}', body: '「{{title}}」的投诉不予受理：{{reason}}' },
  tender_complaint_accepted: {
    title: '投诉已受理，采购活动暂停：{{tenderNo}}',
    body: '「{{title}}」的投诉已于 {{acceptedAt}}（北京时间）受理，财政部门应于 {{handleDue}}（北京时间）前作出处理决定；处理期间暂停采购活动（政府采购法 第五十七条）。',
  },
  tender_complaint_decided: {
    title: '投诉处理决定：{{tenderNo}}',
    body: '「{{title}}」投诉处理决定（{{decidedAt}}，北京时间）：{{outcomeText}}。理由：{{reason}}',
  },
  tender_clock_missed: {
    title: '法定时限已届满：{{tenderNo}} {{clockName}}',
    body: '「{{title}}」{{clockName}}已于 {{due}}（北京时间）届满（{{basis}}），{{responsible}}未在时限内完成，已提交风险提醒。',
  },
  tender_clock_missed_reply: {
    title: '法定时限已届满：{{tenderNo}} {{clockName}}',
    body: '「{{title}}」{{clockName}}已于 {{due}}（北京时间）届满（{{basis}}），{{responsible}}未在时限内完成，已提交风险提醒。质疑人可自答复期满之日起 15 个工作日内向财政部门投诉。',
  },
  tender_clock_missed_lapsed: {
    title: '法定时限已届满：{{tenderNo}} {{clockName}}',
    body: '「{{title}}」{{clockName}}已于 {{due}}（北京时间）届满（{{basis}}），未提出投诉，投诉期已过。',
  },
};

export const noticeWordsEn: typeof noticeWordsZh = {
  parts: {
    reason: 'Reason: {{reason}}',
    note: 'Note: {{note}}',
    shipped: 'Consignment {{seq}}: {{carrier}}, waybill {{waybillNo}}, {{units}} units; {{left}} still to ship.',
    shippedAll: 'Consignment {{seq}}: {{carrier}}, waybill {{waybillNo}}, {{units}} units; everything has shipped.',
    arrived: 'Consignment {{seq}} (waybill {{waybillNo}}) has arrived.',
    noncompliant: ' (your quote did not meet the requirements)',
    stages: { qualification: 'the qualification review', compliance: 'the compliance review' },
    outcomes: {
      dismissed: 'the complaint is dismissed and the procedure continues',
      reevaluate: 'the complaint is upheld, the award is void and a re-evaluation is ordered',
      cancel: 'the complaint is upheld and the procedure is terminated',
    },
  },
  order_approval: {
    title: 'Order awaiting approval: {{orderNo}}',
    body: 'Order {{orderNo}} ({{total}}) needs approval before it goes to the supplier.',
  },
  order_placed: {
    title: 'New order to confirm: {{orderNo}}',
    body: 'The purchaser placed order {{orderNo}} ({{total}}). Please confirm it by {{confirmDeadline}} (Beijing time); after that the system cancels it and records it in your credit record.',
  },
  order_expired: {
    title: 'Order cancelled, not confirmed in time: {{orderNo}}',
    body: 'Order {{orderNo}} was not confirmed within the time limit; the system cancelled it and recorded it in your credit record.',
  },
  order_expired_buyer: {
    title: 'Order cancelled, not confirmed in time: {{orderNo}}',
    body: 'The supplier did not confirm order {{orderNo}} in time; the system cancelled it and released the budget of {{total}}.',
  },
  order_approved: {
    title: 'Order approved: {{orderNo}}',
    body: 'Order {{orderNo}} ({{total}}) was approved and sent to the supplier to confirm.',
  },
  order_returned: {
    title: 'Order returned: {{orderNo}}',
    body: 'Order {{orderNo}} ({{total}}) was not approved; it is cancelled and the budget released. {{reasonText}}',
  },
  order_confirmed: {
    title: 'Order confirmed by the supplier: {{orderNo}}',
    body: 'The supplier confirmed order {{orderNo}} and will ship as agreed.',
  },
  order_shipped: { title: 'Order shipped: {{orderNo}}', body: 'Order {{orderNo}} has shipped; watch for the delivery. {{shipment}}' },
  order_shipped_more: { title: 'Another consignment shipped: {{orderNo}}', body: 'Order {{orderNo}}: {{shipment}}' },
  order_delivered: {
    title: 'Order delivered, please inspect: {{orderNo}}',
    body: 'Order {{orderNo}} has been delivered. Please inspect it and record the acceptance result in the system. {{shipment}}',
  },
  order_delivered_partial: {
    title: 'Order partly delivered: {{orderNo}}',
    body: 'Order {{orderNo}}: {{shipment}} The rest is still on its way.',
  },
  order_accepted: {
    title: 'Order accepted: {{orderNo}}',
    body: 'The purchaser accepted order {{orderNo}}; {{total}} is due for settlement.',
  },
  order_accepted_rated: {
    title: 'Order accepted: {{orderNo}}',
    body: 'The purchaser accepted order {{orderNo}} with a rating of {{rating}} stars; {{total}} is due for settlement.',
  },
  order_rejected: {
    title: 'Order failed inspection: {{orderNo}}',
    body: 'The purchaser found order {{orderNo}} not acceptable; the order is terminated. {{reasonText}}',
  },
  order_settled: { title: 'Order settled: {{orderNo}}', body: 'Order {{orderNo}} was settled for {{total}}.' },
  order_cancelled: {
    title: 'Order cancelled by the purchaser: {{orderNo}}',
    body: 'The purchaser cancelled order {{orderNo}}; there is nothing to ship. {{reasonText}}',
  },
  order_declined: {
    title: 'Order declined by the supplier: {{orderNo}}',
    body: 'The supplier declined order {{orderNo}}; the order is cancelled and the budget of {{total}} released. {{reasonText}}',
  },
  quotation_awarded: {
    title: 'Quotation awarded: {{quotationNo}}',
    body: 'Online quotation {{quotationNo}} "{{title}}" has closed: {{compliant}} compliant quotes; awarded to {{supplier}} for {{amount}} (evaluation price {{evaluation}}).',
  },
  quotation_failed: {
    title: 'Quotation failed: {{quotationNo}}',
    body: 'Online quotation {{quotationNo}} "{{title}}" has closed: {{quotes}} quotes received, {{compliant}} compliant, fewer than {{minQuotes}}; the quotation failed.',
  },
  quotation_won: {
    title: 'Quotation won: {{quotationNo}}',
    body: 'Online quotation {{quotationNo}} "{{title}}" is awarded to you for {{amount}}. The order has been created; please confirm it in time.',
  },
  quotation_lost: {
    title: 'Quotation not won: {{quotationNo}}',
    body: 'Online quotation {{quotationNo}} "{{title}}" has closed and was not awarded to you{{standing}}. {{compliant}} compliant quotes; awarded to {{supplier}} for {{amount}} (evaluation price {{evaluation}}).',
  },
  quotation_lost_failed: {
    title: 'Quotation failed: {{quotationNo}}',
    body: 'Online quotation {{quotationNo}} "{{title}}" has closed and was not awarded to you{{standing}}. {{quotes}} quotes received, {{compliant}} compliant, fewer than {{minQuotes}}; the quotation failed.',
  },
  risk_assigned: { title: 'Risk alert assigned to you: {{alertTitle}}', body: '{{by}} assigned this alert to you.' },
  plan_approved: {
    title: 'Annual procurement plan {{fiscalYear}} approved',
    body: 'The finance department approved your annual procurement plan. {{noteText}}',
  },
  plan_returned: {
    title: 'Annual procurement plan {{fiscalYear}} returned',
    body: 'The finance department returned your annual procurement plan. {{noteText}}',
  },
  tender_question: {
    title: 'Bidder question to answer: {{tenderNo}}',
    body: '"{{title}}" received a question from a bidder; please clarify before the bid deadline.',
  },
  tender_question_answered: {
    title: 'Your question was answered: {{tenderNo}}',
    body: 'The center answered your question on "{{title}}".',
  },
  tender_question_answered_amended: {
    title: 'Your question was answered: {{tenderNo}}',
    body: 'The center answered your question on "{{title}}" and amended the tender documents.',
  },
  tender_opened: {
    title: 'Bids opened: {{tenderNo}}',
    body: 'The bids for "{{title}}" were opened on {{openedAt}} (Beijing time). Each lot\'s result is in the opening record.',
  },
  tender_opened_rejected: {
    title: 'Bids opened: {{tenderNo}}',
    body: 'The bids for "{{title}}" were opened on {{openedAt}} (Beijing time). A bid of yours did not pass the opening check; the reasons are in the opening record.',
  },
  tender_failed: {
    title: 'Tender failed: {{tenderNo}}',
    body: 'The bids for "{{title}}" were opened on {{openedAt}} (Beijing time); too few valid bids, the tender failed. Each lot\'s result is in the opening record.',
  },
  tender_failed_rejected: {
    title: 'Tender failed: {{tenderNo}}',
    body: 'The bids for "{{title}}" were opened on {{openedAt}} (Beijing time); too few valid bids, the tender failed. A bid of yours did not pass the opening check; the reasons are in the opening record.',
  },
  tender_report_to_sign: {
    title: 'Evaluation report to sign: {{tenderNo}}',
    body: 'The evaluation report of "{{title}}" is ready; please review and sign it (a dissent must be explained in writing).',
  },
  tender_committee: {
    title: 'Invitation to evaluate: {{tenderNo}}',
    body: 'You were drawn as an evaluation expert for "{{title}}"; please sign the conflict-of-interest declaration or decline with a reason.',
  },
  tender_lot_failed: {
    title: 'Lot failed: {{tenderNo}} lot {{lotNo}}',
    body: '"{{title}}" lot {{lotNo}}: after {{stageName}}, {{valid}} valid bids, fewer than {{minimum}}; the lot failed.',
  },
  tender_contract: {
    title: 'Contract registered: {{tenderNo}} lot {{lotNo}}',
    body: 'The contract of "{{title}}" lot {{lotNo}} ({{amount}}, signed on {{signedOn}}) is registered; it must be published within 2 working days of signing.',
  },
  tender_final_offers_opened: {
    title: 'Final offers opened: {{tenderNo}}',
    body: 'The final offers for "{{title}}" were opened on {{openedAt}} (Beijing time).',
  },
  tender_requirement_change: {
    title: 'Requirements changed in negotiation: {{tenderNo}}',
    body: 'After round {{round}} of "{{title}}" ({{methodName}}), the group gives written notice of these changes: {{text}}',
  },
  tender_round_withdrawn: { title: 'Withdrawn from the negotiation: {{tenderNo}}', body: '"{{title}}", after round {{round}}: {{reason}}' },
  tender_round_eliminated: {
    title: 'Eliminated from the negotiation: {{tenderNo}}',
    body: '"{{title}}", after round {{round}}: {{reason}}',
  },
  tender_final_offer_call: {
    title: 'Submit your final offer: {{tenderNo}}',
    body: 'The negotiation of "{{title}}" has ended; please submit your sealed final offer by {{deadline}} (Beijing time).',
  },
  tender_bid_invalidated: {
    title: 'Bid no longer valid: {{tenderNo}} lot {{lotNo}}',
    body: 'The tender documents of "{{title}}" were amended on {{amendedAt}} (Beijing time, version {{version}}); your bid is no longer valid. Please bid again under the new documents before the deadline.',
  },
  tender_awarded: {
    title: 'Award notice: {{tenderNo}}',
    body: 'The award of "{{title}}" was announced on {{awardedAt}} (Beijing time). Any challenge to the result must be lodged by {{challengeUntil}} (Beijing time).',
  },
  tender_awarded_won: {
    title: 'Award notice: {{tenderNo}}',
    body: 'The award of "{{title}}" was announced on {{awardedAt}} (Beijing time): you are the winning bidder. Any challenge to the result must be lodged by {{challengeUntil}} (Beijing time).',
  },
  tender_challenge_replied: {
    title: 'Challenge answered: {{tenderNo}}',
    body: 'Your challenge on "{{title}}" was answered on {{repliedAt}} (Beijing time): not upheld. {{reply}}',
  },
  tender_challenge_replied_upheld: {
    title: 'Challenge answered: {{tenderNo}}',
    body: 'Your challenge on "{{title}}" was answered on {{repliedAt}} (Beijing time): upheld. {{reply}}',
  },
  tender_objection: {
    title: 'Objection to a single-source notice: {{tenderNo}}',
    body: '"{{title}}" received an objection from {{by}}; please answer it promptly.',
  },
  tender_objection_answered: {
    title: 'Single-source objection answered: {{tenderNo}}',
    body: '"{{title}}": {{reply}} (objection not upheld)',
  },
  tender_objection_answered_upheld: {
    title: 'Single-source objection answered: {{tenderNo}}',
    body: '"{{title}}": {{reply}} (objection upheld; the method changes to {{methodName}})',
  },
  tender_complaint_filed: {
    title: 'Complaint filed: {{tenderNo}}',
    body: 'The challenger of "{{title}}" complained to the finance department on {{filedAt}} (Beijing time); the department decides whether to accept it by {{acceptDue}} (Beijing time).',
  },
  tender_complaint_refused: {
    title: 'Complaint not accepted: {{tenderNo}}',
    body: 'The complaint on "{{title}}" was not accepted: {{reason}}',
  },
  tender_complaint_accepted: {
    title: 'Complaint accepted, procedure suspended: {{tenderNo}}',
    body: 'The complaint on "{{title}}" was accepted on {{acceptedAt}} (Beijing time); the finance department decides by {{handleDue}} (Beijing time), and the procedure is suspended meanwhile (Government Procurement Law, art. 57).',
  },
  tender_complaint_decided: {
    title: 'Complaint decision: {{tenderNo}}',
    body: 'Decision on the complaint on "{{title}}" ({{decidedAt}}, Beijing time): {{outcomeText}}. Reasons: {{reason}}',
  },
  tender_clock_missed: {
    title: 'Legal time limit expired: {{tenderNo}}, {{clockName}}',
    body: '"{{title}}": {{clockName}} expired on {{due}} (Beijing time) without being met by {{responsible}}; a risk alert has been raised.',
  },
  tender_clock_missed_reply: {
    title: 'Legal time limit expired: {{tenderNo}}, {{clockName}}',
    body: '"{{title}}": {{clockName}} expired on {{due}} (Beijing time) without being met by {{responsible}}; a risk alert has been raised. The challenger may complain to the finance department within 15 working days of the reply deadline.',
  },
  tender_clock_missed_lapsed: {
    title: 'Legal time limit expired: {{tenderNo}}, {{clockName}}',
    body: '"{{title}}": {{clockName}} ended on {{due}} (Beijing time) with no complaint filed.',
  },
};

export type NoticeLanguage = 'zh-CN' | 'en';
type Words = typeof noticeWordsZh;
type TextKey = Exclude<keyof Words, 'parts'>;

/** An ISO timestamp, shown as Beijing wall-clock time (UTC+8 all year), "2026-11-30 14:00". */
const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
export const beijingClock = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** `{{name}}` filled from values; null when a name has no value (the sentence would have a gap). A clause keeps its spaces. */
function fill(text: string, values: Record<string, string | number>, trim = true): string | null {
  let gap = false;
  const out = text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) gap = true;
    return String(v ?? '');
  });
  return gap ? null : trim ? out.trim() : out;
}

/** The facts as the sentence says them: money from fen, times in Beijing time, codes by their names, optional clauses. */
function valuesOf(p: NoticeParams, lang: NoticeLanguage, w: Words, time: (iso: string) => string) {
  const v: Record<string, string | number> = {};
  for (const [k, x] of Object.entries(p)) {
    v[k] = typeof x === 'string' && isoTime.test(x) ? time(x) : x;
    // totalFen → total, "¥1,234.00"
    if (k.endsWith('Fen') && typeof x === 'number') v[k.slice(0, -3)] = formatMoney(x);
  }
  const text = (x: unknown) => (typeof x === 'string' ? x : '');
  const part = (t: string) => fill(t, { ...p }, false) ?? '';
  v.reasonText = text(p.reason) ? part(w.parts.reason) : '';
  v.noteText = text(p.note) ? part(w.parts.note) : '';
  v.standing = text(p.issues) ? part(w.parts.noncompliant) : '';
  v.shipment =
    typeof p.seq !== 'number'
      ? ''
      : !text(p.carrier)
        ? part(w.parts.arrived)
        : part(Number(p.left) > 0 ? w.parts.shipped : w.parts.shippedAll);
  if (p.stage === 'qualification' || p.stage === 'compliance') v.stageName = w.parts.stages[p.stage];
  if (p.outcome === 'dismissed' || p.outcome === 'reevaluate' || p.outcome === 'cancel') v.outcomeText = w.parts.outcomes[p.outcome];
  if ((tenderClockKinds as readonly string[]).includes(text(p.clock))) {
    const clock = tenderClockNames[p.clock as TenderClockKind];
    v.clockName = lang === 'en' ? clock.en : clock.zh;
    v.basis = clock.basis;
  }
  const method = procurementMethodRows.find((m) => m.code === p.method);
  if (method) v.methodName = lang === 'en' ? method.nameEn : method.name;
  return v;
}

/**
 * A notice's title and body in a language, worded from its kind and params; null for a kind or case this
 * code does not know, a notice stored without params, or one missing a fact its sentence needs (the
 * stored Chinese words are shown then). `time` formats an ISO time (default: Beijing time, to the minute).
 */
export function wordNotice(
  n: { kind: string; params?: NoticeParams | null | undefined },
  lang: NoticeLanguage,
  time: (iso: string) => string = beijingClock,
): { title: string; body: string } | null {
  const key = noticeTextKey(n) as TextKey | null;
  if (!key || !n.params) return null;
  const w = lang === 'en' ? noticeWordsEn : noticeWordsZh;
  const values = valuesOf(n.params, lang, w, time);
  const title = fill(w[key].title, values);
  const body = fill(w[key].body, values);
  return title !== null && body !== null ? { title, body } : null;
}
